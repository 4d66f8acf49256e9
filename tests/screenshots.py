"""Screenshots of the built site at a desktop and a phone width, for reviewers to look at.

    python tests/screenshots.py [SITE_DIR] [--out build/screenshots]

Saves <page>-<width>.png (full page) for the home page, a task page, a unit page and a search.
CI runs it after the tests and attaches the folder as an artifact; Chinese renders only with
a CJK font installed (Debian: fonts-noto-cjk)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.search import ARGS, find_browser, serve  # noqa: E402

WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
PAGES = {
    "home": "",
    "task": "plans/gaoqing-2022/4-1-1/",
    "unit": "units/gaoqing-2022/renliziyuanheshehuibaozhangju/",
    "search": "search/?q=" + quote("人社局"),
}


def wait_until_ready(page, url: str) -> None:
    if url.startswith("search/"):
        page.wait_for_function("window.hbSearchState !== undefined && window.hbSearchState.query !== undefined",
                               timeout=30000)
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")


def take(site: Path, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright
    out.mkdir(parents=True, exist_ok=True)
    httpd, root = serve(site)
    saved = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=find_browser(), args=ARGS)
            for width_name, (width, height) in WIDTHS.items():
                context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                              device_scale_factor=1, is_mobile=width < 600, has_touch=width < 600)
                page = context.new_page()
                for name, url in PAGES.items():
                    page.goto(root + url)
                    wait_until_ready(page, url)
                    target = out / f"{name}-{width}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(f"screenshot {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}: "
                          f"{url or '/'} at {width_name} width {width}px", flush=True)
                    saved.append(target)
                context.close()
            browser.close()
    finally:
        httpd.shutdown()
    return saved


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, nargs="?", default=ROOT / "site")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "screenshots")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"{args.site} holds no built site: run `make site` first", file=sys.stderr)
        return 1
    take(args.site, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
