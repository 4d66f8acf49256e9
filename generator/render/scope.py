"""Which pages an incremental build renders again.

A plan's own pages (plans/<id>/…, units/<id>/…) show its own text and units, and of other
plans only what a signature lists: the related tasks (their plan's files), the cited documents
(title and number, merged across plans) and the topics (the knowledge files and the words the
segmenter knows). Everything else those pages show comes from the plan's files, the knowledge
files or the code, which are in the signature too. Pages that list every plan (home, indexes,
topics, agency types, documents, timeline) and the data files are always rendered."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..buildcache import code_version

OWN = ("plans/", "units/")


def global_key(root: Path, config: dict) -> str:
    """The code, every file directly under content/ (knowledge, task ids, redirects) and the
    settings the pages print."""
    digest = hashlib.sha1(code_version().encode())
    for path in sorted((root / "content").iterdir()) if (root / "content").is_dir() else []:
        if path.is_file() and not path.is_symlink():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    settings = [config.get(k) for k in ("repo_url", "edit_uri", "site_url")]
    digest.update(json.dumps(settings).encode())
    return digest.hexdigest()


def plan_signature(plan, plan_keys: dict[str, str], documents: dict) -> str:
    facts = []
    for task in plan.tasks:
        related = [(other, score, plan_keys.get(other.split("/")[0])) for other, score in task.related]
        cited = [(d, documents[d].title, documents[d].doc_number) for d in task.citations]
        facts.append((task.id, task.topics, sorted(task.topic_reasons.items()), related, cited))
    data = json.dumps([plan_keys[plan.id], facts], ensure_ascii=False, default=str)
    return hashlib.sha1(data.encode("utf-8")).hexdigest()


def dirty_plans(root: Path, handbook, cache, config: dict, full: bool) -> tuple[set[str], dict[str, str]]:
    """The plans whose pages must be rendered, and the signatures to remember once written."""
    plan_keys = {plan_id: entry.key.hex() for plan_id, entry in cache.plans.items()}
    documents = {d.id: d for d in handbook.documents}
    signatures = {"": global_key(root, config)}
    signatures.update((p.id, plan_signature(p, plan_keys, documents)) for p in handbook.plans)
    docs = root / "build" / "docs"
    if full or cache.rendered.get("") != signatures[""]:
        return {p.id for p in handbook.plans}, signatures
    dirty = {p.id for p in handbook.plans
             if cache.rendered.get(p.id) != signatures[p.id] or not (docs / "plans" / p.id / "index.md").is_file()}
    return dirty, signatures


def scope_of(dirty: set[str], plan_ids) -> "callable | None":
    """A filter of page paths for Renderer.render and write_tree (None: everything)."""
    if dirty >= set(plan_ids):
        return None
    clean = tuple(f"{kind}{plan_id}/" for plan_id in plan_ids if plan_id not in dirty for kind in OWN)

    def only(path: str) -> bool:
        return not path.startswith(clean)
    return only
