"""What MkDocs gathers before it renders pages (the files of build/docs, the navigation) and what
it does after (the 404 page, the sitemap, the removal of stale files), made cheap when an edit
renders a few pages of a site of tens of thousands (generator/mkdocs_build.py runs the build).

Each shortcut gives what MkDocs 1.6.1's own step gives, or is skipped for it:
- the files: `get_files` and the theme's files, kept under build/cache while build/docs holds
  the same names (a File depends on its path and on mkdocs.yml, theme/ and the versions only);
- the navigation: `get_navigation` makes a Page for every documentation file, but only the
  pages in `nav:` are part of it; the others' Pages are made when they are rendered (no
  template of Material's reads another page's Page; the sitemap does, and gets them all);
- the 404 page and the sitemap: written again only when what they show, or their files, changed;
- the stale files: site/ is swept only when the set of files a clean build writes differs from
  the last build's, or when the caller cannot vouch that site/ is as that build left it."""
from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

from .buildcache import cache_dir, code_version, load_json, load_pickle, remove, save_json, save_pickle
from .search_index import INDEX_DIR

KEEP = (INDEX_DIR + "/",)            # written after MkDocs, by generator/search_index.py


def listing(docs: str) -> list[str]:
    """The folders and file names under build/docs, in the order `get_files` walks them."""
    out = []
    for folder, dirs, names in os.walk(docs, followlinks=True):
        dirs.sort()
        out.append(folder)
        out.extend(sorted(names))
    return out


def gather_files(root: Path, config, env, theme: str, names: list[str]):
    """MkDocs's `get_files` and `add_files_from_theme` (building 40,000 File objects takes
    seconds), kept under build/cache for the next build that finds the same `names` (listing)."""
    from mkdocs.structure.files import Files, get_files
    digest = hashlib.sha1("\0".join([theme, config.site_dir, config.docs_dir] + names).encode()).hexdigest()
    path = cache_dir(root) / f"mkdocs-files-{Path(config.site_dir).name}.pickle"
    files = load_pickle(path, digest)
    if isinstance(files, Files):
        return files
    files = get_files(config)
    files.add_files_from_theme(env, config)
    for file in files:                            # cached properties every build reads: kept too
        file.url, file.abs_src_path, file.abs_dest_path
    try:
        save_pickle(path, digest, files)          # before any Page is attached to a File
    except OSError:
        remove(path)
    return files


def navigation(files, config):
    """MkDocs's `get_navigation`, without the Page it makes for every file not in `nav:` (only
    to log them as omitted, at a level this build does not show). When `nav:` is missing or
    that log is shown, MkDocs's own step runs."""
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import get_navigation, log

    class NavOnly(Files):
        def __init__(self):
            self._src_uris = files.src_uris

        def documentation_pages(self, **_kwargs):
            return []
    if config["nav"] is None or log.isEnabledFor(config.validation.nav.omitted_files):
        return get_navigation(files, config)
    return get_navigation(NavOnly(), config)


def modified(file) -> bool:
    """File.is_modified (its HTML is missing or older than its Markdown) in two calls of stat
    instead of three: it runs for every page of every build."""
    if file._content is not None or file.abs_src_path is None:
        return file.is_modified()
    try:
        dest = os.stat(file.abs_dest_path)
    except (OSError, ValueError):
        return True
    return not stat.S_ISREG(dest.st_mode) or dest.st_mtime < os.stat(file.abs_src_path).st_mtime


def ensure_pages(doc_files, config) -> None:
    """A Page for each file that has none yet (what `get_navigation` would have made)."""
    from mkdocs.structure.pages import Page
    for file in doc_files:
        if file.page is None:
            Page(None, file, config)


def _stamps(site: Path, names) -> list:
    out = []
    for name in names:
        try:
            stat = os.stat(site / name)
            out.append([stat.st_size, stat.st_mtime_ns])
        except FileNotFoundError:
            out.append(None)
    return out


def _shown(items) -> list:
    """The navigation as a page without a page of its own (the 404 page) shows it."""
    out = []
    for item in items:
        if item.is_page:
            out.append(["page", item.title, item.url, item.canonical_url, item.edit_url, item.is_index,
                        json.dumps(item.meta, sort_keys=True, default=str)])
        elif item.is_section:
            out.append(["section", item.title, _shown(item.children)])
        else:
            out.append(["link", item.title, item.url])
    return out


def static_templates(root: Path, site: Path, clean: bool, pages_key: str, env, files, config, nav) -> None:
    """The 404 page and the sitemap, written again only when what they show changes or their
    files are not as this step left them (pages_key covers the theme, the code and the pages).
    The sitemap lists every page with the build's day (SOURCE_DATE_EPOCH, which outside a git
    checkout moves with every edit, shows only as a day). The 404 page shows the navigation and
    no date: no template of Material's or of theme/ reads it (nor could one: the pages not
    rendered again would not show the new date either)."""
    from mkdocs.commands.build import _build_theme_template
    from mkdocs.utils import get_build_date
    state = cache_dir(root) / f"templates-{site.name}.json"
    keys = {"sitemap.xml": f"{pages_key} {get_build_date()}",
            "404.html": hashlib.sha1(json.dumps([pages_key, _shown(nav)]).encode()).hexdigest()}
    outputs = {"sitemap.xml": ("sitemap.xml", "sitemap.xml.gz")}
    kept = {} if clean else (load_json(state, code_version()) or {})
    remove(state)
    saved = {}
    for template in sorted(config.theme.static_templates):
        written = outputs.get(template, (template,))
        if template in keys and kept.get(template) == [keys[template], _stamps(site, written)] \
                and None not in kept[template][1]:
            saved[template] = kept[template]
            continue
        if template == "sitemap.xml":
            ensure_pages(files.documentation_pages(), config)
        _build_theme_template(template, env, files, config, nav)
        if template in keys:
            saved[template] = [keys[template], _stamps(site, written)]
    save_json(state, code_version(), saved)


def remove_stale(root: Path, site: Path, files, config, clean: bool, untouched: bool) -> int:
    """Remove what a clean build would not write (pages and files whose source is gone). The
    sweep reads every folder of site/; it is skipped when the files a clean build writes are
    those of the last build that swept and `untouched` (the caller found site/ as that build
    left it). Returns the number of files removed."""
    expected = {f.dest_uri for f in files}
    expected.update(config.theme.static_templates)
    expected.add("sitemap.xml.gz")
    state = cache_dir(root) / f"stale-{site.name}.json"
    digest = hashlib.sha1("\0".join(sorted(expected)).encode()).hexdigest()
    kept = None if clean else load_json(state, code_version())
    remove(state)
    removed = 0
    if not (untouched and kept and kept.get("expected") == digest):
        removed = _sweep(site, expected)
    save_json(state, code_version(), {"expected": digest})
    return removed


def _sweep(site: Path, expected: set[str]) -> int:
    removed = 0
    for folder, dirs, names in os.walk(site, topdown=False):
        base = os.path.relpath(folder, site).replace(os.sep, "/")
        base = "" if base == "." else base + "/"
        if base.startswith(KEEP):
            continue
        for name in names:
            if base + name not in expected:
                os.unlink(os.path.join(folder, name))
                removed += 1
        if folder != str(site) and not os.listdir(folder):
            os.rmdir(folder)
    return removed
