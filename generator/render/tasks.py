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

    def history_link(self, path: str) -> str | None:
        """The repository's history of a file (who corrected what, when)."""
        return f"{self.repo_url}/commits/{self.branch}/{path}" if self.repo_url else None

    def row_task(self, row):
        """The task a row of a task table became (None for a row that is not one, e.g. 合计)."""
        return self._row_tasks.get(id(row))

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
            row = rows.setdefault(ref.unit, {"unit": self.units[ref.unit], "roles": [], "raw": [], "names": [],
                                             "sources": []})
            if ref.role not in row["roles"]:
                row["roles"].append(ref.role)
            if ref.raw not in row["raw"]:
                row["raw"].append(ref.raw)
            if ref.name not in row["names"]:
                row["names"].append(ref.name)
            source = {"role": ref.role, "origin": ref.origin, "line": ref.line, "role_line": ref.role_line}
            if source not in row["sources"]:
                row["sources"].append(source)
        for row in rows.values():
            row["roles"].sort(key=ROLES.index)
            row["sources"].sort(key=lambda s: (ROLES.index(s["role"]), s["line"]))
        return sorted(rows.values(), key=lambda r: ROLES.index(r["roles"][0]))

    def inherited_quotes(self, task: Task) -> list[dict]:
        """The source lines that gave the task units from outside its own lines (a heading above
        it, a working group's roster, a section's closing clause), once each, in source order,
        each split around the printed words it was read from."""
        lines = self.plans[task.plan].clean_lines
        quotes = {}
        for ref in task.units:
            if task.line <= ref.line <= task.last_line or (ref.line, ref.quote) in quotes:
                continue
            text = lines[ref.line - 1] if 0 < ref.line <= len(lines) else ref.quote
            before, found, after = text.partition(ref.quote) if ref.quote else (text, "", "")
            quotes[(ref.line, ref.quote)] = {"line": ref.line, "origin": ref.origin,
                                             "parts": (before, found, after) if found else (text, "", "")}
        return [quotes[key] for key in sorted(quotes)]

    def neighbours(self, task: Task) -> tuple[Task | None, Task | None]:
        """The tasks before and after this one in its plan."""
        tasks = self.plans[task.plan].tasks
        i = self.position[task.id]
        return (tasks[i - 1] if i else None), (tasks[i + 1] if i + 1 < len(tasks) else None)

    def source_href(self, from_url: str, plan_id: str, first: int, last: int | None = None) -> str:
        """A link from a page to lines of its plan's source page: #L28, or #L28-L32 for a range."""
        return self.href(from_url, plan_url(plan_id) + "source/") + f"#L{first}" + (
            f"-L{last}" if last and last != first else "")

    @staticmethod
    def source_blocks(plan) -> list[dict]:
        """The source page: runs of lines, each run either one task's lines (to link back to its
        page) or lines outside tasks. Lines are shown as decoded, less the debris the reader
        removed inside them (Word bookmarks); a line removed whole is marked as removed."""
        owner = {}
        for task in plan.tasks:
            for number in range(task.line, task.last_line + 1):
                owner[number] = task
        cut = defaultdict(list)
        for piece in plan.removed:
            cut[piece.line].append(piece.text)
        blocks: list[dict] = []
        for number, raw in enumerate(plan.raw_lines, start=1):
            text, removed = raw, False
            for piece in cut.get(number, ()):
                text = text.replace(piece, "", 1)
                removed = removed or (not text.strip() and bool(piece.strip()))
            task = owner.get(number)
            if not blocks or blocks[-1]["task"] is not task:
                blocks.append({"task": task, "lines": []})
            blocks[-1]["lines"].append((number, raw.strip() if removed else text, removed))
        return blocks

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

