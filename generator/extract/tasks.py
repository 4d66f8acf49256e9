"""From a document tree to a Plan: its sections, its tasks and their responsible units.

Which items are tasks (the corpus conventions, written for every plan):
- parts that hold general requirements, goals, principles, procedures or safeguards hold no
  tasks (content/structure.yml `non_task_parts`);
- a task is the lowest numbered item that carries its own units; where an item's sub-items
  （1）（2） each carry their own, the sub-items are the tasks; a unit clause closing only the
  last sub-item belongs to the item;
- where a plan prints no units at all, a task is the lowest numbered item (（1） included);
- in a part on duties (职责分工, 工作职责) every entry is a task of the unit it names;
- every row of a task table (序号 / 重点任务 / 牵头单位 …) is a task.
"""
from __future__ import annotations

import re

from ..model import Diagnostic, Paragraph, Plan, Section, Table, Task
from ..names import Names
from ..parse import SUB_ITEM_STYLES, Document, Node, is_label_block
from .clauses import Grammar, UnitList
from .corrections import Correction, matches
from .task_units import TaskCorrections, TaskUnits
from .rows import row_task_fields
from .structure import Structure

MAJOR_STYLES = ("chapter", "section", "cn", "paren-cn", "arabic", "decimal", "plain", "lead")


