"""Related tasks: for each task, up to five tasks of other plans that share a pilot topic with it,
ranked by TF-IDF cosine similarity of their words (jieba).

Only each task's strongest words are compared (an inverted index over them, and only the
strongest holders of each word), which keeps this linear in practice. A `RelatedState` kept
between builds recomputes only the tasks whose answer can differ: those whose vector changed,
or whose words' holder lists or candidates changed. The answer is the same as a computation
from scratch, float for float, because every vector is computed by the same function from the
same counts."""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from .parallel import parallel_map

TOP_TERMS = 12
MAX_RELATED = 5
MAX_HOLDERS = 64


def tokens(text: str, cut) -> list[str]:
    return [w for w in cut(text) if len(w) >= 2 and re.search(r"[\u4e00-\u9fff]", w)]


@dataclass
class RelatedState:
    n: int = -1
    counts: dict = field(default_factory=dict)     # task id -> Counter of its words
    df: Counter = field(default_factory=Counter)
    vectors: dict = field(default_factory=dict)    # task id -> {word: weight}, its top terms normalised
    holders: dict = field(default_factory=dict)    # word -> {task id: weight}
    postings: dict = field(default_factory=dict)   # word -> [(task id, weight)], the strongest holders
    facts: dict = field(default_factory=dict)      # task id -> (plan id, its pilot topics)
    results: dict = field(default_factory=dict)    # task id -> [(task id, score)]


def vector(counts: Counter, df: Counter, n: int) -> dict[str, float]:
    weights = {w: (1 + math.log(k)) * math.log((n + 1) / (df[w] + 0.5)) for w, k in counts.items()}
    top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_TERMS]
    norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
    return {w: v / norm for w, v in top}


def strongest(holders: dict[str, float]) -> list[tuple[str, float]]:
    # a word held by thousands of tasks says little about any pair: bounded work per task
    return sorted(holders.items(), key=lambda tv: (-tv[1], tv[0]))[:MAX_HOLDERS]


def neighbours(task_id: str, state: RelatedState) -> list[tuple[str, float]]:
    plan, mine = state.facts[task_id]
    scores: dict[str, float] = {}
    for w, v in state.vectors[task_id].items():
        for other, u in state.postings[w]:
            scores[other] = scores.get(other, 0.0) + v * u
    facts = state.facts
    ranked = [(other, s) for other, s in scores.items()
              if s > 0.05 and facts[other][0] != plan and not mine.isdisjoint(facts[other][1])]
    ranked.sort(key=lambda kv: (-kv[1], kv[0]))
    return [(other, round(s, 3)) for other, s in ranked[:MAX_RELATED]]


def related_tasks(tasks, pilots: set[str], counts: dict[str, Counter], state: RelatedState | None = None
                  ) -> dict[str, list[tuple[str, float]]]:
    """`counts`: task id → its words; `state` (updated in place) holds the last answer."""
    state = RelatedState() if state is None else state
    facts = {t.id: (t.plan, frozenset(pilots.intersection(t.topics))) for t in tasks}
    if state.n != len(tasks):
        todo = _from_scratch(state, counts, facts)
    else:
        todo = _update(state, counts, facts)
    ids = sorted(todo)
    for task_id, found in zip(ids, parallel_map(lambda i: neighbours(ids[i], state), list(range(len(ids))))):
        state.results[task_id] = found
    return {t.id: state.results[t.id] for t in tasks}


def _from_scratch(state: RelatedState, counts: dict, facts: dict) -> set[str]:
    state.__init__(n=len(counts), counts=dict(counts), facts=facts)
    state.df = Counter(w for c in counts.values() for w in c)
    state.vectors = {task_id: vector(c, state.df, state.n) for task_id, c in counts.items()}
    for task_id, v in state.vectors.items():
        for w, weight in v.items():
            state.holders.setdefault(w, {})[task_id] = weight
    state.postings = {w: strongest(h) for w, h in state.holders.items()}
    return set(counts)


def _update(state: RelatedState, counts: dict, facts: dict) -> set[str]:
    """Bring the state to `counts` and `facts`; returns the tasks whose neighbours may differ."""
    old_ids, new_ids = set(state.counts), set(counts)
    removed, added = old_ids - new_ids, new_ids - old_ids
    # the same Counter object (the build cache's memo of a text's words) is the usual case: spare the comparison
    changed = {i for i in old_ids & new_ids if state.counts[i] is not counts[i] and state.counts[i] != counts[i]} | added
    df_words = _update_df(state, [state.counts[i] for i in removed | changed - added], [counts[i] for i in changed])
    retarget = changed | {i for i in new_ids - changed if not df_words.isdisjoint(counts[i])}
    words: set[str] = set()
    for task_id in removed:
        for w in state.vectors.pop(task_id):
            del state.holders[w][task_id]
            words.add(w)
        state.results.pop(task_id, None)
    moved = set(added)
    for task_id in retarget:
        new, old = vector(counts[task_id], state.df, state.n), state.vectors.get(task_id)
        if new == old:
            continue
        moved.add(task_id)
        for w in old or ():
            del state.holders[w][task_id]
        for w, weight in new.items():
            state.holders.setdefault(w, {})[task_id] = weight
        words.update(old or ())
        words.update(new)
        state.vectors[task_id] = new
    refacts = {i for i in old_ids & new_ids if state.facts[i] != facts[i]}
    for task_id in refacts:            # the readers of its words see a candidate change
        words.update(state.vectors[task_id])
    readers = set()
    for w in words:
        holders = state.holders.get(w)
        postings = strongest(holders) if holders else []
        if postings != state.postings.get(w, []) or any(o in refacts for o, _ in postings):
            readers.update(holders or ())
        if holders:
            state.postings[w] = postings
        else:
            state.holders.pop(w, None)
            state.postings.pop(w, None)
    state.counts, state.facts = dict(counts), facts
    return (moved | refacts | readers) & new_ids


def _update_df(state: RelatedState, old: list[Counter], new: list[Counter]) -> set[str]:
    """Apply the word counts that left and came; returns the words whose document frequency changed."""
    touched = {w for c in old + new for w in c}
    before = {w: state.df.get(w, 0) for w in touched}
    for c in old:
        state.df.subtract(dict.fromkeys(c, 1))
    for c in new:
        state.df.update(dict.fromkeys(c, 1))
    for w in touched:
        if state.df[w] <= 0:
            del state.df[w]
    return {w for w in touched if state.df.get(w, 0) != before[w]}
