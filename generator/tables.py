"""Tables read back from how they were printed.

A task-division table (任务分工表, 重点任务清单) usually reaches us flattened, one cell per
paragraph: the header row (序号 / 重点任务 / 牵头单位 / 配合单位 / 完成时限), then the cells of
each row, a merged cell printed only on the first row of its span, a group row (行动一：…)
between rows, the header again after a page break, a cell broken over two paragraphs. Or
it comes as a Markdown pipe table from `python -m generator add`.

The reader recognises the header by the column words of content/structure.yml
(`table_columns`), finds the rows by their 序号 (1, 2, 3 … in order), and places every cell
of a row in its column by what the cell looks like (a number, a list of agencies, a date,
a sentence): a small alignment, the same for every table. Merged cells are carried down.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Cell, Paragraph, Table, TableColumn, TableRow

HEADER_CELL = 24          # longest printed column heading
QUALIFIER = 8             # a heading may add this many characters to a column word: 面积（公顷）
UNKNOWN_HEADING = 12      # a heading word not in the vocabulary is at most this long
NUMBER = re.compile(r"^\d{1,3}$")
DATE_WORDS = re.compile(r"(?:\d{4}\s*年|\d{1,2}\s*月|季度|年底|年内|年末|月底|上半年|下半年|长期|持续|常态|每年|每月|"
                        r"每季|全年|年度|底前|前完成|以前|\d{4}[-—–.]\d{1,4})")
SENTENCE = re.compile(r"[。；;！？]")
SECTION = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十\d]+[部分章节项类]|"
                     r"(?:行动|任务|专项|工程|领域|板块|方向|模块)[一二三四五六七八九十\d]+\s*[：:、．.\s—]|[A-Z][、.．])")
SEPARATOR_ROW = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
UNIT_KINDS = ("lead", "responsible", "support", "owner")
TASK_QUALITY = 0.6         # share of cells that must fit their column for a task table to be read as one
OTHER_QUALITY = 0.9        # ... and for any other table (project lists, indicators), shown as a table only
CARRIED = ("group", "title", "lead", "responsible", "support", "owner", "deadline")


@dataclass
class Vocabulary:
    """Column words (content/structure.yml table_columns) and the test for agency names."""
    columns: dict[str, str]
    is_unit: object             # str -> bool

    def kind_of(self, heading: str) -> str | None:
        """The kind of a column heading: the longest vocabulary word it is, or contains with a
        short qualifier (牵头单位（部门）, 面积（公顷）, 主要责任单位); a label line or a numbered
        heading is no column heading."""
        bare = re.sub(r"\s+", "", heading)
        if bare in self.columns:
            return self.columns[bare]
        if re.search(r"[：:，,。；;]", bare) or (len(bare) > 4 and bare.endswith(("表", "清单", "一览"))) or re.match(r"^(?:[一二三四五六七八九十]+、|[（(]?\d{1,2}[）).．、]|[（(][一二三四五六七八九十]+[）)])", bare):
            return None
        words = [w for w in self.columns if w in bare and len(bare) <= len(w) + QUALIFIER]
        return self.columns[max(words, key=len)] if words else None

    def unitness(self, text: str) -> float:
        from .extract.clauses import split_items
        items = split_items(text)
        return sum(map(self.is_unit, items)) / len(items) if items else 0.0


# ------------------------------------------------------------------ how well a cell fits a column

def fit(kind: str, text: str, vocabulary: Vocabulary) -> float:
    """How much a cell reads as a value of a column of this kind (higher fits better)."""
    size = len(text)
    if kind == "number":
        return 4.0 if NUMBER.match(text) else -6.0
    if NUMBER.match(text):
        return -4.0 if kind not in ("quantity", "other") else 0.5
    dated = bool(DATE_WORDS.search(text)) and size <= 24 and not SENTENCE.search(text)
    unitness = vocabulary.unitness(text) if size <= 200 else 0.0
    if kind in UNIT_KINDS:
        if unitness >= 0.6:
            return 3.0
        if text in ("/", "—", "——", "-", "无", "暂无"):
            return 0.5
        return -3.0 if size > 30 or SENTENCE.search(text) else -1.5
    if kind == "deadline":
        return 3.0 if dated else (-0.5 if size <= 8 else -3.0)
    if kind == "task":
        if unitness >= 0.6 and size <= 40 or dated:
            return -2.0
        return 2.0 if size >= 12 or SENTENCE.search(text) else 0.5
    if kind in ("group", "title"):
        if unitness >= 0.6 or dated:
            return -1.5
        return 1.5 if 2 <= size <= 30 and not SENTENCE.search(text) else -1.0
    if kind == "quantity":
        return 1.0 if re.search(r"\d", text) and size <= 20 else -0.5
    return 0.2          # note, place, other: anything


SKIP = {"number": -3.0, "task": -2.0, "title": -0.6, "group": -0.2}
SKIP_DEFAULT = -0.4


def continuation(kind: str, previous: str, text: str, vocabulary: Vocabulary) -> float:
    """The cost of a cell printed over two paragraphs (same column twice in a row)."""
    if kind in UNIT_KINDS:
        return 0.5 if previous.endswith(("、", "，", ",")) else -1.0
    if kind == "task":
        return -1.2
    if kind == "note":
        return 0.0
    return -2.5


def align(cells: list[Paragraph], columns: list[TableColumn], first: int, vocabulary: Vocabulary):
    """Best monotonic placement of `cells` in columns[first:] (a column may take several cells
    in a row, or none): returns (score, [column index per cell])."""
    n, m = len(cells), len(columns)
    if n == 0:
        return sum(SKIP.get(c.kind, SKIP_DEFAULT) for c in columns[first:]), []
    NEG = float("-inf")
    # best[i][c]: best score of cells[:i+1] with cell i in column c
    best = [[NEG] * m for _ in range(n)]
    back = [[None] * m for _ in range(n)]
    skip = [SKIP.get(c.kind, SKIP_DEFAULT) for c in columns]
    # equal fits go to the earlier column: a lone unit cell is the 牵头 one, not the 配合 one
    order = [-0.01 * c for c in range(m)]
    for c in range(first, m):
        best[0][c] = sum(skip[first:c]) + fit(columns[c].kind, cells[0].text, vocabulary) + order[c]
    for i in range(1, n):
        here = [fit(columns[c].kind, cells[i].text, vocabulary) + order[c] for c in range(m)]
        for c in range(first, m):
            options = []
            if best[i - 1][c] > NEG:      # a cell over two paragraphs: rather the later unit column
                options.append((best[i - 1][c] + continuation(columns[c].kind, cells[i - 1].text, cells[i].text,
                                                               vocabulary) + (here[c] - 2 * order[c]) * 0.3, c))
            for p in range(first, c):
                if best[i - 1][p] > NEG:
                    options.append((best[i - 1][p] + sum(skip[p + 1:c]) + here[c], p))
            if options:
                best[i][c], back[i][c] = max(options)
    end_scores = [(best[n - 1][c] + sum(skip[c + 1:]), c) for c in range(first, m) if best[n - 1][c] > NEG]
    if not end_scores:
        return NEG, []
    score, c = max(end_scores)
    placement = [0] * n
    for i in range(n - 1, -1, -1):
        placement[i] = c
        c = back[i][c] if i else c
    return score, placement


# ------------------------------------------------------------------ finding tables

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
    from .parse import classify
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
    from .parse import classify
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


def _quality(rows: list[TableRow], columns, vocabulary) -> float:
    """How well the rows were read: the share of cells that fit their column, times the share
    of rows with at least two cells (a header read wrongly leaves one cell per row)."""
    data = [row for row in rows if row.section is None]
    placed = [(column, cell) for row in data for column, cells in row.cells.items() for cell in cells]
    if not placed:
        return 0.0
    fitting = sum(fit(columns[c].kind, cell.text, vocabulary) >= 0 for c, cell in placed) / len(placed)
    full = sum(len(row.cells) >= 2 for row in data) / len(data)
    return fitting * full


# ------------------------------------------------------------------ pipe tables

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


# ------------------------------------------------------------------ the stage

def find_tables(paragraphs: list[Paragraph], vocabulary: Vocabulary) -> list:
    """The paragraphs of a plan with every table found replaced by one Table block."""
    out, k = [], 0
    while k < len(paragraphs):
        table, end = _table_at(paragraphs, k, vocabulary)
        if table is None:
            out.append(paragraphs[k])
            k += 1
        else:
            out.append(table)
            k = end
    return out


def _table_at(paragraphs, k, vocabulary):
    p = paragraphs[k]
    if p.kind != "text":
        return None, k
    if p.text.strip().startswith("|"):
        found = read_pipe(paragraphs, k, vocabulary)
        if found:
            rows, end, columns = found
            carry_down(rows, columns)
            return _table(paragraphs, k, end, columns, rows, "pipe", is_task_table(columns, rows, vocabulary)), end
        return None, k
    columns = header_at(paragraphs, k, vocabulary)
    if not columns:
        return None, k
    start = k + len(columns)
    found = (read_numbered(paragraphs, start, columns, vocabulary) if any(c.kind == "number" for c in columns)
             else read_unnumbered(paragraphs, start, columns, vocabulary))
    if not found:
        return None, k
    rows, end = found
    carry_down(rows, columns)
    task_table = is_task_table(columns, rows, vocabulary)
    if _quality(rows, columns, vocabulary) < (TASK_QUALITY if task_table else OTHER_QUALITY):
        return None, k              # read too badly to show as a table: the cells stay paragraphs
    return _table(paragraphs, k, end, columns, rows, "flattened", task_table), end


def _table(paragraphs, start, end, columns, rows, form, task_table) -> Table:
    lines = [p.line for p in paragraphs[start:end]]
    return Table(line=min(lines), last_line=max(lines), columns=columns, rows=rows, form=form,
                 is_task_table=task_table)
