"""The units of a task, and the corrections that change what the reader found: the methods of
PlanBuilder (extract/tasks.py) that read who carries out a task — clauses in its own text, on
headings and rosters above it, in a table row, as the subject of its sentences, at the head of a
duties entry, closing its group — and that apply a plan's `corrections:`."""
from __future__ import annotations

import re

from ..model import Paragraph, Section, Table, Task, UnitRef
from ..parse import Node, heading_title, squeeze_title
from .clauses import UnitList, find_lists, read_segments, split_items
from .subjects import subject_lists
from .corrections import Correction, matches


class TaskUnits:
    def _row_units(self, cells: list[tuple[str, object]]) -> list[UnitRef]:
        """The units of a table row by column; a cell in prose (交通与建设处牵头，农业农村处配合;
        各处室按职责分工负责) is read with the role verbs, its plain 负责 taking the column's role."""
        refs, seen = [], set()
        for role, cell in cells:
            lists = read_segments(re.split(r"[，,；;]", cell.text), cell.line, cell.text, self.grammar, "verb")
            if lists:
                groups = [(role if l.role == "responsible" else l.role, l.items) for l in lists]
            else:
                groups = [(role, [i for i in split_items(cell.text) if self.names.k.is_unit_name(i) or len(i) <= 12])]
            for group_role, items in groups:
                for raw, name in zip(items, self.names.restore(items)):
                    if (name, group_role) not in seen:
                        seen.add((name, group_role))
                        refs.append(UnitRef(raw, name, group_role, cell.line, origin="table", quote=cell.text))
        return refs

    def _lists(self, paragraph) -> list[UnitList]:
        if isinstance(paragraph, Table):
            return []
        key = (paragraph.line, paragraph.text)
        if key not in self._lists_memo:
            self._lists_memo[key] = find_lists(paragraph.text, paragraph.line, self.grammar)
        return self._lists_memo[key]

    def _inherited_paragraphs(self, ancestor: Node) -> list[tuple[str, Paragraph]]:
        """What an ancestor passes on to every task under it: its own lines (origin "heading")
        and its unit blocks (origin "roster"), computed once per ancestor."""
        key = id(ancestor)
        if key not in self._inherited:
            paragraphs = [("heading", p) for p in [ancestor.head] + ancestor.body if not isinstance(p, Table)]
            for sibling in ancestor.children:
                if self._is_unit_block(sibling):
                    paragraphs.extend(("roster", p) for p in sibling.body)
            self._inherited[key] = paragraphs
        return self._inherited[key]

    def _refs(self, sources, seen: set, subjects: bool = False) -> list[UnitRef]:
        refs = []
        for origin, paragraph in sources:
            lists = subject_lists(paragraph.text, paragraph.line, self.grammar) if subjects else self._lists(paragraph)
            for unit_list in lists:
                for raw, name in zip(unit_list.items, self.names.restore(unit_list.items)):
                    key = (name, unit_list.role)
                    if key not in seen:
                        seen.add(key)
                        refs.append(UnitRef(raw, name, unit_list.role, unit_list.line, origin=origin,
                                            quote=unit_list.quote))
        return refs

    def _inherited_units(self, ancestors: list[Node]) -> list[UnitRef]:
        sources = [s for ancestor in ancestors for s in self._inherited_paragraphs(ancestor)]
        return self._refs(sources, set())

    def _units_for(self, node: Node, ancestors: list[Node], prose: bool = True) -> list[UnitRef]:
        """A task's units: lists on its ancestors (and their unit blocks), then its own."""
        sources = [s for ancestor in ancestors for s in self._inherited_paragraphs(ancestor)]
        own = [("clause", p) for p in node.paragraphs() if not isinstance(p, Table)]
        seen: set = set()
        refs = self._refs(sources + own, seen)
        if prose and not any(r.origin == "clause" for r in refs):      # no clause of its own: read the prose
            refs += self._refs([("subject", p) for _o, p in own], seen, subjects=True)
        return refs

    def _duty_units(self, node: Node) -> list[UnitRef]:
        """The unit an entry of a duties part names: （一）区建管委, （一）区发展改革委：负责…,
        （一）区党群工作部负责… (the longest opening words that read as an agency)."""
        head = node.head.text
        rest = head[len(node.number or ""):].strip() if node.number and head.startswith(node.number) else head
        if re.search(r"[：:]", rest[:31]):
            name = re.split(r"[：:]", rest, 1)[0].strip()
            items = split_items(name)
            if not items or not all(self.names.k.is_unit_name(i) for i in items):
                return []
        else:
            name = self._opening_name(rest)
            items = [name] if name else []
        return [UnitRef(raw, full, "responsible", node.line, origin="clause", quote=name)
                for raw, full in zip(items, self.names.restore(items))]

    def _opening_name(self, text: str) -> str:
        """The agency name a text opens with: the shortest opening that reads as one, or a longer
        one that only completes it (区委 → 区委组织部, 区发展和改革委 → …委员会); a longer one
        that runs on into the sentence is not a name (区市场监督管理局严格监管验光配镜行)."""
        names = [text[:n] for n in range(2, min(len(text), 30) + 1) if self.names.k.is_unit_name(text[:n])]
        if not names:
            return ""
        openers = tuple(self.structure.clause_openers) + tuple(self.structure.action_words) + \
            tuple(w for words in self.structure.role_verbs.values() for w in words)
        if text[len(names[0]):].startswith(openers):
            return names[0]                  # 区党群工作部|按照部署…
        return max((n for n in names if len(n) - len(names[0]) <= 3), key=len)

    def _share_closing_units(self, section: Section) -> None:
        """Units named once at the end of a group for all its items: a unit clause standing alone
        as the last paragraph of the last task, where no other task of the group names units."""
        tasks = [c for c in section.children if isinstance(c, Task)]
        if len(tasks) < 2 or any(t.units for t in tasks[:-1]) or not tasks[-1].units:
            return
        last = tasks[-1].paragraphs[-1]
        if len(tasks[-1].paragraphs) < 2 or not self._is_whole_clause(last):
            return
        closing = [u for u in tasks[-1].units if u.line == last.line and u.quote == last.text.strip()
                   or u.line == last.line]
        for task in tasks[:-1]:
            task.units = [UnitRef(u.raw, u.name, u.role, u.line, origin="section", quote=u.quote) for u in closing]

    def _is_whole_clause(self, paragraph: Paragraph) -> bool:
        """A paragraph that is nothing but a unit clause: 责任单位：…, （牵头单位：…）."""
        lists = self._lists(paragraph)
        if not lists:
            return False
        text = re.sub(r"\s+", "", paragraph.text).strip("（）()。；;")
        return all(re.sub(r"\s+", "", l.quote).strip("（）()。；;") in text for l in lists) and \
            len(text) <= sum(len(re.sub(r"\s+", "", l.quote)) for l in lists) + 2


