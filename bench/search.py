"""Search benchmark: drive a built site's own search in headless Chromium.

    python -m bench.search SITE_DIR [--queries FILE] [--json OUT] [--require-recall]

For each query it opens search/?q=… in a fresh browser context and reports recall (share of
the pages whose own content contains the query that the search returns), the share of exact
matches among the first 10 results, the bytes fetched from the index for that first query,
and the time to first results. Truth is computed from the built pages themselves, with the
same idea of a page's own content as the index (generator.search_text.indexed_text).

A query line may say what must come first and what must not be found at all:
    人社局 => agency-types/human-resources/ units/gaoqing-2022/renliziyuanheshehuibaozhangju/ …
    发改局 !> plans/xuchang-15th-fyp/
`=>` lists the pages that must be the first results (in any order), `!>` URL prefixes that no
result may have; the "first" column says whether a query met them."""
from __future__ import annotations

import argparse
import functools
import http.server
import json
import shutil
import sys
import threading
from urllib.parse import quote
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.search_index import normalise
from generator.search_text import indexed_text

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
    texts = {url: normalise(indexed_text((site / url / "index.html").read_text(encoding="utf-8")))
             for url in docs.values()}
    return docs, texts


@dataclass
class Query:
    text: str
    first: list[str] = field(default_factory=list)     # pages that must come first, in any order
    never: list[str] = field(default_factory=list)     # URL prefixes no result may have


def parse_query(line: str) -> Query:
    """`text [=> url …] [!> prefix …]`."""
    line, _, never = line.partition("!>")
    text, _, first = line.partition("=>")
    return Query(text.strip(), first.split(), never.split())


def read_query_file(path: Path) -> list[Query]:
    return [parse_query(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def read_queries(path: Path) -> list[str]:
    return [q.text for q in read_query_file(path)]


def measure(site: Path, queries: list[Query], browser_path: str | None = None) -> list[dict]:
    from playwright.sync_api import sync_playwright
    ids, texts = corpus(site)
    httpd, root = serve(site)
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=browser_path or find_browser(), args=ARGS)
            for q in queries:
                terms = [normalise(t) for t in q.text.split()]
                truth = {url for url, text in texts.items() if all(t in text for t in terms)}
                context = browser.new_context()
                page = context.new_page()
                fetched = []
                page.on("response", lambda r: fetched.append(len(r.body())) if "/search/index/" in r.url and r.ok else None)
                started = time.perf_counter()
                page.goto(root + "search/?q=" + quote(q.text))
                page.wait_for_function("window.hbSearchState !== undefined && window.hbSearchState.query !== undefined",
                                       timeout=30000)
                wall_ms = (time.perf_counter() - started) * 1000
                state = page.evaluate("window.hbSearchState")
                returned = {ids[i] for i in state["ids"]}
                first = [u.replace(root, "", 1) for u in state["shown"][:10]]
                rows.append({
                    "query": q.text, "truth": len(truth), "returned": len(returned),
                    "recall": len(truth & returned) / len(truth) if truth else 1.0,
                    "exact_top10": (sum(u in truth for u in first) / len(first)) if first else (1.0 if not truth else 0.0),
                    "bytes": sum(fetched), "ms": state["ms"], "page_ms": round(wall_ms),
                    "missed": sorted(truth - returned)[:5],
                    "first": first, "first_ok": expectation_met(q, first, returned),
                })
                context.close()
            browser.close()
    finally:
        httpd.shutdown()
    return rows


def expectation_met(q: Query, first: list[str], returned: set[str]) -> bool | None:
    """None for a query without expectations; else whether its first results and exclusions hold."""
    if not q.first and not q.never:
        return None
    ok = set(first[:len(q.first)]) == set(q.first)
    return ok and not any(url.startswith(tuple(q.never)) for url in returned)


def find_browser() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    raise SystemExit("no Chromium found: apt-get install chromium")


def summary(rows: list[dict]) -> dict:
    n = len(rows) or 1
    checked = [r for r in rows if r["first_ok"] is not None]
    return {"queries": len(rows), "recall": sum(r["recall"] for r in rows) / n,
            "exact_top10": sum(r["exact_top10"] for r in rows) / n,
            "first_expected": len(checked), "first_met": sum(bool(r["first_ok"]) for r in checked),
            "bytes_first_query_mean": sum(r["bytes"] for r in rows) / n,
            "bytes_first_query_max": max((r["bytes"] for r in rows), default=0),
            "ms_mean": sum(r["ms"] for r in rows) / n}


def print_table(rows: list[dict], totals: dict) -> None:
    print(f"{'query':<16}{'truth':>6}{'found':>6}{'recall':>8}{'exact@10':>9}{'KB':>7}{'ms':>6}  first")
    for r in rows:
        first = {None: "", True: "ok", False: "FAIL " + " ".join(r["first"][:3])}[r["first_ok"]]
        print(f"{r['query']:<16}{r['truth']:>6}{r['returned']:>6}{r['recall']:>8.2f}{r['exact_top10']:>9.2f}"
              f"{r['bytes'] / 1024:>7.0f}{r['ms']:>6}  {first}")
    print(f"{'mean':<16}{'':>6}{'':>6}{totals['recall']:>8.3f}{totals['exact_top10']:>9.3f}"
          f"{totals['bytes_first_query_mean'] / 1024:>7.0f}{totals['ms_mean']:>6.0f}")
    print(f"expected first results met: {totals['first_met']}/{totals['first_expected']} queries")
    print(f"largest first-query download: {totals['bytes_first_query_max'] / 1024:.0f} KB")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--queries", type=Path, default=HERE / "queries.txt")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--require-recall", action="store_true", help="exit 1 unless recall is 1.0 on every query")
    parser.add_argument("--require-first", action="store_true",
                        help="exit 1 unless every query with expected first results (=>, !>) meets them")
    args = parser.parse_args(argv)
    rows = measure(args.site, read_query_file(args.queries))
    totals = summary(rows)
    print_table(rows, totals)
    if args.json:
        args.json.write_text(json.dumps({"summary": totals, "queries": rows}, ensure_ascii=False, indent=1),
                             encoding="utf-8")
    if args.require_recall and any(r["recall"] < 1.0 for r in rows):
        print("recall below 1.0 for: " + ", ".join(r["query"] for r in rows if r["recall"] < 1.0), file=sys.stderr)
        return 1
    if args.require_first and any(r["first_ok"] is False for r in rows):
        print("expected first results not met for: " + ", ".join(r["query"] for r in rows if r["first_ok"] is False),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
