"""What every kind of page shares: escaping filters, relative links, front matter, writing files."""
from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..content import inside

MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~^=<>&:\"'])")


def relative(from_dir: str, to: str) -> str:
    """Relative path between two site paths ("a/b/" → "a/c/index.md" gives "../c/index.md");
    posixpath.relpath does the same, ten times slower."""
    here = [p for p in from_dir.split("/") if p]
    there = to.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "../" * (len(here) - common) + "/".join(there[common:])


def md_inline(text) -> str:
    """Escape text for a Markdown context (heading, table cell, link text)."""
    text = "" if text is None else str(text)
    text = re.sub(r"\s+", " ", text)

    def escape(m):
        ch = m.group(1)
        if ch in "<>&\"'":
            return html.escape(ch, quote=True)
        if ch in ":=~^":
            return f"&#{ord(ch)};"
        return "\\" + ch
    return MD_SPECIAL.sub(escape, text)


def h(text) -> str:
    """Escape text for a raw-HTML context."""
    return html.escape("" if text is None else str(text), quote=True)


# libyaml's emitter (in PyYAML's wheels) writes what the Python one writes, six times faster
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def front_matter(**fields) -> str:
    """A page's front matter, written by the YAML serializer so that no character of a value
    can end it early or make it unparseable. Page titles pass through `h` first: MkDocs themes
    print the front-matter title into <title> and the header without escaping it."""
    return "---\n" + yaml.dump(fields, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=1 << 20) + "---\n"


@dataclass
class Page:
    url: str
    template: str
    context: dict


def write_tree(files: dict[str, bytes], out_dir: Path, keep: tuple[str, ...] = (), scope=None) -> tuple[int, int]:
    """Write only what changed and remove what is no longer produced (except under `keep`, and
    only files `scope` accepts when the files are a partial render; a scope with `covers(folder)`
    also spares the walk through folders it keeps whole); returns (written, removed)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = 0
    for rel, data in sorted(files.items()):
        target = inside(out_dir, rel)
        if target.exists() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written += 1
    removed = 0
    emptied = set()
    covers = getattr(scope, "covers", None)
    for folder, dirs, names in os.walk(out_dir, topdown=True):
        base = Path(folder).relative_to(out_dir).as_posix()
        base = "" if base == "." else base + "/"
        if covers is not None:
            dirs[:] = [d for d in dirs if covers(base + d + "/")]
        for name in names:
            rel = base + name
            if rel not in files and not rel.startswith(keep) and (scope is None or scope(rel)):
                os.unlink(os.path.join(folder, name))
                emptied.add(Path(folder))
                removed += 1
    for folder in sorted(emptied, key=lambda f: -len(f.parts)):
        while folder != out_dir and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    return written, removed
