"""Flattened tables: one cell per paragraph, the header row first, rows found by their 序号
(1, 2, 3 … in order) or, without a 序号 column, by running through the columns once."""
from __future__ import annotations

from ..model import Cell, Paragraph, TableColumn, TableRow
from .cells import (CARRIED, HEADER_CELL, NUMBER, SECTION, SENTENCE, SKIP, UNIT_KINDS, UNKNOWN_HEADING,
                    Vocabulary, align, fit)

def header_at(paragraphs: list[Paragraph], start: int, vocabulary: Vocabulary) -> list[TableColumn] | None:
    """The columns of a flattened header row starting at paragraphs[start], if one starts there
    (a header starts with a known column word)."""
    if vocabulary.kind_of(paragraphs[start].text.strip()) is None or len(paragraphs[start].text.strip()) > HEADER_CELL:
        return None
    columns, known = [], 0
    for p in paragraphs[start:start + 16]:
        text = p.text.strip()
        if p.kind != "text" or len(text) > HEADER_CELL or SENTENCE.search(text) or NUMBER.match(text):
            break
        kind = vocabulary.kind_of(text)
        if kind is None and (len(text) > UNKNOWN_HEADING or SECTION.match(text)):
            break
        if kind is not None and any(c.name == text for c in columns):
            break                       # a heading word twice: the header ended (a repeated header follows)
        columns.append(TableColumn(text, kind or "other"))
        known += kind is not None
    while columns and columns[-1].kind == "other":
        columns.pop()
    lead_in = 0
    while lead_in < len(columns) and columns[lead_in].kind == "other":
        lead_in += 1                    # a caption or 附件2 before the header is not a column
    columns = columns[lead_in:]
    kinds = {c.kind for c in columns}
    if len(columns) >= 2 and known >= 2 and known * 2 >= len(columns) and len(kinds - {"other"}) >= 2:
        return columns
    return None


def _repeated_header(paragraphs, k, columns) -> int:
    """Length of a repeated header (after a page break) at paragraphs[k], else 0."""
    names = [c.name for c in columns]
    texts = [p.text.strip() for p in paragraphs[k:k + len(names)]]
    return len(names) if texts == names else 0


def _anchors(paragraphs, start, end) -> list[int]:
    """Indexes of the 序号 cells: integers counting up from where the table starts."""
    anchors, expected = [], None
    for k in range(start, end):
        text = paragraphs[k].text.strip()
        if NUMBER.match(text):
            value = int(text)
            if expected is None and value <= 3 or value == expected:
                anchors.append(k)
                expected = value + 1
    return anchors


def _region_end(paragraphs, start, vocabulary) -> int:
    """Where a table that starts at `start` must end at the latest: an annex, a chapter, the
    next table's header."""
    from ..parse import classify
    for k in range(start, len(paragraphs)):
        p = paragraphs[k]
        found = classify(p.text) if p.kind == "text" else None
        if p.kind != "text" or (found and found[0] in ("annex", "chapter", "section")):
            return k
        if k > start and header_at(paragraphs, k, vocabulary):
            return k
    return len(paragraphs)


def _row(cells: list[Paragraph], placement: list[int], section: str | None) -> TableRow:
    row = TableRow(section=section, line=cells[0].line if cells else 0)
    for cell, column in zip(cells, placement):
        row.cells.setdefault(column, []).append(Cell(cell.text.strip(), cell.line))
    return row


def _pre(cells, columns, number_col, vocabulary):
    """The cells printed before a row's 序号: group rows (行动一：…) first, then the row's own
    columns before 序号 (a merged category). Returns (score, sections, cells, placement)."""
    sections = []
    while cells and SECTION.match(cells[0].text.strip()):
        sections.append(cells[0])
        cells = cells[1:]
    pre_columns = columns[:number_col]
    if len(cells) > len(pre_columns) * 2:
        return float("-inf"), sections, cells, []
    if not pre_columns:
        return (0.0 if not cells else float("-inf")), sections, cells, []
    score, placement = align(cells, pre_columns + [TableColumn("", "number")], 0, vocabulary)
    return score - SKIP["number"] + 0.5 * len(sections), sections, cells, placement


def _split_gap(gap, columns, number_col, vocabulary):
    """Cells between two 序号: the end of one row and the start of the next. Returns the best
    (score, post cells, post placement, sections, pre cells, pre placement)."""
    best = None
    first_section = next((k for k, p in enumerate(gap) if SECTION.match(p.text.strip())), len(gap))
    for s in range(first_section + 1):           # a group row (行动二：…) starts the next row's part
        post_score, post = align(gap[:s], columns, number_col + 1, vocabulary)
        pre_score, sections, pre_cells, pre = _pre(gap[s:], columns, number_col, vocabulary)
        total = post_score + pre_score
        if best is None or total > best[0]:
            best = (total, gap[:s], post, sections, pre_cells, pre)
    return best


