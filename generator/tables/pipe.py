"""Markdown pipe tables, as `python -m generator add` writes them: header, separator, one row per
paragraph; a merged cell's value repeated in every row it spans; a group row with its text in
the first cell only."""
from __future__ import annotations

import re

from ..model import Cell, TableColumn, TableRow
from .cells import SEPARATOR_ROW

def _pipe_cells(text: str) -> list[str]:
    inner = text.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [c.replace("\\|", "|").strip() for c in re.split(r"(?<!\\)\|", inner)]


def read_pipe(paragraphs, start, vocabulary):
    """A Markdown pipe table: header, separator, one row per paragraph."""
    if start + 1 >= len(paragraphs) or not SEPARATOR_ROW.match(paragraphs[start + 1].text.strip()):
        return None
    names = _pipe_cells(paragraphs[start].text)
    columns = [TableColumn(n, vocabulary.kind_of(n) or "other") for n in names]
    rows, k = [], start + 2
    while k < len(paragraphs) and paragraphs[k].text.strip().startswith("|"):
        p = paragraphs[k]
        values = _pipe_cells(p.text)
        filled = [i for i, v in enumerate(values) if v]
        if len(filled) == 1 and filled[0] == 0 and len(columns) > 2:
            rows.append(TableRow(section=values[0], line=p.line, cells={0: [Cell(values[0], p.line)]}))
        else:
            row = TableRow(line=p.line)
            for i, value in enumerate(values[:len(columns)]):
                if value:
                    row.cells[i] = [Cell(value, p.line)]
            rows.append(row)
        k += 1
    return rows, k, columns


