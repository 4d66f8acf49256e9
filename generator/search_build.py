"""The search index's files (format: generator/search_index.py), computed in memory and written
only where their bytes change.

An `IndexState` kept between builds (build/cache/search-<site>.pickle) holds every page's
text, the posting lists and their encodings. When the pages are the same list as before (an
edit, not an addition or removal), only the keys of the pages whose text or title changed are
encoded again and only the shards holding them are assembled again. Either way the files equal
those a build from scratch writes."""
from __future__ import annotations

import hashlib
import json
import os
from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .search_index import (BIG, DOC_TEXT, KIND_ORDER, NAMED_ORDER, SHARD_TARGET, TITLE, _varint, encode_postings,
                           fnv1a, keys_of, normalise, order_pages, value_file)


@dataclass
class IndexState:
    urls: list = field(default_factory=list)          # page id -> url
    titles: dict = field(default_factory=dict)        # url -> title
    postings: dict = field(default_factory=dict)      # key -> array of page ids
    encoded: dict = field(default_factory=dict)       # key -> bytes
    shard_count: int = 0
    shards: dict = field(default_factory=dict)        # shard -> bytes (big lists as references)
    bigs: list = field(default_factory=list)          # the keys with a file of their own, in order
    manifest: dict = field(default_factory=dict)      # path under the index -> digest of its bytes


def coarse(n: int) -> int:
    """n rounded down to its five leading bits: the number of shards stays put while the index
    grows or shrinks a little, so that an edit rewrites a few shards, not all."""
    n = max(1, n)
    drop = max(0, n.bit_length() - 5)
    return (n >> drop) << drop


def page_keys(record: dict, text: str) -> frozenset:
    return frozenset(keys_of(normalise(text))) | frozenset(TITLE + k for k in keys_of(normalise(record["title"])))


def update_postings(state: IndexState, pages: list[dict], texts: dict[str, str], old_texts: dict[str, str],
                    fresh: set[str] | None) -> set[str]:
    """Bring the posting lists to the pages' `texts`; `old_texts` are those of the last call and
    `fresh` the pages whose text may differ from them (None: any). Returns the keys changed."""
    urls = [r["url"] for r in pages]
    titles = {r["url"]: r["title"] for r in pages}
    if urls != state.urls or fresh is None:
        postings: dict[str, array] = defaultdict(lambda: array("I"))
        for page_id, record in enumerate(pages):
            for key in page_keys(record, texts[record["url"]]):
                postings[key].append(page_id)
        state.urls, state.titles, state.postings, state.encoded, state.shards = urls, titles, dict(postings), {}, {}
        return set(postings)
    changed: set[str] = set()
    for page_id, record in enumerate(pages):
        url = record["url"]
        if (url not in fresh or texts[url] == old_texts[url]) and titles[url] == state.titles[url]:
            continue
        old = page_keys({"title": state.titles[url]}, old_texts[url])
        new = page_keys(record, texts[url])
        for key in old - new:
            state.postings[key].remove(page_id)
            changed.add(key)
        for key in new - old:
            ids = state.postings.setdefault(key, array("I"))
            ids.append(page_id)
            if len(ids) > 1 and ids[-2] > page_id:
                state.postings[key] = array("I", sorted(ids))
            changed.add(key)
    state.titles = titles
    for key in [k for k in changed if not state.postings[k]]:
        del state.postings[key]
        state.encoded.pop(key, None)
    return changed


