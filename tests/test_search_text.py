"""The text search indexes of a built page (generator/search_text.py): found in one pass as the
XPath that defines it finds it, and for a page of many sections, from texts kept per section."""
import re

import pytest

from generator import search_text
from generator.search_text import SECTION, _fragment, _not_own, indexed_text, sectioned_text

NOT_OWN_XPATH = " | ".join([
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' hb-noindex ')]",
    "//a[contains(concat(' ', normalize-space(@class), ' '), ' headerlink ')]",
    "//a[contains(concat(' ', normalize-space(@class), ' '), ' hb-ln ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' md-content__button ')]",
    "//script", "//style", "//thead", "//th",
    "//table[thead/tr/th and not(thead/tr/th[normalize-space()])]/tbody/tr/td[1]",
])


def pages(site, *folders):
    return [p.read_text(encoding="utf-8") for folder in folders for p in sorted((site / folder).rglob("index.html"))]


def sectioned_pages(site):
    return pages(site, "topics", "agency-types")


@pytest.fixture
def every_page_by_sections(monkeypatch):
    monkeypatch.setattr(search_text, "SECTIONED_MIN", 0)


def test_one_pass_finds_what_the_xpath_finds(built_site):
    _, site = built_site
    checked = 0
    for page_html in pages(site, "."):
        root = _fragment(search_text._article(page_html))
        expected = root.xpath(NOT_OWN_XPATH)
        assert set(_not_own(root)) == set(expected)
        checked += len(expected)
    assert checked > 1000


def test_a_page_by_sections_has_the_text_of_the_whole_page(built_site, every_page_by_sections):
    _, site = built_site
    cut = 0
    for page_html in sectioned_pages(site):
        text, kept = sectioned_text(page_html, {})
        assert text == indexed_text(page_html)
        cut += len(kept) > 1                            # really cut, not parsed whole
    assert cut > len(sectioned_pages(site)) / 2


def test_a_page_from_kept_sections_has_its_text_after_an_edit(built_site, every_page_by_sections):
    _, site = built_site
    page_html = max(sectioned_pages(site), key=lambda h: len(SECTION.findall(h)))
    _, kept = sectioned_text(page_html, {})
    last = page_html.rindex("<li>", 0, page_html.rindex("</article>"))
    edited = page_html[:last] + "<li>新增一项任务</li>" + page_html[last:]
    text, again = sectioned_text(edited, kept)
    assert text == indexed_text(edited) and "新增一项任务" in text
    assert len(again.keys() - kept.keys()) == 1          # one section parsed again


def test_a_section_that_leaves_an_element_open_makes_the_page_parse_whole(built_site, every_page_by_sections):
    _, site = built_site
    page_html = max(sectioned_pages(site), key=lambda h: len(SECTION.findall(h)))
    second = [m.start() for m in re.finditer(r"<h2\b", page_html)][1]
    edited = page_html[:second] + '<div class="hb-noindex">' + page_html[second:]
    text, kept = sectioned_text(edited, {})
    assert kept == {}
    assert text == indexed_text(edited)
    assert len(text) < len(indexed_text(page_html)) / 2  # the open block hides the sections after it

