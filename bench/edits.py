"""The edits the scale benchmark rebuilds after, and the live preview's save-to-page time."""
from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

ADDED = "，并加强督促检查"


def target_plan(root: Path) -> Path:
    plans = sorted((root / "content" / "plans").glob("*.txt"))
    return plans[len(plans) // 2]


def task_line(path: Path) -> tuple[list[str], int]:
    """A plan's lines and the line of a numbered task in its middle."""
    lines = path.read_text(encoding="utf-8").split("\n")
    candidates = [i for i, line in enumerate(lines) if re.match(r"\s*\d+[.．、]", line) and "。" in line]
    return lines, candidates[len(candidates) // 2]


def edit_line(path: Path, mark: str = ADDED) -> str:
    """Fix one line of a plan, as a pull request would: a clause added to a task's sentence.
    Returns the line as it was."""
    lines, i = task_line(path)
    before = lines[i]
    lines[i] = lines[i].replace("。", mark + "。", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    return before


def edit_text(root: Path) -> str:
    return edit_line(target_plan(root))


def edit_units(root: Path) -> None:
    """A keyword for an agency type, the usual correction to content/units.yml."""
    path = root / "content" / "units.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("abbreviations:", "abbreviations:\n  农经站: 农村经营管理站", 1), encoding="utf-8")


def add_plan(root: Path) -> None:
    source = sorted((root / "content" / "plans").glob("*.txt"))[0]
    shutil.copy(source, source.with_name("added-plan.txt"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def preview_seconds(root: Path, python: str = sys.executable, timeout: float = 1800) -> tuple[float, float | None]:
    """Start `serve`, save an edit to one plan, and time until the edited task page is served;
    also the preview's own time for the whole rebuild that follows the save (every page it
    changes and the search index, after which the browser reloads), as its log says."""
    port = free_port()
    log = root / "build" / "serve.log"           # a file: a pipe left unread would stop the server
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as out:
        process = subprocess.Popen([python, "-m", "generator", "--root", str(root), "serve", "-a", f"127.0.0.1:{port}"],
                                   cwd=Path(__file__).resolve().parent.parent, stderr=out)
    try:
        deadline = time.monotonic() + timeout
        while "serving the preview" not in log.read_text(encoding="utf-8"):
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("the preview did not start: " + log.read_text(encoding="utf-8")[-2000:])
            time.sleep(0.5)
        path = target_plan(root)
        plan_id = path.stem
        lines, i = task_line(path)
        page = find_page(root / "build" / "preview" / "plans" / plan_id, lines[i])
        mark = f"（预览{port}）"
        edit_line(path, mark)
        started = time.monotonic()
        url = f"http://127.0.0.1:{port}/plan-handbook/plans/{plan_id}/{page}/"
        served = None
        while served is None and time.monotonic() - started < 120:
            try:
                if mark in urlopen(url, timeout=5).read().decode("utf-8"):
                    served = time.monotonic() - started
            except OSError:
                pass
            time.sleep(0.02)
        if served is None:
            raise RuntimeError("the preview did not show the edit within 120 s")
        while time.monotonic() - started < 120:
            rebuilds = re.findall(r"preview rebuilt in ([\d.]+)s", log.read_text(encoding="utf-8"))
            if len(rebuilds) >= 2:
                return served, float(rebuilds[1])
            time.sleep(0.1)
        return served, None
    finally:
        process.terminate()
        process.wait(timeout=30)


def find_page(plan_dir: Path, words: str) -> str:
    """The task page of a plan that shows `words` (the edited line's opening)."""
    words = re.sub(r"^\s*\d+[.．、]", "", words)[:8]
    for page in sorted(plan_dir.glob("*/index.html")):
        if page.parent.name != "source" and words in page.read_text(encoding="utf-8"):
            return page.parent.name
    return "source"
