"""The built site in headless Chromium (Debian's package, driven by Playwright)."""
import functools
import http.server
import io
import json
import mimetypes
import os
import re
import shutil
import subprocess
import sys
import threading
from urllib.parse import quote, unquote, urlparse
from urllib.request import urlopen

import pytest

from bench.search import HERE as BENCH
from bench.search import read_queries, serve
from conftest import ROOT
from generator.site import mkdocs_config

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

if not CHROMIUM:
    if os.environ.get("HANDBOOK_REQUIRE_BROWSER"):
        raise RuntimeError("chromium is not installed: apt-get install chromium")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)

import feedparser  # noqa: E402
import frictionless  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402


@pytest.fixture(scope="module")
def server(built_site):
    _, site = built_site
    httpd, url = serve(site)
    yield url
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.requested_hosts = set()
    page.on("request", lambda r: page.requested_hosts.add(urlparse(r.url).hostname))
    yield page
    context.close()


def results(page, url):
    page.goto(url)
    page.wait_for_function("window.hbSearchState !== undefined", timeout=20000)
    return [urlparse(h).path for h in page.evaluate("window.hbSearchState.shown")]


def test_chinese_search_finds_task_pages_and_loads_nothing_external(server, page):
    found = results(page, server + "search/?q=" + quote("宅基地"))
    assert found[0] == "/topics/homestead/"            # the query names a topic
    tasks = [p for p in found if p.count("/") == 4 and p.startswith("/plans/")]
    assert len(tasks) >= 5
    page.goto(server + tasks[0].lstrip("/"))
    assert "宅基地" in page.locator("article").inner_text()
    assert page.requested_hosts == {"127.0.0.1"}


HR_UNITS = {f"/units/{plan}/renliziyuanheshehuibaozhangju/" for plan in ("gaoqing-2022", "minhou-2021", "qingcheng-2022",
                                                                      "yuzhou-2022")}


@pytest.mark.parametrize("query", ["人社局", "人力资源社会保障局"])
def test_a_units_short_name_lists_every_unit_it_means_and_its_agency_type_first(server, page, query):
    found = results(page, server + "search/?q=" + quote(query))
    assert found[0] == "/agency-types/human-resources/"
    assert set(found[1:5]) == HR_UNITS


def test_several_terms_put_the_page_with_all_of_them_in_its_title_first(server, page):
    assert results(page, server + "search/?q=" + quote("闽侯 财政局"))[0] == "/units/minhou-2021/caizhengju/"


def test_a_unit_name_finds_no_task_of_a_plan_that_names_no_units(server, page):
    results(page, server + "search/?q=" + quote("发改局"))
    ids = page.evaluate("window.hbSearchState.ids")
    urls = [json.loads(urlopen(server + f"search/index/d/{i}.json").read())["u"] for i in ids]
    assert urls and not [u for u in urls if u.startswith("plans/xuchang-15th-fyp/")]


def test_snippets_are_the_text_around_the_match(server, page):
    found = results(page, server + "search/?q=" + quote("确定转让退出机制"))
    assert found[0] == "/plans/gaoqing-2022/4-2-5/"
    snippet = page.inner_text(".hb-result .hb-snippet")
    assert "确定转让退出机制" in snippet
    for residue in ("原文", "795.", "79 5.", "›", "在代码库中查看", "单位 角色"):
        assert residue not in snippet, snippet


def test_the_more_button_goes_when_nothing_is_left(server, page):
    results(page, server + "search/?q=" + quote("枫桥经验"))
    assert page.evaluate("window.hbSearchState.ids.length") <= 10
    assert page.locator(".hb-more").is_hidden()
    results(page, server + "search/?q=" + quote("宅基地"))
    total = page.evaluate("window.hbSearchState.ids.length")
    assert 20 < total <= 80
    clicks = 0
    while page.locator(".hb-more").is_visible():
        page.click(".hb-more")
        clicks += 1
        page.wait_for_function(f"document.querySelectorAll('.hb-result').length >= {min(total, 10 * (clicks + 1))}")
    assert page.locator(".hb-result").count() == total and clicks == (total - 1) // 10


