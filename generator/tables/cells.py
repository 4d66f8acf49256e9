"""What the cells of a table look like, and where a row's cells belong: each cell is placed in
the column whose kind it fits best (a number, a list of agencies, a date, a sentence), in
order, by a small alignment that allows merged (missing) cells and cells printed over two
paragraphs."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Paragraph, TableColumn

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


ROLE_ENDING = re.compile(r"(?:等)?(?:按职责分工|按照职责分工|按职责)?(?:分别|共同)?(?:牵头负责|牵头|负责|配合)$")


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
        """Share of a cell's items that read as agencies (a closing 负责 or 按职责分工负责 aside)."""
        from ..extract.clauses import split_items
        items = split_items(ROLE_ENDING.sub("", text))
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