class TaskCorrections:
    def _corrections_for(self, node: Node) -> list[Correction]:
        if not node.head:
            return []
        found = [c for c in self.corrections if matches(c, node.head.line, node.head.text, node.number)]
        for c in found:
            c.applied = True
        return found

    def _split_at_corrections(self, root: Node) -> None:
        """`task: true` on a paragraph inside an item: that paragraph and the ones after it (to
        the next such paragraph) become a task of their own."""
        wanted = [c for c in self.corrections if c.task]
        if not wanted:
            return
        stack = [root]
        while stack:
            node = stack.pop()
            stack.extend(node.children)
            cuts = [i for i, p in enumerate(node.body) if not isinstance(p, Table)
                    and any(matches(c, p.line, p.text) for c in wanted)]
            if not cuts:
                continue
            new = []
            for k, i in enumerate(cuts):
                end = cuts[k + 1] if k + 1 < len(cuts) else len(node.body)
                head = node.body[i]
                new.append(Node("plain", node.rank + 0.5, None, None, squeeze_title(heading_title(head.text)), head,
                                body=node.body[i + 1:end]))
            node.body = node.body[:cuts[0]]
            node.children = new + node.children

    def _apply_units(self, task: Task, line: int, text: str, number: str | None = None) -> None:
        for c in self.corrections:
            if not c.units or not matches(c, line, text, number):
                continue
            c.applied = True
            if c.replace_units:
                task.units = []
            for role, names in c.units.items():
                for raw, name in zip(names, self.names.restore(names)):
                    task.units.append(UnitRef(raw, name, role, c.yml_line, origin="correction",
                                              quote=f"{self.plan.source[:-4]}.yml"))
            task.corrected.append((c.what, c.yml_line))
