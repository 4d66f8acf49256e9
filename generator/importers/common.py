"""What every importer shares: the refusal, the imported document, tables with merged cells,
character clean-up and the plan text (one paragraph per line, tables as Markdown pipe tables)."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..read import normalise

MAX_BYTES = 20 * 1024 * 1024
FORMATS = ("html", "docx", "doc", "wps", "pdf")


class ImportRefused(Exception):
    """An input that cannot be imported; the message is one sentence naming the file."""


@dataclass
class Table:
    rows: list[list[str]]          # every row as wide as the first; merged cells already resolved


Block = str | Table


@dataclass
class Imported:
    format: str                    # one of FORMATS
    blocks: list[Block]
    meta: dict = field(default_factory=dict)     # what the page or file says about itself (yml keys)
    notes: list[str] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[str]:
        return [b for b in self.blocks if isinstance(b, str)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


# ---------------------------------------------------------------- characters

# Ligatures (ﬁ), CJK compatibility ideographs (U+F900–FAFF) and presentation forms that PDFs and
# old fonts put in place of the plain characters; the reader's own table covers Kangxi radicals.
_COMPAT = re.compile("[\ufb00-\ufb4f\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe4f]")


def clean(text: str) -> str:
    """One paragraph's text: the reader's look-alike table, compatibility forms made plain,
    line breaks made spaces, ends trimmed."""
    text = unicodedata.normalize("NFC", text)
    text = _COMPAT.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)
    return normalise(text).replace("\r", " ").replace("\n", " ").replace("\v", " ").replace("\f", " ").strip()


# ---------------------------------------------------------------- tables

@dataclass
class SpanCell:
    """A cell as the source gives it: covered positions of a merge are not listed (HTML's model)."""
    text: str
    rows: int = 1
    cols: int = 1


def resolve_spans(rows: list[list[SpanCell]]) -> Table:
    """Place cells on the grid. A vertical merge repeats its value in every row it spans; a cell
    spanning the whole width (a group row such as 一、产业发展) keeps its text in the first cell only;
    other horizontal merges repeat the value."""
    placed: dict[tuple[int, int], str] = {}
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in placed:
                c += 1
            for rr in range(r, r + max(cell.rows, 1)):
                for cc in range(c, c + max(cell.cols, 1)):
                    placed[(rr, cc)] = cell.text
            c += max(cell.cols, 1)
        width = max(width, c)
    grid = [[placed.get((r, c), "") for c in range(width)] for r in range(len(rows))]
    for r, row in enumerate(rows):
        for cell in row:
            if cell.cols >= width and width > 1:
                for rr in range(r, r + max(cell.rows, 1)):
                    grid[rr][1:] = [""] * (width - 1)
    return Table([row for row in grid if any(v.strip() for v in row)])


def table_or_paragraphs(table: Table) -> list[Block]:
    """A one-row or one-column table is a frame around text, not a table."""
    if not table.rows:
        return []
    if len(table.rows) == 1 or len(table.rows[0]) == 1:
        return [text for row in table.rows for text in dict.fromkeys(row) if text]
    return [table]


def cell_text(paragraphs: list[str]) -> str:
    return " ".join(p for p in (clean(p) for p in paragraphs) if p)


def markdown_table(table: Table) -> list[str]:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(clean(c).replace("|", "\\|") for c in cells) + " |"
    header, *body = table.rows
    return [line(header), "| " + " | ".join("---" for _ in header) + " |", *map(line, body)]


# ---------------------------------------------------------------- the plan text

def plan_text(blocks: list[Block]) -> str:
    """One paragraph per line; a table as a pipe table between blank lines; ends with a newline."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            if lines and lines[-1]:
                lines.append("")
            lines.extend(markdown_table(block))
            lines.append("")
        else:
            text = clean(block)
            if text:
                lines.append(text)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"
