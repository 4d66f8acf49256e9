"""Corrections by pull request: where the converter still misreads a plan, a contributor says
what is right in content/plans/<id>.yml, never in code and never by editing the text.

    corrections:
      - line: 40                      # where the item starts
        starts: 健全人才入乡激励机制    # its first words, so a correction stops matching when the text changes
        not_a_task: true              # this item is not a task
      - line: 52
        starts: 建立城乡统一要素市场
        task: true                    # this line starts a task (also a paragraph inside another task)
      - line: 60
        starts: 重点任务
        holds_tasks: true             # this part holds tasks (false: it holds none)
      - line: 72
        starts: 完善人才管理服务机制
        units:                        # these units belong to the task starting here
          lead: [县人社局]
          support: [县财政局, 县教育局]
        replace_units: true           # and the units read from the text do not

Every correction must still match its line; one that no longer does is an error at its own
line of the .yml, so a changed text never keeps a stale correction silently.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Diagnostic

ROLES = ("lead", "responsible", "support", "member")


@dataclass
class Correction:
    yml_line: int
    line: int
    starts: str
    not_a_task: bool = False
    task: bool = False
    holds_tasks: bool | None = None
    units: dict[str, list[str]] = field(default_factory=dict)
    replace_units: bool = False
    applied: bool = False

    @property
    def what(self) -> str:
        if self.not_a_task:
            return "不是任务"
        if self.task:
            return "单独成为一项任务"
        if self.holds_tasks is not None:
            return "这一部分" + ("包含任务" if self.holds_tasks else "不包含任务")
        roles = {"lead": "牵头", "responsible": "责任", "support": "配合", "member": "成员"}
        listed = "；".join(f"{roles[r]}：{'、'.join(names)}" for r, names in self.units.items() if names)
        return ("以下列单位代替原文读出的单位：" if self.replace_units else "补充单位：") + listed


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def matches(correction: Correction, line: int, text: str, number: str | None = None) -> bool:
    """Whether a paragraph (or item) on `line` is the one a correction names."""
    if line != correction.line:
        return False
    body = squeezed(text)
    if number and body.startswith(squeezed(number)):
        body = body[len(squeezed(number)):]
    want = squeezed(correction.starts)
    return body.startswith(want) or squeezed(text).startswith(want)


def read_corrections(entries, line_of, source: str) -> list[Correction]:
    """The `corrections:` list of a plan's yml (already checked against the schema);
    line_of(path) gives the yml line of an entry."""
    corrections = []
    for index, entry in enumerate(entries or []):
        units = {role: [str(n) for n in entry.get("units", {}).get(role, []) or []] for role in ROLES}
        corrections.append(Correction(line_of(("corrections", index)), int(entry["line"]), str(entry["starts"]),
                                      bool(entry.get("not_a_task")), bool(entry.get("task")),
                                      entry.get("holds_tasks"), {r: n for r, n in units.items() if n},
                                      bool(entry.get("replace_units"))))
    return corrections


def unmatched(corrections: list[Correction], yml_path: str, texts_by_line: dict[int, list[str]]) -> list[Diagnostic]:
    """An error for every correction that matched nothing, saying what the line reads now."""
    problems = []
    for c in corrections:
        if c.applied:
            continue
        now = texts_by_line.get(c.line) or []
        reading = f"line {c.line} now reads “{now[0][:30]}”" if now else f"line {c.line} is empty or past the end"
        problems.append(Diagnostic(yml_path, c.yml_line, "error",
                                   f"correction no longer matches: {reading}, not “{c.starts}”; update or remove it"))
    return problems
