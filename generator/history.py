"""When each plan entered the handbook and last changed, from the git history of its files."""
from __future__ import annotations

import subprocess
from pathlib import Path


def file_dates(root: Path, folder: str = "content/plans") -> dict[str, tuple[int, int]]:
    """Path (relative to the repository root) → (first, last) commit time in seconds, from one
    `git log`; empty outside a git checkout. Uncommitted files are not listed."""
    try:
        out = subprocess.run(["git", "log", "--format=%x00%ct", "--name-only", "--no-renames", "--", folder],
                             cwd=root, capture_output=True, text=True, check=True).stdout
        prefix = subprocess.run(["git", "rev-parse", "--show-prefix"], cwd=root, capture_output=True,
                                text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return {}
    dates: dict[str, tuple[int, int]] = {}
    for commit in out.split("\0")[1:]:               # newest first
        stamp, *names = commit.strip().split("\n")
        for name in filter(None, names):
            name = name.removeprefix(prefix)
            first, last = dates.get(name, (int(stamp), int(stamp)))
            dates[name] = (min(first, int(stamp)), max(last, int(stamp)))
    return dates


def plan_dates(root: Path, plans, fallback: int) -> dict[str, tuple[int, int]]:
    """Plan id → (added, changed): the first and last commit of its .txt and .yml; `fallback`
    (the build's SOURCE_DATE_EPOCH) for a plan git does not know, so that builds stay
    reproducible."""
    dates = file_dates(root)
    out = {}
    for plan in plans:
        known = [dates[p] for p in (plan.source, plan.source.removesuffix(".txt") + ".yml") if p in dates]
        out[plan.id] = (min(d[0] for d in known), max(d[1] for d in known)) if known else (fallback, fallback)
    return out
