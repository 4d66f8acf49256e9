"""From a document tree to a Plan: metadata, sections, tasks and their responsible units."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Diagnostic, Paragraph, Plan, Section, Task, UnitRef
from ..names import Names
from ..parse import SUB_ITEM_STYLES, Document, Node, is_label_block
from .clauses import UnitList, find_lists
from .structure import Structure


class PlanBuilder:
    """Walks one document tree and produces its sections, tasks and unit references."""

    def __init__(self, plan: Plan, structure: Structure, names: Names):
        self.plan = plan
        self.structure = structure
        self.names = names
        self.problems: list[Diagnostic] = []
        self.seen_ids: set[str] = set()
        self.next_suffix: dict[str, int] = {}     # repeated number -> the next free -N
        self._lists_memo: dict[tuple[int, str], list[UnitList]] = {}
        self._inherited: dict[int, list[Paragraph]] = {}      # id(ancestor) -> its unit-bearing paragraphs

    def build(self, doc: Document) -> None:
        self.plan.preamble = doc.preamble
        self._check_numbering(doc.root)
        self.plan.sections = self._children(doc.root, [], [], [], None)

    # -------------------------------------------------------------- structure

    def _is_task_part(self, node: Node) -> bool:
        return node.style != "annex" and not any(w in node.title for w in self.structure.non_task_parts)

    def _is_unit_block(self, node: Node) -> bool:
        return is_label_block(node, self.structure.block_labels) and any(self._lists(p) for p in node.body)

    def _is_group(self, node: Node) -> bool:
        return any(c.style not in SUB_ITEM_STYLES and not self._is_unit_block(c) for c in node.children)

    def _children(self, node: Node, slug: list[str], path: list[str], ancestors: list[Node],
                  task_part: bool | None) -> list:
        out = []
        plain_index = 0
        for child in node.children:
            if child.style in ("plain", "lead"):
                plain_index += 1
                token = f"p{plain_index}"
            elif child.style == "chapter":
                token = f"c{child.ordinal}"
            elif child.style == "section":
                token = f"s{child.ordinal}"
            elif child.style == "annex":
                token = f"annex{child.ordinal or ''}"
            else:
                token = str(child.ordinal)
            in_task_part = self._is_task_part(child) if task_part is None else task_part
            child_slug = slug + [token]
            if in_task_part and not self._is_group(child) and not self._is_unit_block(child):
                out.append(self._task(child, child_slug, path, ancestors))
            else:
                section = Section(
                    id="s-" + "-".join(child_slug), number=child.number, title=child.title,
                    line=child.line, last_line=child.last_line, depth=len(slug) + 1,
                    paragraphs=[child.head] + child.body, is_task_part=in_task_part)
                section.children = self._children(child, child_slug, path + [child.title],
                                                  ancestors + [child], in_task_part)
                if not in_task_part:
                    self._warn_stray_units(section)
                out.append(section)
        return out

    def _task(self, node: Node, slug: list[str], path: list[str], ancestors: list[Node]) -> Task:
        slug_text = "-".join(slug)
        if slug_text in self.seen_ids:
            n = self.next_suffix.get(slug_text, 2)
            while f"{slug_text}-{n}" in self.seen_ids:
                n += 1
            self.next_suffix[slug_text] = n + 1
            self.problems.append(Diagnostic(self.plan.source, node.line, "warning",
                                            f"task number {slug_text} repeats an earlier one; "
                                            f"this task gets the id {slug_text}-{n}"))
            slug_text = f"{slug_text}-{n}"
        self.seen_ids.add(slug_text)
        task = Task(id=f"{self.plan.id}/{slug_text}", plan=self.plan.id, slug=slug_text,
                    number=node.number, title=node.title, path=list(path), line=node.line,
                    last_line=node.last_line, paragraphs=list(node.paragraphs()))
        task.units = self._units_for(node, ancestors)
        return task

    # -------------------------------------------------------------- units

    def _lists(self, paragraph: Paragraph) -> list[UnitList]:
        key = (paragraph.line, paragraph.text)
        if key not in self._lists_memo:
            self._lists_memo[key] = find_lists(paragraph.text, paragraph.line, self.structure.unit_labels)
        return self._lists_memo[key]

    def _inherited_paragraphs(self, ancestor: Node) -> list[Paragraph]:
        """What an ancestor passes on to every task under it: its own lines and its unit blocks
        (computed once per ancestor, however many tasks it holds)."""
        key = id(ancestor)
        if key not in self._inherited:
            paragraphs = [ancestor.head] + ancestor.body
            for sibling in ancestor.children:
                if self._is_unit_block(sibling):
                    paragraphs.extend(sibling.body)
            self._inherited[key] = paragraphs
        return self._inherited[key]

    def _units_for(self, node: Node, ancestors: list[Node]) -> list[UnitRef]:
        """A task's units: lists on its ancestors (and their unit blocks), then its own."""
        sources: list[tuple[str, Paragraph]] = []
        for ancestor in ancestors:
            own = {id(p) for p in [ancestor.head] + ancestor.body}
            sources.extend(("heading" if id(p) in own else "roster", p) for p in self._inherited_paragraphs(ancestor))
        sources.extend(("clause", p) for p in node.paragraphs())
        refs, seen = [], set()
        for origin, paragraph in sources:
            for unit_list in self._lists(paragraph):
                for raw, name in zip(unit_list.items, self.names.restore(unit_list.items)):
                    key = (name, unit_list.role)
                    if key not in seen:
                        seen.add(key)
                        refs.append(UnitRef(raw, name, unit_list.role, unit_list.line, origin=origin,
                                            quote=unit_list.quote))
        return refs

    # -------------------------------------------------------------- checks

    def _warn_stray_units(self, section: Section) -> None:
        for paragraph in section.paragraphs:
            if self._lists(paragraph):
                self.problems.append(Diagnostic(
                    self.plan.source, paragraph.line, "warning",
                    f"unit list in “{section.title}”, a part that holds no tasks (see non_task_parts in "
                    "content/structure.yml): its units are not attached to any task"))

    def _check_numbering(self, node: Node) -> None:
        """Warn where sibling numbering skips or repeats (一、二、四…)."""
        last: dict[str, Node] = {}
        for child in node.children:
            if child.ordinal is not None and child.style not in ("annex",):
                before = last.get(child.style)
                if before and child.ordinal != before.ordinal + 1:
                    what = "repeats" if before and child.ordinal <= before.ordinal else "skips"
                    self.problems.append(Diagnostic(
                        self.plan.source, child.line, "warning",
                        f"numbering {what}: {child.number} after {before.number}"))
                last[child.style] = child
            self._check_numbering(child)


def check_units_coverage(plan: Plan) -> list[Diagnostic]:
    """A task without units stands out in a plan whose other tasks all name theirs."""
    with_units = [t for t in plan.tasks if t.units]
    if not with_units or len(with_units) == len(plan.tasks):
        return []
    return [Diagnostic(plan.source, t.line, "warning", f"task {t.number or ''}{t.title} names no responsible unit, "
                       f"while {len(with_units)} of {len(plan.tasks)} tasks in this plan do")
            for t in plan.tasks if not t.units]


def collect_tasks(sections: list) -> list[Task]:
    tasks = []
    for node in sections:
        if isinstance(node, Task):
            tasks.append(node)
        else:
            tasks.extend(collect_tasks(node.children))
    return tasks
