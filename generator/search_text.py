"""The text of a built page that search indexes and shows (indexed_text): the page's own content,
not navigation, blocks about other pages or template labels.

A topic or agency-type page is several MB of HTML at scale, one <h2> section per plan, and an
edit of one plan changes one section of it. `sectioned_text` gives the same text from the texts
of the page's sections, each kept by a digest of its HTML, so that such an edit parses one section
again instead of the page. Why the result is the same:

- lxml (libxml2) parses from left to right, so a section parses alike alone and within the page
  when it starts where the page's parser has nothing open. The first section starts the page; a
  later one starts with `<h2`, and the section before it is parsed with an empty <h2> appended
  (SENTINEL): only when that <h2> lands at the top level, as the next section's heading does in
  the page, are the sections used (otherwise the page is parsed whole). Every element then lies
  within one section, and what is removed (NOT_OWN) is decided within the element or its table.
- The rest is per text node, and the page's raw text is the sections' raw texts joined, except
  that text moved across a section's boundary by a removal is collapsed per side: runs of spaces
  may differ in length, which `_lines` makes one space or nothing either way.
"""
from __future__ import annotations

import hashlib
import html
import re

from lxml import etree

ARTICLE = re.compile(r"<article\b[^>]*>(.*)</article>", re.S)
DROP = re.compile(r"<(script|style)\b.*?</\1>|<a [^>]*class=\"headerlink\"[^>]*>.*?</a>|"
                  r"<a [^>]*class=\"md-content__button[^\"]*\"[^>]*>.*?</a>", re.S)
TAG = re.compile(r"<[^>]+>")


def article_text(page_html: str) -> str:
    """The visible text of a page's article, white space collapsed."""
    m = ARTICLE.search(page_html)
    body = DROP.sub(" ", m.group(1) if m else page_html)
    body = re.sub(r"</(p|div|li|tr|h\d|table|ul|ol)>|<br\s*/?>", " ", body)
    return re.sub(r"\s+", " ", html.unescape(TAG.sub("", body))).strip()


# What is not a page's own content: navigation (breadcrumbs, previous/next), blocks about other
# pages (related tasks, the units of listed tasks), labels the templates write on every page
# (headings such as 原文, table headers, the first column of key–value tables, which have an
# empty header row), line numbers and page buttons. Templates mark their own with hb-noindex.
# In XPath: //*[class hb-noindex or md-content__button] | //a[class headerlink or hb-ln] |
# //script | //style | //thead | //th | //table[thead/tr/th and not(thead/tr/th[normalize-space()])]/tbody/tr/td[1]
# (found in one pass over the tree by _not_own: libxml2 merges a union of XPaths in quadratic time).
NOT_OWN_TAGS = frozenset({"script", "style", "thead", "th"})
NOT_OWN_CLASSES = (" hb-noindex ", " md-content__button ")
NOT_OWN_LINKS = (" headerlink ", " hb-ln ")
XML_SPACE = " \t\r\n"                    # white space to XPath's normalize-space
_TO_SPACE = str.maketrans("\t\r\n", "   ")
SPACES = re.compile(r"\s+")
BLOCKS = ("p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dd", "dt",
          "blockquote", "nav", "br")
SECTION = re.compile(r"(?=<h2\b)")
SENTINEL = '<h2 id="hb-section-end"></h2>'
SECTIONED_MIN = 100_000                  # characters of article: below this, a page is parsed whole


def _classes(element) -> str:
    """The class attribute as contains(concat(' ', normalize-space(@class), ' '), ' name ') sees
    it: a name is there when it is between spaces (runs of spaces do not matter)."""
    return " " + element.get("class").translate(_TO_SPACE) + " "


def _key_column(table) -> list:
    """The first cells of the body rows of a table whose header row is there but empty."""
    heads = [th for thead in table if thead.tag == "thead" for tr in thead if tr.tag == "tr"
             for th in tr if th.tag == "th"]
    if not heads or any(_STRING(th).strip(XML_SPACE) for th in heads):
        return []
    rows = [tr for tbody in table if tbody.tag == "tbody" for tr in tbody if tr.tag == "tr"]
    return [cells[0] for cells in ([td for td in tr if td.tag == "td"] for tr in rows) if cells]


