"""Read every plan under content/ and build the Handbook model: the stages in order."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from . import yamlfile
from .content import PLAN_LIMIT, PlanFiles, UnsafeFile, decode_utf8, read_bytes, scan_plans, shown
from .crossref import collect_citations, find_deadlines, find_targets, related_tasks
from .extract import PlanBuilder, check_units_coverage, collect_tasks, plan_metadata
from .extract.corrections import read_corrections, unmatched
from .extract.doubts import doubts
from .extract.first_listed import apply_first_listed
from .extract.restated import link_restatements
from .knowledge import Knowledge, load_knowledge
from .layout import lay_out
from .tables import Vocabulary, find_tables, texts_of
from .model import Diagnostic, Handbook, Plan
from .parallel import parallel_map
from .parse import parse
from .read import DecodeError, read_source
from .topics import Segmenter, assign_topics
from .names import Names, UnitRegistry
from .yamlfile import YamlFile

class ContentError(Exception):
    """Content that stops the build: the diagnostics say where."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("\n".join(map(str, diagnostics)))
        self.diagnostics = diagnostics


def read_plan_yml(root: Path, files: PlanFiles, data: bytes | None, problems: list[Diagnostic]) -> YamlFile | None:
    if files.yml is None or data is None:
        return None
    where = shown(root, files.yml)
    try:
        doc = yamlfile.parse(decode_utf8(data, where), where)
    except UnsafeFile as exc:
        problems.append(exc.diagnostic)
        return None
    yamlfile.validate(doc, "plan")
    problems.extend(doc.problems)
    return doc


def build_plan(root: Path, files: PlanFiles, data: bytes, yml_data: bytes | None, knowledge: Knowledge,
               problems: list[Diagnostic]) -> tuple[Plan, Names] | None:
    shown_as = shown(root, files.txt)
    try:
        source = read_source(data, shown_as, knowledge.debris)
    except DecodeError as exc:
        problems.append(Diagnostic(shown_as, exc.line, "error", str(exc)))
        return None
    problems.extend(source.problems)
    structure = knowledge.structure
    layout = lay_out(source.lines, structure.metadata_labels)
    blocks = find_tables(layout.paragraphs, Vocabulary(structure.table_columns, knowledge.units.is_unit_name))
    doc = parse(shown_as, blocks, structure.block_labels)
    yml = read_plan_yml(root, files, yml_data, problems)
    yml_values = yml.valid_entries() if yml is not None else None
    yml_lines = {key: yml.line_of((key,)) for key in yml_values or {}}
    values, origin, meta_problems = plan_metadata(files.id, shown_as, doc, yml_values, yml_lines, layout.meta)
    problems.extend(meta_problems)
    plan = Plan(id=files.id, source=shown_as, title=values["title"], locality=values["locality"],
                issuer=values.get("issuer"), doc_number=values.get("doc_number"), date=values.get("date"),
                published=values.get("published"), status=values.get("status"),
                source_url=values.get("source_url"), meta_origin=origin, removed=source.removed,
                raw_lines=source.raw_lines, clean_lines=source.lines, texts=texts_of(blocks))
    names = Names(knowledge.units, plan.locality)
    corrections = read_corrections(yml.valid_entries().get("corrections") if yml is not None else None,
                                   yml.line_of if yml is not None else None, shown_as)
    builder = PlanBuilder(plan, structure, names, corrections)
    builder.build(doc)
    plan.tasks = collect_tasks(plan.sections)
    apply_first_listed(plan)
    link_restatements(plan)
    problems.extend(builder.problems)
    problems.extend(doubts(plan, doc, builder.grammar))
    if corrections:
        by_line: dict[int, list[str]] = {}
        for p in layout.paragraphs:
            by_line.setdefault(p.line, []).append(p.text)
        problems.extend(unmatched(corrections, shown(root, files.yml), by_line))
    problems.extend(check_units_coverage(plan))
    return plan, names


@dataclass
class PreviewCache:
    """What the live preview keeps between rebuilds: plans whose files did not change are not
    read again, and words, topics and segmenter are reused. Changed plans are listed."""
    config_key: str = ""
    plans: dict = field(default_factory=dict)       # plan id -> (file key, plan, names, problems)
    words: dict = field(default_factory=dict)       # text -> Counter
    topics: dict = field(default_factory=dict)      # (title, path, text) -> (topics, reasons)
    segmenter: object = None
    changed: set = field(default_factory=set)       # plan ids rebuilt in the last run


def read_plan_files(root: Path, files: PlanFiles, problems: list[Diagnostic]) -> tuple[bytes, bytes | None] | None:
    """The bytes of a plan's text and yml, refusing unsafe files."""
    try:
        data = read_bytes(root, files.txt, PLAN_LIMIT)
    except UnsafeFile as exc:
        problems.append(exc.diagnostic)
        return None
    try:
        return data, read_bytes(root, files.yml) if files.yml else None
    except UnsafeFile as exc:
        problems.append(exc.diagnostic)
        return data, None


def build_handbook(root: Path, progress=None, cache: PreviewCache | None = None) -> Handbook:
    """Everything under content/ → the model. `cache` is for the live preview only."""
    knowledge = load_knowledge(root)
    problems: list[Diagnostic] = list(knowledge.problems)
    if cache is not None:
        if knowledge.key != cache.config_key:
            cache.__init__(config_key=knowledge.key)
        cache.changed = set()
    registry = UnitRegistry()
    plans = []
    files, scan_problems = scan_plans(root)
    problems.extend(scan_problems)
    for count, plan_files in enumerate(files, start=1):
        if progress and count % 100 == 0:
            progress(f"{count}/{len(files)} plans converted")
        read = read_plan_files(root, plan_files, problems)
        if read is None:
            continue
        key = hashlib.sha1(read[0] + b"\0" + (read[1] or b"")).digest()
        if cache is not None and plan_files.id in cache.plans and cache.plans[plan_files.id][0] == key:
            _key, plan, names, plan_problems = cache.plans[plan_files.id]
            problems.extend(plan_problems)
        else:
            plan_problems: list[Diagnostic] = []
            built = build_plan(root, plan_files, read[0], read[1], knowledge, plan_problems)
            problems.extend(plan_problems)
            if built is None:
                continue
            plan, names = built
            if cache is not None:
                cache.plans[plan_files.id] = (key, plan, names, plan_problems)
                cache.changed.add(plan.id)
        for task in plan.tasks:
            for ref in task.units:
                registry.resolve(plan.id, names, ref, plan.source)
        plans.append(plan)
    for source, ref in registry.unresolved:
        if ref.origin == "correction":
            source = source[:-4] + ".yml"
        problems.append(Diagnostic(source, ref.line, "warning",
                                   f"unit {ref.name!r} has no agency type; add a keyword to content/units.yml"))
    units = sorted(registry.units.values(), key=lambda u: u.id)
    handbook = Handbook(plans, units, knowledge.units.types, knowledge.topics, problems)
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
