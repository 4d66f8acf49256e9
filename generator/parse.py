"""Parse clean lines into a document tree by the numbering rules of Chinese official documents.

Heading styles, outermost first: 附件 · 第X部分/篇 · 第X章 · 第X节 · 一、 · （一） · 1. · （1） · ①.
Full-width and half-width forms are the same style. Lines without numbering become
headings when they are short and unpunctuated; paragraphs that open with a short
sentence (提升农业科技创新能力。……) become "lead" headings where a part is made of them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Paragraph

CN_DIGITS = "零〇一二三四五六七八九十百两"
_CN = f"[{CN_DIGITS}]+"

# style -> (rank, pattern); the pattern's groups are (number, rest)
STYLES = {
    "part": (-0.5, re.compile(rf"^第\s*({_CN}|\d+)\s*(?:部分|篇)\s*[：:、.．]?\s*(.*)$")),
    "chapter": (0, re.compile(rf"^第\s*({_CN}|\d+)\s*章\s*(.*)$")),
    "section": (1, re.compile(rf"^第\s*({_CN}|\d+)\s*节\s*(.*)$")),
    "cn": (2, re.compile(rf"^({_CN})\s*[、，,．.]\s*(.*)$")),
    "paren-cn": (3, re.compile(rf"^[（(]\s*({_CN})\s*[）)]\s*[、，,．.]?\s*(.*)$")),
    "arabic": (4, re.compile(r"^(\d{1,3})\s*(?:[.．、](?!\d)|\s)\s*(.+)$")),
    "paren-arabic": (5, re.compile(r"^[（(]\s*(\d{1,3})\s*[）)]\s*[、，,．.]?\s*(.+)$")),
    "circled": (6, re.compile(r"^([\u2460-\u2473])\s*(.+)$")),
}
# 3.2.1开展隐患排查: decimal numbering, one level deeper per number (ranked between 1. and （1）)
DECIMAL = re.compile(r"^(\d{1,2}(?:[.．]\d{1,2}){1,3})(?![.．]?\d)\s*(?![万亿元%％个倍年月日号])(?=[\u4e00-\u9fff])(.+)$")
# a line of a table of contents: a heading with its page number (2.2部门职责\t4, 第一章 总则……1)
TOC_ENTRY = re.compile(r"(?:…{2,}|\.{4,}|·{4,}|-{4,}|(?<=[\u4e00-\u9fff）)])\s+)\d{1,3}$")
ANNEX = re.compile(r"^附\s*件\s*(\d*)\s*[:：]?\s*(.{0,60})$")
ANNEX_RANK = -1
SUB_ITEM_STYLES = {"paren-arabic", "circled"}

SENTENCE_END = "。！？!?"
# A lead sentence: short, no inner pause, ends with 。 and is followed by more text.
LEAD = re.compile(r"^(?:——)?([^。，,；;：:！？!?]{2,40}?)[。！]\s*(\S.*)$")
LABEL_LINE = re.compile(r"^[^：:。，,]{1,12}[：:]")
UNIT_NOTE = re.compile(r"[（(]\s*(?:牵头|责任|成员|配合|协办|参与|主责)(?:单位|部门)\s*[：:].*$")
HAN = re.compile(r"[\u4e00-\u9fff]")
DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月(\s*\d{1,2}\s*日)?$")


def cn_number(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 12 → 12."""
    if text.isdigit():
        return int(text)
    values = {c: i for i, c in enumerate("零一二三四五六七八九")}
    values.update({"〇": 0, "两": 2})
    total, current = 0, 0
    for ch in text:
        if ch in values:
            current = values[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def circled_number(ch: str) -> int:
    return ord(ch) - 0x2460 + 1


@dataclass
class Node:
    style: str               # one of STYLES, "annex", "plain", "lead" or "root"
    rank: float
    number: str | None       # the marker as printed, e.g. （一）
    ordinal: int | None
    title: str
    head: Paragraph | None   # the heading line itself
    body: list[Paragraph] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)
    held: bool = False       # a plain heading held by the bare label line above it

    @property
    def line(self) -> int:
        return self.head.line if self.head else 0

    def paragraphs(self):
        """Every paragraph of this subtree, in source order."""
        if self.head:
            yield self.head
        yield from self.body
        for child in self.children:
            yield from child.paragraphs()

    @property
    def last_line(self) -> int:
        last = self.line
        for p in self.paragraphs():
            last = max(last, p.line)
        return last

    def has_content(self) -> bool:
        return bool(self.body or self.children)


@dataclass
class Document:
    path: str
    preamble: list[Paragraph]
    root: Node


