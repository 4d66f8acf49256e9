"""MkDocs 1.6's own build, run in this process, that can rebuild only the pages whose Markdown
changed and uses both cores.

`mkdocs build --dirty` keeps pages whose source is gone, validates no link into a page it did
not read and gives the navigation of unread pages their file names; it is meant for previews.
Here the same steps of mkdocs.commands.build run on MkDocs's own objects (pinned 1.6.1, the
last 1.x release): every navigation page is read (for its title), a page is rendered when its
Markdown is newer than its HTML (the generator writes only files whose bytes changed), files
no build would write are removed, and the sitemap and the 404 page are written when what they
show changes; what does not grow with the pages rendered (the list of files, the navigation,
the sweep of site/) is made cheap in generator/mkdocs_state.py, and each page is converted as
Page.render converts it, for less work, by generator/mkdocs_render.py.
Anything that every page shows (mkdocs.yml, theme/, the navigation's titles, the versions of
MkDocs and Material, the code) is part of a key: when it changes, the build starts clean. So
the site equals a clean build byte for byte (tests/test_incremental.py checks it)."""
from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

from .buildcache import code_version
from .mkdocs_render import SECTIONED, SECTIONED_MIN, Converter, WarningCounter, render_by_sections
from .mkdocs_state import ensure_pages, gather_files, listing, modified, navigation, remove_stale, static_templates
from .progress import Progress
from .site import source_date_epoch

PARALLEL_MIN = 200                   # pages (or bytes of Markdown): below this, a second process
PARALLEL_BYTES = 1_000_000           # costs more than it saves
_JOB = None
_CONVERTER = None            # one per process (generator/mkdocs_render.py)
_SECTIONS_DIR = Path()
_SECTIONS_KEY = ""