def read_numbered(paragraphs, start, columns, vocabulary):
    """Rows of a flattened table with a 序号 column, from paragraphs[start]; returns
    (rows, end index) or None."""
    number_col = next(i for i, c in enumerate(columns) if c.kind == "number")
    end = _region_end(paragraphs, start, vocabulary)
    body, k = [], start
    while k < end:
        skip = _repeated_header(paragraphs, k, columns)
        if skip:
            k += skip
            continue
        body.append(paragraphs[k])
        k += 1
    anchors = _anchors(body, 0, len(body))
    if len(anchors) < 2:
        return None
    rows: list[TableRow] = []
    _score, sections, pre_cells, pre = _pre(body[:anchors[0]], columns, number_col, vocabulary)
    if _score == float("-inf"):
        return None
    for a, anchor in enumerate(anchors):
        if a + 1 < len(anchors):
            _score, post_cells, post, next_sections, next_pre, next_placement = _split_gap(
                body[anchor + 1:anchors[a + 1]], columns, number_col, vocabulary)
        else:
            following = body[anchor + 1:]
            post_cells, post, used = _last_row(following, columns, number_col, vocabulary)
            next_sections, next_pre, next_placement = [], [], []
            end = _index_of(paragraphs, following[used]) if used < len(following) else _after(paragraphs, body[-1])
        for section in sections:
            rows.append(TableRow(section=section.text.strip(), line=section.line,
                                 cells={0: [Cell(section.text.strip(), section.line)]}))
        rows.append(_row(pre_cells + [body[anchor]] + post_cells, pre + [number_col] + post, None))
        sections, pre_cells, pre = next_sections, next_pre, next_placement
    return rows, end


def _last_row(cells, columns, number_col, vocabulary):
    """The cells of the last row: as many as fit its columns; what does not fit ends the table."""
    best = (float("-inf"), [], 0)
    for used in range(0, min(len(cells), 3 * (len(columns) - number_col)) + 1):
        score, placement = align(cells[:used], columns, number_col + 1, vocabulary)
        if used and any(fit(columns[c].kind, cell.text, vocabulary) < -1.5 for cell, c in zip(cells[:used], placement)):
            break
        if score > best[0] - 0.01:
            best = (score, placement, used)
    return cells[:best[2]], best[1], best[2]


def _index_of(paragraphs, paragraph) -> int:
    return next(i for i, p in enumerate(paragraphs) if p is paragraph)


def _after(paragraphs, paragraph) -> int:
    return _index_of(paragraphs, paragraph) + 1


def read_unnumbered(paragraphs, start, columns, vocabulary):
    """Rows of a flattened table without a 序号 column (街镇 / 目标任务): each row runs through
    the columns once; a cell that fits an earlier column than the one before starts a new row."""
    from ..parse import classify
    end = _region_end(paragraphs, start, vocabulary)
    rows, current, placement, k = [], [], [], start
    while k < end:
        p = paragraphs[k]
        text = p.text.strip()
        scores = [fit(c.kind, text, vocabulary) for c in columns]
        column = max(range(len(columns)), key=lambda c: (scores[c], -c))
        generic = columns[column].kind in ("other", "note", "place")
        if scores[column] < 0 or classify(text) or (generic and (len(text) > 40 or SENTENCE.search(text))):
            break
        if placement and column <= placement[-1]:
            rows.append(_row(current, placement, None))
            current, placement = [], []
        current.append(p)
        placement.append(column)
        k += 1
    if current:
        rows.append(_row(current, placement, None))
    return (rows, k) if len(rows) >= 2 else None


def carry_down(rows: list[TableRow], columns: list[TableColumn]) -> None:
    """A merged cell is printed on the first row of its span only: the rows below it that
    print nothing in that column take it (group, title, units, deadline)."""
    above: dict[int, list[Cell]] = {}
    for row in rows:
        if row.section is not None:
            above = {}
            continue
        for index, column in enumerate(columns):
            if column.kind not in CARRIED:
                continue
            if index in row.cells:
                above[index] = row.cells[index]
            elif index in above:
                row.inherited[index] = above[index]


def is_task_table(columns: list[TableColumn], rows: list[TableRow] | None = None, vocabulary=None) -> bool:
    """A task column and a unit column, and (when the rows are given) units in most rows'
    unit cells: an indicator table whose 单位 column holds %, 公顷 is no task table."""
    kinds = {c.kind for c in columns}
    if not (kinds & {"task", "title"} and kinds & set(UNIT_KINDS)):
        return False
    if rows is None or vocabulary is None:
        return True
    unit_columns = [i for i, c in enumerate(columns) if c.kind in UNIT_KINDS]
    data = [row for row in rows if row.section is None]
    with_units = sum(any(vocabulary.unitness(row.text(i)) >= 0.5 for i in unit_columns) for row in data)
    return bool(data) and with_units * 2 >= len(data)


def quality(rows: list[TableRow], columns, vocabulary) -> float:
    """How well the rows were read: the share of cells that fit their column, times the share
    of rows with at least two cells (a header read wrongly leaves one cell per row)."""
    data = [row for row in rows if row.section is None]
    placed = [(column, cell) for row in data for column, cells in row.cells.items() for cell in cells]
    if not placed:
        return 0.0
    fitting = sum(fit(columns[c].kind, cell.text, vocabulary) >= 0 for c, cell in placed) / len(placed)
    full = sum(len(row.cells) >= 2 for row in data) / len(data)
    return fitting * full


