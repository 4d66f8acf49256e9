"""Incremental builds: after a series of edits, additions and deletions, `build` gives the site a
clean build gives, byte for byte, while rendering only what the edits change."""
import hashlib
import shutil

import pytest

from conftest import ROOT, make_root
from generator import buildcache, mkdocs_build, search_text
from generator.build import build
from generator.cli import generate, index_built_site
from generator.site import run_mkdocs

EPOCH = "1700000000"


def project(tmp_path, name):
    root = make_root(tmp_path / name, {})
    for path in (ROOT / "content" / "plans").iterdir():
        shutil.copy(path, root / "content" / "plans" / path.name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", root / "theme")
    return root


def tree(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_text(root):
    replace(root / "content" / "plans" / "minhou-2021.txt", "全面深化户籍制度改革", "全面深化户籍制度改革试点")


def edit_units(root):
    replace(root / "content" / "units.yml", "abbreviations:", "abbreviations:\n  农经站: 农村经营管理站")


def add_plan(root):
    text = (ROOT / "content" / "plans" / "gaoqing-2022.txt").read_text(encoding="utf-8")
    (root / "content" / "plans" / "zibo-2023.txt").write_text(text.replace("高青", "桓台"), encoding="utf-8")


def remove_plan(root):
    (root / "content" / "plans" / "yuzhou-2022.txt").unlink()


def edit_yml(root):
    replace(root / "content" / "plans" / "xuchang-15th-fyp.yml", "title:", "source_url: https://www.xuchang.gov.cn/a.html\ntitle:")


def corrupt_caches(root):
    for path in buildcache.cache_dir(root).rglob("*.pickle"):
        path.write_bytes(b"not a pickle")


EDITS = [edit_text, edit_yml, add_plan, remove_plan, edit_units, corrupt_caches]


@pytest.fixture(scope="module")
def series(tmp_path_factory):
    """One project built once, then after each edit; after each, the pages a clean generation
    of the same content gives; and a clean build of the final content."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    mp.setattr(mkdocs_build, "SECTIONED_MIN", 0)     # the small pages go by sections too, as at scale
    mp.setattr(search_text, "SECTIONED_MIN", 0)      # and their search texts
    tmp = tmp_path_factory.mktemp("incremental")
    root = project(tmp, "edited")
    assert build(root) == 0
    steps = []
    for n, edit in enumerate(EDITS):
        edit(root)
        before = tree(root / "site")
        assert build(root) == 0, edit.__name__
        after = tree(root / "site")
        clean = project(tmp, f"clean-{n}")
        for done in EDITS[:n + 1]:
            done(clean)
        generate(clean)
        steps.append({"edit": edit.__name__, "docs": tree(root / "build" / "docs") == tree(clean / "build" / "docs"),
                      "pages": sum(1 for k in after if before.get(k) != after[k] and k.endswith(".html"))})
    assert build(clean, full=True) == 0
    yield root, clean, steps
    mp.undo()


def test_the_site_after_edits_equals_a_clean_build(series):
    root, clean, _ = series
    assert tree(root / "site") == tree(clean / "site")


def test_the_generated_pages_after_each_edit_equal_a_clean_generation(series):
    _, _, steps = series
    assert [s["edit"] for s in steps if not s["docs"]] == []


def test_an_edit_of_one_plan_rewrites_few_pages(series):
    _, _, steps = series
    changed = {s["edit"]: s["pages"] for s in steps}
    assert 0 < changed["edit_text"] < 40             # of about 350: the plan's, related tasks, indexes
    assert changed["remove_plan"] > 0


def test_an_edit_of_one_plan_renders_its_fragments_of_topic_pages_only(tmp_path, monkeypatch):
    """Topic and agency-type pages are put together from one fragment per plan (render/sectioned.py):
    after an edit of one plan only that plan's fragments (and its pieces of the data files and search records) are made again, and the pages equal
    a clean generation's, also when the kept fragments are gone."""
    from generator.pipeline import BuildCache
    from generator.export import plan_pieces
    from generator.render import Renderer
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = project(tmp_path, "edited")
    cache = BuildCache()
    related = {p.id: [t.related for t in p.tasks] for p in generate(root, cache).plans}
    rendered = []
    original = Renderer.render_fragments
    monkeypatch.setattr(Renderer, "render_fragments",
                        lambda self, page, plan: rendered.append((page.url, plan.id)) or original(self, page, plan))
    monkeypatch.setattr("generator.render.renderer.parallel_map",          # in this process, to count the calls
                        lambda func, items, **_: [func(item) for item in items])
    import generator.render.data as data
    pieces = []
    monkeypatch.setattr(data, "plan_pieces", lambda plan, units: pieces.append(plan.id) or plan_pieces(plan, units))
    searched = []
    records = Renderer.plan_search_records
    monkeypatch.setattr(Renderer, "plan_search_records", lambda self, plan: searched.append(plan.id) or records(self, plan))
    edit_text(root)
    handbook = generate(root, cache)
    assert rendered and {plan for _url, plan in rendered} == {"minhou-2021"}
    assert searched == ["minhou-2021"]          # the search index's records
    # the data files also give related tasks' scores, which the edit moved in a few other plans
    moved = {p.id for p in handbook.plans if [t.related for t in p.tasks] != related[p.id]}
    assert set(pieces) == {"minhou-2021"} | moved and len(pieces) < len(handbook.plans)
    assert {url.split("/")[0] for url, _plan in rendered} == {"topics", "agency-types"}
    clean = project(tmp_path, "clean")
    edit_text(clean)
    generate(clean)
    assert tree(root / "build" / "docs") == tree(clean / "build" / "docs")
    replace(root / "content" / "plans" / "minhou-2021.txt", "户籍制度改革试点", "户籍制度改革试点工作")
    replace(clean / "content" / "plans" / "minhou-2021.txt", "户籍制度改革试点", "户籍制度改革试点工作")
    shutil.rmtree(buildcache.cache_dir(root) / "page-sections")
    generate(root, cache)
    generate(clean)
    assert tree(root / "build" / "docs") == tree(clean / "build" / "docs")


def test_a_build_without_changes_does_nothing(series):
    root, _, _ = series
    before = {p: p.stat().st_mtime_ns for p in (root / "site").rglob("*.html")}
    assert build(root) == 0
    assert {p: p.stat().st_mtime_ns for p in (root / "site").rglob("*.html")} == before


def test_a_site_changed_by_hand_is_rebuilt(series):
    root, clean, _ = series
    page = root / "site" / "plans" / "minhou-2021" / "index.html"
    page.unlink()
    assert build(root) == 0
    assert tree(root / "site") == tree(clean / "site")


def test_a_file_put_into_site_by_hand_is_removed(series):
    """The sweep of stale files is skipped when the pages are those of the last build, but not
    when site/ is not as that build left it (generator/mkdocs_state.py)."""
    root, clean, _ = series
    stray = root / "site" / "plans" / "stray" / "index.html"
    stray.parent.mkdir()
    stray.write_text("<p>put here by hand</p>", encoding="utf-8")
    assert build(root) == 0
    assert tree(root / "site") == tree(clean / "site")


def test_a_404_page_changed_by_hand_is_written_again(series):
    """The 404 page is rendered only when what it shows changed, or when its file is not as the
    last build left it."""
    root, clean, _ = series
    page = root / "site" / "404.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", "<p>by hand</p></body>"), encoding="utf-8")
    assert build(root) == 0
    assert tree(root / "site") == tree(clean / "site")


