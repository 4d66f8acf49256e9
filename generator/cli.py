"""python -m generator build | serve | check | export -o FILE | add SOURCE | explain PLAN | ids"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from .export import handbook_json
from .history import plan_dates
from .knowledge import load_knowledge
from .model import Handbook
from .pipeline import ContentError, PreviewCache, build_handbook
from . import yamlfile
from .content import OutsideBuildTree, exists
from .redirects import IDS_FILE, read_published, redirect_pages, redirect_targets, write_published
from .render import Renderer, write_tree
from .search_index import build_index, indexed_text
from .site import missing_sentences, mkdocs_config, run_mkdocs, source_date_epoch

ROOT = Path(__file__).resolve().parent.parent


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def render_files(root: Path, handbook: Handbook, cache: PreviewCache | None = None):
    """The generated files of the handbook (only the changed plans' pages with a preview cache),
    redirect pages included; redirect problems join the handbook's diagnostics."""
    config = mkdocs_config(root)
    epoch = int(source_date_epoch(root))
    renderer = Renderer(handbook, config.get("repo_url"), root=root,
                        abbreviations=load_knowledge(root).units.abbreviations, site_url=config.get("site_url") or "",
                        epoch=epoch, plan_dates=plan_dates(root, handbook.plans, epoch),
                        edit_uri=config.get("edit_uri"))
    only = None
    if cache is not None and len(cache.changed) < len(handbook.plans):
        changed = tuple(f"{kind}/{plan_id}/" for plan_id in sorted(cache.changed) for kind in ("plans", "units"))

        def only(path: str) -> bool:
            return not path.startswith(("plans/", "units/")) or path in ("plans/", "units/") \
                or path.startswith(changed)
    files = renderer.render(only)
    targets = redirect_targets(root, handbook, handbook.diagnostics)
    files.update(redirect_pages(targets))
    return renderer, files, only, targets


def generate(root: Path = ROOT, cache: PreviewCache | None = None) -> Handbook:
    """content/ → build/docs (Markdown and data). Returns the model. With a preview cache,
    only the pages of changed plans (and the pages that list all plans) are rendered again."""
    started = time.perf_counter()
    handbook = build_handbook(root, progress=log, cache=cache)
    renderer, files, only, _targets = render_files(root, handbook, cache)
    written, removed = write_tree(files, root / "build" / "docs", keep=("search/index/", "data/", "feed.xml"), scope=only)
    sidecar = {"records": renderer.search_records(), "labels": renderer.search_labels()}
    (root / "build" / "search-records.json").write_text(json.dumps(sidecar, ensure_ascii=False), encoding="utf-8")
    log(f"converted {len(handbook.plans)} plans: {len(handbook.tasks)} tasks, {len(handbook.units)} units; "
        f"{len(files)} files ({written} changed, {removed} removed) in {time.perf_counter() - started:.1f}s")
    return handbook


def index_built_site(root: Path, site: Path) -> dict:
    """The search index of the built site, from each page's own content as a browser shows it."""
    sidecar = json.loads((root / "build" / "search-records.json").read_text(encoding="utf-8"))

    def text_of(url: str) -> str:
        return indexed_text((site / url / "index.html").read_text(encoding="utf-8"))
    return build_index(sidecar["records"], sidecar["labels"], text_of, site / "search" / "index")


def report(handbook: Handbook) -> None:
    for plan in handbook.plans:
        if plan.removed:
            log(f"{plan.source}: removed {len(plan.removed)} pieces of debris "
                f"(listed by `python -m generator check`)")


def cmd_build(args) -> int:
    started = time.perf_counter()
    root, site = args.root, args.root / "site"
    handbook = generate(root)
    report(handbook)
    errors = [d for d in handbook.diagnostics if d.level == "error"]
    for d in errors:
        log(str(d))
    if errors:
        log(f"{len(errors)} errors in content/: fix them (see `python -m generator check`)")
        return 1
    log(f"building the site with MkDocs ({len(handbook.tasks) + len(handbook.units) + 2 * len(handbook.plans)} "
        "pages and more)…")
    if run_mkdocs(root, strict=True) != 0:
        log("mkdocs build failed")
        return 1
    stats = index_built_site(root, site)
    log(f"search index: {stats['pages']} pages, {stats['keys']} keys in {stats['shards']} shards, "
        f"{stats['bytes'] / 1e6:.1f} MB")
    lost = missing_sentences(handbook, site)
    for source, line, sentence in lost:
        log(f"{source}:{line}: error: sentence missing from the site: {sentence}")
    if lost:
        return 1
    pages = sum(1 for _ in site.rglob("index.html"))
    log(f"built site/: {pages} pages in {time.perf_counter() - started:.1f}s; every source sentence is on the site")
    return 0


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
    renderer, _files, _only, targets = render_files(root, handbook)
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
    sub.add_parser("build", help="convert content/ and build the site into site/").set_defaults(func=cmd_build)
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
