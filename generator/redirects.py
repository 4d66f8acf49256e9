"""Stable URLs: a task's URL follows its numbering; when a task id disappears (a plan was
renumbered or corrected), its old URL redirects to where the task went.

content/task-ids.txt records every task id ever published (`python -m generator ids`
adds the new ones); content/redirects.yml can name a target by hand."""
from __future__ import annotations

import html
import posixpath
from pathlib import Path

import yaml

from .model import Handbook
from .urls import plan_url, task_url

IDS_FILE = "content/task-ids.txt"
REDIRECTS_FILE = "content/redirects.yml"


def read_published(root: Path) -> dict[str, str]:
    path = root / IDS_FILE
    if not path.exists():
        return {}
    published = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            task_id, _, title = line.partition("\t")
            published[task_id.strip()] = title.strip()
    return published


def write_published(root: Path, handbook: Handbook) -> int:
    published = read_published(root)
    before = len(published)
    for task in handbook.tasks:
        published.setdefault(task.id, task.title)
    lines = ["# Every task id the handbook has published, with its title (python -m generator ids).",
             "# A task id that disappears keeps working as a redirect; do not remove lines."]
    lines += [f"{task_id}\t{title}" for task_id, title in sorted(published.items())]
    (root / IDS_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(published) - before


def redirect_targets(root: Path, handbook: Handbook) -> dict[str, str]:
    """Old task id → site-relative URL of where it went."""
    manual = {}
    path = root / REDIRECTS_FILE
    if path.exists():
        manual = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    tasks = {t.id: t for t in handbook.tasks}
    plans = {p.id for p in handbook.plans}
    targets = {}
    for old_id, title in read_published(root).items():
        if old_id in tasks:
            continue
        plan_id = old_id.split("/", 1)[0]
        if old_id in manual and manual[old_id] in tasks:
            targets[old_id] = task_url(tasks[manual[old_id]])
            continue
        same_title = [t for t in handbook.tasks if t.plan == plan_id and t.title == title]
        if len(same_title) == 1:
            targets[old_id] = task_url(same_title[0])
        elif plan_id in plans:
            targets[old_id] = plan_url(plan_id)
        else:
            targets[old_id] = ""
    return targets


def redirect_pages(targets: dict[str, str]) -> dict[str, bytes]:
    """Static HTML files (MkDocs copies them as they are) at each old URL."""
    files = {}
    for old_id, target in sorted(targets.items()):
        plan_id, _, slug = old_id.partition("/")
        here = f"plans/{plan_id}/{slug}/"
        href = html.escape(posixpath.relpath(target or ".", here) + "/", quote=True)
        files[here + "index.html"] = (
            "<!doctype html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">"
            f"<title>页面已移动</title><meta http-equiv=\"refresh\" content=\"0; url={href}\">"
            f"<link rel=\"canonical\" href=\"{href}\"></head>"
            f"<body><p>这一页已移动到 <a href=\"{href}\">{href}</a>。</p></body></html>\n").encode("utf-8")
    return files
