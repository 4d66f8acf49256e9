"""A government web page: trafilatura finds the article; its container is then read in full
(every paragraph, tables with merged cells), without the chrome Chinese government sites put
around and inside it; metadata from the meta tags and the 政府信息公开 info table."""
from __future__ import annotations

import codecs
import re
from collections import Counter

import lxml.html
import trafilatura

from ..read import squeeze
from .common import Block, ImportRefused, Imported, SpanCell, cell_text, clean, resolve_spans

META_TAGS = {"ArticleTitle": "title", "PubDate": "published", "ContentSource": "issuer"}
INFO_LABELS = {"发文机关": "issuer", "发布机构": "issuer", "发文字号": "doc_number", "文号": "doc_number",
               "成文日期": "date", "发布日期": "published", "发布时间": "published", "标题": "title", "名称": "title", "索引号": None,
               "主题分类": None, "公文种类": None, "主题词": None, "有效性": None}
INFO_LABEL = re.compile(rf"^({'|'.join(INFO_LABELS)})[:：]?(.*)$")
SKIP_TAGS = {"script", "style", "noscript", "button", "select", "input", "textarea", "iframe", "object", "embed",
             "svg", "img", "video", "audio", "canvas", "map", "head", "title", "meta", "link"}
BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
              "section", "article", "center", "pre", "header", "footer", "aside", "nav", "form", "address",
              "figure", "figcaption", "hr", "main"}
# Lines that are page furniture, not text: print/close/font-size buttons, share widgets, QR captions.
CHROME = re.compile(r"^(?:[【\[［(（]?(?:打印(?:本页|此页|正文)?|关闭(?:本页|窗口)?|收藏(?:本页)?|取消收藏|返回顶部|"
                    r"字号|字体|[大中小]|加大字体|缩小字体|默认|分享到|分享|微信|微博|QQ空间|扫一扫[^。]{0,12}|"
                    r"[:：|]|纠错|我要纠错)[】\]］)）]?)+$")
# ids and classes that government site systems (TRS, Hanweb, UCAP …) give the article body
BODY_HINT = re.compile(r"^(?:zoom|fontzoom|ucap-content|trs_editor|trs_ueditor|pages_content|article-content|"
                       r"article_content|artibody|zw|zwnr|wzzw|zoomcon|detail-content|news_content|xxgk_content|"
                       r"bt_content|view|content)$", re.I)
HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
DATE = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})")


