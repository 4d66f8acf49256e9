"""From clean lines to the paragraphs of a plan, whatever wrapped it on its way here.

Plans arrive saved by crawlers and databases: YAML front matter or `标题: …` header lines,
`> ` disclaimers, a Markdown `# ` title, HTML fragments (`<p>` tags, escaped quotes), or the
whole body on one line with paragraphs run together. This stage undoes the wrapping:
metadata lines become `meta` paragraphs (and candidate metadata), disclaimers `note`
paragraphs, markup is dropped, and a wall of text is cut back into its paragraphs. Every
paragraph keeps the line it stands on, so every fact still links to its source line.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from .model import Paragraph
from .rejoin import Rejoiner

FENCE = re.compile(r"^-{3,}\s*$")
SEPARATOR = re.compile(r"^[=\-—_*#~\s]{5,}(?:[\u4e00-\u9fff]{1,6}[=\-—_*#~\s]{5,})?$")
LABELLED = re.compile(r"^\s*[【\[]?\s*([\u4e00-\u9fffA-Za-z_ ]{1,10}?)\s*[】\]]?\s*[:：】\]]\s*(.*)$")
QUOTE = re.compile(r"^>\s?")
MD_HEADING = re.compile(r"^\\?#{1,6}\s+")          # `## 一、…`, also escaped by a converter: `\## 一、…`
TAG = re.compile(r"</?(?:p|br|div|span|td|th|tr|table|tbody|thead|li|ul|ol|h[1-6]|font|strong|b|i|u|em|a|img|"
                 r"section|article|center|o:p|st1:[a-z]+)\b[^<>]{0,400}>", re.I)
BLOCK_TAG = re.compile(r"<\s*(?:br\s*/?|/p|/div|/li|/tr|/h[1-6]|/table|/section|/article|/center)\s*>|"
                       r"<(?:p|div|li|tr|h[1-6]|table|section|article)\b[^<>]{0,400}>", re.I)
CELL_TAG = re.compile(r"<\s*/t[dh]\s*>", re.I)
HTML_MIN_TAGS = 3

WALL_LINE = 400          # a line this long may hold several paragraphs run together
WALL_SPLITS = 3          # ... when it has at least this many paragraph breaks
BODY_WALL = 1000         # a line this long is a whole body: numbered items may run on without a break
CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
SPACE_BREAK = re.compile(rf"(?<=[{CJK}”’）)])[ \t]+(?=[{CJK}“‘\u2460-\u2473]|[（(][一二三四五六七八九十\d]|\d{{1,2}}[.．、](?!\d)|"
                         r"\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|底|内|末)?(?:\s|$))")   # a date or deadline cell
SIGNATURE_NOTE = r"[（(](?:联系人|联系电话|此件|本件)"      # （联系人：…）, （此件公开发布） under a signature
DATE_THEN_TEXT = re.compile(r"(\d{4}年\d{1,2}月\d{1,2}日)(?=[\u4e00-\u9fff])(?![前起以至到后止内])")
DATE_THEN_NOTE = re.compile(rf"(?<=\d日)\s*(?={SIGNATURE_NOTE})")
NOTE_THEN_TEXT = re.compile(rf"({SIGNATURE_NOTE}[^（）()]{{0,60}}[）)])(?=[\u4e00-\u9fff])")
ISSUER_THEN_DATE = re.compile(rf"(?<=[室厅府会局委])(?=\d{{4}}年\d{{1,2}}月\d{{1,2}}日(?:{SIGNATURE_NOTE}|\s|$))")
RUN_ON_LABEL = re.compile(r"(?:(?P<cn>[一二三四五六七八九十]{1,3})、|[（(](?P<pcn>[一二三四五六七八九十]{1,3})[）)]"
                          r"|(?<![\d.．])(?P<ar>\d{1,2})[.．、](?![\d%％])|[（(](?P<par>\d{1,2})[）)])")
SENTENCE_END = "。；！？;!?：:"


@dataclass
class Layout:
    paragraphs: list[Paragraph]
    meta: dict = field(default_factory=dict)     # field -> (value, line): metadata the wrapper states


def is_html(lines: list[str]) -> bool:
    count = 0
    for line in lines:
        count += len(TAG.findall(line))
        if count >= HTML_MIN_TAGS:
            return True
    return False


def _labelled(text: str, labels: dict) -> tuple[str, str] | None:
    m = LABELLED.match(text)
    if not m:
        return None
    label = re.sub(r"\s+", "", m.group(1))
    return (label, m.group(2).strip()) if label in labels else None


def _header_end(lines: list[str], labels: dict) -> tuple[int, int]:
    """(first, end) of a block of metadata lines at the top: YAML front matter between `---`
    fences, or `标题: …`-style lines (at least two) up to a separator line."""
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    if first < len(lines) and FENCE.match(lines[first]):
        for j in range(first + 1, min(len(lines), first + 80)):
            if FENCE.match(lines[j]):
                return first, j + 1
    j, known = first, 0
    while j < len(lines) and j < first + 40:
        text = lines[j]
        if not text.strip():
            j += 1
            continue
        if _labelled(text, labels):
            known += 1
            j += 1
        elif known and (SEPARATOR.match(text) or re.match(r"^[\u4e00-\u9fff]{2,12}详见", text)):
            j += 1
        else:
            break
    return (first, j) if known >= 2 else (first, first)


def _wall(text: str) -> list[str]:
    """Paragraphs run together on one line: split at white space between Chinese text (a
    paragraph break that became a space) and, in a whole body on one line, before a number
    that continues its sequence right after a full stop (……。二、……)."""
    if len(text) < WALL_LINE:
        return [text]
    parts = [q for p in SPACE_BREAK.split(DATE_THEN_TEXT.sub("\\1 ", text)) for q in _signature(p) if q.strip()]
    if len(parts) < WALL_SPLITS:
        parts = [text]
    parts = _row_numbers(parts)
    if len(text) < BODY_WALL:
        return parts
    out, last = [], {}
    for part in parts:
        out.extend(_run_on(part, last))
    return out


ROW_NUMBER = re.compile(r"(?:(?<=\s)|^)(\d{1,3})(?=\s+[^\d\s])")


def _row_numbers(parts: list[str]) -> list[str]:
    """A table flattened one cell per line and then run onto one line: its row numbers stand
    alone between spaces (… 推进单位 行动一 1 “一江一河”地区… 2 推进…). A number that goes on
    from the last one found (1, 2, 3 …) is a cell of its own."""
    out, last = [], 0
    for part in parts:
        start = 0
        for m in ROW_NUMBER.finditer(part):
            if int(m.group(1)) != last + 1:
                continue
            last += 1
            out.extend(piece for piece in (part[start:m.start()].strip(), m.group(1)) if piece)
            start = m.end()
        rest = part[start:].strip()
        if rest:
            out.append(rest)
    return out


def _signature(part: str) -> list[str]:
    """A signature run into its date and a note under it: …管委会办公室2015年4月17日（联系人：…）平潭…实施方案
    → the signature, the date, the note and the text after it."""
    cuts = sorted({m.end() for m in NOTE_THEN_TEXT.finditer(part)} | {m.start() for m in DATE_THEN_NOTE.finditer(part)}
                  | {m.start() for m in ISSUER_THEN_DATE.finditer(part)} - {0})
    return [part[a:b] for a, b in zip([0] + cuts, cuts + [len(part)])]


def _number(m: re.Match) -> tuple[str, int]:
    from .parse import cn_number
    for style in ("cn", "pcn", "ar", "par"):
        if m.group(style):
            return style, cn_number(m.group(style)) or 0
    return "", 0


ORDER = ("cn", "pcn", "ar", "par")


def _run_on(text: str, last: dict[str, int]) -> list[str]:
    """Cut before numbered items that run on without a break, when the number continues the
    sequence of its style (so 一是…；2.5亿元 and inline enumerations stay whole): after a full
    stop, or right after the previous item's words for the unmistakable forms 二、 （二） （2）.
    `last` (the last number of each style) runs on from one piece of the body to the next."""
    cuts, last_cut = [], -100
    for m in RUN_ON_LABEL.finditer(text):
        style, ordinal = _number(m)
        before = text[:m.start()].rstrip()[-1:]
        rank = ORDER.index(style)
        gap = ordinal - last.get(style, 0)
        continues = gap == 1 or (style in last and 1 < gap <= 3 and before in SENTENCE_END + "）)")    # a number skipped
        higher_since = any(last.get(f"@{h}", -1) > last.get(f"@{style}", -1) for h in ORDER[:rank])
        starts = ordinal == 1 and (style not in last or higher_since)
        if not (continues or starts):
            continue
        if m.start() > 0 and before not in SENTENCE_END and style == "ar":
            if not continues and m.start() - last_cut > 30:
                continue       # an arabic list starts after a stop, or right after its heading: （一）提升1.明确
        last[style] = ordinal
        last["@count"] = last.get("@count", 0) + 1
        last[f"@{style}"] = last["@count"]      # the order in which styles were last cut
        last_cut = m.start()
        if m.start() > 0:
            cuts.append(m.start())
    pieces, start = [], 0
    for cut in cuts:
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip()]


def _html_paragraphs(text: str) -> list[tuple[str, bool]]:
    """A line of HTML → (paragraph, is_cell) pieces: block tags break paragraphs, table cells
    become one paragraph each, other tags are dropped, entities and escaped quotes decoded."""
    text = text.replace('\\"', '"').replace("\\'", "'")
    text = CELL_TAG.sub("\0", text)
    pieces = []
    for block in BLOCK_TAG.split(text):
        for cell in block.split("\0"):
            cell = html.unescape(TAG.sub("", cell)).replace("\u00a0", " ").replace("\u3000", " ").strip()
            if cell:
                pieces.append(cell)
    return [(p, False) for p in pieces]


def lay_out(lines: list[str], labels: dict) -> Layout:
    """The paragraphs of a plan from its clean lines (lines[0] is line 1); `labels` maps the
    labels of metadata lines (content/structure.yml metadata_labels) to metadata fields."""
    layout = Layout([])
    first, end = _header_end(lines, labels)
    html_mode = is_html(lines)
    joiner = Rejoiner(lines, html_mode)
    value_label = None
    in_comment = False
    for index, raw in enumerate(lines):
        number = index + 1
        text = raw.strip()
        if not text or (first <= index < end and (FENCE.match(text) or SEPARATOR.match(text))
                        and not re.search(r"[\u4e00-\u9fff]", text)):
            continue                  # a fence or rule of the wrapper: markup only (==== 正文 ==== is kept)
        kind = "text"
        if text.startswith("<!--") or in_comment:
            in_comment = not text.endswith("-->")      # an HTML comment: kept as a note, never read
            joiner.flush(layout.paragraphs)
            layout.paragraphs.append(Paragraph(number, text, "note"))
            continue
        if first <= index < end or (index < 60 and _labelled(text, labels) and _is_meta_line(text, labels)):
            kind = "meta"
            pairs = label_pairs(text, labels)
            for label, value in pairs:
                if value and labels.get(label):
                    layout.meta.setdefault(labels[label], (value, number))
            value_label = pairs[-1][0] if pairs and not pairs[-1][1] else None
        elif value_label and len(text) <= 40 and not _labelled(text, labels):
            kind = "meta"                 # the value of the label on the line above (成文日期： / 2025-09-29)
            if labels.get(value_label):
                layout.meta.setdefault(labels[value_label], (text, number))
            value_label = None
        elif QUOTE.match(text):
            kind, text, value_label = "note", QUOTE.sub("", text).strip(), None
        else:
            text, value_label = MD_HEADING.sub("", text), None
        pieces = [piece for piece, _cell in _html_paragraphs(text)] if html_mode else [text]
        for piece in pieces:
            for paragraph in (_wall(piece) if kind == "text" else [piece]):
                if paragraph.strip():
                    joiner.place(layout.paragraphs, Paragraph(number, paragraph.strip(), kind), piece is pieces[0])
    joiner.flush(layout.paragraphs)
    return layout


def label_pairs(text: str, labels: dict) -> list[tuple[str, str]]:
    """Every `label：value` of a metadata line; one line may hold several (来源：X 发布时间：Y)."""
    spaced = lambda label: r"\s*".join(map(re.escape, label))           # 文 号 ：, 索 引 号 ：
    names = "|".join(spaced(label) for label in sorted(labels, key=len, reverse=True))
    marks = list(re.finditer(rf"[【\[]?\s*({names})\s*[】\]]?\s*[:：】\]]", text)) if names else []
    pairs = []
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        pairs.append((re.sub(r"\s+", "", m.group(1)), text[m.end():end].strip()))
    return pairs


def _is_meta_line(text: str, labels: dict) -> bool:
    """A 北大法宝-style line such as 【发布部门】 or 发文字号： near the top, not a sentence."""
    found = _labelled(text, labels)
    return bool(found) and len(found[1]) <= 80 and not re.search(r"[。；]$", found[1])
