"""`python -m generator add SOURCE`: import a published plan as content/plans/<id>.txt and <id>.yml,
all or nothing, and report what the handbook reads in it."""
from __future__ import annotations

import datetime
import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from pypinyin import lazy_pinyin

from ..extract.metadata import YML_KEYS, locality_from, notice_title
from ..model import Plan
from ..content import PlanFiles
from ..knowledge import load_knowledge
from ..pipeline import build_plan
from ..names import _short
from .common import ImportRefused, Imported, plan_text
from .fetch import Source, load
from . import read_source

PLAN_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ID = 64
PAGE_KEYS = ("title", "locality", "issuer", "doc_number", "date", "published", "source_url", "status")


@dataclass
class Prepared:
    """Everything `add` would write, and what the handbook reads in it."""
    plan_id: str
    txt: str
    yml: str
    source: Source
    imported: Imported
    plan: Plan
    check: list[str]


def add(root: Path, source_arg: str, plan_id: str | None = None, force: bool = False,
        progress=print, today: datetime.date | None = None) -> Prepared:
    """Import and check; nothing is written here (see write)."""
    if plan_id:
        _check_id(root, plan_id, force)
    source = load(source_arg)
    imported = read_source(source, progress)
    txt = plan_text(imported.blocks)
    if len(re.findall(r"[\u4e00-\u9fff]", txt)) < 20:
        raise ImportRefused(f"{source.name} holds almost no Chinese text ({len(txt.strip())} characters); "
                            "if it is a scan, find the plan as a web page, Word file or PDF with text")
    provenance = {"source_url": source.url, "source_format": imported.format,
                  "source_sha256": hashlib.sha256(source.data).hexdigest(), "source_size": len(source.data),
                  "added": (today or datetime.date.today()).isoformat()}
    yml = yml_text(missing_from_text(root, txt, imported.meta), provenance)
    plan = read_plan(root, "import-preview", txt, yaml.safe_load(yml))
    if not plan_id:
        plan_id = default_id(plan)
        _check_id(root, plan_id, force)
    return Prepared(plan_id, txt, yml, source, imported, plan, _check(root, plan_id, txt, yml))


def missing_from_text(root: Path, txt: str, page: dict) -> dict:
    """What the page says that the text does not (the text's own metadata is never overridden)."""
    from_text = {k for k, origin in read_plan(root, "import-preview", txt, {}).meta_origin.items()
                 if origin.startswith("text:")}
    found = {k: v for k, v in page.items() if k in YML_KEYS and k not in from_text}
    notice = notice_title(found.get("title", ""))
    if notice:                                  # 关于印发《X》的通知 names the plan X
        found["title"] = notice
    if "locality" not in from_text:
        place = next(filter(None, (locality_from(page.get(k) or "") for k in ("issuer", "title"))), None)
        if place:
            found["locality"] = place
    return found


def write(root: Path, prepared: Prepared) -> list[Path]:
    """Both files are written in full to temporary files beside their targets, then renamed into
    place, so a failure while writing leaves content/ as it was."""
    folder = root / "content" / "plans"
    folder.mkdir(parents=True, exist_ok=True)
    targets = [folder / f"{prepared.plan_id}.txt", folder / f"{prepared.plan_id}.yml"]
    temps = []
    try:
        for target, text in zip(targets, (prepared.txt, prepared.yml)):
            handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
            temps.append(Path(temp))
        for temp, target in zip(temps, targets):
            os.replace(temp, target)
    finally:
        for temp in temps:
            temp.unlink(missing_ok=True)
    return targets


def yml_text(page_meta: dict, provenance: dict) -> str:
    lines = ["# Written by `python -m generator add`: what the text lacks, then where it came from."]
    for key in PAGE_KEYS:
        value = provenance.get(key) if key == "source_url" else page_meta.get(key)
        if value:
            lines.append(_yaml_line(key, value))
    for key in ("source_format", "source_sha256", "source_size", "added"):
        lines.append(_yaml_line(key, provenance[key]))
    return "\n".join(lines) + "\n"


def _yaml_line(key: str, value) -> str:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return f"{key}: {value}"
    return yaml.safe_dump({key: value}, allow_unicode=True, width=1000).strip()