def posting_files(state: IndexState, changed: set[str], count: int) -> dict[str, bytes]:
    for key in changed:
        if key in state.postings:
            state.encoded[key] = encode_postings(state.postings[key], count)
    encoded = state.encoded
    total = sum(len(v) + len(k.encode()) + 2 for k, v in encoded.items() if len(v) <= BIG)
    shard_count = coarse(total // SHARD_TARGET)
    bigs = sorted(k for k, v in encoded.items() if len(v) > BIG)
    if shard_count != state.shard_count or bigs != state.bigs:
        state.shard_count, state.bigs, state.shards = shard_count, bigs, {}
        todo = None
    else:
        todo = {fnv1a(k) % shard_count for k in changed}
    big_number = {k: n for n, k in enumerate(bigs)}
    by_shard: dict[int, list[str]] = defaultdict(list)
    for key in encoded:
        shard = fnv1a(key) % shard_count
        if todo is None or shard in todo:
            by_shard[shard].append(key)
    for shard in (todo if todo is not None else by_shard):
        entry = bytearray()
        for key in sorted(by_shard.get(shard, ())):
            data = encoded[key]
            key_bytes = key.encode("utf-8")
            entry.append(len(key_bytes))
            entry.extend(key_bytes)
            if key in big_number:
                data = bytearray([2])
                _varint(big_number[key], data)
            _varint(len(data), entry)
            entry.extend(data)
        if entry:
            state.shards[shard] = bytes(entry)
        else:
            state.shards.pop(shard, None)
    files = {f"k/{shard}.bin": data for shard, data in state.shards.items()}
    files.update((f"big/{n}.bin", encoded[k]) for n, k in enumerate(bigs))
    return files


def other_files(pages: list[dict], texts: dict[str, str], labels: dict, shard_count: int) -> dict[str, bytes]:
    """Page records, names and facets (cheap: computed whole every time) and meta.json."""
    files: dict[str, bytes] = {}
    names: dict[str, list[int]] = defaultdict(list)
    facets: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for page_id, record in enumerate(pages):
        text = texts[record["url"]]
        for name in record["names"]:
            key = normalise(name)
            if key and page_id not in names[key]:
                names[key].append(page_id)
        facets["kind"][record["kind"]].append(page_id)
        for facet, values in record["facets"].items():
            for value in values:
                facets[facet][value].append(page_id)
        doc = {"u": record["url"], "t": record["title"], "k": record["kind"], "b": record["crumbs"],
               "p": record["plan"], "n": record["units"], "x": text[:DOC_TEXT]}
        if len(text) > DOC_TEXT:
            doc["more"] = 1          # text cut: the browser cannot rule out a match further on
        files[f"d/{page_id}.json"] = compact(doc)
    for ids in names.values():       # a name's pages: its topic, agency type, then units …
        ids.sort(key=lambda page_id: (NAMED_ORDER.index(pages[page_id]["kind"]), page_id))
    name_count = max(1, len(names) // 200)
    name_shards: dict[int, dict] = defaultdict(dict)
    for key in sorted(names):
        name_shards[fnv1a(key) % name_count][key] = names[key]
    files.update((f"n/{shard}.json", compact(data)) for shard, data in name_shards.items())
    facet_values = {}
    for facet, values in sorted(facets.items()):
        for value, ids in values.items():
            files[f"f/{facet}/{value_file(value)}.bin"] = encode_postings(ids, len(pages))
        if len(values) <= 2000:     # the unit facet is used from unit pages, not listed
            names_of = labels.get(facet, {})
            facet_values[facet] = [[value, names_of.get(value, value), len(values[value])]
                                   for value in sorted(values, key=lambda v: (-len(values[v]), v))]
    files["facets.json"] = compact(facet_values)
    meta = {"version": 1, "pages": len(pages), "shards": shard_count, "names": name_count, "kinds": KIND_ORDER}
    files["meta.json"] = json.dumps(meta).encode("utf-8")
    return files


def compact(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def sync(out_dir: Path, files: dict[str, bytes], manifest: dict | None) -> tuple[dict, int]:
    """Write the files whose bytes differ from the manifest (or, without one, from the disk) and
    remove the others; returns the new manifest and the number of files written."""
    written = 0
    new_manifest = {}
    for rel, data in files.items():
        mark = digest(data)
        new_manifest[rel] = mark
        target = out_dir / rel
        if manifest is not None and manifest.get(rel) == mark and target.is_file():
            continue
        if manifest is None and target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written += 1
    for folder, _dirs, names in os.walk(out_dir, topdown=False):
        base = os.path.relpath(folder, out_dir).replace(os.sep, "/")
        base = "" if base == "." else base + "/"
        for name in names:
            if base + name not in files:
                os.unlink(os.path.join(folder, name))
        if folder != str(out_dir) and not os.listdir(folder):
            os.rmdir(folder)
    return new_manifest, written


def build_index_files(records: list[dict], labels: dict, texts: dict[str, str], out_dir: Path,
                      state: IndexState | None = None, old_texts: dict | None = None, fresh: set | None = None) -> dict:
    """Write the index of `records` (Renderer.search_records) with the pages' `texts` (url →
    indexed text) into out_dir. `state` and `old_texts` are what the last call left, `fresh` the
    pages whose text may have changed since (None: any, and the index is built from scratch)."""
    state = state if state is not None else IndexState()
    pages = order_pages(records)
    changed = update_postings(state, pages, texts, old_texts or {}, fresh if old_texts is not None else None)
    files = posting_files(state, changed, len(pages))
    files.update(other_files(pages, texts, labels, state.shard_count))
    state.manifest, written = sync(out_dir, files, state.manifest or None)
    return {"pages": len(pages), "keys": len(state.encoded), "shards": state.shard_count, "big": len(state.bigs),
            "bytes": sum(len(v) for v in files.values()), "written": written, "state": state}
