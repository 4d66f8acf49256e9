"""One stage of the scale benchmark, run in its own process so that its time and peak memory
are its own: python -m bench.stage convert|mkdocs|index|reference ROOT. Prints one JSON line."""
from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

REFERENCE_CONFIG = """# Plain MkDocs + Material with its defaults: every page in the navigation, built-in search.
site_name: reference
site_url: https://example.org/
docs_dir: build/docs
site_dir: site-reference
theme:
  name: material
  language: zh
  font: false
markdown_extensions: [toc, tables, attr_list, md_in_html]
"""


def convert(root: Path) -> dict:
    from generator.cli import generate
    handbook = generate(root)
    return {"plans": len(handbook.plans), "tasks": len(handbook.tasks), "units": len(handbook.units)}


def mkdocs_build(root: Path, config_file: Path) -> dict:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    os.chdir(root)
    build(load_config(config_file=str(config_file), strict=False))
    return {}


def index(root: Path) -> dict:
    from generator.cli import index_built_site
    return index_built_site(root, root / "site")


def main(argv: list[str]) -> int:
    stage, root = argv[0], Path(argv[1]).resolve()
    started = time.perf_counter()
    if stage == "convert":
        extra = convert(root)
    elif stage == "mkdocs":
        extra = mkdocs_build(root, root / "mkdocs.yml")
    elif stage == "reference":
        (root / "mkdocs-reference.yml").write_text(REFERENCE_CONFIG, encoding="utf-8")
        extra = mkdocs_build(root, root / "mkdocs-reference.yml")
    elif stage == "index":
        extra = index(root)
    else:
        raise SystemExit(f"unknown stage {stage}")
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"stage": stage, "seconds": round(seconds, 2), "peak_rss_mb": round(peak_mb, 1), **extra}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
