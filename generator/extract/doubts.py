"""Doubts: places where the reading may be wrong, shown to a reviewer as warnings at their line
(`check`) and by `python -m generator explain <plan-id>`, so that a pull request that adds a
plan shows at once what to look at."""
from __future__ import annotations

import re

from ..model import Diagnostic, Plan, Table
from ..parse import Document, classify
from .clauses import BRACKET_CLAUSE, Grammar, _closing_brackets, split_items

SHORT_LINE = 16          # a table cell printed as a paragraph is this short
SHORT_RUN = 6            # this many short lines in a row may be a table read as text


def near_miss_brackets(plan: Plan, grammar: Grammar) -> list[Diagnostic]:
    """A bracket in a task's own text that names agencies among other words: not taken as
    its units (a bare bracket is taken only when every item reads as an agency)."""
    found = []
    for task in plan.tasks:
        taken = {u.raw for u in task.units} | {u.name for u in task.units}
        for p in task.paragraphs:
            if isinstance(p, Table):
                continue
            for start, end in _closing_brackets(p.text).items():
                if end - start > BRACKET_CLAUSE:
                    continue
                bracket = p.text[start:end + 1]
                if grammar.label.search(bracket):
                    continue                # a labelled list: read as one
                items = split_items(bracket[1:-1])
                agencies = [i for i in items if grammar.is_unit(i)]
                strong = [i for i in agencies if re.match(r"^(?:各|区|县|市|省)", i)]
                if len(items) >= 2 and strong and len(agencies) < len(items) and not set(agencies) <= taken:
                    found.append(Diagnostic(plan.source, p.line, "warning",
                                            f"the bracket “{bracket[:40]}” names agencies among other words "
                                            f"({'、'.join(agencies[:3])}); they were not taken as units of task "
                                            f"{task.number or ''}{task.title[:20]}: if they carry it out, add a "
                                            f"correction to {plan.source[:-4]}.yml"))
    return found


def short_line_runs(plan: Plan, doc: Document) -> list[Diagnostic]:
    """A run of short unpunctuated lines outside any table read: perhaps a flattened table
    whose header the reader did not recognise."""
    paragraphs = list(doc.preamble)
    stack = [doc.root]
    while stack:
        node = stack.pop()
        if node.head:
            paragraphs.append(node.head)
        paragraphs.extend(node.body)
        stack.extend(reversed(node.children))
    paragraphs.sort(key=lambda p: p.line)
    found, run, gap = [], [], 0
    for p in paragraphs + [None]:
        cell = p is not None and not isinstance(p, Table) and p.kind == "text" and not classify(p.text)
        short = cell and len(p.text) <= SHORT_LINE and not re.search(r"[。；;，,：:]", p.text)
        if short:
            run.append(p)
            gap = 0
            continue
        if run and cell and gap < 2 and len(p.text) <= 60 and not p.text.endswith("。"):
            gap += 1                      # a longer cell inside the run does not end it
            continue
        if len(run) >= SHORT_RUN:
            found.append(Diagnostic(plan.source, run[0].line, "warning",
                                    f"{len(run)} short lines in a row (lines {run[0].line}–{run[-1].line}) may be a "
                                    "table that was not recognised: check that no task or unit is lost there "
                                    "(column words are in content/structure.yml table_columns)"))
        run, gap = [], 0
    return found


def doubts(plan: Plan, doc: Document, grammar: Grammar) -> list[Diagnostic]:
    return near_miss_brackets(plan, grammar) + short_line_runs(plan, doc)
