"""An annex table that restates the body: a row of a task table and the body task it repeats
are linked, so the site shows both sources and counts the work once."""
from __future__ import annotations

import re

from ..model import Plan

SHARED = 0.6          # share of a row's character pairs found in the body task
MARGIN = 0.15         # ... clearly more than in any other body task


def _pairs(text: str) -> set[str]:
    han = re.sub(r"[^\u4e00-\u9fff]", "", text)
    return {han[i:i + 2] for i in range(len(han) - 1)}


def link_restatements(plan: Plan) -> None:
    """Set task.restates (a row → the body task) and task.restated_by (the body task → rows)."""
    body = [(t, _pairs(t.text)) for t in plan.tasks if t.table_row is None]
    if not body:
        return
    for row in (t for t in plan.tasks if t.table_row is not None):
        main = next((p.text for p in row.paragraphs if p.line == row.line), row.title)
        pairs = _pairs(main)
        if len(pairs) < 4:
            continue
        scored = sorted(((len(pairs & other) / len(pairs), task.id, task) for task, other in body), reverse=True)
        best, second = scored[0], scored[1] if len(scored) > 1 else (0.0, "", None)
        if best[0] >= SHARED and best[0] - second[0] >= MARGIN:
            row.restates = best[2].id
            best[2].restated_by.append(row.id)