def decode_page(data: bytes, declared: str | None = None) -> str:
    """The page's text by its declared charset (HTTP header, else the meta tag); GBK and GB2312 are
    read as GB18030, their superset; undeclared pages are UTF-8 or else GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    m = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_-]+)", data[:4096], re.I)
    charset = (declared or (m.group(1).decode("ascii") if m else "")).lower()
    if charset in ("gbk", "gb2312", "gb18030", "x-gbk", "cp936"):
        charset = "gb18030"
    for candidate in ([charset] if charset else []) + ["utf-8", "gb18030"]:
        try:
            return data.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode(charset or "utf-8", errors="replace")


def read_html(data: bytes, name: str, charset: str | None = None) -> Imported:
    text = decode_page(data, charset)
    try:
        tree = lxml.html.document_fromstring(text.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ImportRefused(f"{name} is not a readable web page ({exc}); save the page again or give its address")
    container = article_container(text, tree)
    if container is None:
        raise ImportRefused(f"{name} has no article text that could be found; save the page that shows the plan "
                            "itself (not a list of links), or download its attachment")
    blocks = PageReader().read(container)
    meta = page_metadata(tree)
    return Imported("html", blocks, meta)


def article_container(text: str, tree):
    """The element holding the article: one that government site systems mark as the body, else
    where trafilatura finds it: the parent of most of its paragraphs, or (when lines are split
    by <br> rather than elements) the smallest element holding most of its text."""
    hinted = _hinted_body(tree)
    if hinted is not None:
        return hinted
    extracted = trafilatura.bare_extraction(text, include_tables=False, include_comments=False,
                                            with_metadata=False, output_format="python")
    body = getattr(extracted, "body", None)
    wanted = {squeeze(" ".join(e.itertext())) for e in (body if body is not None else [])}
    wanted = {w for w in wanted if len(w) >= 8}
    if not wanted:
        return None
    total = sum(map(len, wanted))
    holders = Counter()
    for element in tree.iter():
        if isinstance(element.tag, str) and element.tag not in SKIP_TAGS and element.getparent() is not None:
            own = squeeze("".join(element.itertext()))
            if own in wanted:
                holders[element.getparent()] += len(own)
    if holders and holders.most_common(1)[0][1] >= total / 2:
        return holders.most_common(1)[0][0]
    return _smallest_holder(tree, wanted, total)


def _hinted_body(tree):
    """The innermost element with a body id or class that still holds most of the text of the
    largest one (the article, not an empty placeholder)."""
    marked = [e for e in tree.iter() if isinstance(e.tag, str) and e.tag not in SKIP_TAGS
              and any(BODY_HINT.match(name) for name in [e.get("id", "")] + e.get("class", "").split())]
    sizes = {e: len(squeeze("".join(e.itertext()))) for e in marked}
    largest = max(sizes.values(), default=0)
    if largest < 200:
        return None
    return min((e for e in marked if sizes[e] >= 0.8 * largest), key=lambda e: sizes[e])


def _smallest_holder(tree, wanted: set[str], total: int):
    longest = max(wanted, key=len)
    inner = [e for e in tree.iter() if isinstance(e.tag, str) and longest in squeeze("".join(e.itertext()))]
    element = min(inner, key=lambda e: len("".join(e.itertext()))) if inner else None
    while element is not None:
        own = squeeze("".join(element.itertext()))
        if sum(len(w) for w in wanted if w in own) >= 0.8 * total:
            return element
        element = element.getparent()
    return None


class PageReader:
    """Block-level elements and <br> end a paragraph; tables with two or more rows and columns
    are tables, other tables are frames around paragraphs."""

    def __init__(self):
        self.blocks: list[Block] = []
        self.line: list[str] = []

    def read(self, element) -> list[Block]:
        self._walk(element)
        self._flush()
        return self.blocks

    def _flush(self) -> None:
        text = clean(re.sub(r"[ \t\r\n]+", " ", "".join(self.line)))
        self.line = []
        if text and not CHROME.match(squeeze(text)):
            self.blocks.append(text)

    def _walk(self, element) -> None:
        if element.text:
            self.line.append(element.text)
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag and tag not in SKIP_TAGS and not HIDDEN.search(child.get("style", "")):
                if tag == "br":
                    self._flush()
                elif tag == "table":
                    self._flush()
                    self._table(child)
                elif tag in BLOCK_TAGS:
                    self._flush()
                    self._walk(child)
                    self._flush()
                else:
                    self._walk(child)
            if child.tail:
                self.line.append(child.tail)

    def _table(self, table) -> None:
        rows = []
        for tr in table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr"):
            rows.append([SpanCell(cell_text(PageReader().read(td)), _span(td, "rowspan"), _span(td, "colspan"))
                         for td in tr if td.tag in ("td", "th")])
        resolved = resolve_spans(rows)
        if is_info_table(resolved.rows):
            return
        if resolved.rows and len(resolved.rows) > 1 and len(resolved.rows[0]) > 1:
            self.blocks.append(resolved)
        else:                                   # a layout table: read its cells as paragraphs
            for td in table.iter("td", "th"):
                self._walk(td)
                self._flush()


def _span(cell, attribute: str) -> int:
    try:
        return max(1, min(int(cell.get(attribute, "1")), 1000))
    except ValueError:
        return 1


def is_info_table(rows: list[list[str]]) -> bool:
    labels = {m.group(1) for row in rows for cell in row if (m := INFO_LABEL.match(squeeze(cell)))}
    return len(labels) >= 3


def page_metadata(tree) -> dict:
    """Title, issuer, 文号 and dates the page states: the info table first, then the meta tags."""
    found: dict[str, str] = {}
    for element in tree.iter("td", "th", "span", "label", "li", "p", "div", "dt", "dd", "b", "strong"):
        own = squeeze("".join(element.itertext()))
        m = INFO_LABEL.match(own)
        if not m or INFO_LABELS[m.group(1)] is None or len(own) > 80:
            continue
        value = m.group(2) or _next_text(element)
        key = INFO_LABELS[m.group(1)]
        if value and key not in found:
            found[key] = value
    for meta in tree.iter("meta"):
        key = META_TAGS.get(meta.get("name", ""))
        if key and meta.get("content", "").strip() and key not in found:
            found[key] = meta.get("content").strip()
    for key in ("date", "published"):
        if key in found:
            m = DATE.search(found[key])
            if m:
                found[key] = f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
            else:
                del found[key]
    return found


def _next_text(element) -> str:
    sibling = element.getnext()
    return squeeze("".join(sibling.itertext())) if sibling is not None else ""
