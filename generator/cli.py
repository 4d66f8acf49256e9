"""python -m generator build | serve | check | export -o FILE"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .export import handbook_json
from .pipeline import ContentError, build_handbook

ROOT = Path(__file__).resolve().parent.parent


def cmd_export(args) -> int:
    handbook = build_handbook(ROOT)
    Path(args.output).write_text(handbook_json(handbook), encoding="utf-8")
    print(f"wrote {args.output}: {len(handbook.plans)} plans, {len(handbook.tasks)} tasks, "
          f"{len(handbook.units)} units", file=sys.stderr)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description="Build the plan handbook.")
    sub = parser.add_subparsers(dest="command", required=True)
    export = sub.add_parser("export", help="write the JSON export alone")
    export.add_argument("-o", "--output", required=True)
    export.set_defaults(func=cmd_export)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ContentError as exc:
        for d in exc.diagnostics:
            print(d, file=sys.stderr)
        return 1