def default_id(plan: Plan) -> str:
    """Pinyin of the locality and the year: 闽侯县, 2021-07-23 → minhou-2021."""
    if not plan.locality or plan.locality == "未注明":
        raise ImportRefused("no locality was found in the text or the page, so no id could be made; "
                            "give one with --id, e.g. --id minhou-2021")
    place = re.sub(r"[^a-z0-9]", "", "".join(lazy_pinyin(_short(plan.locality))).lower())
    years = [m.group(0) for value in (plan.date, plan.published, plan.doc_number, plan.title)
             for m in [re.search(r"(?:19|20)\d{2}", value or "")] if m]
    return "-".join([place] + years[:1])[:MAX_ID]


def _check_id(root: Path, plan_id: str, force: bool) -> None:
    if not PLAN_ID.match(plan_id) or len(plan_id) > MAX_ID:
        raise ImportRefused(f"plan id {plan_id!r} must be lower-case letters and digits in groups joined by "
                            f"hyphens, at most {MAX_ID} characters, e.g. minhou-2021")
    existing = [p for p in (root / "content" / "plans" / f"{plan_id}.txt", root / "content" / "plans" / f"{plan_id}.yml")
                if p.exists()]
    if existing and not force:
        raise ImportRefused(f"{existing[0].relative_to(root).as_posix()} already exists; choose another id with "
                            "--id, or replace the plan with --force")


def _scratch(root: Path, folder: Path, plan_id: str, txt: str, yml: dict | str | None) -> Path:
    """A throw-away project with the real knowledge files and this one plan."""
    (folder / "content" / "plans").mkdir(parents=True)
    for knowledge in (root / "content").glob("*.yml"):
        shutil.copy(knowledge, folder / "content" / knowledge.name, follow_symlinks=False)
    (folder / "content" / "plans" / f"{plan_id}.txt").write_text(txt, encoding="utf-8")
    if yml:
        text = yml if isinstance(yml, str) else yaml.safe_dump(yml, allow_unicode=True)
        (folder / "content" / "plans" / f"{plan_id}.yml").write_text(text, encoding="utf-8")
    return folder


def read_plan(root: Path, plan_id: str, txt: str, yml: dict | None) -> Plan:
    """The plan as the handbook reads it (metadata, tasks, units), without the cross-references."""
    folder = root / "content" / "plans"
    files = PlanFiles(plan_id, folder / f"{plan_id}.txt", folder / f"{plan_id}.yml" if yml else None)
    yml_bytes = yaml.safe_dump(yml, allow_unicode=True).encode("utf-8") if yml else None
    problems = []
    built = build_plan(root, files, txt.encode("utf-8"), yml_bytes, load_knowledge(root), problems)
    if built is None:
        raise ImportRefused("; ".join(str(p) for p in problems if p.level == "error") or "the text could not be read")
    return built[0]


def _check(root: Path, plan_id: str, txt: str, yml: str) -> list[str]:
    """The `check` lines about the plan's two files."""
    from ..cli import check_lines
    with tempfile.TemporaryDirectory(prefix="handbook-add-") as work:
        lines, _status = check_lines(_scratch(root, Path(work), plan_id, txt, yml))
    return [line for line in lines if line.startswith(f"content/plans/{plan_id}.")]


def summary(prepared: Prepared) -> list[str]:
    plan, imported = prepared.plan, prepared.imported
    units = [ref for task in plan.tasks for ref in task.units]
    origin = plan.meta_origin
    lines = [f"format: {imported.format} ({prepared.source.name}, {len(prepared.source.data):,} bytes)"]
    for label, key in (("title", "title"), ("文号", "doc_number"), ("date", "date"), ("locality", "locality")):
        value = getattr(plan, key)
        lines.append(f"{label}: {value or '—'}" + (f"  [{origin[key]}]" if value and key in origin else ""))
    lines.append(f"paragraphs: {len(imported.paragraphs)}, tables: {len(imported.tables)}")
    lines.append(f"tasks: {len(plan.tasks)}, units: {len(units)} task–unit links, "
                 f"{len({ref.name for ref in units})} distinct units")
    lines.extend(f"note: {note}" for note in imported.notes)
    return lines