def classify(text: str):
    """Return (style, rank, marker, ordinal, rest) for a numbered heading line, else None."""
    annex = ANNEX.match(text)
    if annex:
        return "annex", ANNEX_RANK, "附件" + annex.group(1), int(annex.group(1) or 0) or None, annex.group(2)
    if TOC_ENTRY.search(text):
        return None
    decimal = DECIMAL.match(text)
    if decimal:
        parts = [int(n) for n in re.split(r"[.．]", decimal.group(1))]
        if all(parts):
            return "decimal", 4 + 0.1 * (len(parts) - 1), decimal.group(1), parts[-1], decimal.group(2).strip()
    for style, (rank, pattern) in STYLES.items():
        m = pattern.match(text)
        if not m:
            continue
        number, rest = m.group(1), m.group(2).strip()
        if style == "circled":
            ordinal = circled_number(number)
        else:
            ordinal = cn_number(number)
        if ordinal is None:
            continue
        if style in ("part", "chapter", "section") and not rest:
            rest = text
        if style == "arabic" and not HAN.search(rest[:3] or "x"):
            continue        # 2 0 2 2, "3 km" …: not a heading
        marker = text[: len(text) - len(m.group(2))].strip()
        return style, rank, marker, ordinal, rest
    return None


def heading_title(rest: str) -> str:
    """The title of a numbered line: its first sentence, without unit notes or a trailing colon."""
    first = rest
    for i, ch in enumerate(rest):
        if ch in SENTENCE_END:
            first = rest[:i]
            break
    first = UNIT_NOTE.sub("", first).strip()
    first = re.sub(r"[：:；;，,]\s*$", "", first).strip()
    if not first:
        first = UNIT_NOTE.sub("", rest).strip() or rest.strip()
    return first


def squeeze_title(text: str) -> str:
    """实　施　方　案 → 实施方案: spaces between Han characters are layout, not words."""
    return re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", text).strip()


CLOSING = re.compile(r"^特此(?:通知|通告|公告|函告|函复|批复|报告)[。！!]?$")
SIGNATURE_NAME = re.compile(r"^[\u4e00-\u9fff（）()、]{2,40}(?:政府|办公室|办公厅|委员会|管委会|局|委|厅|办|部|院|署|中心|集团|公司|小组)$")


def signature_lines(texts: list[tuple[int, str]]) -> set[int]:
    """Indices of signature lines: bare names of issuers right above a date (广东省自然资源厅 /
    广东省农业农村厅 / 2019年9月19日). They sign the text; they are no headings."""
    found: set[int] = set()
    for k, (_i, text) in enumerate(texts):
        if not DATE_LINE.match(re.sub(r"\s+", "", text)):
            continue
        j = k - 1
        while j >= 0 and SIGNATURE_NAME.match(re.sub(r"\s+", "", texts[j][1])):
            found.add(j)
            j -= 1
    return found


def is_plain_heading(text: str, next_text: str | None) -> bool:
    """A short, unpunctuated line followed by more text reads as a heading."""
    if next_text is None or TOC_ENTRY.search(text):
        return False
    compact = re.sub(r"\s+", "", text)
    if not (2 <= len(compact) <= 30) or len(HAN.findall(compact)) < 2:
        return False
    if compact[-1] in "。；;，,：:、！？!?":
        return False
    if LABEL_LINE.match(text) or DATE_LINE.match(compact) or "：" in compact or ":" in compact:
        return False
    return True


def lead_split(text: str):
    if re.match(r"^[一二三四五六七八九十]+是", text):
        return None                     # 一是…二是…: points of one item, not headings
    m = LEAD.match(text)
    if not m or len(HAN.findall(m.group(1))) < 2:
        return None
    return m.group(1).strip(), m.group(2)


FIGURE_AFTER_NUMBER = re.compile(r"^(\d{1,3})[.．](?=\d+[\u4e00-\u9fff])(.+)$")


def _next_in_sequence(text: str, last: int, kind: str):
    """11.121人才梯队项目 right after item 10: the next item, whose title opens with a figure."""
    m = FIGURE_AFTER_NUMBER.match(text) if kind == "text" and last else None
    if m and int(m.group(1)) == last + 1:
        return "arabic", STYLES["arabic"][0], m.group(1) + text[len(m.group(1))], last + 1, m.group(2).strip()
    return None


def numbered_heading(paragraphs: list, k: int):
    """classify() of paragraph k, if it is a heading: a bare number (三、 / （一）) is one only
    when the next paragraph is plain text that can title it."""
    para = paragraphs[k]
    found = classify(para.text) if para.kind == "text" else None
    if found and not found[4] and found[0] in ("cn", "paren-cn"):
        following = paragraphs[k + 1] if k + 1 < len(paragraphs) else None
        if following is None or following.kind != "text" or classify(following.text):
            return None
    return found


