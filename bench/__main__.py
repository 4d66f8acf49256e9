"""Scale benchmark: python -m bench --sizes 10 100 1000 [--seed 1] [--reference-limit 4000]

For each N it writes N synthetic plans (bench/corpus.py) and times, each in its own process:
the full build (python -m generator build --full: convert, MkDocs, search index); a rebuild
with nothing changed; a rebuild after editing one line of one plan, after editing
content/units.yml and after adding a plan; the same full build with Zensical; and, up to
--preview-limit plans, the live preview's time from saving an edit to serving the changed page.
It measures the search in headless Chromium on a fixed query list, and builds the same
Markdown with plain MkDocs + Material defaults as the reference (skipped above
--reference-limit pages: the default navigation makes that build quadratic). Prints a table
(ms per page, each rebuild's share of the full build) and writes bench/results/latest.json."""
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
from .edits import add_plan, edit_text, edit_units, preview_seconds
from .search import HERE, measure, read_query_file, summary

ROOT = HERE.parent
WORK = HERE / "work"
RESULTS = HERE / "results"


def stage(name: str, root: Path, *args: str) -> dict:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "bench.stage", name, str(root), *args], cwd=ROOT,
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


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def rebuilds(root: Path) -> dict:
    """The full build, then rebuilds after each kind of edit: seconds and share of the full build."""
    full = stage("build", root, "--full")
    say(f"  full build {full['seconds']:.1f}s (convert {full['convert_s']:.1f}, MkDocs {full['engine_s']:.1f}, "
        f"index {full['index_s']:.1f}); rebuilds")
    row = {"pages": full["pages"], "full_s": full["seconds"], "convert_s": full["convert_s"],
           "build_s": full["engine_s"], "index_s": full["index_s"], "peak_rss_mb": full["peak_rss_mb"]}
    for name, edit in (("nochange", None), ("edit_plan", edit_text), ("edit_units", edit_units),
                       ("add_plan", add_plan)):
        if edit:
            edit(root)
        again = stage("build", root)
        row[f"{name}_s"] = again["seconds"]
        row[f"{name}_share"] = round(again["seconds"] / full["seconds"], 4)
        say(f"  {name}: {again['seconds']:.1f}s ({row[name + '_share']:.1%} of the full build)")
    return row


def run_size(n: int, seed: int, seeds, swaps, args, queries: list) -> dict:
    say(f"— N = {n}: writing {n} plans")
    root = prepare(n, seed, seeds, swaps)
    row = {"n_plans": n, **rebuilds(root)}
    site = root / "site"
    row.update(ms_per_page=round(row["full_s"] * 1000 / row["pages"], 2),
               mkdocs_ms_per_page=round(row["build_s"] * 1000 / row["pages"], 2),
               site_mb=round(folder_mb(site), 1), median_task_page_kb=round(statistics.median(page_sizes(site)) / 1024, 1),
               search_index_mb=round(folder_mb(site / "search" / "index"), 1))
    say(f"  {row['pages']} pages; measuring search")
    search = summary(measure(site, queries))
    row.update(search_bytes_per_query=round(search["bytes_first_query_mean"]),
               search_bytes_per_query_max=search["bytes_first_query_max"], search_recall=round(search["recall"], 3),
               search_exact_top10=round(search["exact_top10"], 3), search_ms=round(search["ms_mean"]))
    if n <= args.preview_limit:
        say("  live preview: save → page served")
        served, rebuilt = preview_seconds(root)
        row["preview_s"] = round(served, 2)
        row["preview_rebuild_s"] = rebuilt
    zensical = stage("build", root, "--full", "--engine", "zensical")
    row.update(zensical_s=zensical["seconds"], zensical_pages=zensical["pages"],
               zensical_ms_per_page=round(zensical["seconds"] * 1000 / zensical["pages"], 2),
               zensical_engine_s=zensical["engine_s"])
    say(f"  Zensical full build {zensical['seconds']:.1f}s (Zensical itself {zensical['engine_s']:.1f}s)")
    row["reference_ms_per_page"] = None
    if row["pages"] <= args.reference_limit:
        say("  reference build (plain MkDocs + Material defaults)")
        ref = stage("reference", root)
        ref_site = root / "site-reference"
        row.update(reference_ms_per_page=round(ref["seconds"] * 1000 / row["pages"], 2),
                   reference_site_mb=round(folder_mb(ref_site), 1))
        shutil.rmtree(ref_site)
    return row


