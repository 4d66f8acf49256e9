"""The pages that list every plan at length (a topic, an agency type: megabytes each at a
thousand plans), rendered one plan's section at a time.

Such a page is a head (its own text) and, per plan, the fragments its templates give that plan
(a topic page: one section; an agency-type page: its rows of the comparison table and its
section). Each fragment is kept under build/cache/page-sections/ with a key of everything it
shows: the page, and the plan's part (its files, its tasks' topics, the passages outside tasks,
the knowledge files and the code: `plan_part`). An edit of one plan renders that plan's
fragments of each page again, and a page is put together and written only when its head or
one of its fragments changed. The page is the same, byte for byte, as one rendering of the
whole (tests/test_incremental.py compares the site with a clean build's)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..buildcache import code_version, load_pickle, save_pickle, save_pickle_in_background
from .base import Page

# page template -> the templates of one plan's fragments, each filling the head's slot of that name
FRAGMENTS = {"topic.md.j2": (("sections", "topic_plan.md.j2"),),
             "agency_type.md.j2": (("rows", "agency_type_rows.md.j2"), ("sections", "agency_type_plan.md.j2"))}
# a slot in the rendered head: NUL is in no text of a page (the reader removes it from plans,
# and YAML refuses it in the knowledge files)
SLOT = "\0hb-slot-{}\0"


def sha1(text: str) -> bytes:
    return hashlib.sha1(text.encode("utf-8")).digest()


def plan_part(global_key: str, plan_signature: str, passages) -> str:
    """What a plan's fragments show beyond the page they are on: `plan_signature` (render/scope.py:
    the plan's files, its tasks' topics and cited documents), its passages outside tasks that
    name topics, and `global_key` (the knowledge files, the settings, the code)."""
    shown = [(s.id if s else None, p.line, p.text, sorted(ids)) for s, p, ids in passages]
    return hashlib.sha1(repr([global_key, plan_signature, shown]).encode("utf-8")).hexdigest()


@dataclass
class SectionCache:
    """What the renderer needs to reuse fragments: where they are kept, each plan's part, and
    the index the last build left (page URL → plan id → (fragment key, digest of its texts))."""
    folder: Path | None
    global_key: str
    parts: dict = field(default_factory=dict)
    index: dict = field(default_factory=dict)
    data_keys: dict = field(default_factory=dict)   # plan id -> key of its pieces of the data files

    def per_plan(self, name: str, keys: dict, make, plans: list) -> dict:
        """plan id → make(plan), those of plans whose key in `keys` is what the last build kept
        under `name` taken from there (the others made and kept for the next build)."""
        path = self.folder / f"{name}.pickle" if self.folder is not None and keys else None
        kept = self._load(path) if path is not None else {}
        out, fresh = {}, False
        for plan in plans:
            key = keys.get(plan.id)
            if key is not None and plan.id in kept and kept[plan.id][0] == key:
                out[plan.id] = kept[plan.id][1]
            else:
                out[plan.id], fresh = make(plan), True
        if path is not None and (fresh or set(kept) != set(out)):
            # tens of megabytes at a thousand plans: written by a child while the build goes on
            self._save(path, {i: (keys[i], v) for i, v in out.items() if keys.get(i) is not None}, background=True)
        return out

    def key(self, url: str, plan_id: str) -> bytes | None:
        part = self.parts.get(plan_id)
        return None if part is None else sha1(f"{url}\0{part}")

    def _path(self, url: str) -> Path:
        return self.folder / (hashlib.sha1(url.encode("utf-8")).hexdigest() + ".pickle")

    def _file_key(self) -> str:
        return f"{code_version()} {self.global_key}"

    def load(self, url: str) -> dict:
        """plan id → (fragment key, texts) as the last build that put the page together kept them."""
        return self._load(self._path(url)) if self.folder is not None else {}

    def save(self, url: str, fragments: dict) -> None:
        if self.folder is not None:
            self._save(self._path(url), fragments)

    def _load(self, path: Path) -> dict:
        kept = load_pickle(path, self._file_key())
        return kept if isinstance(kept, dict) else {}

    def _save(self, path: Path, value: dict, background: bool = False) -> None:
        try:
            (save_pickle_in_background if background else save_pickle)(path, self._file_key(), value)
        except OSError:
            pass                 # the next build makes them again


class SectionedPages:
    """Mixin of the Renderer: render_sectioned for the pages FRAGMENTS names."""

    sections: SectionCache | None = None

    def fragment_contexts(self, page: Page, plan) -> dict:
        """What one plan's fragments of `page` show."""
        if page.template == "topic.md.j2":
            topic = page.context["topic"]
            return {"topic": topic, "plan": plan, "tasks": self.topic_tasks(topic.id, plan),
                    "mentions": self.topic_mentions().get((topic.id, plan.id), [])}
        type_id = page.context["agency_type"].id
        return {"agency_type": page.context["agency_type"], "plan": plan,
                "plan_units": [(u, self.unit_tasks(u.id), self.role_counts(u.id))
                               for u in self.type_units(type_id, plan.id)]}

    def render_fragments(self, page: Page, plan) -> tuple[str, ...]:
        context = self.fragment_contexts(page, plan)
        return tuple(self.render_text(template, page.url, context) for _slot, template in FRAGMENTS[page.template])

    def render_sectioned(self, page: Page, known: str | None) -> tuple[bytes | None, str, dict]:
        """(the page's bytes, or None when its signature is `known`; its signature; its index
        entry for the next build)."""
        cache = self.sections
        old = cache.index.get(page.url, {}) if cache else {}
        plans = page.context["listed"]
        entries, fresh = {}, {}
        for plan in plans:
            key = cache.key(page.url, plan.id) if cache else None
            if key is not None and plan.id in old and old[plan.id][0] == key:
                entries[plan.id] = old[plan.id]
                continue
            texts = fresh[plan.id] = self.render_fragments(page, plan)
            entries[plan.id] = (key, sha1("\0".join(texts)))
        slots = FRAGMENTS[page.template]
        head = self.render_text(page.template, page.url,
                                dict(page.context, **{slot: SLOT.format(slot) for slot, _t in slots}))
        signature = hashlib.sha1(sha1(head) + b"".join(entries[p.id][1] for p in plans)).hexdigest()
        if known == signature:
            return None, signature, entries
        kept = cache.load(page.url) if cache and len(fresh) < len(plans) else {}
        fragments = {}
        for plan in plans:
            key = entries[plan.id][0]
            if plan.id in fresh:
                fragments[plan.id] = (key, fresh[plan.id])
            elif plan.id in kept and kept[plan.id][0] == key:
                fragments[plan.id] = kept[plan.id]
            else:                    # the kept file is gone or older than the index
                fragments[plan.id] = (key, self.render_fragments(page, plan))
        text = head
        for number, (slot, _template) in reversed(list(enumerate(slots))):
            before, mark, after = text.rpartition(SLOT.format(slot))
            if mark:
                text = before + "".join(fragments[p.id][1][number] for p in plans) + after
        if cache:
            cache.save(page.url, fragments)
        return text.encode("utf-8"), signature, entries
