"""PDF with a text layer: lines in reading order joined back into paragraphs, page numbers and
running heads removed, footnote marks dropped and footnotes kept, ruled tables with merged cells."""
from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass

import pdfplumber

from ..parse import classify
from .common import Block, ImportRefused, Imported, SpanCell, Table, resolve_spans

PAGE_NUMBER = re.compile(r"^(?:[—–\-－一~～]*\s*\d{1,4}\s*[—–\-－一~～]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|"
                         r"\d+\s*/\s*\d+|[Pp]age\s*\d+(?:\s*of\s*\d+)?)$")
FULL_WIDTH_DIGITS = {ord(d) + 0xFEE0: ord(d) for d in "0123456789"}
SENTENCE_END = "。；;：:！？!?"
MARGIN_ZONE = 0.12           # top and bottom share of the page where running heads and page numbers live


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    size: float
    lead: float               # width of the leading unbreakable run (see _lead_width)
    page: int
    page_height: float
    footnote: bool = False


@dataclass
class PageTable:
    table: Table
    top: float
    page: int


def read_pdf(data: bytes, name: str, progress=print) -> Imported:
    items, pages = _read_pages(data, name, progress)
    lines = [i for i in items if isinstance(i, Line)]
    if sum(len(re.findall(r"[\u4e00-\u9fff]", line.text)) for line in lines) < 20:
        raise ImportRefused(f"{name} has no text layer (it is a scan: {pages} page{'s' if pages != 1 else ''} of "
                            "images); run OCR on it first, or find the plan as a web page, Word file or PDF with text")
    running = _running_heads(lines, pages)
    kept = [i for i in items if not (isinstance(i, Line) and _in_margin(i)
                                     and (PAGE_NUMBER.match(i.text.replace(" ", "")) or i.text in running))]
    layout = Layout.of([i for i in kept if isinstance(i, Line) and not i.footnote])
    removed = len(items) - len(kept)
    notes = [f"{pages} pages; {removed} page numbers and running heads removed"]
    return Imported("pdf", _blocks(kept, layout), notes=notes)


def _read_pages(data: bytes, name: str, progress) -> tuple[list, int]:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        count = len(pdf.pages)
    except Exception as exc:                     # pdfminer raises many kinds for damaged files
        kind = " ".join(type(e).__name__ for e in (exc, *exc.args) if isinstance(e, Exception)) or type(exc).__name__
        if "Password" in kind or "Encrypt" in kind:
            raise ImportRefused(f"{name} is an encrypted PDF that needs a password to open; open it with the "
                                "password and print it to a new PDF, or find the plan as a web page or Word file")
        raise ImportRefused(f"{name} is a damaged PDF ({kind}); download it again") from None
    items: list = []
    with pdf:
        for number, page in enumerate(pdf.pages, start=1):
            if count > 20 and number % 20 == 0:
                progress(f"reading {name}: page {number} of {count}…")
            items.extend(_page_items(page.dedupe_chars(), number))
    return items, count


# ---------------------------------------------------------------- one page

def _page_items(page, number: int) -> list:
    tables = [t for t in page.find_tables() if len(t.rows) >= 2 and max(len(r.cells) for r in t.rows) >= 2]
    inside = [t.bbox for t in tables]
    chars = [c for c in page.chars if c["text"].strip() and not any(_within(c, box) for box in inside)]
    rule = _footnote_rule(page, inside)
    items: list = []
    for text, x0, x1, top, size, lead in cluster_lines(chars):
        items.append(Line(text, x0, x1, top, size, lead, number, float(page.height),
                          footnote=rule is not None and top > rule))
    for table in tables:
        items.append(PageTable(_table(page, table), table.bbox[1], number))
    return sorted(items, key=lambda i: i.top)


def _within(char, box) -> bool:
    x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _footnote_rule(page, tables) -> float | None:
    """The short rule a word processor draws above the footnotes, in the lower half of the page."""
    for edge in page.horizontal_edges:
        width = edge["x1"] - edge["x0"]
        if page.height / 2 < edge["top"] < page.height * (1 - MARGIN_ZONE / 2) and 30 < width < page.width / 3 \
                and not any(box[1] - 2 <= edge["top"] <= box[3] + 2 for box in tables):
            return edge["top"]
    return None


