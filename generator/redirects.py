"""Stable URLs: a task's URL follows its numbering; when a task id disappears (a plan was
renumbered or corrected), its old URL redirects to where the task went.

content/task-ids.txt records every task id ever published (`python -m generator ids`
adds the new ones); content/redirects.yml can name a target by hand."""
from __future__ import annotations

import html
import posixpath
from pathlib import Path

from . import chars, yamlfile
from .content import UnsafeFile, exists, is_task_id, read_text
from .model import Diagnostic, Handbook
from .urls import plan_url, task_url

IDS_FILE = "content/task-ids.txt"
REDIRECTS_FILE = "content/redirects.yml"


def read_published(root: Path, problems: list[Diagnostic] | None = None) -> dict[str, tuple[str, int]]:
    """Task id → (title, line) of every id recorded in content/task-ids.txt; bad lines are reported
    (to `problems`) at their own line and skipped."""
    path = root / IDS_FILE
    if not exists(root, path):
        return {}
    problems = [] if problems is None else problems
    try:
        text = read_text(root, path)
    except UnsafeFile as exc:
        problems.append(exc.diagnostic)
        return {}
    published = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        task_id, _, title = line.partition("\t")
        task_id = task_id.strip()
        if not is_task_id(task_id):
            problems.append(Diagnostic(IDS_FILE, number, "error", f"{task_id[:80]!r} is not a task id "
                                       "(plan-id/slug, each lower-case letters, digits and hyphens)"))
        elif chars.has_unsafe(title):
            problems.append(Diagnostic(IDS_FILE, number, "error", "control characters or bidirectional overrides "
                                                                  "in the title"))
        else:
            published[task_id] = (title.strip(), number)
    return published


def write_published(root: Path, handbook: Handbook) -> int:
    published = {task_id: title for task_id, (title, _line) in read_published(root).items()}
    before = len(published)
    for task in handbook.tasks:
        published.setdefault(task.id, task.title)
    lines = ["# Every task id the handbook has published, with its title (python -m generator ids).",
             "# A task id that disappears keeps working as a redirect; do not remove lines."]
    lines += [f"{task_id}\t{title}" for task_id, title in sorted(published.items())]
    (root / IDS_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(published) - before


def read_manual(root: Path, problems: list[Diagnostic]) -> dict[str, str]:
    path = root / REDIRECTS_FILE
    if not exists(root, path):
        return {}
    doc = yamlfile.load(root, path, "redirects")
    problems.extend(doc.problems)
    return doc.data if doc.ok and isinstance(doc.data, dict) else {}


def redirect_targets(root: Path, handbook: Handbook, problems: list[Diagnostic] | None = None) -> dict[str, str]:
    """Old task id → site-relative URL of where it went."""
    problems = [] if problems is None else problems
    manual = read_manual(root, problems)
    tasks = {t.id: t for t in handbook.tasks}
    plans = {p.id for p in handbook.plans}
    by_title: dict[tuple[str, str], list] = {}
    for task in handbook.tasks:
        by_title.setdefault((task.plan, task.title), []).append(task)
    targets = {}
    for old_id, (title, _line) in read_published(root, problems).items():
        if old_id in tasks:
            continue
        plan_id = old_id.split("/", 1)[0]
        if old_id in manual and manual[old_id] in tasks:
            targets[old_id] = task_url(tasks[manual[old_id]])
            continue
        same_title = by_title.get((plan_id, title), [])
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
