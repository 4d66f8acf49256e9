"""Read every plan under content/ and build the Handbook model: the stages in order."""
from __future__ import annotations

import hashlib
from collections import Counter
from itertools import islice
from dataclasses import dataclass, field
from pathlib import Path

from . import yamlfile
from .content import PLAN_LIMIT, PlanFiles, UnsafeFile, decode_utf8, read_bytes, scan_plans, shown
from .crossref import collect_citations, find_deadlines, find_targets, mentions_of
from .extract import PlanBuilder, check_units_coverage, collect_tasks, plan_metadata
from .extract.corrections import read_corrections, unmatched
from .extract.doubts import doubts
from .extract.metadata import JIEBA_READINGS
from .extract.first_listed import apply_first_listed
from .extract.restated import link_restatements
from .knowledge import Knowledge, load_knowledge
from .layout import lay_out
from .tables import Vocabulary, find_tables, texts_of
from .model import Diagnostic, Handbook, Plan
from .parallel import parallel_iter, parallel_map
from .parse import parse
from .read import DecodeError, read_source
from .related import RelatedState, related_tasks, tokens
from .topics import Segmenter, assign_topics, passage_mentions
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
class PlanEntry:
    """One plan as built from its files, its units resolved: kept while its files' key stays."""
    key: bytes
    plan: Plan
    problems: list
    units: list
    unresolved: list


@dataclass
class BuildCache:
    """What a build keeps for the next one (in memory for the live preview, and pickled under
    build/ by `generator.buildcache`): plans whose files did not change are not read again, and
    word cuts, topics and related tasks are reused where their inputs did not change. A change
    to the knowledge files starts over. Changed plans are listed."""
    knowledge_key: str = ""
    plans: dict = field(default_factory=dict)       # plan id -> PlanEntry
    words: dict = field(default_factory=dict)       # text -> Counter
    topics: dict = field(default_factory=dict)      # (title, path, text) -> (topics, reasons)
    dictionary: frozenset = frozenset()             # the segmenter's words the two memos were cut with
    related: RelatedState = field(default_factory=RelatedState)
    passages: dict = field(default_factory=dict)    # plan id -> (file key, passages outside tasks naming topics)
    mentions: dict = field(default_factory=dict)    # plan id -> (file key, the documents its text names)
    jieba_readings: dict = field(default_factory=dict)   # extract/metadata.py's JIEBA_READINGS
    rendered: dict = field(default_factory=dict)    # page signatures (render/scope.py) of what build/docs holds
    segmenter: object = None                        # not kept on disk
    changed: set = field(default_factory=set)       # plan ids rebuilt in the last run

    def __getstate__(self):
        return dict(self.__dict__, segmenter=None)


PreviewCache = BuildCache


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


def plan_key(data: bytes, yml: bytes | None) -> bytes:
    return hashlib.sha1(data + b"\0" + (yml if yml is not None else b"\1")).digest()


def plan_entry(root: Path, plan_files: PlanFiles, read: tuple[bytes, bytes | None], knowledge: Knowledge
               ) -> PlanEntry | None:
    """Read, lay out, parse and extract one plan, and resolve its units (unit ids are per plan,
    so a plan's units do not depend on the other plans)."""
    problems: list[Diagnostic] = []
    built = build_plan(root, plan_files, read[0], read[1], knowledge, problems)
    if built is None:
        return PlanEntry(plan_key(*read), None, problems, [], [])
    plan, names = built
    registry = UnitRegistry()
    for task in plan.tasks:
        for ref in task.units:
            registry.resolve(plan.id, names, ref, plan.source)
    return PlanEntry(plan_key(*read), plan, problems, list(registry.units.values()), registry.unresolved)


def read_plans(root: Path, jobs: list, knowledge: Knowledge, progress=None) -> list[PlanEntry]:
    """plan_entry of each (plan files, bytes) job, on both cores when there are several (a plan
    takes a tenth of a second; a thousand take minutes on one core). What jieba made of the
    titles and names a worker read (JIEBA_READINGS) comes back with its plans, for the build cache."""
    def one(i: int):
        known = len(JIEBA_READINGS)          # readings are only added: the new ones come last
        entry = plan_entry(root, jobs[i][0], jobs[i][1], knowledge)
        return entry, dict(islice(JIEBA_READINGS.items(), known, None))
    out = []
    for entry, readings in parallel_iter(one, list(range(len(jobs))), min_items=4):
        out.append(entry)
        JIEBA_READINGS.update(readings)
        if progress:
            progress(len(out), len(jobs))
    return out