def cluster_lines(chars) -> list[tuple[str, float, float, float, float, float]]:
    """Characters grouped into lines: (text, x0, x1, top, size, width of the leading unbreakable
    run), top to bottom. A raised footnote mark stays in its line (and is dropped); text that
    overlaps another line on the same height (a text box over a title) is a line of its own."""
    rows: list[list[dict]] = []
    for char in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if rows and _overlap(rows[-1], char) >= 0.5:
            rows[-1].append(char)
        else:
            rows.append([char])
    lines = []
    for row in rows:
        for part in _untangle(row):
            size = Counter(round(c["size"], 1) for c in part).most_common(1)[0][0]
            kept = [c for c in part if not _footnote_mark(c, size)]
            if kept:
                lines.append((_line_text(kept), kept[0]["x0"], kept[-1]["x1"], min(c["top"] for c in kept), size,
                              _lead_width(kept)))
    return sorted(lines, key=lambda line: line[3])


def _overlap(row: list[dict], char) -> float:
    top, bottom = min(c["top"] for c in row), max(c["bottom"] for c in row)
    shared = min(bottom, char["bottom"]) - max(top, char["top"])
    return shared / max(min(bottom - top, char["bottom"] - char["top"]), 0.1)


def _untangle(row: list[dict]) -> list[list[dict]]:
    """Two lines printed at one height (a text box over a title) collide: split them by font size."""
    ordered = sorted(row, key=lambda c: c["x0"])
    collide = any(b["x0"] < a["x1"] - 0.3 * min(a["size"], b["size"]) for a, b in zip(ordered, ordered[1:]))
    sizes = Counter(round(c["size"]) for c in row)
    if not collide or len([n for n in sizes.values() if n > 1]) < 2:
        return [ordered]
    return [[c for c in ordered if round(c["size"]) == size] for size in sizes if sizes[size] > 1]


OPENING = "（(“‘《〔【「『[<"
CLOSING = "，,。.、；;：:！!？?）)”’》〕】」』]>%‰"


def _lead_width(chars) -> float:
    """Width of what a layout engine would not split from the start of a line: an opening bracket
    with what follows, a number or Latin word with the punctuation inside and after it
    (97%、109%、93.56%。), a Chinese character with the closing punctuation after it."""
    i = 0
    while i < len(chars) - 1 and chars[i]["text"] in OPENING:
        i += 1
    latin = chars[i]["text"].isascii() and chars[i]["text"].isalnum()
    while i + 1 < len(chars):
        following = chars[i + 1]["text"]
        if following in CLOSING or (latin and following.isascii() and (following.isalnum() or following in ".%/:-")):
            i += 1
        else:
            break
    return chars[i]["x1"] - chars[0]["x0"]


def _footnote_mark(char, size: float) -> bool:
    return char["size"] < 0.75 * size and re.fullmatch(r"[0-9*\u2460-\u2473]", char["text"]) is not None


def _line_text(chars) -> str:
    """Text of one line; a space only where the gap is a real one (between Latin words, or a whole
    character wide elsewhere); full-width digits made plain."""
    out = [chars[0]["text"]]
    for before, char in zip(chars, chars[1:]):
        gap = char["x0"] - before["x1"]
        latin = before["text"].isascii() and char["text"].isascii()
        if gap > (0.15 if latin else 0.5) * char["size"]:
            out.append(" ")
        out.append(char["text"])
    return "".join(out).translate(FULL_WIDTH_DIGITS)


def _table(page, table) -> Table:
    """A ruled table: each cell placed on the grid of its edges, so merged cells span rows and columns."""
    cells = [c for c in table.cells if c]
    xs, ys = _edges([c[0] for c in cells] + [c[2] for c in cells]), _edges([c[1] for c in cells] + [c[3] for c in cells])
    placed = {}
    for x0, top, x1, bottom in cells:
        r0, r1, c0, c1 = _index(ys, top), _index(ys, bottom), _index(xs, x0), _index(xs, x1)
        if r1 > r0 and c1 > c0:
            chars = [c for c in page.chars if c["text"].strip() and _within(c, (x0, top, x1, bottom))]
            placed[(r0, c0)] = SpanCell(_cell_text(chars), r1 - r0, c1 - c0)
    covered = {(r, c) for (r0, c0), cell in placed.items()
               for r in range(r0, r0 + cell.rows) for c in range(c0, c0 + cell.cols)}
    rows = []
    for r in range(len(ys) - 1):
        rows.append([placed.get((r, c), SpanCell("")) for c in range(len(xs) - 1)
                     if (r, c) in placed or (r, c) not in covered])
    return resolve_spans(rows)


def _edges(values: list[float]) -> list[float]:
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > 2:
            edges.append(value)
    return edges


