"""python -m generator build | serve | check | export -o FILE | add SOURCE | explain PLAN | ids"""
from __future__ import annotations

import argparse
import hashlib
import pickle
import shutil
import sys
import time
from pathlib import Path

from .export import handbook_json
from .history import plan_dates
from .knowledge import load_knowledge
from .model import Handbook
from .pipeline import BuildCache, ContentError, build_handbook
from .progress import Progress
from .render.scope import dirty_pages
from .render.sectioned import SectionCache, plan_part
from . import yamlfile
from .content import OutsideBuildTree, exists
from .redirects import IDS_FILE, read_published, redirect_pages, redirect_targets, write_published
from .render import Renderer, write_tree
from . import buildcache
from .build import ENGINES, build
from .buildcache import cache_dir, code_version
from .parallel import parallel_map
from .search_index import INDEX_DIR
from .search_build import IndexState, build_index_files
from .search_pages import SIDECAR, read_pages, sidecar_bytes
from .search_store import TextStore
from .search_text import sectioned_text
from .site import mkdocs_config, source_date_epoch
from .urls import page_path

ROOT = Path(__file__).resolve().parent.parent


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def render_files(root: Path, handbook: Handbook, only=None, config: dict | None = None, known: dict | None = None,
                 listings: bool = True, sections: SectionCache | None = None):
    """The generated files of the handbook (those `only` accepts, and, with `listings`, the pages
    that list every plan, the data files and redirect pages); redirect problems join the
    handbook's diagnostics. `known`: see Renderer.render; `sections`: the fragments of the pages
    that list every plan that the last build kept (render/sectioned.py)."""
    config = mkdocs_config(root) if config is None else config
    epoch = int(source_date_epoch(root))
    renderer = Renderer(handbook, config.get("repo_url"), root=root,
                        abbreviations=load_knowledge(root).units.abbreviations, site_url=config.get("site_url") or "",
                        epoch=epoch, plan_dates=plan_dates(root, handbook.plans, epoch),
                        edit_uri=config.get("edit_uri"))
    renderer.sections = sections
    files = renderer.render(only, known, listings)
    if not listings:
        return renderer, files, {}
    targets = redirect_targets(root, handbook, handbook.diagnostics)
    files.update(redirect_pages(targets))
    return renderer, files, targets


def read_handbook(root: Path, cache: BuildCache) -> Handbook:
    with Progress("reading plans", len(list((root / "content" / "plans").glob("*.txt"))), "plans") as bar:
        return build_handbook(root, progress=lambda done, total: bar.update(), cache=cache)


class OwnPages:
    """The scope of the changed plans' own pages (plans/<id>/…, units/<id>/…) that `scope` renders."""

    def __init__(self, plans: set[str], scope):
        self.plans, self.scope = plans, scope

    def __call__(self, path: str) -> bool:
        parts = path.split("/")
        return len(parts) >= 3 and parts[0] in ("plans", "units") and parts[1] in self.plans and self.scope(path)

    def covers(self, folder: str) -> bool:
        parts = folder.rstrip("/").split("/")
        return parts[0] in ("plans", "units") and (len(parts) < 2 or parts[1] in self.plans)


def write_own_pages(root: Path, handbook: Handbook, cache: BuildCache) -> bool:
    """The live preview's first step after a save: write the pages of the plans read again, and
    nothing else, so that they can be shown at once; `generate` brings the rest up to date
    next. False (nothing written) when the edit is not to plans alone (the knowledge files, the
    code) or on a first build."""
    only, _signatures = dirty_pages(root, handbook, cache, mkdocs_config(root), False)
    plans = cache.changed & {p.id for p in handbook.plans}
    if only is None or not plans:
        return False
    own = OwnPages(plans, only)
    _renderer, files, _targets = render_files(root, handbook, own, listings=False)
    kept, cache.rendered = cache.rendered, {}
    write_tree(files, root / "build" / "docs", keep=(INDEX_DIR + "/",), scope=own)
    cache.rendered = kept                # the old signatures: `generate` renders these pages again
    return True


