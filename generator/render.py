"""Render the model into Markdown pages and data files with Jinja2 templates.

Python decides what goes on which page; the templates under generator/templates decide
how it looks. Every string that comes from content is escaped by a filter (`h` inside
raw HTML, `md` inside Markdown), so a source line can never become markup."""
from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .content import inside
from .export import handbook_json, task_units_csv, tasks_csv
from .model import ROLE_LABELS, ROLES, Handbook, Section, Task
from .parallel import parallel_map
from .urls import agency_type_url, document_url, page_path, plan_url, task_url, topic_url, unit_url

TEMPLATES = Path(__file__).parent / "templates"
HEATMAP_COLUMNS = 12
MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~^=<>&:\"'])")


def relative(from_dir: str, to: str) -> str:
    """Relative path between two site paths ("a/b/" → "a/c/index.md" gives "../c/index.md");
    posixpath.relpath does the same, ten times slower."""
    here = [p for p in from_dir.split("/") if p]
    there = to.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "../" * (len(here) - common) + "/".join(there[common:])


def md_inline(text) -> str:
    """Escape text for a Markdown context (heading, table cell, link text)."""
    text = "" if text is None else str(text)
    text = re.sub(r"\s+", " ", text)

    def escape(m):
        ch = m.group(1)
        if ch in "<>&\"'":
            return html.escape(ch, quote=True)
        if ch in ":=~^":
            return f"&#{ord(ch)};"
        return "\\" + ch
    return MD_SPECIAL.sub(escape, text)


def h(text) -> str:
    """Escape text for a raw-HTML context."""
    return html.escape("" if text is None else str(text), quote=True)


def front_matter(**fields) -> str:
    """A page's front matter, written by the YAML serializer so that no character of a value
    can end it early or make it unparseable. Page titles pass through `h` first: MkDocs themes
    print the front-matter title into <title> and the header without escaping it."""
    return "---\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1 << 20) + "---\n"


@dataclass
class Page:
    url: str
    template: str
    context: dict


