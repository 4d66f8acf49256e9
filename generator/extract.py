"""From a document tree to a Plan: metadata, sections, tasks and their responsible units."""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import metadata
from .model import Diagnostic, Paragraph, Plan, Section, Task, UnitRef
from .parse import SUB_ITEM_STYLES, Document, Node, is_label_block
from .units import Names, UnitList, find_lists


@dataclass
class Structure:
    """The contents of content/structure.yml."""
    non_task_parts: list[str]
    unit_labels: dict[str, str]
    people_labels: list[str]

    @classmethod
    def from_config(cls, config: dict) -> "Structure":
        return cls(list(config["non_task_parts"]), dict(config["unit_labels"]),
                   list(config.get("people_labels") or []))

    def __post_init__(self):
        self.block_labels = frozenset(self.unit_labels) | frozenset(self.people_labels)


def plan_metadata(plan_id: str, source: str, doc: Document, yml: dict | None,
                  yml_lines: dict[str, int] | None = None) -> tuple[dict, dict, list]:
    """Metadata from the text, completed or corrected by the yml; also where each value came from."""
    problems = []
    found = metadata.from_preamble(doc.preamble)
    values = {key: value for key, (value, _line) in found.items()}
    origin = {key: f"text:{line}" for key, (_value, line) in found.items()}
    status = metadata.status_of(doc.preamble)
    if status:
        values["status"], origin["status"] = status[0], f"text:{status[1]}"
    if "locality" not in values:
        for key in ("issuer", "title"):
            place = metadata.locality_from(values.get(key) or "")
            if place:
                values["locality"], origin["locality"] = place, origin[key]
                break
    for key, value in (yml or {}).items():
        if key in metadata.YML_KEYS and value not in (None, ""):
            values[key], origin[key] = str(value), "yml"
    yml_path = source[:-4] + ".yml"
    for key in ("date", "published"):
        value = values.get(key)
        if value and not metadata.valid_date(value):
            if origin.get(key) == "yml":
                where, level = (yml_path, (yml_lines or {}).get(key, 1)), "error"
            else:       # as printed: the text keeps it, the handbook shows no date
                where, level = (source, int(origin.get(key, "text:1").split(":")[1])), "warning"
            problems.append(Diagnostic(*where, level, f"{key} {value!r} is not a real date as YYYY, YYYY-MM or "
                                                      "YYYY-MM-DD"))
            values[key] = None
    number = values.get("doc_number")
    if number and origin.get("doc_number") == "yml" and not metadata.DOC_NUMBER.match(number):
        problems.append(Diagnostic(yml_path, (yml_lines or {}).get("doc_number", 1), "error",
                                   f"doc_number {number!r} does not look like 禹政办〔2022〕3号"))
    url = values.get("source_url")
    if url and not re.fullmatch(r"https?://[^\s<>\"'`\\]+", url):
        problems.append(Diagnostic(yml_path, (yml_lines or {}).get("source_url", 1), "error",
                                   f"source_url {url!r} must be an http:// or https:// address"))
        values["source_url"] = None
    if "title" not in values:
        values["title"], origin["title"] = plan_id, "file name"
        problems.append(Diagnostic(source, 1, "warning",
                                   f"no title found in the text; add `title:` to {yml_path}"))
    if "locality" not in values:
        values["locality"], origin["locality"] = "未注明", "default"
        problems.append(Diagnostic(source, 1, "warning",
                                   f"no locality found in the text; add `locality:` to {yml_path}"))
    if not values.get("date"):
        problems.append(Diagnostic(source, 1, "warning",
                                   f"no date found in the text; add `date:` to {yml_path}"))
    return values, origin, problems


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
