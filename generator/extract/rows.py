"""A task from a row of a task table: its number, title, place in the plan, text and units."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Cell, Paragraph, Table, TableRow

ROLE_OF_COLUMN = {"lead": "lead", "responsible": "responsible", "support": "support", "owner": "responsible"}
TITLE_LENGTH = 40


@dataclass
class RowFields:
    number: str | None
    title: str
    path: list[str]
    line: int
    paragraphs: list[Paragraph]
    cells: list[tuple[str, str, int, bool]] = field(default_factory=list)   # (column, text, line, inherited)
    units: list[tuple[str, Cell]] = field(default_factory=list)             # (role, cell)


def first_sentence(text: str) -> str:
    """A title from a cell: its first sentence, or its first clause when that is long."""
    sentence = re.split(r"[。；;！？]", text, 1)[0].strip()
    if len(sentence) > TITLE_LENGTH:
        sentence = re.split(r"[，,：:]", sentence, 1)[0].strip()
    if len(sentence) > TITLE_LENGTH:
        sentence = sentence[:TITLE_LENGTH - 1] + "…"
    return sentence or text[:TITLE_LENGTH]


def row_task_fields(table: Table, row: TableRow, group: str | None) -> RowFields | None:
    """What a data row says as a task, or None when it has nothing to do (a 合计 row)."""
    kinds = [c.kind for c in table.columns]
    task_col = next((i for i, k in enumerate(kinds) if k == "task" and row.text(i, inherited=False)), None)
    title_col = next((i for i, k in enumerate(kinds) if k == "title" and row.text(i)), None)
    main = task_col if task_col is not None else title_col
    if main is None:
        return None
    main_cells = row.cells.get(main) or row.inherited.get(main) or []
    number_col = next((i for i, k in enumerate(kinds) if k == "number"), None)
    number = row.text(number_col, inherited=False) if number_col is not None else None
    path = [group] if group else []
    for i, kind in enumerate(kinds):
        if kind in ("group", "title") and i != main and row.text(i):
            path.append(row.text(i))
    paragraphs = [Paragraph(cell.line, cell.text) for i in sorted(row.cells) for cell in row.cells[i]]
    fields = RowFields(number or None, first_sentence(row.text(main)), path, main_cells[0].line, paragraphs)
    for i, column in enumerate(table.columns):
        own = row.cells.get(i)
        cells = own or row.inherited.get(i) or []
        if cells:
            fields.cells.append((column.name, "".join(c.text for c in cells), cells[0].line, not own))
        if column.kind in ROLE_OF_COLUMN:
            fields.units.extend((ROLE_OF_COLUMN[column.kind], cell) for cell in cells)
    return fields
