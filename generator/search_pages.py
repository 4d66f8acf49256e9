"""The search index's pages as the sidecar (build/search-records.jsonl) gives them, and the files
made of their records: one file per page (d/), the names (n/) and the facets (f/, facets.json).

The sidecar has the facet labels on its first line and one record a line after it
(Renderer.search_records), so that an edit finds the records it changed by comparing lines, and
parses those alone (parsing every record took about a second at 1,000 plans)."""
from __future__ import annotations

import bisect
import json
from collections import defaultdict
from dataclasses import dataclass

from .search_index import DOC_TEXT, KIND_ORDER, NAMED_ORDER, encode_postings, fnv1a, normalise, value_file

SIDECAR = "search-records.jsonl"


def sidecar_line(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def sidecar_bytes(lines: list[str], labels: dict) -> bytes:
    """The sidecar: the facet labels, then one record (sidecar_line) a line."""
    return "\n".join([sidecar_line(labels), *lines]).encode("utf-8")


@dataclass
class Pages:
    """A build's pages: urls and kinds in page-id order (order_pages), and the records parsed:
    every one, or in an edit (`changed` not None) only those whose line changed."""
    lines: list[bytes]
    urls: list[str]
    kinds: list[str]
    page_of_line: list[int]          # record line (0: the first record) → page id
    records: dict[int, dict]         # page id → record
    changed: set[int] | None         # page ids whose record changed since the last index (None: any)
    old: dict[int, dict]             # page id → the last index's record, of those changed


def read_pages(lines: list[bytes], last: Pages | None) -> Pages:
    """The pages of the sidecar's `lines`; `last`: those of the last index, if any."""
    if last is not None and len(lines) == len(last.lines):
        records, old = {}, {}
        for i in (i for i in range(1, len(lines)) if lines[i] != last.lines[i]):
            page_id = last.page_of_line[i - 1]
            old[page_id], records[page_id] = json.loads(last.lines[i]), json.loads(lines[i])
            if (old[page_id]["url"], old[page_id]["kind"]) != (records[page_id]["url"], records[page_id]["kind"]):
                break                # a page replaced by another: the page ids change
        else:
            return Pages(lines, last.urls, last.kinds, last.page_of_line, records, set(records), old)
    parsed = [json.loads(line) for line in lines[1:]]
    order = sorted(range(len(parsed)), key=lambda i: (KIND_ORDER.index(parsed[i]["kind"]), parsed[i]["url"]))
    page_of_line = [0] * len(order)
    for page_id, i in enumerate(order):
        page_of_line[i] = page_id
    return Pages(lines, [parsed[i]["url"] for i in order], [parsed[i]["kind"] for i in order], page_of_line,
                 {page_id: parsed[i] for page_id, i in enumerate(order)}, None, {})


def without_records(pages: Pages) -> Pages:
    """What the next index needs of these pages (kept with its state)."""
    return Pages(pages.lines, pages.urls, pages.kinds, pages.page_of_line, {}, None, {})


def compact(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def doc_file(record: dict, text: str) -> bytes:
    """d/<page>.json: what the browser shows of a page and checks a query against."""
    doc = {"u": record["url"], "t": record["title"], "k": record["kind"], "b": record["crumbs"],
           "p": record["plan"], "n": record["units"], "x": text[:DOC_TEXT]}
    if len(text) > DOC_TEXT:
        doc["more"] = 1          # text cut: the browser cannot rule out a match further on
    return compact(doc)


@dataclass
class Named:
    """Pages by name (normalised name → page ids) and by facet (facet → value → page ids)."""
    names: dict
    facets: dict

    @classmethod
    def of(cls, records: list[dict]) -> Named:
        named = cls({}, {})
        for page_id, record in enumerate(records):
            named.add(page_id, record)
        for key, ids in named.names.items():
            named.names[key] = sorted(ids, key=lambda page_id: (NAMED_ORDER.index(records[page_id]["kind"]), page_id))
        return named

    def add(self, page_id: int, record: dict, kinds: list[str] | None = None) -> None:
        """Page ids come in order (Named.of) or are put in place (`kinds`: every page's kind)."""
        for name in record["names"]:
            key = normalise(name)
            ids = self.names.setdefault(key, []) if key else []
            if key and page_id not in ids:
                ids.append(page_id)
                if kinds is not None:
                    ids.sort(key=lambda p: (NAMED_ORDER.index(kinds[p]), p))
        for facet, values in [("kind", [record["kind"]]), *record["facets"].items()]:
            for value in values:
                bisect.insort(self.facets.setdefault(facet, {}).setdefault(value, []), page_id)

    def remove(self, page_id: int, record: dict) -> None:
        for key in {normalise(name) for name in record["names"]} - {""}:
            self.names[key].remove(page_id)
            if not self.names[key]:
                del self.names[key]
        for facet, values in [("kind", [record["kind"]]), *record["facets"].items()]:
            for value in values:
                self.facets[facet][value].remove(page_id)
                if not self.facets[facet][value]:
                    del self.facets[facet][value]
            if facet in self.facets and not self.facets[facet]:
                del self.facets[facet]

    def name_count(self) -> int:
        return max(1, len(self.names) // 200)

    def files(self, labels: dict, page_count: int) -> dict[str, bytes]:
        """n/<shard>.json, f/<facet>/<value>.bin and facets.json."""
        files: dict[str, bytes] = {}
        name_shards: dict[int, dict] = defaultdict(dict)
        for key in sorted(self.names):
            name_shards[fnv1a(key) % self.name_count()][key] = self.names[key]
        files.update((f"n/{shard}.json", compact(data)) for shard, data in name_shards.items())
        facet_values = {}
        for facet, values in sorted(self.facets.items()):
            for value, ids in values.items():
                files[f"f/{facet}/{value_file(value)}.bin"] = encode_postings(ids, page_count)
            if len(values) <= 2000:     # the unit facet is used from unit pages, not listed
                names_of = labels.get(facet, {})
                facet_values[facet] = [[value, names_of.get(value, value), len(values[value])]
                                       for value in sorted(values, key=lambda v: (-len(values[v]), v))]
        files["facets.json"] = compact(facet_values)
        return files
