"""A plan that says how to read its unit lists: 注：列第一位的为牵头单位，其余为配合单位. Where it
does, the first unit of each list of responsible units leads and the others support (or stay
responsible when the note does not say what the others are)."""
from __future__ import annotations

import re

from ..model import Plan

FIRST_LEADS = re.compile(r"(?:第一|首)(?:位|个|名)?(?:的|者)?(?:单位|部门)?(?:为|是)(?:牵头|主办)(?:单位|部门)?")
OTHERS_SUPPORT = re.compile(r"^[^。；;\n]{0,20}?(?:其余|其他|其它|后面|之后)[^。；;\n]{0,10}?(?:为|是)[^。；;\n]{0,6}?(?:配合|协办|协助|参与)")
LISTED = ("clause", "table")          # lists printed with the task; not subjects, not corrections


def first_listed_note(plan: Plan) -> tuple[int, str] | None:
    """(line, role of the other units) of the plan's note, or None."""
    for paragraph in plan.texts:
        m = FIRST_LEADS.search(paragraph.text)
        if m:
            rest = "support" if OTHERS_SUPPORT.match(paragraph.text[m.end():]) else "responsible"
            return paragraph.line, rest
    return None


def apply_first_listed(plan: Plan) -> None:
    """In a task with no lead, the first unit of its first list of responsible units leads."""
    note = first_listed_note(plan)
    if note is None:
        return
    line, rest = note
    for task in plan.tasks:
        if any(u.role == "lead" for u in task.units):
            continue
        listed = [u for u in task.units if u.role == "responsible" and u.origin in LISTED]
        if not listed:
            continue
        first = [u for u in listed if (u.line, u.quote) == (listed[0].line, listed[0].quote)]
        for k, ref in enumerate(first):
            ref.role = "lead" if k == 0 else rest
            ref.role_line = line
