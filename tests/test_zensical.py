"""The same content built with Zensical (conftest.zensical_site): the same pages, article text, search
index, data and page actions as the MkDocs build. Its search and page actions in a browser: test_browser.py."""
import hashlib
import re

from generator.search_text import article_text

# Files only one engine writes: MkDocs gzips the sitemap; Zensical writes its (here empty)
# search index whatever mkdocs.yml says; each ships its own theme assets.
ONLY_MKDOCS = {"sitemap.xml.gz"}
ONLY_ZENSICAL = {"search.json"}
ASSETS = ("assets/javascripts/", "assets/stylesheets/", "assets/images/")
ACTION = re.compile(r'<a href="([^"]*)" title="([^"]*)" class="md-content__button md-icon (hb-action-\w+)"')


def files(site):
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def test_both_engines_publish_the_same_files(built_site, zensical_site):
    _, mkdocs_site = built_site
    mine, theirs = files(mkdocs_site), files(zensical_site)
    assert {f for f in mine - theirs if not f.startswith(ASSETS)} == ONLY_MKDOCS
    assert {f for f in theirs - mine if not f.startswith(ASSETS)} == ONLY_ZENSICAL
    assert {f for f in mine if f.endswith(".html")} == {f for f in theirs if f.endswith(".html")}


def test_both_engines_publish_the_same_article_text(built_site, zensical_site):
    _, mkdocs_site = built_site
    pages = sorted(p.relative_to(mkdocs_site) for p in mkdocs_site.rglob("*.html"))
    assert len(pages) > 300
    differ = [str(p) for p in pages if article_text((mkdocs_site / p).read_text(encoding="utf-8"))
              != article_text((zensical_site / p).read_text(encoding="utf-8"))]
    assert differ == []


def test_both_engines_give_the_same_search_index_and_data(built_site, zensical_site):
    _, mkdocs_site = built_site
    for folder in ("search/index", "data"):
        mine = {f: hashlib.sha256((mkdocs_site / folder / f).read_bytes()).digest()
                for f in files(mkdocs_site / folder) if not f.endswith(".html")}
        theirs = {f: hashlib.sha256((zensical_site / folder / f).read_bytes()).digest()
                  for f in files(zensical_site / folder) if not f.endswith(".html")}
        assert mine == theirs, folder


def test_both_engines_give_every_page_the_same_actions(built_site, zensical_site):
    _, mkdocs_site = built_site
    for path in mkdocs_site.rglob("index.html"):
        rel = path.relative_to(mkdocs_site)
        assert ACTION.findall(path.read_text(encoding="utf-8")) == \
            ACTION.findall((zensical_site / rel).read_text(encoding="utf-8")), rel