def test_a_facet_narrows_results_and_stays_in_the_url(server, page):
    everything = results(page, server + "search/?q=" + quote("公安局"))
    total = page.evaluate("window.hbSearchState.ids.length")
    page.click("details.hb-facets summary")
    page.wait_for_selector("select[name=plan] option[value='minhou-2021']", state="attached")
    page.evaluate("window.hbSearchState = undefined")
    page.select_option("select[name=plan]", "minhou-2021")
    page.wait_for_function("window.hbSearchState !== undefined", timeout=20000)
    narrowed = [urlparse(h).path for h in page.evaluate("window.hbSearchState.shown")]
    assert 0 < page.evaluate("window.hbSearchState.ids.length") < total
    assert narrowed and all("minhou-2021" in p for p in narrowed)
    assert not all("minhou-2021" in p for p in everything)
    assert "plan=minhou-2021" in page.url and "q=" in page.url
    # the shared URL gives the same results
    again = results(page, page.url)
    assert again == narrowed


def test_header_search_box_uses_instant_navigation(built_site, browser):
    """Served at the site_url of mkdocs.yml (instant navigation follows the sitemap), from disk."""
    _, site = built_site
    base = mkdocs_config(ROOT)["site_url"]
    prefix = urlparse(base).path

    def from_disk(route):
        path = site / unquote(urlparse(route.request.url).path)[len(prefix):]
        path = path / "index.html" if path.is_dir() else path
        if not path.is_file():
            return route.fulfill(status=404, body="")
        route.fulfill(status=200, body=path.read_bytes(),
                      content_type=mimetypes.guess_type(path.name)[0] or "application/octet-stream")
    context = browser.new_context()
    context.route(base + "**", from_disk)
    page = context.new_page()
    page.goto(base + "units/")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.hbMarker = 1")
    page.fill("#hb-q", "清城")
    page.press("#hb-q", "Enter")
    page.wait_for_function("window.hbSearchState !== undefined && window.hbSearchState.query === '清城'", timeout=20000)
    assert urlparse(page.url).path == prefix + "search/"
    assert page.evaluate("window.hbMarker") == 1            # no full page load
    assert page.evaluate("window.hbSearchState.ids.length") > 100
    # keyboard: arrow down from the box moves through the results
    page.focus(".hb-search-page input")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('hb-result-link')")
    context.close()


@pytest.mark.parametrize("query, expect", [
    ("", "请输入要查找的词语"),
    ("。，！", "没有可以查找的文字"),
    ("城", "找到"),
    ("ＧＥＰ", "找到"),
    ("5G 网络", "找到"),
    ("建立城乡统一开放、竞争有序的要素产权市场体系，推进城乡人口双向流动，保证农民公平享受土地增值收益。" * 4, "找到"),
])
def test_odd_queries_get_sensible_answers(server, page, query, expect):
    page.goto(server + "search/?q=" + quote(query))
    page.wait_for_function("(document.querySelector('.hb-search-status').textContent || '正在查找…') !== '正在查找…'",
                           timeout=20000)
    assert expect in page.inner_text(".hb-search-status")


