"""The search index's files (format: generator/search_index.py), computed in memory and written
only where their bytes change.

An `IndexState` kept between builds (build/cache/search-<site>.pickle) holds the pages as the
sidecar listed them, digests of their texts (the texts are in a TextStore: search_store.py), the
posting lists and their encodings, the names and facets, and a digest of every file written.
When the pages are the same list as before (an edit, not an addition or removal), only the
records that changed are parsed, only the pages whose text or record changed are indexed again
(their keys encoded, their d/ files written), only the shards holding their keys are assembled
again, and the names and facets only when a record's changed. Either way the files equal those a
build from scratch writes."""
from __future__ import annotations

import bisect
import hashlib
import json
import os
import pickle
from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .search_index import (BIG, KIND_ORDER, SHARD_TARGET, TITLE, _varint, decode_postings, encode_postings, fnv1a,
                           keys_of, normalise)
from .search_pages import Named, Pages, doc_file, without_records
from .search_store import TextStore


@dataclass
class IndexState:
    pages: Pages | None = None                        # the last pages, without their records
    titles: dict = field(default_factory=dict)        # url -> title
    digests: dict = field(default_factory=dict)       # url -> digest of its text
    text_at: dict = field(default_factory=dict)       # url -> where its text is in the store
    sections_at: dict = field(default_factory=dict)   # url -> where its sections' texts are (search_text)
    store: tuple = (b"", 0)                           # the store's identity and length
    named: Named | None = None
    encoded: dict = field(default_factory=dict)       # key -> its posting list, encoded
    shard_count: int = 0
    shards: dict = field(default_factory=dict)        # shard -> bytes (big lists as references)
    bigs: list = field(default_factory=list)          # the keys with a file of their own, in order
    manifest: dict = field(default_factory=dict)      # path under the index -> (digest, length) of its bytes


def coarse(n: int) -> int:
    """n rounded down to its five leading bits: the number of shards stays put while the index
    grows or shrinks a little, so that an edit rewrites a few shards, not all."""
    n = max(1, n)
    drop = max(0, n.bit_length() - 5)
    return (n >> drop) << drop


def page_keys(title: str, text: str) -> frozenset:
    return frozenset(keys_of(normalise(text))) | frozenset(TITLE + k for k in keys_of(normalise(title)))


def all_postings(titles: list[str], texts: list[str]) -> dict[str, array]:
    """The posting lists of every page (page id: the position in the lists)."""
    postings: dict[str, array] = defaultdict(lambda: array("I"))
    for page_id, (title, text) in enumerate(zip(titles, texts)):
        for key in page_keys(title, text):
            postings[key].append(page_id)
    return dict(postings)


def edit_postings(state: IndexState, edits: dict[int, tuple[frozenset, frozenset]]) -> dict[str, array]:
    """The posting lists of the keys that some pages gained or lost (page id → old keys, new
    keys), changed from those kept encoded (an empty list: the key is gone)."""
    postings: dict[str, array] = {}

    def ids_of(key: str) -> array:
        if key not in postings:
            postings[key] = decode_postings(state.encoded[key]) if key in state.encoded else array("I")
        return postings[key]
    for page_id, (old, new) in sorted(edits.items()):
        for key in old - new:
            ids_of(key).remove(page_id)
        for key in new - old:
            bisect.insort(ids_of(key), page_id)
    return postings


def posting_files(state: IndexState, postings: dict[str, array], count: int) -> dict[str, bytes]:
    """k/ and big/ files after the `postings` changed (of `count` pages)."""
    for key, ids in postings.items():
        if ids:
            state.encoded[key] = encode_postings(ids, count)
        else:
            state.encoded.pop(key, None)
    changed = postings.keys()
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


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _remove(out_dir: Path, rel: str) -> None:
    """A file the index no longer has, and the folders it leaves empty."""
    path = out_dir / rel
    path.unlink(missing_ok=True)
    for folder in path.parents:
        if folder == out_dir:
            break
        try:
            folder.rmdir()
        except OSError:
            break


def sync(out_dir: Path, files: dict[str, bytes], manifest: dict | None, kept: tuple = ()) -> tuple[dict, int]:
    """Write the files whose bytes differ from the manifest (or, without one, from the disk) and
    remove the others: those of the manifest not among `files`, except the paths starting with
    one of `kept` (left as they are), or without a manifest any file on disk not among `files`.
    Returns the new manifest and the number of files written."""
    written = 0
    new_manifest = {rel: mark for rel, mark in manifest.items() if rel.startswith(kept)} if kept else {}
    for rel, data in files.items():
        mark = (digest(data), len(data))
        new_manifest[rel] = mark
        target = out_dir / rel
        if manifest is not None and manifest.get(rel) == mark and target.is_file():
            continue
        if manifest is None and target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written += 1
    if manifest is not None:
        for rel in manifest.keys() - new_manifest.keys():
            _remove(out_dir, rel)
        return new_manifest, written
    for folder, _dirs, names in os.walk(out_dir, topdown=False):
        base = os.path.relpath(folder, out_dir).replace(os.sep, "/")
        base = "" if base == "." else base + "/"
        for name in names:
            if base + name not in files:
                os.unlink(os.path.join(folder, name))
        if folder != str(out_dir) and not os.listdir(folder):
            os.rmdir(folder)
    return new_manifest, written