def parse(path: str, lines: list, block_labels: frozenset[str] = frozenset()) -> Document:
    """The document tree of a plan's paragraphs (model.Paragraph, from the layout stage; plain
    strings are taken as one paragraph per line)."""
    paragraphs = [Paragraph(i + 1, p) if isinstance(p, str) else p for i, p in enumerate(lines)]
    paragraphs = [p for p in paragraphs if p.text]
    numbered = [(k, numbered_heading(paragraphs, k)) for k in range(len(paragraphs))]
    top_ranks = [c[1] for _, c in numbered if c and c[0] != "annex"]
    first_body = len(paragraphs)
    if top_ranks:
        top = min(top_ranks)
        first_body = next(k for k, c in numbered if c and c[1] == top)

    preamble = paragraphs[:first_body]
    root = Node("root", -2, None, None, "", None)
    stack = [root]
    texts = [(k, p.text) for k, p in enumerate(paragraphs) if k >= first_body]
    signatures = signature_lines(texts)
    title_of_number = -1        # a paragraph that titles the bare number above it (三、 / 推动…)
    last_arabic = 0             # 10. before 11.121人才梯队项目: the number goes on, it is no decimal
    closed = False              # after 特此通知 only a numbered heading (附件1) opens a part again
    for k, (i, text) in enumerate(texts):
        para = paragraphs[i]
        if k == title_of_number:
            stack[-1].body.append(para)
            continue
        found = numbered_heading(paragraphs, i) or _next_in_sequence(text, last_arabic, para.kind)
        if found:
            style, rank, marker, ordinal, rest = found
            if style == "arabic":
                last_arabic = ordinal
            if not rest and style in ("cn", "paren-cn"):
                rest, title_of_number = texts[k + 1][1], k + 1
        if found:
            closed = False
            node = Node(style, rank, marker if rest else None, ordinal,
                        squeeze_title(heading_title(rest)) if rest else marker, para)
        else:
            next_text = texts[k + 1][1] if k + 1 < len(texts) else None
            if para.kind != "text" or k in signatures or closed or not is_plain_heading(text, next_text):
                closed = closed or bool(CLOSING.match(re.sub(r"\s+", "", text)))
                stack[-1].body.append(para)
                continue
            top_node = stack[-1]
            held = False
            if is_label_block(top_node, block_labels):
                rank = top_node.rank                # 组长/成员单位 lines hold no headings
            elif top_node.style == "plain" and not top_node.has_content() and not top_node.held:
                rank, held = top_node.rank + 0.1, True  # a bare label line holds the headings after it
            elif top_node.style == "plain":
                rank, held = top_node.rank, top_node.held   # a sibling (a run of short lines stays flat)
            else:
                rank = top_node.rank + 0.5
            node = Node("plain", rank, None, None, squeeze_title(text), para, held=held)
        while stack[-1].rank >= node.rank:
            stack.pop()
        stack[-1].children.append(node)
        stack.append(node)
    _promote_leads(root)
    return Document(path, preamble, root)


def label_of(text: str) -> str | None:
    m = LABEL_LINE.match(text)
    return re.sub(r"\s+", "", m.group(0)[:-1]) if m else None


def is_label_block(node: Node, block_labels: frozenset[str]) -> bool:
    """组长：… / 成员单位：… / 牵头单位：… lines only under a bare heading (1.组织机构): a list of
    who, not a heading over more text, and not an item whose own sentences come first."""
    if not node.body or node.children or not all(label_of(p.text) in block_labels for p in node.body):
        return False
    own = node.head.text[len(node.number or ""):] if node.head else ""
    return len(re.sub(r"[。.\s]+$", "", own)) <= 30 and not re.search(r"[。；;].", own)


def _promote_leads(root: Node) -> None:
    """Turn lead-sentence paragraphs into headings in parts made of them (five-year plans)."""
    stack = [root]
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        _promote_leads_of(node)


def _promote_leads_of(node: Node) -> None:
    if node.style == "root" or node.rank > STYLES["paren-cn"][0] or node.children:
        return
    leads = [p for p in node.body if lead_split(p.text)]
    if len(leads) < 2:
        return
    kept, current = [], None
    for index, p in enumerate(node.body):
        split = lead_split(p.text)
        if index == 0 and split and "、" in split[0]:
            split = None        # an opening sentence that enumerates (A、B、C) introduces the part
        if split:
            current = Node("lead", node.rank + 0.5, None, None, split[0], p)
            node.children.append(current)
        elif current is None:
            kept.append(p)
        else:
            current.body.append(p)
    node.body = kept