def test_search_benchmark_recall_on_the_seed_site(built_site):
    """`python -m bench.search site --require-recall --require-first`: recall 1.0 on every query of the
    list, and the expected first results of the queries that name them."""
    _, site = built_site
    result = subprocess.run([sys.executable, "-m", "bench.search", str(site), "--require-recall", "--require-first"],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert len(read_queries(BENCH / "queries.txt")) >= 40
    mean = next(line for line in result.stdout.splitlines() if line.startswith("mean"))
    assert float(mean.split()[1]) == 1.0


def test_palette_toggle_switches_to_dark(server, page):
    page.goto(server)
    before = page.get_attribute("body", "data-md-color-scheme")
    page.locator("label.md-header__button[for^='__palette']").first.click()
    assert page.get_attribute("body", "data-md-color-scheme") != before


def test_units_table_filter(server, page):
    page.goto(server + "units/")
    rows = page.locator(".hb-filter tbody tr")
    total = rows.count()
    page.fill(".hb-filter-input", "公安")
    visible = page.locator(".hb-filter tbody tr:not([hidden])").count()
    assert 0 < visible < total


def test_a_query_without_results_says_so_and_sets_the_state(server, page):
    assert results(page, server + "search/?q=" + quote("不存在的词语甲乙丙")) == []
    assert "没有找到" in page.inner_text(".hb-search-status")


# ---------------------------------------------------------------- provenance and source pages

def test_a_unit_rows_provenance_link_lands_on_the_quoted_line(server, page):
    page.goto(server + "plans/gaoqing-2022/4-1-1/")
    row = page.locator("tr", has=page.locator("a", has_text="高青县公安局"))
    row.locator("a.hb-provenance", has_text="第57行").click()
    page.wait_for_url("**/plans/gaoqing-2022/source/#L57")
    line = page.locator("#L57")
    assert "hb-hl" in line.get_attribute("class")
    assert "(牵头单位:县公安局)" in line.inner_text()
    assert line.is_visible() and 0 <= line.bounding_box()["y"] < page.viewport_size["height"]


def test_a_source_range_link_marks_every_line_of_the_range(server, page):
    page.goto(server + "plans/minhou-2021/2-1-1/")
    page.click("a.hb-source-range")
    page.wait_for_url("**/plans/minhou-2021/source/#L28-L32")
    marked = page.eval_on_selector_all(".hb-src-line.hb-hl", "lines => lines.map(l => l.id)")
    assert marked == ["L28", "L29", "L30", "L31", "L32"]
    page.goto(server + "plans/minhou-2021/source/#L40")          # a single line, then another range
    assert page.eval_on_selector_all(".hb-src-line.hb-hl", "ls => ls.map(l => l.id)") == ["L40"]


def test_a_task_page_links_the_previous_and_next_task_of_its_plan(server, page):
    page.goto(server + "plans/minhou-2021/2-1-2/")
    assert urlparse(page.get_attribute("a.hb-prev", "href", timeout=5000)).path.endswith("2-1-1/")
    page.click("a.hb-next")
    page.wait_for_url("**/plans/minhou-2021/2-1-3/")


def test_the_units_filter_finds_short_names(server, page):
    page.goto(server + "units/")
    page.fill(".hb-filter-input", "人社局")
    visible = page.locator(".hb-filter tbody tr:not([hidden])")
    names = visible.locator("td:first-child a").all_inner_texts()
    assert "高青县人力资源和社会保障局" in names and "禹州市人力资源和社会保障局" in names
    assert all("人力资源" in n for n in names)


# ---------------------------------------------------------------- the 404 page

class _SubPath(http.server.SimpleHTTPRequestHandler):
    """The site under /some/sub/ (not its site_url path), with 404.html for missing pages."""
    prefix = "/some/sub/"

    def log_message(self, *args):
        pass

    def send_head(self):
        if not self.path.startswith(self.prefix):
            return self.missing()
        self.path = "/" + self.path[len(self.prefix):]
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if not os.path.exists(path):
            return self.missing()
        return super().send_head()

    def missing(self):
        body = open(os.path.join(self.directory, "404.html"), "rb").read()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def test_the_404_page_is_chinese_and_leads_home_at_any_base_path(built_site, page):
    _, site = built_site
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_SubPath, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/some/sub/"
    try:
        response = page.goto(base + "plans/no-such-plan/9-9-9/")
        assert response.status == 404
        assert page.inner_text("h1") == "找不到这个页面"
        assert "Not found" not in page.content()
        page.wait_for_function("document.querySelector('.hb-home').getAttribute('href') === '/some/sub/'")
        page.fill(".hb-404-search input", "宅基地")
        page.press(".hb-404-search input", "Enter")
        page.wait_for_function("window.hbSearchState !== undefined && window.hbSearchState.ids.length > 0",
                               timeout=20000)
        assert urlparse(page.url).path == "/some/sub/search/"
        page.goto(base + "no/such/page/")
        page.wait_for_function("document.querySelector('.hb-home').getAttribute('href') === '/some/sub/'")
        page.click(".hb-home")
        page.wait_for_url(base)
        assert page.title().startswith("城乡融合发展规划手册")
    finally:
        httpd.shutdown()


# ---------------------------------------------------------------- open data

def test_the_feed_and_the_data_package_validate(server, page, tmp_path, built_site):
    handbook, _ = built_site
    page.goto(server)
    feed_url = page.eval_on_selector("link[rel=alternate][type='application/atom+xml']", "l => l.href")
    feed = feedparser.parse(page.request.get(feed_url).body())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10" and len(feed.entries) == len(handbook.plans)
    for entry in feed.entries:
        assert entry.id and entry.title and entry.updated_parsed and entry.link.startswith("http")
    page.goto(server + "data/")
    for name in ("datapackage.json", "tasks.csv", "task_units.csv", "handbook.json", "handbook.schema.json"):
        href = page.eval_on_selector(f"a[href$='{name}']", "a => a.href")
        (tmp_path / name).write_bytes(page.request.get(href).body())
    report = frictionless.Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["type", "note"])[:5]
    assert [t.stats.get("rows") for t in report.tasks[:2]] == [len(handbook.tasks),
                                                                 sum(len(t.units) for t in handbook.tasks)]


