"""The Renderer: which pages exist, with what context, and the files they become."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from urllib.parse import quote, urlencode
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, pass_context

from ..content import inside
from ..model import ORIGINS, ROLE_LABELS, ROLES, Handbook
from ..parallel import MIN_ITEMS, parallel_map
from ..urls import agency_type_url, document_url, page_path, plan_url, task_url, topic_url, unit_url
from .actions import PageActions
from .base import Page, front_matter, h, md_inline, relative
from .data import DataFiles
from .search import SearchRecords
from .sectioned import FRAGMENTS, SectionedPages
from .tasks import TaskPages
from .topics import TopicPages
from .units import UnitPages

TEMPLATES = Path(__file__).parent.parent / "templates"


def template_cache(root: Path | None) -> FileSystemBytecodeCache | None:
    """Compiled templates kept under build/cache/ (keyed by their source): a build that renders
    a few pages does not compile twenty templates first."""
    if root is None:
        return None
    folder = root / "build" / "cache" / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


class Renderer(TaskPages, UnitPages, TopicPages, SectionedPages, SearchRecords, DataFiles):
    def __init__(self, handbook: Handbook, repo_url: str | None, branch: str = "main", root: Path | None = None,
                 abbreviations: dict[str, str] | None = None, site_url: str = "", epoch: int = 0,
                 plan_dates: dict | None = None, edit_uri: str | None = None):
        """`root` is the project folder (to see which plans have a .yml); `abbreviations` are the
        short names of content/units.yml (人社局 → 人力资源和社会保障局), for search and filters;
        `epoch` is the build's SOURCE_DATE_EPOCH and `plan_dates` plan id → (added, changed);
        `edit_uri` (mkdocs.yml) makes the page actions' links."""
        self.hb = handbook
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.epoch = epoch
        self.plan_dates = plan_dates or {p.id: (epoch, epoch) for p in handbook.plans}
        self.repo_url = (repo_url or "").rstrip("/")
        self.branch = branch
        self.root = root
        self.abbreviations = abbreviations or {}
        self.env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=False, undefined=StrictUndefined,
                               trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                               bytecode_cache=template_cache(root),
                               auto_reload=False)    # the templates are code: they do not change mid-build
        self.env.filters.update(h=h, md=md_inline)
        self.actions = PageActions(repo_url, edit_uri, site_url)

        @pass_context
        def page_front_matter(context, **fields):
            actions = self.actions.links(context["page_url"], fields)
            return front_matter(**fields, **({"hb_actions": actions} if actions else {}))
        self.env.globals.update(anchor=lambda ident: "{#" + ident + "}", front_matter=page_front_matter)
        self.units = {u.id: u for u in handbook.units}
        self.types = {t.id: t for t in handbook.agency_types}
        self.topics = {t.id: t for t in handbook.topics}
        self.plans = {p.id: p for p in handbook.plans}
        self.task_by_id = {t.id: t for t in handbook.tasks}
        self._row_tasks = {id(t.table_row): t for t in handbook.tasks if t.table_row is not None}
        self.position = {t.id: i for p in handbook.plans for i, t in enumerate(p.tasks)}
        self._unit_roles: dict[str, list[dict]] = {}
        self.doc_by_id = {d.id: d for d in handbook.documents}
        self.topic_counts = Counter(t for task in handbook.tasks for t in task.topics)
        self.units_of_type = defaultdict(list)
        for unit in handbook.units:
            for type_id in [unit.type] + unit.also_types:
                self.units_of_type[type_id].append(unit)
        self.tasks_by_unit = defaultdict(list)      # unit id -> [(task, role)]
        for task in handbook.tasks:
            restated = self.task_by_id[task.restates] if task.restates else None
            counted = {r.unit for r in restated.units} if restated else set()
            for role in ROLES:
                for unit_id in dict.fromkeys(r.unit for r in task.units if r.role == role):
                    if unit_id not in counted:     # an annex row repeating a body task counts once
                        self.tasks_by_unit[unit_id].append((task, role))

    @staticmethod
    def href(from_url: str, to_url: str) -> str:
        """A relative URL for raw HTML, where MkDocs does not rewrite links."""
        rel = relative(from_url, to_url)
        return rel or "./"

    def plan_yml(self, plan) -> tuple[str, bool]:
        """The plan's .yml (where its metadata is corrected) and whether it exists yet."""
        path = plan.source.removesuffix(".txt") + ".yml"
        return path, bool(self.root and (self.root / path).is_file())

    @staticmethod
    def official_url(plan) -> str | None:
        """The plan's official original, when it is an http(s) address (the reader refuses others)."""
        url = plan.source_url or ""
        return url if re.match(r"https?://[^\s<>\"']+$", url) else None

    def repo_file_link(self, path: str, new: bool = False, value: str = "") -> str | None:
        """A link to edit a repository file, or to create it with `value` as its first line."""
        if not self.repo_url:
            return None
        if not new:
            return f"{self.repo_url}/edit/{self.branch}/{path}"
        folder, _, name = path.rpartition("/")
        return f"{self.repo_url}/new/{self.branch}/{folder}?" + urlencode({"filename": name, "value": value}, quote_via=quote)

    def pages(self, only=None, listings: bool = True) -> list[Page]:
        """Every page (or those whose URL `only` accepts: the others' contexts are not computed;
        without `listings`, no topic or agency-type page)."""
        def wanted(url: str) -> bool:
            return only is None or only(url)
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
        pages = [p for p in pages if wanted(p.url)]
        for plan in self.hb.plans:
            if wanted(plan_url(plan.id)):
                pages.append(Page(plan_url(plan.id), "plan.md.j2", {"plan": plan}))
            if wanted(plan_url(plan.id) + "source/"):
                pages.append(Page(plan_url(plan.id) + "source/", "source.md.j2",
                                  {"plan": plan, "blocks": self.source_blocks(plan)}))
            tasks = [task for task in plan.tasks if wanted(task_url(task))]
            trail = self.trails(plan) if tasks else {}
            for task in tasks:
                pages.append(Page(task_url(task), "task.md.j2",
                                  {"plan": plan, "task": task, "trail": trail[task.id],
                                   "rows": self.unit_roles(task)}))
        for unit in self.hb.units:
            if wanted(unit_url(unit)):
                pages.append(Page(unit_url(unit), "unit.md.j2", {"unit": unit, "by_role": self.unit_tasks(unit.id)}))
        if not listings:
            return pages
        for agency_type in self.hb.agency_types:        # every type, so that its URL in the data resolves
            pages.append(Page(agency_type_url(agency_type.id), "agency_type.md.j2",
                              {"agency_type": agency_type, "listed": self.type_plans(agency_type.id)}))
        for topic in self.hb.topics:
            pages.append(Page(topic_url(topic.id), "topic.md.j2",
                              {"topic": topic, "listed": self.hb.plans,
                               "children": [t for t in self.hb.topics if t.parent == topic.id],
                               "related_topics": self.related_topics(topic.id)}))
        return pages

    def render_page(self, page: Page) -> bytes:
        return self.render_text(page.template, page.url, page.context).encode("utf-8")

    def render_text(self, template: str, page_url: str, values: dict) -> str:
        def link(target: str, _from=page_url) -> str:
            target, _, anchor = target.partition("#")
            return relative(_from, page_path(target)) + ("#" + anchor if anchor else "")
        context = dict(values, hb=self.hb, page_url=page_url, link=link, r=self,
                       ROLE_LABELS=ROLE_LABELS, ORIGINS=ORIGINS, types=self.types, topics=self.topics,
                       units=self.units, plans=self.plans, task_url=task_url, unit_url=unit_url,
                       plan_url=plan_url, topic_url=topic_url, agency_type_url=agency_type_url,
                       document_url=document_url)
        return self.env.get_template(template).render(**context)

    def render(self, only=None, known: dict | None = None, listings: bool = True) -> dict[str, bytes]:
        """Every output file (or those whose URL `only` accepts), path relative to the docs dir → bytes.
        The pages that list every plan at length (render/sectioned.py) get a signature, kept in
        self.signatures, and their fragments' index, in self.section_index; in a partial render
        (`only`), such a page whose signature `known` (page URL → signature of the page as the docs
        dir holds it) gives is not written again: its URL is listed in self.unchanged. Without
        `listings`, only pages `only` accepts and no data files."""
        pages = self.pages(only, listings)
        self.signatures, self.unchanged, self.section_index = {}, set(), {}
        known = known if only is not None and known is not None else {}
        if listings:            # before the workers start: agency-type pages read them, and search
            self.search_pieces()
        if only is None:        # computed once here, not in every worker
            for task in self.hb.tasks:
                self.unit_roles(task)

        def render_one(i: int):
            page = pages[i]
            if page.template in FRAGMENTS:
                return self.render_sectioned(page, known.get(page.url))
            return self.render_page(page), None, None
        # a partial render is done here: the pages that list every plan render only the fragments
        # that changed, and starting workers (a fork of a big process) costs more than it saves
        rendered = parallel_map(render_one, list(range(len(pages))), min_items=MIN_ITEMS)
        files: dict[str, bytes] = {}
        for page, (data, signature, entries) in zip(pages, rendered):
            if signature is not None:
                self.signatures[page.url], self.section_index[page.url] = signature, entries
            if data is None:
                self.unchanged.add(page.url)
            else:
                files[page_path(page.url)] = data
        for path in files:
            inside(Path("."), path)
        if listings:
            files.update(self.data_files())
        return files
