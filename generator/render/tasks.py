"""Task pages and plan pages: breadcrumbs, unit rows, source links."""
from __future__ import annotations

import re
from collections import defaultdict

from ..model import ROLES, Section, Task
from ..urls import plan_url


class TaskPages:
    def source_link(self, path: str, first: int | None = None, last: int | None = None) -> str | None:
        if not self.repo_url:
            return None
        anchor = f"#L{first}" + (f"-L{last}" if last and last != first else "") if first else ""
        return f"{self.repo_url}/blob/{self.branch}/{path}{anchor}"

    def task_crumbs(self, plan, trail: list[Section]) -> list[tuple[str, str]]:
        items = [("首页", ""), (plan.title, plan_url(plan.id))]
        for section in trail:
            label = f"{section.number or ''}{section.title}"
            items.append((label if len(label) <= 24 else label[:23] + "…", plan_url(plan.id) + "#" + section.id))
        return items

    @staticmethod
    def own_paragraphs(section: Section) -> list:
        """A section's own text; a bare heading line is already shown as the heading."""
        head, *body = section.paragraphs
        bare = re.sub(r"\s+", "", head.text) == re.sub(r"\s+", "", (section.number or "") + section.title)
        return body if bare else [head] + body

    @staticmethod
    def group_by_path(tasks: list[Task]) -> list[tuple[str, list[Task]]]:
        groups: dict[str, list[Task]] = {}
        for task in tasks:
            groups.setdefault(" › ".join(task.path), []).append(task)
        return list(groups.items())

    def unit_roles(self, task: Task) -> list[dict]:
        """One row per organisation: its roles in this task and the spellings printed."""
        if task.id not in self._unit_roles:
            self._unit_roles[task.id] = self._compute_unit_roles(task)
        return self._unit_roles[task.id]

    def _compute_unit_roles(self, task: Task) -> list[dict]:
        rows: dict[str, dict] = {}
        for ref in task.units:
            row = rows.setdefault(ref.unit, {"unit": self.units[ref.unit], "roles": [], "raw": [], "names": []})
            if ref.role not in row["roles"]:
                row["roles"].append(ref.role)
            if ref.raw not in row["raw"]:
                row["raw"].append(ref.raw)
            if ref.name not in row["names"]:
                row["names"].append(ref.name)
        for row in rows.values():
            row["roles"].sort(key=ROLES.index)
        return sorted(rows.values(), key=lambda r: ROLES.index(r["roles"][0]))

    def trails(self, plan) -> dict[str, list[Section]]:
        """The sections above each task, outermost first (for breadcrumbs)."""
        out = {}

        def walk(nodes, above):
            for node in nodes:
                if isinstance(node, Task):
                    out[node.id] = above
                else:
                    walk(node.children, above + [node])
        walk(plan.sections, [])
        return out

    def timeline(self):
        """Deadlines of every task, by year; mentions without a year come last."""
        by_year = defaultdict(list)
        for task in self.hb.tasks:
            for mention in task.deadlines:
                by_year[mention.year].append((task, mention))
        return sorted(by_year.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))

    def documents_of(self, task: Task):
        return [self.doc_by_id[i] for i in task.citations]