class PlanBuilder(TaskUnits, TaskCorrections):
    """Walks one document tree and produces its sections, tasks and unit references."""

    def __init__(self, plan: Plan, structure: Structure, names: Names, corrections: list[Correction] = ()):
        self.plan = plan
        self.corrections = list(corrections)
        self.structure = structure
        self.names = names
        self.problems: list[Diagnostic] = []
        self.seen_ids: set[str] = set()
        self.next_suffix: dict[str, int] = {}     # repeated number -> the next free -N
        self._lists_memo: dict[tuple[int, str], list[UnitList]] = {}
        self._inherited: dict[int, list[tuple[str, Paragraph]]] = {}   # id(ancestor) -> what it passes on
        self._own: dict[int, bool] = {}
        self.prints_units = False
        self.grammar = Grammar(structure.unit_labels, structure.role_verbs, names.k.is_unit_name,
                               tuple(structure.action_words), names.k.complete_list)

    def build(self, doc: Document) -> None:
        self._split_at_corrections(doc.root)
        self.plan.preamble = list(doc.preamble)
        self.prints_units = any(l.kind in ("label", "verb") for p in _all_paragraphs(doc) for l in self._lists(p))
        self._check_numbering(doc.root)
        sections = self._children(doc.root, [], [], [], None)
        tables = [p for p in doc.preamble if isinstance(p, Table) and p.is_task_table]
        if tables:
            section = Section(id="s-tables", number=None, title="任务表", line=tables[0].line,
                              last_line=tables[-1].last_line, depth=1, paragraphs=[], is_task_part=True,
                              reason="task tables before the first heading")
            section.children = self._table_tasks(tables, ["tables"], [], [])
            sections.insert(0, section)
        self.plan.sections = sections

    # -------------------------------------------------------------- which items are tasks

    def _non_task(self, node: Node) -> bool:
        """A top-level part on requirements, goals, principles, procedures or safeguards."""
        title = re.sub(r"\s+", "", node.title)
        return any(word in title for word in self.structure.non_task_parts) or \
            title.endswith(tuple(self.structure.non_task_endings)) or self._is_procedure(node)

    def _is_procedure(self, node: Node) -> bool:
        """A part whose numbered items (two or more) are all stages: 1.自查梳理阶段（10月15日前）."""
        items = [c for c in node.children if c.style not in ("plain", "lead", "annex")]
        return len(items) >= 2 and all(self._is_stage(c.title) for c in items)

    def _is_stage(self, title: str) -> bool:
        name = re.split(r"[：:，,。；;]", re.sub(r"[（(][^）)]*[）)]", "", re.sub(r"\s+", "", title)))[0]
        words = tuple(self.structure.stage_words)
        return bool(words) and (name.endswith(words) or bool(re.match(r"^第[一二三四五六七八九十\d]{1,3}(?:%s)" %
                                                                       "|".join(map(re.escape, words)), name)))

    def _is_definition(self, node: Node) -> bool:
        """An item that describes instead of assigning work: 类别：… with no action word, or one
        that counts cases (…共计N件) whatever words it uses."""
        if node.children or node.style in ("plain", "lead") or self._own_units(node):
            return False
        text = "".join(p.text for p in [node.head] + node.body if not isinstance(p, Table))
        rest = text[len(node.number or ""):]
        label = re.match(r"^\s*[\u4e00-\u9fff“”《》、（）()]{2,20}[：:]", rest)
        if not label:
            return False
        said = rest[label.end():]
        counted = re.search(r"共计\s*\d+\s*(?:件|宗|处|个|项|起)", said)      # …尚未整改的项目，共计1件、面积0.19亩
        return bool(counted) or not any(word in said for word in self.structure.action_words)

    def _non_task_item(self, node: Node) -> bool:
        """An item inside a task part that is such a part itself: （三）保障措施, （一）工作目标."""
        return re.sub(r"\s+", "", node.title) in self.structure.non_task_parts

    def _is_duty_part(self, node: Node) -> bool:
        """A part on duties alone (职责分工, 部门职责), not one that mixes contents and duties."""
        title = re.sub(r"\s+", "", node.title)
        return any(title.endswith(word) and len(title) <= len(word) + 2 for word in self.structure.duty_parts)

    def _is_unit_block(self, node: Node) -> bool:
        return is_label_block(node, self.structure.block_labels) and any(self._lists(p) for p in node.body)

    def _own_units(self, node: Node) -> bool:
        """Whether an item's own lines (not its sub-items') carry a unit clause."""
        key = id(node)
        if key not in self._own:
            self._own[key] = any(self._lists(p) for p in [node.head] + node.body if not isinstance(p, Table))
        return self._own[key]

    def _carries_units(self, node: Node) -> bool:
        return self._own_units(node) or any(self._carries_units(c) for c in node.children)

    def _is_group(self, node: Node) -> bool:
        """An item whose children are the tasks (or hold them)."""
        if any(isinstance(p, Table) and p.is_task_table for p in node.body):
            return True
        if any(c.style not in SUB_ITEM_STYLES and not self._is_unit_block(c) for c in node.children):
            return True
        subs = [c for c in node.children if c.style in SUB_ITEM_STYLES]
        if not subs or self._own_units(node):
            return False
        carrying = [c for c in subs if self._carries_units(c)]
        if carrying:
            # a clause closing only the last sub-item belongs to the item as a whole
            return not (len(carrying) == 1 and carrying[0] is subs[-1])
        numbered = [c for c in subs if c.style == "paren-arabic"]
        continued = bool(numbered) and (numbered[0].ordinal or 1) > 1        # （3） under 2.: numbered across items
        return not self.prints_units and (len(numbered) >= 2 or continued)

    def _children(self, node: Node, slug: list[str], path: list[str], ancestors: list[Node],
                  task_part: bool | None, duty: bool = False, excluded: bool = False) -> list:
        out = []
        plain_index = 0
        for child in node.children:
            if child.style in ("plain", "lead"):
                plain_index += 1
                token = f"p{plain_index}"
            elif child.style == "chapter":
                token = f"c{child.ordinal}"
            elif child.style == "part":
                token = f"b{child.ordinal}"
            elif child.style == "section":
                token = f"s{child.ordinal}"
            elif child.style == "annex":
                token = f"annex{child.ordinal or ''}"
            else:
                token = str(child.ordinal)
            child_slug = slug + [token]
            child_excluded = excluded or (self._non_task(child) if task_part is None and child.style != "annex"
                                          else self._non_task_item(child))
            if child.style == "annex":
                in_task_part = False
            elif task_part is None:
                in_task_part = not child_excluded
            else:
                in_task_part = task_part and not child_excluded
            child_duty = not duty and bool(in_task_part) and self._is_duty_part(child)
            described = in_task_part and not duty and self._is_definition(child)
            if described:
                in_task_part = False
            corrected = self._corrections_for(child)
            for c in corrected:
                if c.holds_tasks is not None:
                    in_task_part, child_excluded = c.holds_tasks, not c.holds_tasks
            if any(c.not_a_task for c in corrected):
                in_task_part, child_duty = False, False
            elif any(c.task for c in corrected):
                task = self._task(child, child_slug, path, ancestors, duty=duty)
                task.reason = "a task by correction (content/plans/<id>.yml)"
                out.append(task)
                continue
            if duty and not self._is_unit_block(child):           # an entry of a duties part
                task = self._task(child, child_slug, path, ancestors, duty=True)
                task.reason = "an entry of a part on duties: the unit it opens with carries it out"
                out.append(task)
                continue
            group = self._is_group(child)
            roster = self._is_unit_block(child)
            if in_task_part and not child_duty and not group and not roster:
                task = self._task(child, child_slug, path, ancestors)
                task.reason = ("the lowest numbered item with a unit clause of its own" if self._own_units(child)
                               else "the lowest numbered item of a task part")
                out.append(task)
                continue
            section = Section(
                id="s-" + "-".join(child_slug), number=child.number, title=child.title,
                line=child.line, last_line=child.last_line, depth=len(slug) + 1,
                paragraphs=[child.head] + child.body, is_task_part=bool(in_task_part))
            section.reason = ("inside a part that holds no tasks" if excluded else
                              self._section_reason(child, corrected, child_excluded, described, child_duty, group, roster))
            section.children = self._children(child, child_slug, path + [child.title], ancestors + [child],
                                              in_task_part if child.style != "part" or in_task_part is False
                                              else None, duty or child_duty, child_excluded)
            tables = [p for p in child.body if isinstance(p, Table) and p.is_task_table and not child_excluded]
            section.children += self._table_tasks(tables, child_slug, path + [child.title], ancestors + [child])
            if not section.is_task_part:
                self._warn_stray_units(section)
            self._share_closing_units(section)
            out.append(section)
        return out

    def _section_reason(self, node, corrected, excluded, described, duty, group, roster) -> str:
        if any(c.not_a_task for c in corrected):
            return "not a task by correction (content/plans/<id>.yml)"
        if any(c.holds_tasks is False for c in corrected):
            return "holds no tasks by correction (content/plans/<id>.yml)"
        if node.style == "annex":
            return "an annex: only its task tables give tasks"
        if excluded:
            words = [w for w in self.structure.non_task_parts if w in node.title] or \
                    [w for w in self.structure.non_task_endings if node.title.endswith(w)]
            if not words and self._is_procedure(node):
                return "holds no tasks: its items are stages of a procedure (stage_words)"
            return f"holds no tasks: its title has “{words[0] if words else node.title}” (non_task_parts)"
        if described:
            return "a description (类别：… with no action word), not a task"
        if duty:
            return "a part on duties: every entry is a task of the unit it names"
        if roster:
            return "a roster: its units go to every task of the part above it"
        if any(isinstance(p, Table) and p.is_task_table for p in node.body):
            return "holds a task table: its rows are the tasks"
        if group:
            subs = [c for c in node.children if c.style in SUB_ITEM_STYLES]
            if subs and len(subs) == len(node.children):
                return ("its sub-items carry their own units: they are the tasks" if self.prints_units
                        else "the plan names no units: its numbered sub-items are the tasks")
            return "a group: the items under it are the tasks"
        return "outside the task parts"

    def _task(self, node: Node, slug: list[str], path: list[str], ancestors: list[Node], duty: bool = False) -> Task:
        slug_text = self._unique(slug, node.line)
        task = Task(id=f"{self.plan.id}/{slug_text}", plan=self.plan.id, slug=slug_text,
                    number=node.number, title=node.title, path=list(path), line=node.line,
                    last_line=node.last_line, paragraphs=list(node.paragraphs()))
        if duty:       # the unit an entry names carries out the whole entry
            task.units = self._duty_units(node) + self._units_for(node, ancestors, prose=False)
        else:
            task.units = self._units_for(node, ancestors)
        for c in self._corrections_for(node):
            if c.not_a_task or c.task or c.holds_tasks is not None:
                task.corrected.append((c.what, c.yml_line))
        self._apply_units(task, node.head.line, node.head.text, node.number)
        return task

    def _unique(self, slug: list[str], line: int) -> str:
        slug_text = "-".join(slug)
        if slug_text in self.seen_ids:
            n = self.next_suffix.get(slug_text, 2)
            while f"{slug_text}-{n}" in self.seen_ids:
                n += 1
            self.next_suffix[slug_text] = n + 1
            self.problems.append(Diagnostic(self.plan.source, line, "warning",
                                            f"task number {slug_text} repeats an earlier one; "
                                            f"this task gets the id {slug_text}-{n}"))
            slug_text = f"{slug_text}-{n}"
        self.seen_ids.add(slug_text)
        return slug_text

    # -------------------------------------------------------------- task tables

    def _table_tasks(self, tables: list[Table], slug: list[str], path: list[str], ancestors: list[Node]) -> list:
        tasks = []
        for t, table in enumerate(tables, start=1):
            prefix = slug + ([f"t{t}"] if len(tables) > 1 else [])
            group = None
            for r, row in enumerate(table.rows, start=1):
                if row.section is not None:
                    group = row.section
                    continue
                fields = row_task_fields(table, row, group)
                if fields is None:
                    continue
                main = next(p for p in fields.paragraphs if p.line == fields.line)
                skipped = [c for c in self.corrections if c.not_a_task and matches(c, fields.line, main.text)]
                for c in skipped:
                    c.applied = True
                if skipped:
                    continue
                token = fields.number if fields.number and fields.number.isdigit() else f"r{r}"
                slug_text = self._unique(prefix + [token], fields.line)
                task = Task(id=f"{self.plan.id}/{slug_text}", plan=self.plan.id, slug=slug_text,
                            number=fields.number, title=fields.title, path=path + fields.path, line=fields.line,
                            last_line=row.last_line, paragraphs=fields.paragraphs)
                task.row = fields.cells
                task.table_row = row
                task.reason = f"row {fields.number or r} of a task table (line {table.line})"
                task.units = self._row_units(fields.units) + self._inherited_units(ancestors)
                self._apply_units(task, fields.line, main.text)
                tasks.append(task)
        return tasks

    # -------------------------------------------------------------- checks

    def _warn_stray_units(self, section: Section) -> None:
        for paragraph in section.paragraphs:
            if self._lists(paragraph):
                self.problems.append(Diagnostic(
                    self.plan.source, paragraph.line, "warning",
                    f"unit list in “{section.title}”, a part that holds no tasks (see non_task_parts in "
                    "content/structure.yml): its units are not attached to any task"))

    def _check_numbering(self, root: Node) -> None:
        """Warn where sibling numbering skips or repeats (一、二、四…)."""
        stack = [root]
        while stack:
            node = stack.pop()
            last: dict[str, Node] = {}
            for child in node.children:
                if child.ordinal is not None and child.style != "annex":
                    before = last.get(child.style)
                    if before and child.ordinal != before.ordinal + 1:
                        what = "repeats" if child.ordinal <= before.ordinal else "skips"
                        self.problems.append(Diagnostic(
                            self.plan.source, child.line, "warning",
                            f"numbering {what}: {child.number} after {before.number}"))
                    last[child.style] = child
            stack.extend(reversed(node.children))


def _all_paragraphs(doc: Document):
    yield from doc.preamble
    stack = [doc.root]
    while stack:
        node = stack.pop()
        if node.head:
            yield node.head
        yield from node.body
        stack.extend(node.children)


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
