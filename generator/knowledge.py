"""The knowledge files under content/ (structure, units, topics, debris): read through the
safe YAML loader, checked against their schemas and against each other, and turned into
the objects the stages use. A file with errors is replaced by a minimal fallback so that
`check` still reports every other problem at once; the errors stop the build."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from . import yamlfile
from .content import UnsafeFile, exists, read_bytes
from .extract import Structure
from .model import Diagnostic, Topic
from .read import Debris
from .topics import load_topics
from .names import UnitKnowledge
from .yamlfile import YamlFile

FALLBACK = {
    "debris": {},
    "structure": {"non_task_parts": [], "unit_labels": {"牵头单位": "lead", "责任单位": "responsible",
                                                        "成员单位": "member", "配合单位": "member"}},
    "units": {"types": [{"id": "other", "name": "其他"}]},
    "topics": {"topics": []},
}


@dataclass
class Knowledge:
    debris: Debris
    structure: Structure
    units: UnitKnowledge
    topics: list[Topic]
    problems: list[Diagnostic] = field(default_factory=list)
    key: str = ""          # changes whenever any knowledge file's content changes


def _duplicates(doc: YamlFile, items: list, list_key: str) -> set[str]:
    """Report ids given twice (one page would silently replace the other)."""
    seen, ids = {}, set()
    for index, item in enumerate(items):
        if item["id"] in seen:
            doc.error((list_key, index, "id"), f"id {item['id']!r} is already used at line {seen[item['id']]}")
        else:
            seen[item["id"]] = doc.line_of((list_key, index, "id"))
        ids.add(item["id"])
    return ids


def _check_units(doc: YamlFile) -> None:
    ids = _duplicates(doc, doc.data["types"], "types")
    if "other" not in ids:
        doc.error(("types",), "types must include `{id: other, name: 其他}` for units no keyword matches")


def _check_topics(doc: YamlFile) -> None:
    topics = doc.data["topics"]
    _duplicates(doc, topics, "topics")
    top_level = {t["id"] for t in topics if not t.get("parent")}
    for index, topic in enumerate(topics):
        parent = topic.get("parent")
        if parent and parent not in top_level:
            doc.error(("topics", index, "parent"), f"parent {parent!r} is not a top-level topic of this file "
                                                   "(sub-topics hang under a topic without a parent)")


CHECKS = {"units": _check_units, "topics": _check_topics}


def _files_key(root: Path) -> str | None:
    """The knowledge files' names and bytes (None when one is refused: it is read again, to say why)."""
    digest = hashlib.sha1()
    for name in FALLBACK:
        path = root / "content" / f"{name}.yml"
        try:
            data = read_bytes(root, path) if exists(root, path) else b"\1"
        except UnsafeFile:
            return None
        digest.update(name.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


_LOADED: dict[str, Knowledge] = {}


def load_knowledge(root: Path) -> Knowledge:
    """The knowledge files, read once per process while their bytes stay the same (a build reads
    them for the model and for the pages, the live preview on every save)."""
    key = _files_key(root)
    if key is not None and key in _LOADED:
        return _LOADED[key]
    knowledge = _read_knowledge(root)
    if key is not None:
        _LOADED.clear()
        _LOADED[key] = knowledge
    return knowledge


def _read_knowledge(root: Path) -> Knowledge:
    docs = {}
    for name in FALLBACK:
        path = root / "content" / f"{name}.yml"
        if exists(root, path):
            doc = yamlfile.load(root, path, name)
            if doc.ok and name in CHECKS:
                CHECKS[name](doc)
        else:
            doc = YamlFile(f"content/{name}.yml", data=FALLBACK[name])
        docs[name] = doc
    data = {name: doc.data if doc.ok and doc.data is not None else FALLBACK[name] for name, doc in docs.items()}
    debris = Debris.from_yaml(docs["debris"] if docs["debris"].ok else YamlFile("content/debris.yml", data={}))
    knowledge = Knowledge(debris, Structure.from_config(data["structure"]), UnitKnowledge.from_config(data["units"]),
                          load_topics(data["topics"]))
    knowledge.problems = [p for doc in docs.values() for p in doc.problems]
    knowledge.key = hashlib.sha1(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return knowledge
