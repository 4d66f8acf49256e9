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

from ..model import Paragraph, Table
from .cells import OTHER_QUALITY, TASK_QUALITY, Vocabulary
from .flattened import carry_down, header_at, is_task_table, quality, read_numbered, read_unnumbered
from .glued import read_glued
from .pipe import read_pipe

__all__ = ["Vocabulary", "find_tables", "texts_of"]


def texts_of(blocks: list) -> list[Paragraph]:
    """What the site must show of a plan, block by block: a paragraph, or a table's column
    headings, group rows and cells (a glued or pipe table shows its cells, not the line they were
    printed in)."""
    texts = []
    for block in blocks:
        if not isinstance(block, Table):
            texts.append(block)
            continue
        texts.extend(Paragraph(block.line, c.name) for c in block.columns)
        for row in block.rows:
            if row.section is not None:
                texts.append(Paragraph(row.line, row.section))
            else:
                texts.extend(Paragraph(c.line, c.text) for cells in row.cells.values() for c in cells)
    return texts


def find_tables(paragraphs: list[Paragraph], vocabulary: Vocabulary) -> list:
    """The paragraphs of a plan with every table found replaced by one Table block."""
    paragraphs = spaced_cells(paragraphs, vocabulary)
    out, k = [], 0
    while k < len(paragraphs):
        glued = _glued_at(paragraphs[k], vocabulary)
        if glued:
            out.extend(glued)
            k += 1
            continue
        table, end = _table_at(paragraphs, k, vocabulary)
        if table is None:
            out.append(paragraphs[k])
            k += 1
        else:
            out.append(table)
            k = end
    return out


SPACED_HEADING = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|附\s*件)")


def spaced_cells(paragraphs: list[Paragraph], vocabulary: Vocabulary) -> list[Paragraph]:
    """A table copied from a word processor or a spreadsheet, one row a line with its cells
    apart by tabs or spaces (序号 任务名称 牵头部门 …): each cell becomes a paragraph of its
    own on the row's line, as a table flattened one cell per line, and is read as one."""
    out, k = [], 0
    while k < len(paragraphs):
        p = paragraphs[k]
        cells = p.text.split()
        if p.kind != "text" or len(cells) < 3 or sum(1 for c in cells if vocabulary.kind_of(c)) < len(cells) - 1:
            out.append(p)
            k += 1
            continue
        end = k + 1
        while end < len(paragraphs) and paragraphs[end].kind == "text" and \
                not SPACED_HEADING.match(paragraphs[end].text) and _spaced_row(paragraphs, end):
            end += 1
        for row in paragraphs[k:end]:
            out.extend(Paragraph(row.line, cell, row.kind) for cell in row.text.split())
        k = end
    return out


def _spaced_row(paragraphs: list[Paragraph], k: int) -> bool:
    """A row of cells apart by spaces, or a group row of one cell before such a row."""
    if len(paragraphs[k].text.split()) >= 2:
        return True
    following = paragraphs[k + 1].text.split() if k + 1 < len(paragraphs) else []
    return len(following) >= 2 and following[0].isdigit()


GLUED_LENGTH = 200          # a paragraph this long may be a whole table run together


def _glued_at(p, vocabulary) -> list | None:
    """A table whose cells were run together in one paragraph: its caption (the words before
    the header) and the Table."""
    if p.kind != "text" or len(p.text) < GLUED_LENGTH:
        return None
    found = read_glued(p, vocabulary)
    if not found:
        return None
    caption, columns, rows = found
    table = Table(line=p.line, last_line=p.line, columns=columns, rows=rows, form="glued",
                  is_task_table=is_task_table(columns, rows, vocabulary))
    return ([Paragraph(p.line, caption, p.kind)] if caption else []) + [table]


def _table_at(paragraphs, k, vocabulary):
    p = paragraphs[k]
    if p.kind != "text":
        return None, k
    if p.text.strip().startswith("|"):
        found = read_pipe(paragraphs, k, vocabulary)
        if found:
            rows, end, columns = found
            carry_down(rows, columns)
            table = _table(paragraphs, k, end, columns, rows, "pipe", is_task_table(columns, rows, vocabulary))
            return (table, end) if table else (None, k)
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
    if quality(rows, columns, vocabulary) < (TASK_QUALITY if task_table else OTHER_QUALITY):
        return None, k              # read too badly to show as a table: the cells stay paragraphs
    table = _table(paragraphs, k, end, columns, rows, "flattened", task_table)
    return (table, end) if table else (None, k)


def _table(paragraphs, start, end, columns, rows, form, task_table) -> Table | None:
    """The Table read from paragraphs[start:end], or None unless it shows every character of
    them (a table that would lose a paragraph is left as paragraphs)."""
    lines = [p.line for p in paragraphs[start:end]]
    table = Table(line=min(lines), last_line=max(lines), columns=columns, rows=rows, form=form,
                  is_task_table=task_table)
    shown = sorted(_squeeze(p.text) for p in texts_of([table]))
    consumed = paragraphs[start:end]
    if form == "pipe":
        consumed = [Paragraph(p.line, c) for p in consumed[:1] + consumed[2:] for c in _pipe_texts(p.text)]
    return table if sorted(_squeeze(p.text) for p in consumed if _squeeze(p.text)) == \
        sorted(s for s in shown if s) else None


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _pipe_texts(line: str) -> list[str]:
    return [c.replace("\\|", "|").strip() for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
