"""Read every plan under content/ and build the Handbook model: the stages in order."""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .extract import PlanBuilder, Structure, check_units_coverage, collect_tasks, plan_metadata
from .metadata import check_yml, key_lines
from .model import Diagnostic, Handbook, Plan
from .parallel import parallel_map
from .parse import parse
from .read import DecodeError, Debris, encoding_diagnostics, read_source
from .crossref import collect_citations, find_deadlines, find_targets, related_tasks
from .topics import Segmenter, assign_topics, load_topics
from .units import Names, UnitKnowledge, UnitRegistry

PLAN_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class ContentError(Exception):
    """Content that stops the build: the diagnostics say where."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("\n".join(map(str, diagnostics)))
        self.diagnostics = diagnostics


def load_yaml(path: Path, root: Path, problems: list[Diagnostic]):
    shown = path.relative_to(root).as_posix()
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 1
        problems.append(Diagnostic(shown, line, "error", f"YAML does not parse: {getattr(exc, 'problem', exc)}"))
    except UnicodeDecodeError:
        problems.append(Diagnostic(shown, 1, "error", "YAML file is not UTF-8"))
    return None


# What the converter falls back on when a knowledge file does not parse, so that `check`
# still reports every other problem at once.
FALLBACK = {
    "debris": {},
    "structure": {"non_task_parts": [], "unit_labels": {"牵头单位": "lead", "责任单位": "responsible",
                                                        "成员单位": "member", "配合单位": "member"}},
    "units": {"types": [{"id": "other", "name": "其他"}]},
    "topics": {"topics": []},
}
REQUIRED = {"structure": ("non_task_parts", "unit_labels"), "units": ("types",), "topics": ("topics",)}


def load_config(root: Path, problems: list[Diagnostic]) -> dict:
    content = root / "content"
    config = {}
    for name, fallback in FALLBACK.items():
        path = content / f"{name}.yml"
        data = load_yaml(path, root, problems) if path.exists() else None
        missing = [k for k in REQUIRED.get(name, ()) if not isinstance(data, dict) or k not in data]
        if data is not None and missing:
            problems.append(Diagnostic(f"content/{name}.yml", 1, "error", f"missing key(s): {', '.join(missing)}"))
        config[name] = data if isinstance(data, dict) and not missing else fallback
    return config


def plan_files(root: Path) -> list[Path]:
    return sorted((root / "content" / "plans").glob("*.txt"))


def build_plan(path: Path, root: Path, debris: Debris, structure: Structure,
               knowledge: UnitKnowledge, problems: list[Diagnostic]) -> tuple[Plan, Names] | None:
    plan_id = path.stem
    shown = path.relative_to(root).as_posix()
    if not PLAN_ID.match(plan_id):
        problems.append(Diagnostic(shown, 1, "error", f"plan id {plan_id!r} (the file name) must be lower-case "
                                   "letters, digits and hyphens, e.g. yuzhou-2022.txt"))
        return None
    try:
        source = read_source(path, shown, debris)
    except DecodeError as exc:
        problems.append(Diagnostic(shown, exc.line, "error", str(exc)))
        return None
    problems.extend(encoding_diagnostics(source))
    doc = parse(shown, source.lines, structure.block_labels)
    yml_path = path.with_suffix(".yml")
    yml, yml_lines = None, {}
    if yml_path.exists():
        yml = load_yaml(yml_path, root, problems)
        yml_text = yml_path.read_text(encoding="utf-8", errors="replace")
        yml_lines = key_lines(yml_text)
        problems.extend(check_yml(yml, yml_path.relative_to(root).as_posix(), yml_text))
    values, origin, meta_problems = plan_metadata(plan_id, shown, doc, yml if isinstance(yml, dict) else None,
                                                  yml_lines)
    problems.extend(meta_problems)
    plan = Plan(id=plan_id, source=shown, title=values["title"], locality=values["locality"],
                issuer=values.get("issuer"), doc_number=values.get("doc_number"), date=values.get("date"),
                published=values.get("published"), status=values.get("status"),
                source_url=values.get("source_url"), meta_origin=origin, removed=source.removed,
                raw_lines=source.raw_lines, clean_lines=source.lines)
    names = Names(knowledge, plan.locality)
    builder = PlanBuilder(plan, structure, names)
    builder.build(doc)
    plan.tasks = collect_tasks(plan.sections)
    problems.extend(builder.problems)
    problems.extend(check_units_coverage(plan))
    return plan, names


@dataclass
class PreviewCache:
    """What the live preview keeps between rebuilds: plans whose files did not change are not
    read again, and words, topics and segmenter are reused. Changed plans are listed."""
    config_key: str = ""
    plans: dict = field(default_factory=dict)       # path -> (file key, plan, names, problems)
    words: dict = field(default_factory=dict)       # text -> Counter
    topics: dict = field(default_factory=dict)      # (title, path, text) -> (topics, reasons)
    segmenter: object = None
    changed: set = field(default_factory=set)       # plan ids rebuilt in the last run


def _file_key(path: Path) -> bytes:
    yml = path.with_suffix(".yml")
    return hashlib.sha1(path.read_bytes() + b"\0" + (yml.read_bytes() if yml.exists() else b"")).digest()


def build_handbook(root: Path, progress=None, cache: PreviewCache | None = None) -> Handbook:
    """Everything under content/ → the model. `cache` is for the live preview only."""
    problems: list[Diagnostic] = []
    config = load_config(root, problems)
    if cache is not None:
        config_key = hashlib.sha1(json.dumps(config, sort_keys=True, default=str).encode()).hexdigest()
        if config_key != cache.config_key:
            cache.__init__(config_key=config_key)
        cache.changed = set()
    debris = Debris.from_config(config["debris"] or {})
    structure = Structure.from_config(config["structure"])
    knowledge = UnitKnowledge.from_config(config["units"])
    topics = load_topics(config["topics"])
    registry = UnitRegistry()
    plans = []
    files = plan_files(root)
    for count, path in enumerate(files, start=1):
        if progress and count % 100 == 0:
            progress(f"{count}/{len(files)} plans converted")
        key = _file_key(path) if cache is not None else None
        if cache is not None and path in cache.plans and cache.plans[path][0] == key:
            _key, plan, names, plan_problems = cache.plans[path]
            problems.extend(plan_problems)
        else:
            plan_problems: list[Diagnostic] = []
            built = build_plan(path, root, debris, structure, knowledge, plan_problems)
            problems.extend(plan_problems)
            if built is None:
                continue
            plan, names = built
            if cache is not None:
                cache.plans[path] = (key, plan, names, plan_problems)
                cache.changed.add(plan.id)
        for task in plan.tasks:
            for ref in task.units:
                registry.resolve(plan.id, names, ref, plan.source)
        plans.append(plan)
    for source, ref in registry.unresolved:
        problems.append(Diagnostic(source, ref.line, "warning",
                                   f"unit {ref.name!r} has no agency type; add a keyword to content/units.yml"))
    units = sorted(registry.units.values(), key=lambda u: u.id)
    handbook = Handbook(plans, units, knowledge.types, topics, problems)
    add_cross_references(handbook, cache)
    return handbook


def add_cross_references(handbook: Handbook, cache: PreviewCache | None = None) -> None:
    """Topics, deadlines, targets, cited documents and related tasks: what links plans."""
    if cache is not None and cache.segmenter is not None:
        segmenter = cache.segmenter
    else:
        unit_names = {u.name for u in handbook.units} | {ref.name for t in handbook.tasks for ref in t.units}
        segmenter = Segmenter(handbook.topics, sorted(unit_names))
        if cache is not None:
            cache.segmenter = segmenter
    tasks = handbook.tasks
    memo = cache.topics if cache is not None else {}
    keys = [(t.title, tuple(t.path), t.text) for t in tasks]
    todo = [i for i, key in enumerate(keys) if key not in memo]

    def topics_of(i: int):
        assign_topics(tasks[i], handbook.topics, segmenter)
        return tasks[i].topics, tasks[i].topic_reasons
    for i, assigned in zip(todo, parallel_map(topics_of, todo)):
        memo[keys[i]] = assigned
    for task, key in zip(tasks, keys):
        task.topics, task.topic_reasons = memo[key]
        task.deadlines = find_deadlines(task)
        task.targets = find_targets(task)
        task.citations = []
    handbook.documents = collect_citations(handbook)
    by_id = {t.id: t for t in handbook.tasks}
    for doc in handbook.documents:
        for citation in doc.citations:
            if citation.task and doc.id not in by_id[citation.task].citations:
                by_id[citation.task].citations.append(doc.id)
    for task_id, related in related_tasks(handbook, segmenter.cut, cache.words if cache else None).items():
        by_id[task_id].related = related