def test_the_sitemap_follows_the_day_of_the_build(series, monkeypatch):
    """The sitemap is kept while the build's day is the same, and written again for another day
    (SOURCE_DATE_EPOCH moves with every edit outside a git checkout)."""
    import gzip
    root, clean, _ = series
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 86400))
    assert build(root) == 0
    day = "2023-11-15"                               # the day after EPOCH (2023-11-14 22:13 UTC)
    assert f"<lastmod>{day}</lastmod>" in (root / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert day in gzip.decompress((root / "site" / "sitemap.xml.gz").read_bytes()).decode("utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert build(root) == 0
    assert tree(root / "site") == tree(clean / "site")


def _mkdocs_files(root):
    from mkdocs.config import load_config
    from generator.mkdocs_state import gather_files, listing
    with mkdocs_build.environment(root):
        config = load_config(config_file=str(root / "mkdocs.yml"), strict=True)
        files = gather_files(root, config, config.theme.get_env(), mkdocs_build.theme_key(root),
                             listing(config.docs_dir))
    return config, [(f.src_uri, f.dest_uri, f.url, f.abs_src_path, f.abs_dest_path, f.inclusion) for f in files]


def test_the_kept_list_of_files_equals_mkdocs_own(series):
    """The files of build/docs and of the theme, from the copy kept under build/cache, are those
    MkDocs's get_files and add_files_from_theme find."""
    from mkdocs.structure.files import get_files
    _, clean, _ = series
    assert any(p.name.startswith("mkdocs-files-") for p in buildcache.cache_dir(clean).iterdir())
    config, kept = _mkdocs_files(clean)
    with mkdocs_build.environment(clean):
        files = get_files(config)
        files.add_files_from_theme(config.theme.get_env(), config)
    assert kept == [(f.src_uri, f.dest_uri, f.url, f.abs_src_path, f.abs_dest_path, f.inclusion) for f in files]


def test_a_file_added_to_docs_is_not_missed_by_the_kept_list(series, tmp_path):
    _, clean, _ = series
    root = tmp_path / "copy"
    shutil.copytree(clean, root, ignore=shutil.ignore_patterns("site"))
    _mkdocs_files(root)                               # kept under build/cache
    (root / "build" / "docs" / "plans" / "extra").mkdir()
    (root / "build" / "docs" / "plans" / "extra" / "index.md").write_text("# Extra\n", encoding="utf-8")
    _, files = _mkdocs_files(root)
    assert "plans/extra/index.md" in [f[0] for f in files]


def test_a_clean_build_equals_what_mkdocs_build_writes(series, tmp_path):
    """generator/mkdocs_build.py runs MkDocs's own steps: the same site as `mkdocs build`."""
    _, clean, _ = series
    stock = tmp_path / "stock"
    shutil.copytree(clean, stock, ignore=shutil.ignore_patterns("site"))
    assert run_mkdocs(stock, strict=True) == 0
    index_built_site(stock, stock / "site")
    assert tree(stock / "site") == tree(clean / "site")


def test_a_cache_that_does_not_load_is_ignored(tmp_path):
    path = tmp_path / "cache.pickle"
    buildcache.save_pickle(path, "version-1", {"plans": 1})
    assert buildcache.load_pickle(path, "version-1") == {"plans": 1}
    assert buildcache.load_pickle(path, "version-2") is None            # another code version
    path.write_bytes(path.read_bytes()[:-5])
    assert buildcache.load_pickle(path, "version-1") is None            # truncated
    assert buildcache.load_pickle(tmp_path / "missing.pickle", "version-1") is None


def test_progress_is_plain_lines_outside_a_terminal():
    import io
    from generator.progress import Progress
    out = io.StringIO()
    with Progress("MkDocs", 1000, "pages", stream=out) as bar:
        for _ in range(1000):
            bar.update()
    lines = out.getvalue().splitlines()
    assert len(lines) == 10 and lines[-1] == "MkDocs: 1000/1000 pages" and "\r" not in out.getvalue()
    quiet = io.StringIO()
    with Progress("short", 5, stream=quiet) as bar:
        bar.update(5)
    assert quiet.getvalue() == ""


def test_pages_converted_by_sections_equal_one_conversion(series, tmp_path, monkeypatch):
    """Topic and agency-type pages are converted one plan's section at a time, each kept under
    build/cache (generator/mkdocs_render.py): the same HTML, table of contents, anchors, links and
    title as MkDocs's conversion of the whole page, converted afresh and from the kept sections."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.pages import Page
    from generator import mkdocs_render
    _, clean, _ = series
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = load_config(config_file=str(clean / "mkdocs.yml"), strict=False)
    files = get_files(config)
    convert = mkdocs_render.Converter(config, files)

    def outcome(page):
        return (page.content, str(page.toc), [(t.id, t.level, len(t.children)) for t in page.toc],
                page._title_from_render, sorted(page.present_anchor_ids),
                {f.src_uri: a for f, a in page.links_to_anchors.items()})
    pages = [f for f in files.documentation_pages() if f.src_uri.startswith(mkdocs_render.SECTIONED)]
    assert len(pages) > 50
    sections = 0
    for file in pages:
        whole = Page(None, file, config)
        whole.read_source(config)
        whole.render(config, files)
        sections += len(mkdocs_render.sections(whole.markdown))
        for _fresh_then_kept in range(2):
            parts = Page(None, file, config)
            parts.read_source(config)
            mkdocs_render.render_by_sections(convert, parts, tmp_path, "test")
            assert outcome(parts) == outcome(whole), file.src_uri
    assert sections > 3 * len(pages)          # the pages are really cut: a section per plan


def test_an_edit_of_a_plan_body_cuts_no_title_with_jieba(tmp_path, monkeypatch):
    """Where a title or issuer names a place is read with jieba, whose dictionaries take a second
    or two to load; what it made of them is kept with the build cache (read back from the workers
    that read the plans), so an edit that leaves them as they were does not load jieba."""
    import jieba
    import jieba.posseg
    from generator.extract import metadata
    from generator.pipeline import BuildCache, build_handbook
    root = project(tmp_path, "body")
    cache = BuildCache()
    first = build_handbook(root, cache=cache)
    assert any(key[0] == "place" for key in cache.jieba_readings)
    edit_text(root)

    def refuse(*_args, **_kwargs):
        raise AssertionError("jieba cut a title or name that the cache holds")
    monkeypatch.setattr(jieba, "lcut", refuse)
    monkeypatch.setattr(jieba.posseg, "lcut", refuse)
    monkeypatch.setattr(metadata, "JIEBA_READINGS", {})          # as in the next build's process
    monkeypatch.setattr("generator.pipeline.JIEBA_READINGS", metadata.JIEBA_READINGS)
    again = build_handbook(root, cache=cache)
    assert [p.locality for p in again.plans] == [p.locality for p in first.plans]
    assert cache.changed == {"minhou-2021"}