def _not_own(root) -> list:
    """The elements NOT_OWN describes, each once."""
    found = []
    for element in root.iter(etree.Element):
        tag = element.tag
        if tag in NOT_OWN_TAGS:
            found.append(element)
        elif "class" in element.attrib:
            classes = _classes(element)
            if any(c in classes for c in NOT_OWN_CLASSES) or (tag == "a" and any(c in classes for c in NOT_OWN_LINKS)):
                found.append(element)
        if tag == "table":
            found.extend(_key_column(element))
    return list(dict.fromkeys(found))


def _drop_tree(element) -> None:
    """lxml.html's HtmlElement.drop_tree: the element goes, its tail stays."""
    if element.tail:
        previous = element.getprevious()
        if previous is None:
            parent = element.getparent()
            parent.text = (parent.text or "") + element.tail
        else:
            previous.tail = (previous.tail or "") + element.tail
    element.getparent().remove(element)


def _raw_text(root) -> str:
    """The own text of a parsed fragment, a block's end marked by a line break."""
    for element in _not_own(root):
        _drop_tree(element)
    for element in root.iter():          # the page's own line breaks are only white space
        text, tail = element.text, element.tail
        if text and SPACES.search(text):
            element.text = SPACES.sub(" ", text)
        if tail and SPACES.search(tail):
            element.tail = SPACES.sub(" ", tail)
    for element in root.iter(*BLOCKS):
        element.tail = "\n" + (element.tail or "")
    for element in root.iter("td"):
        element.tail = " " + (element.tail or "")
    return _STRING(root)


def _lines(raw: str) -> str:
    lines = (line.strip() for line in re.sub(" +", " ", raw).split("\n"))
    return "\n".join(line for line in lines if line)


def _article(page_html: str) -> str:
    m = ARTICLE.search(page_html)
    return m.group(1) if m else page_html


_PARSER = etree.HTMLParser()
_STRING = etree.XPath("string()")


def _fragment(markup: str):
    """The <body> of the markup parsed as lxml.html.fragment_fromstring does (its leading white
    space dropped), with lxml's plain elements: lxml.html's own classes cost a Python call for
    every element of the page."""
    body = etree.fromstring(f"<html><body>{markup}</body></html>", _PARSER).find("body")
    if not (body.text and body.text.strip()):
        body.text = None
    return body


def indexed_text(page_html: str) -> str:
    """A page's own content, as search indexes and shows it: one block (paragraph, list item,
    table row, heading) a line, white space collapsed."""
    return _lines(_raw_text(_fragment(_article(page_html))))


def _section_text(markup: str) -> str | None:
    """The raw text of one section (`markup` ends with SENTINEL unless it is the page's last),
    or None when the sentinel heading is not left at the top level."""
    root = _fragment(markup)
    if markup.endswith(SENTINEL):
        last = root[-1] if len(root) else None
        if last is None or last.tag != "h2" or last.get("id") != "hb-section-end" or len(last) or last.text:
            return None
        root.remove(last)
    return _raw_text(root)


def sectioned_text(page_html: str, kept: dict[bytes, str]) -> tuple[str, dict[bytes, str]]:
    """indexed_text(page_html), from the raw texts of its sections: `kept` holds those of an
    earlier call (digest of a section's markup → raw text). Returns the text and the sections'
    raw texts to keep for the next call ({} for a page that is small or parsed whole)."""
    article = _article(page_html)
    if len(article) < SECTIONED_MIN:
        return indexed_text(page_html), {}
    parts = [p for p in SECTION.split(article) if p]
    parts = [p + SENTINEL for p in parts[:-1]] + parts[-1:]
    keys = [hashlib.blake2b(p.encode("utf-8"), digest_size=16).digest() for p in parts]
    used: dict[bytes, str] = {}
    for key, markup in zip(keys, parts):
        raw = used.get(key, kept.get(key))
        if raw is None:
            raw = _section_text(markup)
            if raw is None:
                return indexed_text(page_html), {}
        used[key] = raw
    return _lines("".join(used[key] for key in keys)), used