def generate(root: Path = ROOT, cache: BuildCache | None = None, full: bool = False,
             handbook: Handbook | None = None) -> Handbook:
    """content/ → build/docs (Markdown and data). Returns the model. With a cache, only plans
    whose files changed are read again, and only the pages that can differ are rendered again
    (generator/render/scope.py); a file is written only when its bytes change. `handbook`: the
    model, when read_handbook has just read it with this cache."""
    started = time.perf_counter()
    cache = BuildCache() if cache is None else cache
    if handbook is None:
        handbook = read_handbook(root, cache)
    config = mkdocs_config(root)
    only, signatures = dirty_pages(root, handbook, cache, config, full)
    docs = root / "build" / "docs"
    known = {} if only is None else {key[5:]: value for key, value in cache.rendered.items()
                                     if key.startswith("page:") and (docs / page_path(key[5:])).is_file()}
    renderer, files, _targets = render_files(root, handbook, only, config, known,
                                             sections=section_cache(root, handbook, cache, signatures, full))
    if only is not None:
        only.unchanged = {page_path(url) for url in renderer.unchanged}
    cache.rendered = {}                 # what build/docs holds is known again once it is written
    written, removed = write_tree(files, docs, keep=(INDEX_DIR + "/",), scope=only)
    cache.rendered = dict(signatures, **{"page:" + url: value for url, value in renderer.signatures.items()},
                          **{"sections:" + url: value for url, value in renderer.section_index.items()})
    write_if_changed(root / "build" / SIDECAR, sidecar_bytes(renderer.search_lines(), renderer.search_labels()))
    log(f"converted {len(handbook.plans)} plans ({len(cache.changed)} read again): {len(handbook.tasks)} tasks, "
        f"{len(handbook.units)} units; {len(files)} files rendered ({written} changed, "
        f"{removed} removed; {len(renderer.unchanged)} pages found unchanged) in {time.perf_counter() - started:.1f}s")
    return handbook


def section_cache(root: Path, handbook: Handbook, cache: BuildCache, signatures: dict, full: bool) -> SectionCache:
    """The fragments of the topic and agency-type pages the last build kept, and each plan's part
    of their keys (render/sectioned.py)."""
    folder = cache_dir(root) / "page-sections"
    if full:
        shutil.rmtree(folder, ignore_errors=True)
    passages = getattr(handbook, "passages", None) or {}
    parts = {p.id: plan_part(signatures[""], signatures[p.id], passages.get(p.id, [])) for p in handbook.plans}
    index = {key[9:]: value for key, value in cache.rendered.items() if key.startswith("sections:")}
    # the data files give a task's related tasks by id and score (a task page also shows their titles)
    data_keys = {p.id: parts[p.id] + " " + hashlib.sha1(repr([t.related for t in p.tasks]).encode()).hexdigest()
                 for p in handbook.plans}
    return SectionCache(folder, signatures[""], parts, index, data_keys)