class Renderer:
    def __init__(self, handbook: Handbook, repo_url: str | None, branch: str = "main"):
        self.hb = handbook
        self.repo_url = (repo_url or "").rstrip("/")
        self.branch = branch
        self.env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=False, undefined=StrictUndefined,
                               trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        self.env.filters.update(h=h, md=md_inline)
        self.env.globals.update(anchor=lambda ident: "{#" + ident + "}", front_matter=front_matter)
        self.units = {u.id: u for u in handbook.units}
        self.types = {t.id: t for t in handbook.agency_types}
        self.topics = {t.id: t for t in handbook.topics}
        self.plans = {p.id: p for p in handbook.plans}
        self.task_by_id = {t.id: t for t in handbook.tasks}
        self._row_tasks = {id(t.table_row): t for t in handbook.tasks if t.table_row is not None}
        self._unit_roles: dict[str, list[dict]] = {}
        self.doc_by_id = {d.id: d for d in handbook.documents}
        self.topic_counts = Counter(t for task in handbook.tasks for t in task.topics)
        self.units_of_type = defaultdict(list)
        for unit in handbook.units:
            for type_id in [unit.type] + unit.also_types:
                self.units_of_type[type_id].append(unit)
        self.tasks_by_unit = defaultdict(list)      # unit id -> [(task, role)]
        for task in handbook.tasks:
            for role in ROLES:
                for unit_id in dict.fromkeys(r.unit for r in task.units if r.role == role):
                    self.tasks_by_unit[unit_id].append((task, role))

    # ------------------------------------------------------------ helpers

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
    def href(from_url: str, to_url: str) -> str:
        """A relative URL for raw HTML, where MkDocs does not rewrite links."""
        rel = relative(from_url, to_url)
        return rel or "./"

    @staticmethod
    def own_paragraphs(section: Section) -> list:
        """A section's own text; a bare heading line is already shown as the heading."""
        head, *body = section.paragraphs
        bare = re.sub(r"\s+", "", head.text) == re.sub(r"\s+", "", (section.number or "") + section.title)
        return body if bare else [head] + body

    def unit_topics(self, unit_id: str) -> list[tuple[str, int]]:
        counts = Counter(t for task, _role in self.tasks_by_unit[unit_id] for t in set(task.topics))
        order = {t.id: i for i, t in enumerate(self.hb.topics)}
        return sorted(counts.items(), key=lambda kv: (-kv[1], order[kv[0]]))

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

    def row_task(self, row):
        """The task a row of a task table became (None for a row that is not one, e.g. 合计)."""
        return self._row_tasks.get(id(row))

    def role_counts(self, unit_id: str) -> Counter:
        return Counter(role for _task, role in self.tasks_by_unit[unit_id])

    # ------------------------------------------------------------ pages

    def pages(self) -> list[Page]:
        pages = [Page("", "home.md.j2", {"matrix": self.topic_matrix()}),
                 Page("plans/", "plans.md.j2", {}),
                 Page("units/", "units.md.j2", {"groups": self.unit_groups(), "heat": self.type_heatmap()}),
                 Page("agency-types/", "agency_types.md.j2",
                      {"groups": self.unit_groups(), "heat": self.type_heatmap()}),
                 Page("topics/", "topics.md.j2", {"matrix": self.topic_matrix()}),
                 Page("data/", "data.md.j2", {}),
                 Page("documents/", "documents.md.j2", {}),
                 Page("timeline/", "timeline.md.j2", {"years": self.timeline()}),
                 Page("search/", "search.md.j2", {})]
        for plan in self.hb.plans:
            pages.append(Page(plan_url(plan.id), "plan.md.j2", {"plan": plan}))
            pages.append(Page(plan_url(plan.id) + "source/", "source.md.j2",
                              {"plan": plan, "lines": plan.raw_lines}))
            trail = self.trails(plan)
            for task in plan.tasks:
                pages.append(Page(task_url(task), "task.md.j2",
                                  {"plan": plan, "task": task, "trail": trail[task.id],
                                   "rows": self.unit_roles(task)}))
        for unit in self.hb.units:
            pages.append(Page(unit_url(unit), "unit.md.j2", {"unit": unit, "by_role": self.unit_tasks(unit.id)}))
        for agency_type, units in self.unit_groups():
            pages.append(Page(agency_type_url(agency_type.id), "agency_type.md.j2",
                              {"agency_type": agency_type, "by_plan": self.type_by_plan(agency_type.id)}))
        for topic in self.hb.topics:
            pages.append(Page(topic_url(topic.id), "topic.md.j2",
                              {"topic": topic, "by_plan": self.topic_by_plan(topic.id),
                               "children": [t for t in self.hb.topics if t.parent == topic.id],
                               "related_topics": self.related_topics(topic.id)}))
        return pages

    def search_records(self) -> list[dict]:
        """What the search index needs to know of each page beyond its text: kind, facets,
        names that should put it first, and what a result shows."""
        records = []
        for plan in self.hb.plans:
            year = plan.date[:4] if plan.date else None
            base = {"plan": [plan.id], "locality": [plan.locality], "year": [year] if year else []}
            records.append(dict(url=plan_url(plan.id), kind="plan", title=plan.title, crumbs=["规划"],
                                plan=plan.title, units=[], names=[plan.title], facets=dict(base)))
            trail = self.trails(plan)
            for task in plan.tasks:
                rows = self.unit_roles(task)
                types = sorted({t for row in rows for t in [row["unit"].type] + row["unit"].also_types})
                records.append(dict(
                    url=task_url(task), kind="task", title=f"{task.number or ''}{task.title}",
                    crumbs=[plan.title] + [f"{s.number or ''}{s.title}" for s in trail[task.id]], plan=plan.title,
                    units=[row["names"][0] + ("（牵头）" if "lead" in row["roles"] else "") for row in rows],
                    names=[], facets=dict(base, type=types, unit=[row["unit"].id for row in rows],
                                          topic=list(task.topics))))
        for unit in self.hb.units:
            plan = self.plans[unit.plan]
            year = plan.date[:4] if plan.date else None
            records.append(dict(
                url=unit_url(unit), kind="unit", title=unit.name, crumbs=["单位", plan.locality], plan=plan.title,
                units=[], names=[unit.name] + unit.aliases + self.short_names(unit),
                facets={"plan": [plan.id], "locality": [plan.locality], "year": [year] if year else [],
                        "type": [unit.type] + unit.also_types, "unit": [unit.id],
                        "topic": [t for t, _ in self.unit_topics(unit.id)]}))
        for agency_type, _units in self.unit_groups():
            records.append(dict(url=agency_type_url(agency_type.id), kind="agency-type", title=agency_type.name,
                                crumbs=["机构类型"], plan="", units=[], names=[agency_type.name],
                                facets={"type": [agency_type.id]}))
        for topic in self.hb.topics:
            family = [topic.id] + ([topic.parent] if topic.parent else [])
            records.append(dict(url=topic_url(topic.id), kind="topic", title=topic.name, crumbs=["主题"], plan="",
                                units=[], names=[topic.name], facets={"topic": family}))
        for url, title in (("", "首页"), ("plans/", "规划"), ("units/", "单位"), ("agency-types/", "机构类型"),
                           ("topics/", "主题"), ("data/", "数据下载"), ("documents/", "引用的文件"),
                           ("timeline/", "时间表")):
            records.append(dict(url=url, kind="index", title=title, crumbs=[], plan="", units=[], names=[],
                                facets={}))
        return records

    def search_labels(self) -> dict:
        return {"plan": {p.id: p.title for p in self.hb.plans},
                "type": {t.id: t.name for t in self.hb.agency_types},
                "topic": {t.id: t.name for t in self.hb.topics},
                "unit": {u.id: u.name for u in self.hb.units},
                "kind": {"task": "任务", "unit": "单位", "topic": "主题", "agency-type": "机构类型",
                         "plan": "规划", "index": "索引页"}}

    @staticmethod
    def short_names(unit) -> list[str]:
        """人社局 for 闽侯县人社局: the names without their locality, as people type them."""
        short = set()
        for name in [unit.name] + unit.aliases:
            name = re.sub(r"^(?:[\u4e00-\u9fff]{2,3}?[省市县区])+(?=[\u4e00-\u9fff]{3})", "", name)
            short.add(name)
            for prefix in ("省委", "市委", "县委", "区委", "省", "市", "县", "区"):
                if name.startswith(prefix) and len(name) > len(prefix) + 1:
                    short.add(name[len(prefix):])
                    break
        return sorted(short)

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

    def unit_tasks(self, unit_id: str) -> list[tuple[str, list[Task]]]:
        grouped = defaultdict(list)
        for task, role in self.tasks_by_unit[unit_id]:
            grouped[role].append(task)
        return [(role, grouped[role]) for role in ROLES if grouped[role]]

    def unit_groups(self):
        """Agency types with their units, in the order of content/units.yml."""
        return [(t, sorted(self.units_of_type[t.id], key=lambda u: (u.plan, u.name)))
                for t in self.hb.agency_types if self.units_of_type[t.id]]

    def type_heatmap(self):
        """Tasks per agency type per plan (a task counts once per type, whatever the role)."""
        groups = self.unit_groups()
        counts = {t.id: {p.id: 0 for p in self.hb.plans} for t, _ in groups}
        for agency_type, units in groups:
            for unit in units:
                counts[agency_type.id][unit.plan] += len({task.id for task, _ in self.tasks_by_unit[unit.id]})
        peak = max((n for row in counts.values() for n in row.values()), default=0) or 1
        plans = [p for p in self.hb.plans if any(counts[t.id][p.id] for t, _ in groups)]
        # the agency types most plans ask for, as columns; the rest are one click away
        busiest = sorted(groups, key=lambda g: (-sum(counts[g[0].id].values()), [t for t, _ in groups].index(g[0])))
        types = [t for t, _ in busiest[:HEATMAP_COLUMNS]]
        types.sort(key=lambda t: [g[0] for g in groups].index(t))
        return {"types": types, "plans": plans, "counts": counts, "peak": peak,
                "others": max(0, len(groups) - len(types))}

    def type_by_plan(self, type_id: str):
        by_plan = defaultdict(list)
        for unit in self.units_of_type[type_id]:
            by_plan[unit.plan].append(unit)
        return [(plan, [(u, self.unit_tasks(u.id), self.role_counts(u.id)) for u in by_plan[plan.id]])
                for plan in self.hb.plans if by_plan[plan.id]]

    def topic_by_plan(self, topic_id: str):
        return [(plan, [t for t in plan.tasks if topic_id in t.topics]) for plan in self.hb.plans]

    def related_topics(self, topic_id: str) -> list[tuple[str, int]]:
        """Topics that share the most tasks with this one."""
        together = Counter(other for task in self.hb.tasks if topic_id in task.topics
                           for other in task.topics if other != topic_id)
        family = {t.id for t in self.hb.topics if t.parent == topic_id or t.id == self.topics[topic_id].parent}
        return [(t, n) for t, n in sorted(together.items(), key=lambda kv: (-kv[1], kv[0]))
                if t not in family][:6]

    def timeline(self):
        """Deadlines of every task, by year; mentions without a year come last."""
        by_year = defaultdict(list)
        for task in self.hb.tasks:
            for mention in task.deadlines:
                by_year[mention.year].append((task, mention))
        return sorted(by_year.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))

    def documents_of(self, task: Task):
        return [self.doc_by_id[i] for i in task.citations]

    def topic_matrix(self):
        pilots = [t for t in self.hb.topics if t.pilot]
        counts = {t.id: {p.id: sum(t.id in task.topics for task in p.tasks) for p in self.hb.plans}
                  for t in pilots}
        return {"topics": pilots, "plans": self.hb.plans, "counts": counts}

    # ------------------------------------------------------------ output

    def render_page(self, page: Page) -> bytes:
        def link(target: str, _from=page.url) -> str:
            target, _, anchor = target.partition("#")
            return relative(_from, page_path(target)) + ("#" + anchor if anchor else "")
        context = dict(page.context, hb=self.hb, page_url=page.url, link=link, r=self,
                       ROLE_LABELS=ROLE_LABELS, types=self.types, topics=self.topics,
                       units=self.units, plans=self.plans, task_url=task_url, unit_url=unit_url,
                       plan_url=plan_url, topic_url=topic_url, agency_type_url=agency_type_url,
                       document_url=document_url)
        return self.env.get_template(page.template).render(**context).encode("utf-8")

    def render(self, only=None) -> dict[str, bytes]:
        """Every output file (or those whose URL `only` accepts), path relative to the docs dir → bytes."""
        pages = [p for p in self.pages() if only is None or only(p.url)]
        for task in self.hb.tasks:          # computed once here, not in every worker
            self.unit_roles(task)
        rendered = parallel_map(lambda i: self.render_page(pages[i]), list(range(len(pages))))
        files: dict[str, bytes] = {page_path(page.url): data for page, data in zip(pages, rendered)}
        for path in files:
            inside(Path("."), path)
        if only is not None:          # a preview of a few plans: the data files wait for `build`
            return files
        files["data/handbook.json"] = handbook_json(self.hb).encode("utf-8")
        files["data/tasks.csv"] = tasks_csv(self.hb).encode("utf-8")
        files["data/task_units.csv"] = task_units_csv(self.hb).encode("utf-8")
        return files


def write_tree(files: dict[str, bytes], out_dir: Path, keep: tuple[str, ...] = (), scope=None) -> tuple[int, int]:
    """Write only what changed and remove what is no longer produced (except under `keep`, and
    only files `scope` accepts when the files are a partial render); returns (written, removed)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = 0
    for rel, data in sorted(files.items()):
        target = inside(out_dir, rel)
        if target.exists() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written += 1
    removed = 0
    for path in sorted(out_dir.rglob("*"), reverse=True):
        rel = path.relative_to(out_dir).as_posix()
        in_scope = scope is None or scope(rel)
        if path.is_file() and rel not in files and not rel.startswith(keep) and in_scope:
            path.unlink()
            removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return written, removed