def keep_texts(state: IndexState, store: TextStore, fresh: dict[str, tuple[str, dict]], urls: list[str]) -> set[str]:
    """Put the fresh texts that changed (and sectioned pages' section texts) in the store; returns
    the urls whose text changed."""
    moved = set()
    for url, (text, sections) in fresh.items():
        data = text.encode("utf-8")
        mark = digest(data)
        if state.digests.get(url) != mark:
            moved.add(url)
            state.digests[url], state.text_at[url] = mark, store.append(data)
        if sections:
            state.sections_at[url] = store.append(pickle.dumps(sections, protocol=pickle.HIGHEST_PROTOCOL))
        else:
            state.sections_at.pop(url, None)
    if len(state.text_at) != len(urls):                       # pages removed
        present = set(urls)
        for held in (state.digests, state.text_at, state.sections_at):
            for url in held.keys() - present:
                del held[url]
    return moved


def compact_texts(state: IndexState, store: TextStore) -> None:
    """The store rewritten when it holds mostly texts replaced since (the old ones are read no more)."""
    entries = store.compact({**{(0, u): at for u, at in state.text_at.items()},
                             **{(1, u): at for u, at in state.sections_at.items()}})
    state.text_at = {u: at for (kind, u), at in entries.items() if kind == 0}
    state.sections_at = {u: at for (kind, u), at in entries.items() if kind == 1}
    state.store = (store.identity, store.size)


class Texts:
    """The pages' texts: the fresh ones, the others from the store, and the last index's."""

    def __init__(self, state: IndexState, store: TextStore, fresh: dict[str, tuple[str, dict]]):
        self.state, self.store, self.fresh, self.old_at = state, store, fresh, dict(state.text_at)

    def new(self, url: str) -> str:
        if url in self.fresh:
            return self.fresh[url][0]
        return self.store.read(self.state.text_at[url]).decode("utf-8")

    def old(self, url: str) -> str:
        return self.store.read(self.old_at[url]).decode("utf-8")


def index_edit(state: IndexState, pages: Pages, texts: Texts, moved: set[str]) -> tuple[set, dict, bool]:
    """The pages whose record or text changed indexed again: returns the posting lists changed,
    their d/ files (page id → bytes), and whether the names and facets changed."""
    line_of = {page_id: line for line, page_id in enumerate(pages.page_of_line)}
    touched = pages.changed | {page_id for page_id, url in enumerate(pages.urls) if url in moved}
    records = {p: pages.records.get(p) or json.loads(pages.lines[line_of[p] + 1]) for p in touched}
    old_titles = state.titles
    state.titles = dict(old_titles, **{pages.urls[p]: r["title"] for p, r in records.items()})
    edits = {p: (page_keys(old_titles[pages.urls[p]], texts.old(pages.urls[p])), page_keys(r["title"], texts.new(pages.urls[p])))
             for p, r in records.items()}
    docs = {p: doc_file(r, texts.new(pages.urls[p])) for p, r in records.items()}
    renamed = [p for p in pages.changed if names_of(pages.old[p]) != names_of(pages.records[p])]
    for p in renamed:
        state.named.remove(p, pages.old[p])
        state.named.add(p, pages.records[p], pages.kinds)
    return edit_postings(state, edits), docs, bool(renamed) or pages.lines[0] != state.pages.lines[0]


def index_all(state: IndexState, pages: Pages, texts: Texts) -> tuple[set, dict]:
    """Every page indexed: returns every posting list and the d/ files (page id → bytes)."""
    records = [pages.records[p] for p in range(len(pages.urls))]
    page_texts = [texts.new(url) for url in pages.urls]
    state.titles = {r["url"]: r["title"] for r in records}
    state.named, state.encoded, state.shards = Named.of(records), {}, {}
    docs = {page_id: doc_file(r, text) for page_id, (r, text) in enumerate(zip(records, page_texts))}
    return all_postings([r["title"] for r in records], page_texts), docs


def build_index_files(pages: Pages, fresh: dict[str, tuple[str, dict]], out_dir: Path, store: TextStore,
                      state: IndexState | None = None) -> dict:
    """Write the index of `pages` into out_dir. `fresh`: url → text and section texts
    (search_text.sectioned_text) of the pages rendered since the last index, which left `state`;
    the other pages' texts are read from `store` (no state: every page is fresh)."""
    state = state if state is not None else IndexState()
    texts = Texts(state, store, fresh)
    moved = keep_texts(state, store, fresh, pages.urls)
    if pages.changed is not None:
        postings, docs, named = index_edit(state, pages, texts, moved)
        kept = ("d/",) if named else ("d/", "n/", "f/", "facets.json")    # as they were
    else:
        (postings, docs), named, kept = index_all(state, pages, texts), True, ()
    compact_texts(state, store)
    files = posting_files(state, postings, len(pages.urls))
    files.update((f"d/{page_id}.json", data) for page_id, data in docs.items())
    if named:
        files.update(state.named.files(json.loads(pages.lines[0]), len(pages.urls)))
    meta = {"version": 1, "pages": len(pages.urls), "shards": state.shard_count, "names": state.named.name_count(),
            "kinds": KIND_ORDER}
    files["meta.json"] = json.dumps(meta).encode("utf-8")
    state.manifest, written = sync(out_dir, files, state.manifest or None, kept)
    state.pages = without_records(pages)
    return {"pages": len(pages.urls), "keys": len(state.encoded), "shards": state.shard_count, "big": len(state.bigs),
            "bytes": sum(size for _digest, size in state.manifest.values()), "written": written, "state": state}


def names_of(record: dict) -> tuple:
    """What of a record the names and facets are made of."""
    return record["kind"], record["names"], record["facets"]
