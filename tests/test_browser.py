"""The built site in headless Chromium (Debian's package, driven by Playwright)."""
import functools
import http.server
import os
import shutil
import re
import threading
from urllib.parse import urljoin

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

if not CHROMIUM:
    if os.environ.get("HANDBOOK_REQUIRE_BROWSER"):
        raise RuntimeError("chromium is not installed: apt-get install chromium")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)

from playwright.sync_api import sync_playwright  # noqa: E402


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(built_site):
    _, site = built_site
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def search(page, query):
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.fill("input.md-search__input", query)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    return [a.get_attribute("href") for a in page.locator(".md-search-result__item > a").all()]


@pytest.mark.parametrize("query", ["宅基地", "自然资源"])
def test_chinese_search_finds_task_pages(server, browser, query):
    page = browser.new_page()
    page.goto(server)
    links = search(page, query)
    task_links = [link for link in links if re.search(r"/plans/[a-z0-9-]+/[a-z0-9-]+/([?#]|$)", urljoin(page.url, link))
                  and "/source/" not in link]
    assert task_links, links
    page.goto(urljoin(page.url, task_links[0]))
    assert query in page.locator("article").inner_text()
    page.close()


def test_palette_toggle_switches_to_dark(server, browser):
    page = browser.new_page()
    page.goto(server)
    before = page.get_attribute("body", "data-md-color-scheme")
    page.locator("label.md-header__button[for^='__palette']").first.click()
    assert page.get_attribute("body", "data-md-color-scheme") != before
    page.close()
