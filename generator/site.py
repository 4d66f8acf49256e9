"""Run MkDocs on the generated pages, and check the built site lost no sentence."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from .model import Handbook
from .search_text import article_text


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing its !!python tags."""


_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def mkdocs_config(root: Path) -> dict:
    path = root / "mkdocs.yml"
    if not path.is_file():
        return {}
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LenientLoader) or {}


def source_date_epoch(root: Path) -> str:
    """The last commit's time, so two builds of one commit are byte-identical; outside a git
    checkout, the time of the newest file under content/ (not 1970)."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True,
                             text=True, check=True).stdout.strip()
        if out:
            return out
    except (OSError, subprocess.CalledProcessError):
        pass
    times = [p.lstat().st_mtime for p in (root / "content").rglob("*") if p.is_file() and not p.is_symlink()]
    return str(int(max(times, default=0)))


def run_mkdocs(root: Path, strict: bool = True, extra_args: list[str] | None = None) -> int:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=source_date_epoch(root))
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml")]
    if strict:
        command.append("--strict")
    command += extra_args or []
    return subprocess.run(command, cwd=root, env=env).returncode


# The Markdown extensions of mkdocs.yml, for converting generated pages outside MkDocs.
MARKDOWN_EXTENSIONS = ["toc", "tables", "attr_list", "md_in_html"]


# ------------------------------------------------------------------ nothing lost

SENTENCE = re.compile(r"[^。！？；!?;]+[。！？；!?;]?")
SPACE = re.compile(r"[\s\u200b]+")


def visible_text(page_html: str) -> str:
    """The article text of a built page, squeezed (no markup, no white space)."""
    return SPACE.sub("", article_text(page_html))


def sentences(text: str) -> list[str]:
    return [s for s in (SPACE.sub("", m.group(0)) for m in SENTENCE.finditer(text)) if s]


def missing_sentences(handbook: Handbook, site_dir: Path) -> list[tuple[str, int, str]]:
    """Every sentence of every paragraph of a plan (its cleaned lines without the markup of a
    wrapper) must be on the plan's own pages (the verbatim source page aside, which would make
    the check pass trivially)."""
    missing = []
    for plan in handbook.plans:
        pages = [site_dir / "plans" / plan.id / "index.html"]
        pages += [site_dir / "plans" / plan.id / t.slug / "index.html" for t in plan.tasks]
        text = "".join(visible_text(p.read_text(encoding="utf-8")) for p in pages if p.exists())
        for paragraph in plan.texts:
            for sentence in sentences(paragraph.text):
                if sentence not in text:
                    missing.append((plan.source, paragraph.line, sentence))
    return missing