def _index(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def _cell_text(chars) -> str:
    text = ""
    for line in cluster_lines(chars):
        text = _join(text, line[0])
    return text


def _join(text: str, more: str) -> str:
    """Lines of one paragraph: Chinese joins without a space, Latin words with one."""
    if text and more and text[-1].isascii() and text[-1].isalnum() and more[0].isascii() and more[0].isalnum():
        return text + " " + more
    return text + more


# ---------------------------------------------------------------- all pages

def _in_margin(line: Line) -> bool:
    return line.top < line.page_height * MARGIN_ZONE or line.top > line.page_height * (1 - MARGIN_ZONE)


def _running_heads(lines: list[Line], pages: int) -> set[str]:
    """Texts that recur in the top or bottom margin of at least half the pages (two at least)."""
    if pages < 2:
        return set()
    seen = Counter()
    for line in filter(_in_margin, lines):
        seen[(line.text, line.page)] += 1
    per_text = Counter(text for text, _page in seen)
    return {text for text, count in per_text.items() if count >= max(2, pages / 2)}


@dataclass
class Layout:
    """The body text's geometry: font size, left edge, right edge, line pitch."""
    size: float
    left: float
    right: float
    pitch: float

    @classmethod
    def of(cls, lines: list[Line]) -> "Layout":
        sizes = Counter()
        for line in lines:
            sizes[round(line.size)] += len(line.text)
        size = sizes.most_common(1)[0][0] if sizes else 12
        body = [line for line in lines if abs(line.size - size) < 1] or lines
        starts = Counter(round(line.x0) for line in body)
        frequent = [x for x, n in starts.items() if n >= max(2, len(body) * 0.03)] or list(starts)
        left = min(frequent) if frequent else 0
        widest = max((line.x1 for line in body), default=left + 1)
        ends = Counter(round(line.x1) for line in body if line.x1 > left + 0.8 * (widest - left))
        right = ends.most_common(1)[0][0] if ends else widest
        steps = Counter(round(b.top - a.top) for a, b in zip(body, body[1:]) if a.page == b.page and b.top > a.top)
        pitch = steps.most_common(1)[0][0] if steps else size * 1.5
        return cls(size, left, right, pitch)

    def continues(self, before: Line, line: Line) -> bool:
        """Whether `line` goes on with the paragraph that `before` ends."""
        if abs(before.size - line.size) > 1 or before.footnote != line.footnote:
            return False
        room = self.right - before.x1
        if room > line.lead + 0.5 * before.size and (before.text[-1] in SENTENCE_END or room > 4 * before.size):
            return False             # the line before stopped short though the next words would have fit
        if before.page == line.page and line.top - before.top > 1.6 * max(self.pitch, before.size):
            return False                                   # a blank line between
        if classify(line.text) and before.text[-1] in SENTENCE_END:
            return False                                   # a numbered label after a finished sentence
        title_wrap = abs(before.size - self.size) > 1 and before.text[-1] not in SENTENCE_END
        return title_wrap or line.x0 < self.left + 1.2 * line.size      # else an indented first line


def _blocks(items: list, layout: Layout) -> list[Block]:
    """Paragraphs and tables in reading order. Footnotes wait for the end of the paragraph they
    interrupt (at a page foot); a table whose next page starts with the same table goes on."""
    blocks: list[Block] = []
    notes: list[str] = []
    before: Line | None = None
    for item in items:
        if isinstance(item, Line) and item.footnote:
            if notes and not _footnote(item.text).startswith("注"):
                notes[-1] = _join(notes[-1], item.text)
            else:
                notes.append(_footnote(item.text))
            continue
        if isinstance(item, PageTable):
            previous = blocks[-1] if blocks and before is None else None
            if isinstance(previous, Table) and len(previous.rows[0]) == len(item.table.rows[0]):
                rows = item.table.rows
                previous.rows.extend(rows[1:] if rows[0] == previous.rows[0] else rows)
            else:
                blocks.extend(notes)
                notes = []
                blocks.append(item.table)
            before = None
        elif before is not None and layout.continues(before, item):
            blocks[-1] = _join(blocks[-1], item.text)
            before = item
        else:
            blocks.extend(notes)
            notes = []
            blocks.append(item.text)
            before = item
    return blocks + notes


def _footnote(text: str) -> str:
    m = re.match(r"^([0-9]{1,2}|[\u2460-\u2473*])\s*(.+)$", text)
    return f"注{m.group(1)}：{m.group(2)}" if m else text
