"""`python -m generator build`: content/ → build/docs → site/, doing only what the edits since
the last build change.

1. If nothing the site is made from changed (content/, mkdocs.yml, theme/, the code, the
   commit) and site/ is as the last build left it, there is nothing to do.
2. Plans are read again only when their files or the knowledge files changed (the model cache,
   build/cache/model.pickle); pages are rendered again only for plans whose pages can differ
   (a signature of what they show), plus the pages that list every plan; a file is written only
   when its bytes change.
3. MkDocs renders only the pages whose Markdown changed (generator/mkdocs_build.py); Zensical
   keeps its own cache.
4. The search index reads again only the pages rendered, and writes only the files that change.

`--full` (make site FULL=1) starts from nothing. The result is the same either way, byte for
byte: tests/test_incremental.py compares them after a series of edits."""
from __future__ import annotations

import gc
import hashlib
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import buildcache
from .buildcache import cache_dir, code_version
from .model import Handbook
from .pipeline import BuildCache
from .search_index import INDEX_DIR
from .site import missing_sentences, mkdocs_config, source_date_epoch

ENGINES = ("mkdocs", "zensical")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def git_head(root: Path) -> str:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def input_stamp(root: Path, engine: str) -> str:
    """Everything the site is made from: the content, the configuration, the theme, the code,
    the engine and the commit (its time dates the data and the feed)."""
    digest = hashlib.sha1(f"{code_version()} {engine} {source_date_epoch(root)} {git_head(root)}".encode())
    paths = [root / "mkdocs.yml"] + sorted((root / "theme").rglob("*")) + sorted((root / "content").rglob("*"))
    for path in paths:
        if path.is_file() and not path.is_symlink():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
        elif path.is_symlink():
            digest.update(path.relative_to(root).as_posix().encode() + b"\1")
    return digest.hexdigest()


def site_summary(site: Path, skip: str | None = None) -> list[int]:
    """Files and bytes under site/ (but its folder `skip`), to notice a site/ changed or removed
    by hand."""
    files = size = 0
    stack = [site]
    skipped = str(site / skip) if skip else None
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except FileNotFoundError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.path != skipped:
                    stack.append(entry.path)
            else:
                files += 1
                size += entry.stat(follow_symlinks=False).st_size
    return [files, size]


def load_model_cache(root: Path, full: bool) -> BuildCache:
    cache = None if full else buildcache.load_pickle(cache_dir(root) / "model.pickle", code_version())
    return cache if isinstance(cache, BuildCache) else BuildCache()


def run_engine(root: Path, engine: str, clean: bool, untouched: bool = False) -> dict:
    """`untouched`: site/ is as the last successful build left it (MkDocs then looks for stale
    files only when the set of pages changed)."""
    if engine == "mkdocs":
        from .mkdocs_build import build
        return build(root, clean, untouched=untouched)
    command = [sys.executable, "-m", "zensical", "build", "-f", str(root / "mkdocs.yml"), "--strict"]
    if clean:
        command.append("--clean")         # Zensical's cache misses changes to theme overrides
    env = dict(os.environ, SOURCE_DATE_EPOCH=source_date_epoch(root))
    ok = subprocess.run(command, cwd=root, env=env).returncode == 0
    return {"ok": ok, "built": None, "clean": True}


def changed_plans(handbook: Handbook, built: set[str] | None) -> list:
    """Plans whose pages were rendered in this build (all, when the engine does not say)."""
    if built is None:
        return handbook.plans
    touched = {url.split("/")[1] for url in built if url.startswith("plans/") and url.count("/") >= 2}
    return [p for p in handbook.plans if p.id in touched]


def build(root: Path, engine: str = "mkdocs", full: bool = False) -> int:
    try:
        return _build(root, engine, full)
    finally:
        if not buildcache.wait_for_saves():
            buildcache.remove(cache_dir(root) / "model.pickle")


def _build(root: Path, engine: str, full: bool) -> int:
    from .cli import generate, index_built_site, report
    started = time.perf_counter()
    site = root / mkdocs_config(root).get("site_dir", "site")
    state_path = cache_dir(root) / "site.json"
    stamp = input_stamp(root, engine)
    state = None if full else buildcache.load_json(state_path, code_version())
    # site/ is walked meanwhile (the walk waits on the disk, the generator on the processor)
    summary = None
    if state:
        walker = ThreadPoolExecutor(1)
        summary = walker.submit(site_summary, site)
        walker.shutdown(wait=False)
    if state and state.get("stamp") == stamp and state.get("site") == summary.result():
        log(f"nothing changed since the last build of site/ ({time.perf_counter() - started:.1f}s)")
        return 0
    buildcache.remove(state_path)        # until this build succeeds, the next one starts clean
    cache = load_model_cache(root, full)
    gc.freeze()          # the model lives to the end: the collector need not go through it again and again
    handbook = generate(root, cache, full=full)
    gc.freeze()
    buildcache.save_pickle_in_background(cache_dir(root) / "model.pickle", code_version(), cache)
    untouched = bool(state) and state.get("site") == summary.result()
    report(handbook)
    errors = [d for d in handbook.diagnostics if d.level == "error"]
    for d in errors:
        log(str(d))
    if errors:
        log(f"{len(errors)} errors in content/: fix them (see `python -m generator check`)")
        return 1
    clean = full or state is None or state.get("engine") != engine or state.get("theme") != theme_key_of(root)
    log(f"building the site with {engine} ({'clean' if clean else 'changed pages only'})…")
    step = time.perf_counter()
    result = run_engine(root, engine, clean, untouched)
    if not result["ok"]:
        log(f"{engine} build failed")
        return 1
    rendered = "all" if result["built"] is None else len(result["built"])
    log(f"{engine}: {rendered} pages rendered in {time.perf_counter() - step:.1f}s")
    step = time.perf_counter()
    # site/ but the index is walked while the index is made (the walk waits on the disk)
    walker = ThreadPoolExecutor(1)
    outside_index = walker.submit(site_summary, site, INDEX_DIR)
    stats = index_built_site(root, site, built=None if clean else result["built"])
    index_summary = walker.submit(site_summary, site / INDEX_DIR)
    walker.shutdown(wait=False)
    log(f"search index: {stats['pages']} pages, {stats['keys']} keys in {stats['shards']} shards, "
        f"{stats['bytes'] / 1e6:.1f} MB ({stats['written']} files written) in {time.perf_counter() - step:.1f}s")
    checked = changed_plans(handbook, None if clean else result["built"])
    lost = missing_sentences(Handbook(checked, [], [], []), site)
    for source, line, sentence in lost:
        log(f"{source}:{line}: error: sentence missing from the site: {sentence}")
    if lost:
        return 1
    if not buildcache.wait_for_saves():
        log("could not save the build cache: the next build reads every plan again")
        buildcache.remove(cache_dir(root) / "model.pickle")
    left = [a + b for a, b in zip(outside_index.result(), index_summary.result())]
    buildcache.save_json(state_path, code_version(), {"stamp": stamp, "site": left, "engine": engine,
                                                      "theme": theme_key_of(root)})
    log(f"built site/ in {time.perf_counter() - started:.1f}s; "
        f"every source sentence of {len(checked)} changed plans is on the site")
    return 0


def theme_key_of(root: Path) -> str:
    from .mkdocs_build import theme_key
    return theme_key(root)


def save_model_cache(root: Path, cache: BuildCache) -> None:
    buildcache.save_pickle(cache_dir(root) / "model.pickle", code_version(), cache)
