"""What the search index keeps between builds (generator/search_build.py, search_pages.py,
search_store.py): changed in place, it equals what a build from scratch makes."""
import copy

from generator.search_pages import SIDECAR, Named, read_pages
from generator.search_store import TextStore


def seed_pages(built_site):
    from conftest import ROOT
    return read_pages((ROOT / "build" / SIDECAR).read_bytes().split(b"\n"), None)


def test_names_and_facets_changed_in_place_equal_those_made_afresh(built_site):
    pages = seed_pages(built_site)
    records = [pages.records[p] for p in range(len(pages.urls))]
    units = [p for p, r in enumerate(records) if r["kind"] == "unit" and r["names"] and r["facets"]]
    first, second = units[0], units[-1]
    named = Named.of(records)
    edited = copy.deepcopy(records)
    edited[first]["names"], edited[first]["facets"] = records[second]["names"], records[second]["facets"]
    named.remove(first, records[first])
    named.add(first, edited[first], pages.kinds)
    afresh = Named.of(edited)
    assert named.names == afresh.names and named.facets == afresh.facets
    assert named.files({}, len(records)) == afresh.files({}, len(records))
    assert named.names != Named.of(records).names


def test_an_edit_parses_only_the_records_it_changed(built_site):
    pages = seed_pages(built_site)
    lines = list(pages.lines)
    line = next(i for i, page_id in enumerate(pages.page_of_line) if pages.kinds[page_id] == "task") + 1
    lines[line] = lines[line].replace(b'"title": "', b'"title": "\xe6\x96\xb0', 1)
    edited = read_pages(lines, pages)
    assert edited.changed == {pages.page_of_line[line - 1]} and edited.records.keys() == edited.changed
    assert edited.records[pages.page_of_line[line - 1]]["title"].startswith("新")


def test_a_store_of_another_index_is_not_used(tmp_path):
    store = TextStore.create(tmp_path / "texts")
    at = store.append("规划".encode())
    identity, size = store.identity, store.size
    store.close()
    assert TextStore.reopen(tmp_path / "texts", b"x" * len(identity), size) is None
    assert TextStore.reopen(tmp_path / "texts", identity, size + 1) is None     # cut short
    again = TextStore.reopen(tmp_path / "texts", identity, size)
    assert again.read(at).decode() == "规划"
    again.close()


def test_posting_lists_kept_encoded_decode_to_their_pages(built_site):
    from generator.search_index import decode_postings, encode_postings
    pages = seed_pages(built_site)
    kinds = pages.kinds
    lists = [[p for p, k in enumerate(kinds) if k == kind] for kind in set(kinds)]
    lists.append(list(range(0, len(kinds), 2)))                     # dense: a bitmap
    encodings = {encode_postings(ids, len(kinds))[0] for ids in lists}
    assert encodings == {0, 1}
    for ids in lists:
        assert list(decode_postings(encode_postings(ids, len(kinds)))) == ids


def test_a_store_of_mostly_replaced_texts_is_rewritten_with_the_others(tmp_path, monkeypatch):
    from generator import search_store
    monkeypatch.setattr(search_store, "SPARE", 0)
    store = TextStore.create(tmp_path / "texts")
    kept = {"a": store.append("甲".encode())}
    for n in range(3):
        store.append(f"乙{n}".encode())                 # replaced since
    size = store.size
    moved = store.compact(kept)
    assert store.size < size and store.read(moved["a"]).decode() == "甲"
    store.close()
    assert TextStore.reopen(tmp_path / "texts", store.identity, store.size).read(moved["a"]) == "甲".encode()