# ---------------------------------------------------------------- a Chinese site at any width

ALLOWED_LATIN = {"MkDocs", "Material", "for", "CC", "BY", "GEP", "CSV", "JSON"}


@pytest.mark.parametrize("url", ["", "plans/gaoqing-2022/4-1-1/", "units/gaoqing-2022/renliziyuanheshehuibaozhangju/",
                                 "search/?q=" + quote("人社局"), "topics/", "units/"])
def test_pages_are_chinese_and_fit_a_phone(browser, server, url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(server + url)
    if url.startswith("search/"):
        page.wait_for_function("window.hbSearchState !== undefined", timeout=20000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390       # only tables scroll, inside
    file_names = re.compile(r"[\w./-]*[/.][\w./-]+")          # content/units.yml names a file, not a word
    words = set(re.findall(r"[A-Za-z]{2,}", file_names.sub("", page.inner_text("body"))))
    tooltips = page.eval_on_selector_all("[title], [aria-label]",
                                         "els => els.map(e => (e.title || '') + ' ' + (e.getAttribute('aria-label') || ''))")
    words |= {w for t in tooltips for w in re.findall(r"[A-Za-z]{3,}", file_names.sub("", t))}
    assert words <= ALLOWED_LATIN, words - ALLOWED_LATIN
    context.close()


# ---------------------------------------------------------------- the Zensical build

@pytest.fixture(scope="module")
def zensical_server(zensical_site):
    httpd, url = serve(zensical_site)
    yield url
    httpd.shutdown()


def test_search_works_on_the_zensical_site(zensical_server, browser):
    page = browser.new_page()
    found = results(page, zensical_server + "search/?q=" + quote("宅基地"))
    assert found[0] == "/topics/homestead/"
    assert len([p for p in found if p.count("/") == 4 and p.startswith("/plans/")]) >= 5
    page.goto(zensical_server + "units/")
    page.fill("#hb-q", "人社局")
    page.press("#hb-q", "Enter")
    page.wait_for_function("window.hbSearchState !== undefined && window.hbSearchState.query === '人社局'",
                           timeout=20000)
    shown = [urlparse(h).path for h in page.evaluate("window.hbSearchState.shown")]
    assert shown[0] == "/agency-types/human-resources/"
    page.close()


def test_edit_view_and_report_links_work_on_the_zensical_site(zensical_server, browser):
    page = browser.new_page()
    page.goto(zensical_server + "plans/minhou-2021/2-1-1/")
    repo = "https://github.com/plan-handbook/plan-handbook"
    links = {cls: page.locator(f"a.{cls}").get_attribute("href")
             for cls in ("hb-action-edit", "hb-action-view", "hb-action-report")}
    assert links["hb-action-edit"] == f"{repo}/edit/main/content/plans/minhou-2021.txt"
    assert links["hb-action-view"] == f"{repo}/blob/main/content/plans/minhou-2021.txt#L28-L32"
    report = links["hb-action-report"]
    assert report.startswith(f"{repo}/issues/new?title=") and "&body=" in report
    assert quote("plans/minhou-2021/2-1-1/") in report and quote("#L28-L32") in report
    page.goto(zensical_server + "units/minhou-2021/caizhengju/")
    assert page.locator("a.hb-action-edit").get_attribute("href") == f"{repo}/edit/main/content/units.yml"
    page.close()
