"""Search benchmark: drive a built site's own search in headless Chromium.

    python -m bench.search SITE_DIR [--queries FILE] [--json OUT] [--require-recall]

For each query it opens search/?q=… in a fresh browser context and reports recall (share of
the pages whose article text contains the query that the search returns), the share of exact
matches among the first 10 results, the bytes fetched from the index for that first query,
and the time to first results. Truth is computed from the built pages themselves."""
from __future__ import annotations

import argparse
import functools
import http.server
import json
import shutil
import sys
import threading
import time
from pathlib import Path

from generator.search_index import article_text, normalise

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
HERE = Path(__file__).resolve().parent


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(site: Path):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def corpus(site: Path) -> tuple[dict[int, str], dict[str, str]]:
    """Page ids → URLs (from the index) and URLs → normalised article text (from the pages)."""
    docs = {}
    for path in (site / "search" / "index" / "d").glob("*.json"):
        docs[int(path.stem)] = json.loads(path.read_text(encoding="utf-8"))["u"]
    texts = {url: normalise(article_text((site / url / "index.html").read_text(encoding="utf-8")))
             for url in docs.values()}
    return docs, texts


def read_queries(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def measure(site: Path, queries: list[str], browser_path: str | None = None) -> list[dict]:
    from playwright.sync_api import sync_playwright
    ids, texts = corpus(site)
    httpd, root = serve(site)
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=browser_path or find_browser(), args=ARGS)
            for query in queries:
                terms = [normalise(t) for t in query.split()]
                truth = {url for url, text in texts.items() if all(t in text for t in terms)}
                context = browser.new_context()
                page = context.new_page()
                fetched = []
                page.on("response", lambda r: fetched.append(len(r.body())) if "/search/index/" in r.url and r.ok else None)
                started = time.perf_counter()
                page.goto(root + "search/?q=" + query)
                page.wait_for_function("window.hbSearchState !== undefined && window.hbSearchState.query !== undefined",
                                       timeout=30000)
                wall_ms = (time.perf_counter() - started) * 1000
                state = page.evaluate("window.hbSearchState")
                returned = {ids[i] for i in state["ids"]}
                first = [u.replace(root, "", 1) for u in state["shown"][:10]]
                rows.append({
                    "query": query, "truth": len(truth), "returned": len(returned),
                    "recall": len(truth & returned) / len(truth) if truth else 1.0,
                    "exact_top10": (sum(u in truth for u in first) / len(first)) if first else (1.0 if not truth else 0.0),
                    "bytes": sum(fetched), "ms": state["ms"], "page_ms": round(wall_ms),
                    "missed": sorted(truth - returned)[:5],
                })
                context.close()
            browser.close()
    finally:
        httpd.shutdown()
    return rows


def find_browser() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    raise SystemExit("no Chromium found: apt-get install chromium")


def summary(rows: list[dict]) -> dict:
    n = len(rows) or 1
    return {"queries": len(rows), "recall": sum(r["recall"] for r in rows) / n,
            "exact_top10": sum(r["exact_top10"] for r in rows) / n,
            "bytes_first_query_mean": sum(r["bytes"] for r in rows) / n,
            "bytes_first_query_max": max((r["bytes"] for r in rows), default=0),
            "ms_mean": sum(r["ms"] for r in rows) / n}


def print_table(rows: list[dict], totals: dict) -> None:
    print(f"{'query':<16}{'truth':>6}{'found':>6}{'recall':>8}{'exact@10':>9}{'KB':>7}{'ms':>6}")
    for r in rows:
        print(f"{r['query']:<16}{r['truth']:>6}{r['returned']:>6}{r['recall']:>8.2f}{r['exact_top10']:>9.2f}"
              f"{r['bytes'] / 1024:>7.0f}{r['ms']:>6}")
    print(f"{'mean':<16}{'':>6}{'':>6}{totals['recall']:>8.3f}{totals['exact_top10']:>9.3f}"
          f"{totals['bytes_first_query_mean'] / 1024:>7.0f}{totals['ms_mean']:>6.0f}")
    print(f"largest first-query download: {totals['bytes_first_query_max'] / 1024:.0f} KB")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--queries", type=Path, default=HERE / "queries.txt")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--require-recall", action="store_true", help="exit 1 unless recall is 1.0 on every query")
    args = parser.parse_args(argv)
    rows = measure(args.site, read_queries(args.queries))
    totals = summary(rows)
    print_table(rows, totals)
    if args.json:
        args.json.write_text(json.dumps({"summary": totals, "queries": rows}, ensure_ascii=False, indent=1),
                             encoding="utf-8")
    if args.require_recall and any(r["recall"] < 1.0 for r in rows):
        print("recall below 1.0 for: " + ", ".join(r["query"] for r in rows if r["recall"] < 1.0), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
