"""Glued tables: a crawler that dropped every cell separator leaves a table as one run of text,
the header words one after another (序号名称类型（机制、任务等）具体内容责任部门) and then each row
behind its 序号 (1重要指示…机制完善落实…各处室按职责分工负责2推进…).

Cells cannot be told apart again, but rows can, by their 序号 counting up, and a row's units
can, because a task-division table ends each row with them: the words after the row's last
full stop when they name agencies (交通与建设处、农业农村处负责; 区经发局区环土局)."""
from __future__ import annotations

import re

from ..model import Cell, TableColumn, TableRow
from .cells import UNIT_KINDS, Vocabulary

HEADER_WITHIN = 120        # the header starts this close to the start of the paragraph
MIN_ROW = 6                # a row holds at least this many characters
TAIL = 40                  # the units closing a row take at most this many characters
QUALIFIERS = ("主要", "具体", "重点")      # 主要工作任务, 具体工作措施, 主要责任单位
QUALIFIED = re.compile(r"[（(][^（）()]{1,20}[）)]")


def glued_header(text: str, vocabulary: Vocabulary) -> tuple[int, int, list[TableColumn]] | None:
    """(start, end, columns) of column words run together, starting with 序号 or 编号."""
    for number_word in ("序号", "编号"):
        start = text.find(number_word, 0, HEADER_WITHIN)
        if start < 0:
            continue
        words = sorted(vocabulary.columns, key=len, reverse=True)
        columns, i = [], start
        while i < len(text):
            lead = next((q for q in QUALIFIERS if text.startswith(q, i) and
                         any(text.startswith(w, i + len(q)) for w in words)), "")
            word = next((w for w in words if text.startswith(w, i + len(lead))), None)
            if word is None:
                break
            end = i + len(lead) + len(word)
            qualifier = QUALIFIED.match(text, end)
            if qualifier:
                end = qualifier.end()
            columns.append(TableColumn(text[i:end], vocabulary.columns[word]))
            i = end
        kinds = {c.kind for c in columns}
        if len(columns) >= 3 and kinds & set(UNIT_KINDS) and kinds & {"task", "title"}:
            return start, i, columns
    return None


def _row_starts(text: str, start: int) -> list[tuple[int, int]]:
    """(position, length of the number) of each row's 序号: 1, 2, 3 … in order, a number not
    part of a longer number or of 1、 (an item inside a cell) or of 5项, 3月."""
    found, k, pos = [], 1, start
    while True:
        key = str(k)
        m = re.compile(rf"(?<!\d){key}(?![\d、.．%％年月日号项个条家所处次件元万亿])").search(text, pos)
        if not m or (found and m.start() - found[-1][0] < MIN_ROW):
            if not m:
                break
            pos = m.end()
            continue
        found.append((m.start(), len(key)))
        pos, k = m.end() + MIN_ROW, k + 1
    return found


def _units_tail(row: str, vocabulary: Vocabulary) -> str:
    """The words closing a row that name its units (after its last full stop)."""
    stop = max(row.rfind("。"), row.rfind("；"), row.rfind(";"))
    tail = row[stop + 1:].strip()
    if not tail or len(tail) > TAIL:
        return ""
    return tail if vocabulary.unitness(tail) >= 0.6 else ""


def read_glued(paragraph, vocabulary: Vocabulary):
    """The Table in one paragraph of glued cells, or None."""
    text = paragraph.text
    header = glued_header(text, vocabulary)
    if header is None:
        return None
    _start, end, columns = header
    starts = _row_starts(text, end)
    if len(starts) < 2 or starts[0][0] - end > 2:
        return None
    number_col = next((i for i, c in enumerate(columns) if c.kind == "number"), 0)
    task_col = next(i for i, c in enumerate(columns) if c.kind in ("task", "title"))
    unit_col = next(i for i, c in enumerate(columns) if c.kind in UNIT_KINDS)
    rows = []
    for k, (pos, size) in enumerate(starts):
        row_end = starts[k + 1][0] if k + 1 < len(starts) else len(text)
        body = text[pos + size:row_end].strip()
        tail = _units_tail(body, vocabulary)
        row = TableRow(line=paragraph.line)
        row.cells[number_col] = [Cell(text[pos:pos + size], paragraph.line)]
        row.cells[task_col] = [Cell(body[:len(body) - len(tail)].strip() if tail else body, paragraph.line)]
        if tail:
            row.cells[unit_col] = [Cell(tail, paragraph.line)]
        rows.append(row)
    if sum(unit_col in row.cells for row in rows) * 2 < len(rows):
        return None                  # rows that do not end with units: no task table read this way
    caption = text[:_start].strip()
    pieces = [caption] + [c.name for c in columns] + [cell.text for row in rows for k in sorted(row.cells)
                                                     for cell in row.cells[k]]
    if re.sub(r"\s+", "", "".join(pieces)) != re.sub(r"\s+", "", text):
        return None                  # the cells must be the paragraph, every character of it
    return caption, columns, rows
