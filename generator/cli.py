"""python -m generator build | serve | check | export -o FILE"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .export import handbook_json
from .model import Handbook
from .pipeline import ContentError, build_handbook
from .render import Renderer, write_tree
from .site import missing_sentences, mkdocs_config, run_mkdocs

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "build" / "docs"
SITE = ROOT / "site"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def generate(root: Path = ROOT) -> Handbook:
    """content/ → build/docs (Markdown and data). Returns the model."""
    started = time.perf_counter()
    handbook = build_handbook(root)
    config = mkdocs_config(root)
    files = Renderer(handbook, config.get("repo_url")).render()
    written, removed = write_tree(files, root / "build" / "docs")
    log(f"converted {len(handbook.plans)} plans: {len(handbook.tasks)} tasks, {len(handbook.units)} units; "
        f"{len(files)} files ({written} changed, {removed} removed) in {time.perf_counter() - started:.1f}s")
    return handbook


def report(handbook: Handbook) -> None:
    for plan in handbook.plans:
        if plan.removed:
            log(f"{plan.source}: removed {len(plan.removed)} pieces of debris "
                f"(listed by `python -m generator check`)")


def cmd_build(args) -> int:
    started = time.perf_counter()
    handbook = generate()
    report(handbook)
    errors = [d for d in handbook.diagnostics if d.level == "error"]
    for d in errors:
        log(str(d))
    if run_mkdocs(ROOT, strict=True) != 0:
        log("mkdocs build failed")
        return 1
    lost = missing_sentences(handbook, SITE)
    for source, line, sentence in lost:
        log(f"{source}:{line}: error: sentence missing from the site: {sentence}")
    if lost:
        return 1
    pages = sum(1 for _ in SITE.rglob("index.html"))
    log(f"built site/: {pages} pages in {time.perf_counter() - started:.1f}s; every source sentence is on the site")
    return 1 if errors else 0


def cmd_export(args) -> int:
    handbook = build_handbook(ROOT)
    Path(args.output).write_text(handbook_json(handbook), encoding="utf-8")
    log(f"wrote {args.output}: {len(handbook.plans)} plans, {len(handbook.tasks)} tasks, {len(handbook.units)} units")
    return 0


def cmd_check(args) -> int:
    try:
        handbook = build_handbook(ROOT)
        diagnostics = handbook.diagnostics
    except ContentError as exc:
        diagnostics = exc.diagnostics
    for d in sorted(diagnostics, key=lambda d: (d.file, d.line, d.level, d.message)):
        print(d)
    if not isinstance(diagnostics, list) or "handbook" in locals():
        for plan in handbook.plans:
            for removed in plan.removed:
                print(f"{plan.source}:{removed.line}: removed: {removed.text} (debris listed in content/debris.yml)")
    errors = sum(d.level == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    print(f"{errors} errors, {warnings} warnings")
    return 1 if errors else 0


def cmd_serve(args) -> int:
    from .serve import serve
    return serve(ROOT, args.dev_addr)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description="Build the plan handbook.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="convert content/ and build the site into site/").set_defaults(func=cmd_build)
    serve = sub.add_parser("serve", help="live preview that rebuilds when content/ changes")
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000")
    serve.set_defaults(func=cmd_serve)
    sub.add_parser("check", help="validate content/ and list problems as file:line").set_defaults(func=cmd_check)
    export = sub.add_parser("export", help="write the JSON export alone")
    export.add_argument("-o", "--output", required=True)
    export.set_defaults(func=cmd_export)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ContentError as exc:
        for d in exc.diagnostics:
            log(str(d))
        return 1
