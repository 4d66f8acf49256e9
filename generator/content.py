"""Content from strangers: every file under content/ is opened through here.

A pull request can add any file, so nothing is trusted: only regular files inside
content/ are read (no symbolic links, devices or pipes, nothing outside), each within
a size limit, and every id that becomes part of a URL or file name matches one pattern.
"""
from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .model import Diagnostic

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ID_MAX = 64
ID_RULE = "lower-case letters, digits and single hyphens, at most 64 characters, e.g. yuzhou-2022"

PLAN_LIMIT = 5_000_000          # bytes: the longest real plans are a few hundred kilobytes
KNOWLEDGE_LIMIT = 1_000_000
PLAN_DIR = "content/plans"


def is_id(value) -> bool:
    return isinstance(value, str) and len(value) <= ID_MAX and ID_PATTERN.fullmatch(value) is not None


def is_task_id(value) -> bool:
    """plan-id/slug, both parts ids."""
    if not isinstance(value, str) or value.count("/") != 1:
        return False
    plan_id, slug = value.split("/")
    return is_id(plan_id) and is_id(slug)


class UnsafeFile(Exception):
    def __init__(self, diagnostic: Diagnostic):
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


def shown(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _refuse(root: Path, path: Path, message: str) -> UnsafeFile:
    return UnsafeFile(Diagnostic(shown(root, path), 1, "error", message))


def read_bytes(root: Path, path: Path, limit: int = KNOWLEDGE_LIMIT) -> bytes:
    """The bytes of a regular file under root/content, refusing links, special files,
    paths that leave content/ and files over `limit` bytes."""
    content = root / "content"
    relative = path.relative_to(content)
    if ".." in relative.parts:
        raise _refuse(root, path, "path leaves content/")
    current = content
    for part in ("",) + relative.parts:
        current = current / part if part else current
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            raise _refuse(root, path, "file not found") from None
        if stat.S_ISLNK(mode):
            raise _refuse(root, path, f"{shown(root, current) if current != content else 'content'} is a symbolic "
                                      "link; content/ takes regular files only (copy the file in instead)")
    if not stat.S_ISREG(mode):
        kind = "a directory" if stat.S_ISDIR(mode) else "not a regular file"
        raise _refuse(root, path, f"is {kind}; content/ takes regular files only")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise _refuse(root, path, "is not a regular file; content/ takes regular files only")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise _refuse(root, path, f"is larger than {limit // 1_000_000} MB; split it or remove what is not "
                                  "part of the document")
    return data


def decode_utf8(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise UnsafeFile(Diagnostic(where, line, "error", f"not UTF-8 (byte {exc.start}); save it as UTF-8")) from None


def read_text(root: Path, path: Path, limit: int = KNOWLEDGE_LIMIT) -> str:
    """A UTF-8 knowledge file (YAML, task-ids.txt), with the line of any bad byte."""
    return decode_utf8(read_bytes(root, path, limit), shown(root, path))


def printable(name: str) -> str:
    """A file name as it can be shown on one line of a message (control characters escaped)."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", lambda m: f"\\x{ord(m.group()):02x}", name)


def exists(root: Path, path: Path) -> bool:
    """Whether something is at path (a link counts, so that reading it is refused, not skipped)."""
    return os.path.lexists(path)


@dataclass
class PlanFiles:
    id: str
    txt: Path
    yml: Path | None


def scan_plans(root: Path) -> tuple[list[PlanFiles], list[Diagnostic]]:
    """The plans under content/plans: <id>.txt with an optional <id>.yml. Anything else
    there is an error, so that nothing is silently left out."""
    folder = root / PLAN_DIR
    problems: list[Diagnostic] = []
    if not folder.is_dir() or folder.is_symlink():
        if exists(root, folder):
            problems.append(Diagnostic(PLAN_DIR, 1, "error", "content/plans must be a folder, not a link or file"))
        return [], problems
    txts, ymls = {}, {}
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        name = entry.name
        where = f"{PLAN_DIR}/{printable(name)}"
        stem, dot, suffix = name.rpartition(".")
        if name.startswith(".") and name in (".gitkeep", ".gitignore"):
            continue
        if not dot or suffix not in ("txt", "yml"):
            hint = (f"; the extension must be lower-case: {stem}.{suffix.lower()}"
                    if suffix.lower() in ("txt", "yml") else "")
            problems.append(Diagnostic(where, 1, "error", "not a plan file: content/plans holds <id>.txt texts and "
                                                          f"<id>.yml metadata only{hint}"))
            continue
        if not is_id(stem):
            problems.append(Diagnostic(where, 1, "error", f"plan id {printable(stem)!r} (the file name) must be {ID_RULE}"))
            continue
        (txts if suffix == "txt" else ymls)[stem] = folder / name
    for stem, yml in ymls.items():
        if stem not in txts:
            problems.append(Diagnostic(f"{PLAN_DIR}/{printable(yml.name)}", 1, "error",
                                       f"metadata without a text: there is no {PLAN_DIR}/{stem}.txt"))
    plans = [PlanFiles(stem, txt, ymls.get(stem)) for stem, txt in sorted(txts.items())]
    return plans, problems


class OutsideBuildTree(Exception):
    """A generated path that would leave the build tree: ids are validated before, so this
    is a last guard, never expected."""


def inside(base: Path, relative: str) -> Path:
    """base/relative, refusing a relative path that would leave base."""
    parts = relative.split("/")
    if relative.startswith("/") or "\\" in relative or any(p in ("..", ".") for p in parts) or "\0" in relative:
        raise OutsideBuildTree(f"refusing to write outside {base}: {relative!r}")
    return base / relative