def ratio(a, b) -> str:
    return f"{a / b:.2f}×" if a and b else "—"


LINES = [
    ("plans", "n_plans", "{:,}"), ("pages", "pages", "{:,}"),
    ("full build s (MkDocs)", "full_s", "{:.1f}"), ("  convert s", "convert_s", "{:.1f}"),
    ("  MkDocs s", "build_s", "{:.1f}"), ("  search index s", "index_s", "{:.1f}"),
    ("full build ms per page", "ms_per_page", "{:.2f}"),
    ("no-change rebuild s", "nochange_s", "{:.2f}"), ("  share of full", "nochange_share", "{:.1%}"),
    ("rebuild after editing one plan s", "edit_plan_s", "{:.2f}"), ("  share of full", "edit_plan_share", "{:.1%}"),
    ("rebuild after editing units.yml s", "edit_units_s", "{:.2f}"), ("  share of full", "edit_units_share", "{:.1%}"),
    ("rebuild after adding a plan s", "add_plan_s", "{:.2f}"), ("  share of full", "add_plan_share", "{:.1%}"),
    ("Zensical full build s", "zensical_s", "{:.1f}"), ("Zensical ms per page", "zensical_ms_per_page", "{:.2f}"),
    ("preview: save → page served s", "preview_s", "{:.2f}"),
    ("preview: whole rebuild after the save s", "preview_rebuild_s", "{:.2f}"),
    ("reference ms per page (plain Material)", "reference_ms_per_page", "{:.1f}"),
    ("site MB", "site_mb", "{:.1f}"), ("median task page KB", "median_task_page_kb", "{:.1f}"),
    ("search index MB", "search_index_mb", "{:.1f}"),
    ("search KB, first query (mean)", "search_bytes_per_query", "{:,.0f}"),
    ("search recall", "search_recall", "{:.3f}"), ("search exact in top 10", "search_exact_top10", "{:.3f}"),
    ("peak RSS MB (full build)", "peak_rss_mb", "{:,.0f}"),
]


def print_table(rows: list[dict]) -> None:
    width = 44
    print(f"{'N':<{width}}" + "".join(f"{r['n_plans']:>12,}" for r in rows))
    for label, key, fmt in LINES:
        cells = []
        for r in rows:
            value = r.get(key)
            cells.append("—" if value is None else fmt.format(value / 1024 if key.startswith("search_bytes") else value))
        print(f"{label:<{width}}" + "".join(f"{c:>12}" for c in cells))
    if len(rows) >= 2:
        base = next((r for r in rows if r["n_plans"] == 100), rows[0])
        last = rows[-1]
        print(f"linearity: ms per page at N={last['n_plans']} is {last['ms_per_page'] / base['ms_per_page']:.2f}× "
              f"that at N={base['n_plans']} (MkDocs), {last['zensical_ms_per_page'] / base['zensical_ms_per_page']:.2f}× "
              "(Zensical)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reference-limit", type=int, default=1000)
    parser.add_argument("--preview-limit", type=int, default=100, help="largest N whose live preview is timed")
    parser.add_argument("--keep", action="store_true", help="keep bench/work/ for inspection")
    args = parser.parse_args(argv)
    seeds, swaps = load_seeds(ROOT)
    rows = []
    for n in args.sizes:
        rows.append(run_size(n, args.seed, seeds, swaps, args, read_query_file(HERE / "queries.txt")))
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "latest.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        if not args.keep:
            shutil.rmtree(WORK / f"n{n}", ignore_errors=True)
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