@contextmanager
def environment(root: Path):
    saved = {k: os.environ.get(k) for k in ("NO_MKDOCS_2_WARNING", "SOURCE_DATE_EPOCH")}
    os.environ.update(NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=source_date_epoch(root))
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def theme_key(root: Path) -> str:
    digest = hashlib.sha1(code_version().encode())
    for path in [root / "mkdocs.yml"] + sorted((root / "theme").rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _build_pages(chunk):
    """In a worker (or in this process): render and write pages; returns what anchor checks need."""
    global _CONVERTER
    from mkdocs.commands.build import _build_page, _populate_page
    config, files, doc_files, nav, env = _JOB
    if _CONVERTER is None or _CONVERTER.files is not files or _CONVERTER.config is not config:
        _CONVERTER = Converter(config, files)
    convert = _CONVERTER
    counter = WarningCounter()
    logging.getLogger("mkdocs").addHandler(counter)
    out = []
    try:
        for index in chunk:
            page = doc_files[index].page
            if page.file.src_uri.startswith(SECTIONED) and os.path.getsize(page.file.abs_src_path) >= SECTIONED_MIN:
                page.render = lambda config, files, page=page: render_by_sections(convert, page, _SECTIONS_DIR,
                                                                                  _SECTIONS_KEY)
            else:
                page.render = lambda config, files, page=page: convert.render(page)
            _populate_page(page, config, files)
            _build_page(page, config, doc_files, nav, env)
            links = {f.src_uri: dict(anchors) for f, anchors in page.links_to_anchors.items()}
            out.append((index, sorted(page.present_anchor_ids or ()), links))
    finally:
        logging.getLogger("mkdocs").removeHandler(counter)
    return out, counter.count


def _in_workers(indices: list[int], doc_files, progress: Progress, first: tuple[str, ...] = ()) -> tuple[list, int]:
    """Render pages on both cores, those under the folders `first` names (the pages of the plans
    a preview's save changed) and then the largest first (a topic page of a thousand plans takes
    seconds), in chunks of one when they are few."""
    sizes = {i: os.path.getsize(doc_files[i].abs_src_path) for i in indices}
    order = sorted(indices, key=lambda i: (not doc_files[i].src_uri.startswith(first) if first else False,
                                           -sizes[i], i))
    workers = min(2, os.cpu_count() or 1)
    serial = workers < 2 or len(order) < 2 or "fork" not in multiprocessing.get_all_start_methods() or \
        (len(order) < PARALLEL_MIN and sum(sizes.values()) < PARALLEL_BYTES)
    size = 1 if len(order) < PARALLEL_MIN else 50
    chunks = [order[i:i + size] for i in range(0, len(order), size)]
    results, warnings = [], 0
    if serial:
        for chunk in chunks:
            done, count = _build_pages(chunk)
            results += done
            warnings += count
            progress.update(len(done))
        return results, warnings
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for done, count in pool.imap_unordered(_build_pages, chunks):
            results += done
            warnings += count
            progress.update(len(done))
    return results, warnings


def build(root: Path, clean: bool, strict: bool = True, site_dir: Path | None = None,
          first: tuple[str, ...] = (), memory: dict | None = None, partial: bool = False,
          untouched: bool = False) -> dict:
    """Build site/ (or `site_dir`) from build/docs, rendering the pages under the folders `first`
    names before the others. `memory` (the live preview's) keeps MkDocs's configuration, theme,
    files and navigation from one build to the next while mkdocs.yml, theme/ and the list of
    files stay the same. `partial`: the pages only (a preview's first step, before the build
    that follows writes the rest), not the 404 page, the sitemap or the removal of stale files.
    `untouched`: the caller found site/ as the last build left it (generator/build.py), so that
    stale files need no search when the pages are the same.
    Returns {"ok", "built": the URLs of the pages rendered, "clean", "removed", "pages"}."""
    global _JOB, _SECTIONS_DIR, _SECTIONS_KEY
    from mkdocs.config import load_config
    from mkdocs.structure.files import set_exclusions
    from mkdocs.utils import clean_directory
    with environment(root):
        counter, shown = WarningCounter(), logging.StreamHandler(sys.stderr)
        shown.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        shown.setLevel(logging.WARNING)
        for handler in (counter, shown):
            logging.getLogger("mkdocs").addHandler(handler)
        try:
            theme = theme_key(root)
            docs = str(root / "build" / "docs")
            names = listing(docs)
            kept = memory.get("state") if memory is not None and not clean else None
            if kept is not None and kept[0] == (theme, strict, str(site_dir), names):
                config, files, env, nav, doc_files = kept[1]
            else:
                if memory is not None:
                    memory.pop("state", None)
                overrides = {"site_dir": str(site_dir)} if site_dir is not None else {}
                config = load_config(config_file=str(root / "mkdocs.yml"), strict=strict, **overrides)
                config = config.plugins.on_config(config)
                kept = None
            config.plugins.on_pre_build(config=config)
            site = Path(config.site_dir)
            if clean:
                clean_directory(str(site))
            if kept is None:
                env = config.theme.get_env()
                if os.path.abspath(config.docs_dir) != os.path.abspath(docs):
                    names = listing(config.docs_dir)
                files = gather_files(root, config, env, theme, names)
                files = config.plugins.on_files(files, config=config)
                set_exclusions(files, config)
                nav = navigation(files, config)
                nav = config.plugins.on_nav(nav, config=config, files=files)
                doc_files = files.documentation_pages()
                env = config.plugins.on_env(env, config=config, files=files)
                if memory is not None:
                    memory["state"] = ((theme, strict, str(site_dir), names), (config, files, env, nav, doc_files))
            for page in nav.pages:          # their titles are in every page's navigation
                page.read_source(config)
            todo = [i for i, f in enumerate(doc_files) if clean or modified(f)]
            ensure_pages([doc_files[i] for i in todo], config)
            files.copy_static_files(dirty=not clean)
            _SECTIONS_DIR = root / "build" / "cache" / ("sections-" + site.name)
            if clean:
                shutil.rmtree(_SECTIONS_DIR, ignore_errors=True)
            _SECTIONS_DIR.mkdir(parents=True, exist_ok=True)
            # a section's links are resolved against every page: a page added or removed starts over
            pages_key = hashlib.sha1((theme + "\0" + "\0".join(sorted(f.src_uri for f in files))).encode()).hexdigest()
            _SECTIONS_KEY = pages_key
            _JOB = (config, files, doc_files, nav, env)
            with Progress("MkDocs", len(todo), "pages") as progress:
                results, warnings = _in_workers(todo, doc_files, progress, first)
            _JOB = None
            _check_anchors(doc_files, results, config)
            removed = 0
            if not partial:
                static_templates(root, site, clean, pages_key, env, files, config, nav)
                removed = remove_stale(root, site, files, config, clean, untouched)
                config.plugins.on_post_build(config=config)
        finally:
            for handler in (counter, shown):
                logging.getLogger("mkdocs").removeHandler(handler)
    failed = strict and (counter.count + warnings) > 0
    built = {site_url(doc_files[i]) for i, _a, _l in results}
    return {"ok": not failed, "built": built, "removed": removed, "clean": clean, "pages": len(doc_files)}


def site_url(file) -> str:
    """A page's URL as the generator writes it: "" for the home page (MkDocs says "./")."""
    dest = file.dest_uri
    return dest[:-len("index.html")] if dest == "index.html" or dest.endswith("/index.html") else file.url


def _check_anchors(doc_files, results, config) -> None:
    """MkDocs's check of links to anchors, for the pages rendered here (a page not rendered in
    this build has no anchors to check against: its links were checked when it was)."""
    from mkdocs.structure.pages import log
    present = {doc_files[i].src_uri: set(anchors) for i, anchors, _ in results}
    level = config.validation.links.anchors
    for i, _anchors, links in results:
        for target, anchors in links.items():
            if target not in present:
                continue
            for anchor, original in anchors.items():
                if anchor not in present[target]:
                    where = ("there is no such anchor on this page" if target == doc_files[i].src_uri
                             else f"the doc '{target}' does not contain an anchor '#{anchor}'")
                    log.log(level, f"Doc file '{doc_files[i].src_uri}' contains a link '{original}', but {where}.")
