"""A static search index that a browser fetches in small pieces.

Every page's own content (search_text.indexed_text: not navigation, related blocks or template labels) is
cut into characters and overlapping character pairs (宅基, 基地; 5g). A query fetches the posting lists of a few of its pairs and intersects them: every page
that contains the query contains all of its pairs, so nothing that contains it is missed
(清城 inside 清城区 included), however the words would be segmented. The pages left are then
checked against their stored text in the browser, which puts exact matches first.

Layout under search/index/ (all files small, none grows with the whole site):
  meta.json             page count, shard counts, kinds, facet names
  k/<shard>.bin         posting lists of characters and pairs, sharded by hash
  big/<n>.bin           a posting list too large to share a shard
  n/<shard>.json        names (units with their aliases, topics, agency types) → pages to put first
                        (the keys of k/ also hold "t:" + character or pair, for titles alone)
  d/<page>.json         one page: url, title, kind, breadcrumb, units, text (for checking and snippets)
  f/<facet>/<n>.bin     pages of one facet value; facets.json lists the values
"""
from __future__ import annotations

import re
from array import array

INDEX_DIR = "search/index"     # under site/: written after the engine, kept by the generator and MkDocs
KIND_ORDER = ["task", "unit", "topic", "agency-type", "plan", "index"]
NAMED_ORDER = ["topic", "agency-type", "unit", "plan", "task", "index"]   # pages a query names, in this order
TITLE = "t:"                   # keys of titles: "t:" and a character or pair (":" is never in a key)
SHARD_TARGET = 6_000           # bytes of postings per shard, on average
BIG = 4_000                    # a posting list larger than this gets a file of its own
DOC_TEXT = 1_500               # characters of text kept per page (for checking and snippets)
WORD = re.compile(r"[0-9a-z\u3400-\u9fff\uf900-\ufaff]")

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}


def normalise(text: str) -> str:
    """What both the index and the query see: full-width Latin and digits made half-width,
    lower case, no white space."""
    return re.sub(r"[\s\u200b]+", "", text.translate(_FULLWIDTH).lower())


RUNS = re.compile(r"[0-9a-z\u3400-\u9fff\uf900-\ufaff]+")


def keys_of(text: str) -> set[str]:
    """Characters and overlapping pairs of word characters (Han, Latin, digits)."""
    keys = set()
    for run in RUNS.findall(text):
        keys.update(run)
        keys.update(map(str.__add__, run, run[1:]))
    return keys


def fnv1a(text: str) -> int:
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def _varint(n: int, out: bytearray) -> None:
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def encode_postings(ids, pages: int) -> bytes:
    """Type byte, then either delta-coded varints (0) or a bitmap (1) of page ids."""
    as_list = bytearray([0])
    _varint(len(ids), as_list)
    last = -1
    for page in ids:
        _varint(page - last - 1, as_list)
        last = page
    bitmap_size = 1 + (pages + 7) // 8
    if len(as_list) <= bitmap_size:
        return bytes(as_list)
    bitmap = bytearray(bitmap_size)
    bitmap[0] = 1
    for page in ids:
        bitmap[1 + (page >> 3)] |= 1 << (page & 7)
    return bytes(bitmap)


def decode_postings(data: bytes) -> array:
    """The page ids encode_postings wrote (to change a list kept encoded)."""
    if data[0] == 1:
        return array("I", (i * 8 + bit for i, byte in enumerate(data[1:]) if byte for bit in range(8) if byte >> bit & 1))
    values, n, shift = [], 0, 0
    for byte in data[1:]:
        n |= (byte & 0x7F) << shift
        if byte & 0x80:
            shift += 7
        else:
            values.append(n)
            n = shift = 0
    ids, last = array("I"), -1
    for delta in values[1:]:
        last += delta + 1
        ids.append(last)
    return ids


# ------------------------------------------------------------------ the index

def order_pages(records: list[dict]) -> list[dict]:
    """Page ids follow a prior: tasks first (they hold the text), then units, topics, agency types,
    plans and index pages; names matching the query are put first by the browser."""
    return sorted(records, key=lambda r: (KIND_ORDER.index(r["kind"]), r["url"]))


def value_file(value: str) -> str:
    """File name of a facet value: the hex of its UTF-8 bytes, and for a long value (a file name
    has at most 255 bytes) the first 32 bytes and a hash of the whole; the browser computes the same."""
    data = value.encode("utf-8")
    if len(data) <= 48:
        return data.hex()
    return data[:32].hex() + f"-{fnv1a(value):08x}"
