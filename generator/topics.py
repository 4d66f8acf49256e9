"""Topics: which reforms a task is about, from the headings above it, its title and its text.

Every assignment keeps its reason so the task page can show why. Long keywords match as
substrings; short ones (two characters, such as 入市 or 户籍) only where jieba, with the
taxonomy and the unit names in its dictionary, cuts them out as a word: 融入市场 does not
mention 入市."""
from __future__ import annotations

import logging
import re

import jieba

from .model import Task, Topic

MAX_SUBTOPICS = 2
SHORT = 2

jieba.setLogLevel(logging.WARNING)


def load_topics(config: dict) -> list[Topic]:
    return [Topic(t["id"], t["name"], t.get("parent"), t.get("description", ""), list(t.get("keywords") or []),
                  bool(t.get("pilot")), t.get("short") or t["name"]) for t in config["topics"]]


_BASE: jieba.Tokenizer | None = None


def _fresh_tokenizer() -> jieba.Tokenizer:
    """A tokenizer with jieba's own dictionary only, loaded once per process and copied."""
    global _BASE
    if _BASE is None:
        _BASE = jieba.Tokenizer()
        _BASE.initialize()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ = dict(_BASE.FREQ)
    tokenizer.total = _BASE.total
    tokenizer.initialized = True
    return tokenizer


class Segmenter:
    """jieba with a user dictionary built from the taxonomy and unit names."""

    def __init__(self, topics: list[Topic], unit_names: list[str]):
        # A tokenizer of our own: words added to jieba's global one would leak from one build
        # into the next in the same process and make the output depend on what ran before.
        self.tokenizer = _fresh_tokenizer()
        for word in sorted({k for t in topics for k in t.keywords} | {t.name for t in topics} | set(unit_names)):
            if len(word) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", word):
                self.tokenizer.add_word(word, freq=2000)
        self._cache: dict[str, set[str]] = {}

    def cut(self, text: str) -> list[str]:
        return self.tokenizer.lcut(text, HMM=False)

    def words(self, sentence: str) -> set[str]:
        if sentence not in self._cache:
            self._cache[sentence] = set(self.tokenizer.cut_for_search(sentence))
        return self._cache[sentence]

    def count(self, keyword: str, text: str) -> int:
        if len(keyword) > SHORT or keyword not in text:
            return text.count(keyword)
        return sum(1 for s in re.split(r"[。；;！？\n]", text) if keyword in s and keyword in self.words(s))


def _hits(topic: Topic, text: str, seg: Segmenter) -> list[str]:
    found = [k for k in topic.keywords if seg.count(k, text)]
    return found + ([topic.name] if topic.name in text else [])


def _count(topic: Topic, text: str, seg: Segmenter) -> int:
    return sum(seg.count(k, text) for k in topic.keywords)


def assign_topics(task: Task, topics: list[Topic], seg: Segmenter) -> None:
    tops = [t for t in topics if t.parent is None]
    subs = [t for t in topics if t.parent]
    reasons: dict[str, str] = {}

    # the nearest heading that names a top-level topic decides the task's main topic
    for title in reversed(task.path if tops else []):
        scored = [(len(_hits(t, title, seg)), max(map(len, _hits(t, title, seg)), default=0), -i, t)
                  for i, t in enumerate(tops)]
        best = max(scored, key=lambda s: s[:3])
        if best[0]:
            reasons[best[3].id] = f"上级标题“{title}”含“{_hits(best[3], title, seg)[0]}”"
            break
    for topic in tops:
        found = _hits(topic, task.title, seg)
        if found and topic.id not in reasons:
            reasons[topic.id] = f"任务标题含“{found[0]}”"
    if not reasons and tops:
        scored = sorted(((_count(t, task.text, seg), -i, t) for i, t in enumerate(tops)), key=lambda s: s[:2],
                        reverse=True)
        count, _, topic = scored[0]
        if count >= 2:
            reasons[topic.id] = f"正文{count}次提到“{'”“'.join(_hits(topic, task.text, seg)[:3])}”"

    text = task.title + "\n" + task.text
    scored = []
    for topic in subs:
        in_title = _hits(topic, task.title, seg)
        count = _count(topic, text, seg)
        if in_title or count >= 2:
            scored.append((bool(in_title), count, topic))
    scored.sort(key=lambda s: (-s[0], -s[1], s[2].id))
    for in_title, count, topic in scored[:MAX_SUBTOPICS]:
        word = (_hits(topic, task.title, seg) or _hits(topic, text, seg))[0]
        reasons[topic.id] = f"任务标题含“{word}”" if in_title else f"正文{count}次提到“{word}”等"

    order = {t.id: i for i, t in enumerate(topics)}
    task.topics = sorted(reasons, key=order.get)
    task.topic_reasons = reasons
