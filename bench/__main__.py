"""Scale benchmark: python -m bench --sizes 10 100 1000 [--seed 1] [--reference-limit 4000]

For each N it writes N synthetic plans (bench/corpus.py), converts them, builds the site with
MkDocs, builds the search index, measures the search in headless Chromium on a fixed query
list, and builds the same Markdown with plain MkDocs + Material defaults as the reference
(skipped above --reference-limit pages: the default navigation makes that build quadratic).
Prints a table and writes bench/results/latest.json."""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from .corpus import load_seeds, synthesize
from .search import HERE, measure, read_queries, summary

ROOT = HERE.parent
WORK = HERE / "work"
RESULTS = HERE / "results"


def stage(name: str, root: Path) -> dict:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "bench.stage", name, str(root)], cwd=ROOT,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"stage {name} failed:\n{result.stderr[-3000:]}")
    data = json.loads(result.stdout.strip().splitlines()[-1])
    data["wall"] = time.perf_counter() - started
    return data


def prepare(n: int, seed: int, seeds, swaps) -> Path:
    root = WORK / f"n{n}"
    if root.exists():
        shutil.rmtree(root)
    (root / "content").mkdir(parents=True)
    for name in ("debris.yml", "structure.yml", "units.yml", "topics.yml"):
        shutil.copy(ROOT / "content" / name, root / "content" / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", root / "theme")
    synthesize(seeds, n, seed, root / "content" / "plans", swaps)
    return root


def folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def page_sizes(site: Path) -> list[int]:
    return [p.stat().st_size for p in site.glob("plans/*/*/index.html")]


def run_size(n: int, seed: int, seeds, swaps, reference_limit: int, queries: list[str]) -> dict:
    print(f"— N = {n}: writing {n} plans", file=sys.stderr, flush=True)
    root = prepare(n, seed, seeds, swaps)
    convert = stage("convert", root)
    print(f"  converted in {convert['seconds']:.1f}s; building with MkDocs", file=sys.stderr, flush=True)
    build = stage("mkdocs", root)
    print(f"  MkDocs {build['seconds']:.1f}s; indexing", file=sys.stderr, flush=True)
    index = stage("index", root)
    site = root / "site"
    pages = sum(1 for _ in site.rglob("index.html"))
    print(f"  {pages} pages; measuring search", file=sys.stderr, flush=True)
    search = summary(measure(site, queries))
    total = convert["seconds"] + build["seconds"] + index["seconds"]
    row = {
        "n_plans": convert["plans"], "tasks": convert["tasks"], "units": convert["units"], "pages": pages,
        "convert_s": convert["seconds"], "build_s": build["seconds"], "index_s": index["seconds"],
        "total_s": round(total, 2), "convert_share": round(convert["seconds"] / total, 3),
        "ms_per_page": round(total * 1000 / pages, 2), "mkdocs_ms_per_page": round(build["seconds"] * 1000 / pages, 2),
        "site_mb": round(folder_mb(site), 1), "median_task_page_kb": round(statistics.median(page_sizes(site)) / 1024, 1),
        "search_index_mb": round(index["bytes"] / 1e6, 1),
        "search_bytes_per_query": round(search["bytes_first_query_mean"]),
        "search_bytes_per_query_max": search["bytes_first_query_max"],
        "search_recall": round(search["recall"], 3), "search_exact_top10": round(search["exact_top10"], 3),
        "search_ms": round(search["ms_mean"]),
        "peak_rss_mb": max(convert["peak_rss_mb"], build["peak_rss_mb"], index["peak_rss_mb"]),
        "reference_ms_per_page": None, "reference_site_mb": None, "reference_search_index_mb": None,
        "reference_median_task_page_kb": None,
    }
    if pages <= reference_limit:
        print("  reference build (plain MkDocs + Material defaults)", file=sys.stderr, flush=True)
        ref = stage("reference", root)
        ref_site = root / "site-reference"
        row.update({"reference_ms_per_page": round(ref["seconds"] * 1000 / pages, 2),
                    "reference_site_mb": round(folder_mb(ref_site), 1),
                    "reference_search_index_mb": round((ref_site / "search" / "search_index.json").stat().st_size / 1e6, 1),
                    "reference_median_task_page_kb": round(statistics.median(page_sizes(ref_site)) / 1024, 1),
                    "reference_peak_rss_mb": ref["peak_rss_mb"]})
        shutil.rmtree(ref_site)
    else:
        row["reference_note"] = f"skipped above {reference_limit} pages (default navigation: quadratic build)"
    return row


def ratio(a, b) -> str:
    return f"{a / b:.2f}×" if a and b else "—"


def print_table(rows: list[dict]) -> None:
    lines = [
        ("plans", "n_plans", "{:,}"), ("task pages", "tasks", "{:,}"), ("pages", "pages", "{:,}"),
        ("convert s", "convert_s", "{:.1f}"), ("MkDocs build s", "build_s", "{:.1f}"),
        ("search index s", "index_s", "{:.1f}"), ("convert share", "convert_share", "{:.1%}"),
        ("ms per page", "ms_per_page", "{:.1f}"), ("reference ms per page", "reference_ms_per_page", "{:.1f}"),
        ("site MB", "site_mb", "{:.1f}"), ("reference site MB", "reference_site_mb", "{:.1f}"),
        ("median task page KB", "median_task_page_kb", "{:.1f}"),
        ("reference median task page KB", "reference_median_task_page_kb", "{:.1f}"),
        ("search KB, first query (mean)", "search_bytes_per_query", "{:,.0f}"),
        ("search KB, first query (max)", "search_bytes_per_query_max", "{:,.0f}"),
        ("reference search index MB (fetched whole)", "reference_search_index_mb", "{:.1f}"),
        ("search recall", "search_recall", "{:.3f}"), ("search exact in top 10", "search_exact_top10", "{:.3f}"),
        ("peak RSS MB", "peak_rss_mb", "{:,.0f}"),
    ]
    width = 44
    print(f"{'N':<{width}}" + "".join(f"{r['n_plans']:>14,}" for r in rows))
    for label, key, fmt in lines:
        cells = []
        for r in rows:
            value = r.get(key)
            if value is None:
                cells.append("—")
            elif key.startswith("search_bytes"):
                cells.append(fmt.format(value / 1024))
            else:
                cells.append(fmt.format(value))
        print(f"{label:<{width}}" + "".join(f"{c:>14}" for c in cells))
    for r in rows:
        print(f"N={r['n_plans']}: ms/page {ratio(r['ms_per_page'], r.get('reference_ms_per_page'))} of the reference; "
              f"site {ratio(r['site_mb'], r.get('reference_site_mb'))} of the reference")
    if len(rows) >= 2:
        base = next((r for r in rows if r["n_plans"] == 100), rows[0])
        print(f"linearity: ms per page at N={rows[-1]['n_plans']} is "
              f"{rows[-1]['ms_per_page'] / base['ms_per_page']:.2f}× that at N={base['n_plans']}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reference-limit", type=int, default=1000)
    parser.add_argument("--keep", action="store_true", help="keep bench/work/ for inspection")
    args = parser.parse_args(argv)
    seeds, swaps = load_seeds(ROOT)
    rows = []
    for n in args.sizes:
        rows.append(run_size(n, args.seed, seeds, swaps, args.reference_limit, read_queries(HERE / "queries.txt")))
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "latest.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        if not args.keep:
            shutil.rmtree(WORK / f"n{n}", ignore_errors=True)
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