def write_if_changed(path: Path, data: bytes) -> None:
    if not path.is_file() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def index_built_site(root: Path, site: Path, built: set[str] | None = None, memory: dict | None = None) -> dict:
    """The search index of the built site, from each page's own content as a browser shows it.
    `built`: the pages rendered since the last index of this site (None: any); the others'
    texts come from the last index's store (build/cache/search-<site>.texts), found with its
    state (build/cache/search-<site>.pickle, or in `memory` for a preview)."""
    lines = (root / "build" / SIDECAR).read_bytes().split(b"\n")
    cache_path = cache_dir(root) / f"search-{site.name}.pickle"
    store_path = cache_dir(root) / f"search-{site.name}.texts"
    if memory is not None:
        saved = memory.pop("saved", None) if built is not None else None
    else:
        saved = None if built is None else buildcache.load_pickle(cache_path, code_version())
    state = saved if isinstance(saved, IndexState) else None
    store = TextStore.reopen(store_path, *state.store) if state is not None else None
    if store is None:
        state, store = None, TextStore.create(store_path)
    if memory is None:
        buildcache.remove(cache_path)
    pages = read_pages(lines, state.pages if state is not None else None)
    fresh = [u for u in pages.urls if u not in state.text_at or u in built] if state is not None else pages.urls
    kept = state.sections_at if state is not None else {}

    def text_of(i: int) -> tuple[str, dict]:
        page_html = (site / fresh[i] / "index.html").read_text(encoding="utf-8")
        at = kept.get(fresh[i])
        return sectioned_text(page_html, pickle.loads(store.read(at)) if at else {})
    texts = []
    with Progress("search index", len(fresh), "pages") as bar:
        for start in range(0, len(fresh), 4000):
            batch = list(range(start, min(start + 4000, len(fresh))))
            texts.extend(parallel_map(text_of, batch))
            bar.update(len(batch))
    try:
        stats = build_index_files(pages, dict(zip(fresh, texts)), site / INDEX_DIR, store, state)
    finally:
        store.close()
    if memory is not None:
        memory["saved"] = stats.pop("state")
    else:
        buildcache.save_pickle(cache_path, code_version(), stats.pop("state"))
    return stats


def report(handbook: Handbook) -> None:
    for plan in handbook.plans:
        if plan.removed:
            log(f"{plan.source}: removed {len(plan.removed)} pieces of debris "
                f"(listed by `python -m generator check`)")


def cmd_build(args) -> int:
    return build(args.root, args.engine, args.full)


def cmd_export(args) -> int:
    handbook = build_handbook(args.root)
    Path(args.output).write_text(handbook_json(handbook), encoding="utf-8")
    log(f"wrote {args.output}: {len(handbook.plans)} plans, {len(handbook.tasks)} tasks, {len(handbook.units)} units")
    return 0


def accepted_warnings(root: Path, problems: list) -> list[dict]:
    path = root / "content" / "accepted-warnings.yml"
    if not exists(root, path):
        return []
    doc = yamlfile.load(root, path, "accepted-warnings")
    problems.extend(doc.problems)
    return doc.data if doc.ok and doc.data else []


def is_accepted(diagnostic, accepted: list[dict]) -> bool:
    return any(diagnostic.file == a["file"] and diagnostic.message.startswith(a["message"]) for a in accepted)


def check_lines(root: Path, strict: bool = False) -> tuple[list[str], int]:
    """Every problem of content/ as `file:line: level: message`, and the exit status. Everything
    `build` does before MkDocs runs is done here too (the pages are rendered, not written), so a
    content change that passes `check` does not crash `build`."""
    handbook = build_handbook(root)
    renderer, _files, targets = render_files(root, handbook)
    renderer.search_records()
    diagnostics = list(handbook.diagnostics)
    accepted = accepted_warnings(root, diagnostics)
    if strict:
        diagnostics = [d if d.level == "error" or is_accepted(d, accepted) else
                       type(d)(d.file, d.line, "error", d.message + " (a new warning: --strict treats it as an error)")
                       for d in diagnostics]
    lines = [str(d) for d in sorted(diagnostics, key=lambda d: (d.file, d.line, d.level, d.message))]
    for plan in handbook.plans:
        for removed in plan.removed:
            lines.append(f"{plan.source}:{removed.line}: removed: {removed.text} (debris listed in content/debris.yml)")
    published = read_published(root)
    for old_id, target in sorted(targets.items()):
        lines.append(f"{IDS_FILE}:{published[old_id][1]}: note: task {old_id} no longer exists; "
                     f"its URL redirects to /{target}")
    errors = sum(d.level == "error" for d in diagnostics)
    lines.append(f"{errors} errors, {len(diagnostics) - errors} warnings")
    return lines, 1 if errors else 0