def build_handbook(root: Path, progress=None, cache: BuildCache | None = None) -> Handbook:
    """Everything under content/ → the model. With a cache, only changed plans are read again."""
    knowledge = load_knowledge(root)
    problems: list[Diagnostic] = list(knowledge.problems)
    cache = cache if cache is not None else BuildCache()
    if knowledge.key != cache.knowledge_key:
        cache.__init__(knowledge_key=knowledge.key, words=cache.words, dictionary=cache.dictionary,
                       jieba_readings=cache.jieba_readings)
    cache.changed = set()
    files, scan_problems = scan_plans(root)
    problems.extend(scan_problems)
    JIEBA_READINGS.update(cache.jieba_readings)
    reads = []
    for plan_files in files:
        own: list[Diagnostic] = []           # in file order, with the plan's own problems
        reads.append((plan_files, read_plan_files(root, plan_files, own), own))
    changed = [(f, read) for f, read, _own in reads if read is not None
               and (f.id not in cache.plans or cache.plans[f.id].key != plan_key(*read))]
    for plan_files, entry in zip((f for f, _r in changed), read_plans(root, changed, knowledge, progress)):
        cache.plans[plan_files.id] = entry
        cache.changed.add(plan_files.id)
    entries = []
    for count, (plan_files, read, own) in enumerate(reads, start=1):
        if progress and plan_files.id not in cache.changed:
            progress(count, len(files))
        problems.extend(own)
        if read is not None:
            entries.append(cache.plans[plan_files.id])
            problems.extend(cache.plans[plan_files.id].problems)
    for gone in set(cache.plans) - {f.id for f in files}:
        del cache.plans[gone]
    cache.jieba_readings = dict(JIEBA_READINGS)
    plans = [e.plan for e in entries if e.plan is not None]
    for source, ref in (u for e in entries for u in e.unresolved):
        if ref.origin == "correction":
            source = source[:-4] + ".yml"
        problems.append(Diagnostic(source, ref.line, "warning",
                                   f"unit {ref.name!r} has no agency type; add a keyword to content/units.yml"))
    units = sorted((u for e in entries for u in e.units), key=lambda u: u.id)
    handbook = Handbook(plans, units, knowledge.units.types, knowledge.topics, problems)
    add_cross_references(handbook, cache)
    return handbook


def segmenter_for(handbook: Handbook, cache: BuildCache):
    """The segmenter of this handbook's words; the memos keep only the cuts it would not change."""
    unit_names = {u.name for u in handbook.units} | {ref.name for t in handbook.tasks for ref in t.units}
    segmenter = cache.segmenter
    if segmenter is None or segmenter.dictionary != Segmenter.dictionary_of(handbook.topics, unit_names):
        segmenter = cache.segmenter = Segmenter(handbook.topics, sorted(unit_names))
    touched = segmenter.touched_by(cache.dictionary)
    if touched is not None:
        cache.words = {text: c for text, c in cache.words.items() if not touched(text)}
        cache.topics = {key: v for key, v in cache.topics.items()
                        if not touched(key[0] + "\n" + "\n".join(key[1]) + "\n" + key[2])}
        cache.passages = {plan_id: v for plan_id, v in cache.passages.items()
                          if not any(touched(p.text) for _s, p, _ids in v[1])}
    cache.dictionary = segmenter.dictionary
    return segmenter


def topic_passages(handbook: Handbook, cache: BuildCache, segmenter) -> dict:
    """Per plan, its passages outside tasks that name a topic (for the topic pages), kept while
    the plan's files and the words they hold do not change."""
    out = {}
    for plan in handbook.plans:
        key = cache.plans[plan.id].key
        kept = cache.passages.get(plan.id)
        if kept is None or kept[0] != key:
            kept = cache.passages[plan.id] = (key, passage_mentions(plan, handbook.topics, segmenter))
        out[plan.id] = kept[1]
    for gone in set(cache.passages) - set(out):
        del cache.passages[gone]
    return out


def document_mentions(handbook: Handbook, cache: BuildCache) -> dict:
    """Per plan, the documents its text names (crossref.mentions_of), kept while its files stay."""
    out = {}
    for plan in handbook.plans:
        key = cache.plans[plan.id].key
        kept = cache.mentions.get(plan.id)
        if kept is None or kept[0] != key:
            kept = cache.mentions[plan.id] = (key, mentions_of(plan))
        out[plan.id] = kept[1]
    for gone in set(cache.mentions) - set(out):
        del cache.mentions[gone]
    return out


def add_cross_references(handbook: Handbook, cache: BuildCache) -> None:
    """Topics, deadlines, targets, cited documents and related tasks: what links plans."""
    segmenter = segmenter_for(handbook, cache)
    handbook.passages = topic_passages(handbook, cache, segmenter)
    tasks = handbook.tasks
    memo = cache.topics
    keys = [(t.title, tuple(t.path), t.text) for t in tasks]
    todo = [i for i, key in enumerate(keys) if key not in memo]

    def topics_of(i: int):
        assign_topics(tasks[i], handbook.topics, segmenter)
        return tasks[i].topics, tasks[i].topic_reasons
    for i, assigned in zip(todo, parallel_map(topics_of, todo)):
        memo[keys[i]] = assigned
    for task, key in zip(tasks, keys):
        task.topics, task.topic_reasons = memo[key]
        if task.plan in cache.changed:          # from the task's own text: kept with its plan
            task.deadlines = find_deadlines(task)
            task.targets = find_targets(task)
        task.citations = []
    handbook.documents = collect_citations(handbook, document_mentions(handbook, cache))
    by_id = {t.id: t for t in handbook.tasks}
    for doc in handbook.documents:
        for citation in doc.citations:
            if citation.task and doc.id not in by_id[citation.task].citations:
                by_id[citation.task].citations.append(doc.id)
    texts = [t.title + "。" + t.text for t in tasks]
    new = sorted({text for text in texts if text not in cache.words})
    for text, words in zip(new, parallel_map(lambda i: Counter(tokens(new[i], segmenter.cut)), list(range(len(new))))):
        cache.words[text] = words
    pilots = {t.id for t in handbook.topics if t.pilot}
    counts = {t.id: cache.words[text] for t, text in zip(tasks, texts)}
    for task_id, related in related_tasks(tasks, pilots, counts, cache.related).items():
        by_id[task_id].related = related
