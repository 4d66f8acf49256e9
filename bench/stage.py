"""One stage of the scale benchmark, run in its own process so that its time and peak memory
are its own. Prints one JSON line.

    python -m bench.stage build ROOT [--full] [--engine mkdocs|zensical]
    python -m bench.stage reference ROOT"""
from __future__ import annotations

import contextlib
import io
import json
import os
import re
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

# what the build says of its steps (generator/cli.py, generator/build.py)
STEPS = {"convert_s": r"^converted .* in ([\d.]+)s$", "engine_s": r"^(?:mkdocs|zensical): .* in ([\d.]+)s$",
         "index_s": r"^search index: .* in ([\d.]+)s$"}


def build(root: Path, args: list[str]) -> dict:
    from generator.build import build as run
    engine = args[args.index("--engine") + 1] if "--engine" in args else "mkdocs"
    log = io.StringIO()
    with contextlib.redirect_stderr(log):
        status = run(root, engine, "--full" in args)
    if status != 0:
        sys.stderr.write(log.getvalue()[-3000:])
        raise SystemExit(f"build failed ({status})")
    steps = {}
    for key, pattern in STEPS.items():
        m = re.search(pattern, log.getvalue(), re.M)
        steps[key] = float(m.group(1)) if m else 0.0
    return {"nothing_to_do": "nothing changed" in log.getvalue(), **steps}


def reference(root: Path) -> dict:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    (root / "mkdocs-reference.yml").write_text(REFERENCE_CONFIG, encoding="utf-8")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    os.chdir(root)
    mkdocs_build(load_config(config_file=str(root / "mkdocs-reference.yml"), strict=False))
    return {}


def main(argv: list[str]) -> int:
    stage, root = argv[0], Path(argv[1]).resolve()
    started = time.perf_counter()
    if stage == "build":
        extra = build(root, argv[2:])
    elif stage == "reference":
        extra = reference(root)
    else:
        raise SystemExit(f"unknown stage {stage}")
    seconds = time.perf_counter() - started
    if stage == "build":           # counted after the clock stops: a walk of site/ is not the build's
        extra = {"pages": sum(1 for _ in (root / "site").rglob("index.html")), **extra}
    usage = [resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    print(json.dumps({"stage": stage, "seconds": round(seconds, 2), "peak_rss_mb": round(max(usage) / 1024, 1),
                      **extra}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