def cmd_check(args) -> int:
    lines, status = check_lines(args.root, args.strict)
    print("\n".join(lines))
    return status


def cmd_ids(args) -> int:
    added = write_published(args.root, build_handbook(args.root))
    log(f"content/task-ids.txt: {added} new task ids recorded")
    return 0


def cmd_explain(args) -> int:
    from .explain import explain_lines
    lines = explain_lines(args.root, args.plan)
    if lines is None:
        log(f"error: no plan {args.plan!r} in content/plans (python -m generator ids lists task ids)")
        return 1
    print("\n".join(lines))
    return 0


def cmd_serve(args) -> int:
    from .serve import serve
    return serve(args.root, args.dev_addr)


def cmd_add(args) -> int:
    from .importers import ImportRefused
    from .importers.add import add, summary, write
    try:
        prepared = add(args.root, args.source, args.id, args.force, progress=log)
    except ImportRefused as exc:
        log(f"error: {exc}")
        return 1
    for line in summary(prepared):
        log(line)
    if args.dry_run:
        for suffix, text in (("yml", prepared.yml), ("txt", prepared.txt)):
            print(f"--- would write content/plans/{prepared.plan_id}.{suffix}\n{text}", end="")
    else:
        written = write(args.root, prepared)
        log("wrote " + " and ".join(p.relative_to(args.root).as_posix() for p in written))
    log(f"check: {len(prepared.check)} problems for this plan" + (":" if prepared.check else ""))
    for line in prepared.check:
        log("  " + line)
    if not args.dry_run:
        log("`make site` shows it; review the .txt (numbering labels, tables) before you commit it")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description="Build the plan handbook.")
    parser.add_argument("--root", type=lambda p: Path(p).resolve(), default=ROOT,
                        help="project folder holding content/ and mkdocs.yml (default: this checkout)")
    sub = parser.add_subparsers(dest="command", required=True)
    build_cmd = sub.add_parser("build", help="convert content/ and build the site into site/ (only what changed)")
    build_cmd.add_argument("--engine", choices=ENGINES, default="mkdocs",
                           help="the site generator: MkDocs 1.6 + Material (default) or Zensical")
    build_cmd.add_argument("--full", action="store_true", help="start from nothing: no cache, a clean site/")
    build_cmd.set_defaults(func=cmd_build)
    serve = sub.add_parser("serve", help="live preview that rebuilds when content/ changes")
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000")
    serve.set_defaults(func=cmd_serve)
    check = sub.add_parser("check", help="validate content/ and list problems as file:line: level: message")
    check.add_argument("--strict", action="store_true",
                       help="treat warnings not listed in content/accepted-warnings.yml as errors")
    check.set_defaults(func=cmd_check)
    sub.add_parser("ids", help="record the current task ids in content/task-ids.txt").set_defaults(func=cmd_ids)
    explain = sub.add_parser("explain", help="print how a plan was read: parts, tasks and why, units and their "
                                             "clauses, tables, doubts")
    explain.add_argument("plan", help="the plan id, e.g. yuzhou-2022")
    explain.set_defaults(func=cmd_explain)
    export = sub.add_parser("export", help="write the JSON export alone")
    export.add_argument("-o", "--output", required=True)
    export.set_defaults(func=cmd_export)
    add = sub.add_parser("add", help="import a plan from a web page, .docx, .doc, .wps or .pdf (file or address)")
    add.add_argument("source", help="a file path or an http(s):// address")
    add.add_argument("--id", help="the plan id (default: pinyin of the locality and the year, e.g. minhou-2021)")
    add.add_argument("--force", action="store_true", help="replace an existing plan with the same id")
    add.add_argument("--dry-run", action="store_true", help="print what would be written; write nothing")
    add.set_defaults(func=cmd_add)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ContentError as exc:
        for d in exc.diagnostics:
            log(str(d))
        return 1
    except OutsideBuildTree as exc:
        log(f"error: {exc}")
        return 1
