"""Which pages an incremental build renders again.

A plan's own pages (plans/<id>/…, units/<id>/…) show its own text and units, and of other
plans only what a signature lists: the cited documents (title and number, merged across
plans) and the topics (the knowledge files and the words the segmenter knows); a task page
also shows its related tasks (their plans' files). Everything else those pages show comes from
the plan's files, the knowledge files or the code, which are in the signatures too. Pages that
list every plan (home, indexes, topics, agency types, documents, timeline) and the data files
are always rendered, but for the topic and agency-type pages, which are rendered again only when
what they show changes (Renderer.signature)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..buildcache import code_version

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


def digest(value) -> str:
    return hashlib.sha1(json.dumps(value, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()


def signatures_of(plan, plan_keys: dict[str, str], documents: dict) -> dict[str, str]:
    """"plan id" → what the plan's own pages (plan, source, units) show beyond its files;
    "plan id/slug" → what a task page shows beyond them: its related tasks (their plans'
    files) and cited documents."""
    topics = [(t.id, t.topics, sorted(t.topic_reasons.items())) for t in plan.tasks]
    cited = [(t.id, [(d, documents[d].title, documents[d].doc_number) for d in t.citations]) for t in plan.tasks]
    out = {plan.id: digest([plan_keys[plan.id], topics, cited])}
    for task in plan.tasks:
        related = [(other, score, plan_keys.get(other.split("/")[0])) for other, score in task.related]
        out[task.id] = digest(related)
    return out


class Scope:
    """The page paths an incremental build renders and may remove: everything outside plans/
    and units/, the pages of dirty plans and of plans that are gone, and the pages of dirty tasks."""

    def __init__(self, plans: set[str], tasks: set[str], clean: set[str]):
        self.plans, self.tasks, self.clean = plans, tasks, clean
        self.unchanged: set[str] = set()        # files of pages the renderer found unchanged (Renderer.signature)

    def whole(self, plan_id: str) -> bool:
        return plan_id in self.plans or plan_id not in self.clean

    def __call__(self, path: str) -> bool:
        if path in self.unchanged:
            return False
        parts = path.split("/")
        if parts[0] not in ("plans", "units") or len(parts) < 3:
            return True
        if self.whole(parts[1]):
            return True
        return parts[0] == "plans" and f"{parts[1]}/{parts[2]}" in self.tasks

    def covers(self, folder: str) -> bool:
        """Whether anything under `folder` (a path ending in "/") can be in scope."""
        parts = folder.rstrip("/").split("/")
        if parts[0] not in ("plans", "units") or len(parts) < 2:
            return True
        if self.whole(parts[1]):
            return True
        if parts[0] == "units":
            return False
        return any(t.startswith(parts[1] + "/") for t in self.tasks) if len(parts) == 2 else \
            f"{parts[1]}/{parts[2]}" in self.tasks


def dirty_pages(root: Path, handbook, cache, config: dict, full: bool) -> tuple[Scope | None, dict[str, str]]:
    """The scope of pages to render (None: all), and the signatures to remember once written."""
    plan_keys = {plan_id: entry.key.hex() for plan_id, entry in cache.plans.items()}
    documents = {d.id: d for d in handbook.documents}
    signatures = {"": global_key(root, config)}
    for plan in handbook.plans:
        signatures.update(signatures_of(plan, plan_keys, documents))
    if full or cache.rendered.get("") != signatures[""]:
        return None, signatures
    docs = root / "build" / "docs"
    plans = {p.id for p in handbook.plans
             if cache.rendered.get(p.id) != signatures[p.id] or not (docs / "plans" / p.id / "index.md").is_file()}
    tasks = {t.id for p in handbook.plans if p.id not in plans for t in p.tasks
             if cache.rendered.get(t.id) != signatures[t.id]}
    if plans >= {p.id for p in handbook.plans}:
        return None, signatures
    return Scope(plans, tasks, {p.id for p in handbook.plans} - plans), signatures
