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

SHORT = 2

jieba.setLogLevel(logging.WARNING)


def load_topics(config: dict) -> list[Topic]:
    return [Topic(t["id"], t["name"], t.get("parent"), t.get("description", ""), list(t.get("keywords") or []),
                  bool(t.get("pilot")), t.get("short") or t["name"]) for t in config["topics"]]


_BASE: jieba.Tokenizer | None = None


def _fresh_tokenizer() -> jieba.Tokenizer:
    """A tokenizer with jieba's own dictionary only, copied from jieba's global tokenizer (which
    the reader uses and nothing adds words to), so that the dictionary is loaded once per process."""
    global _BASE
    if _BASE is None:
        jieba.dt.check_initialized()
        _BASE = jieba.dt
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
        self.dictionary = self.dictionary_of(topics, unit_names)
        for word in sorted(self.dictionary):
            self._add_word(word)
        self._cache: dict[str, set[str]] = {}

    @staticmethod
    def dictionary_of(topics: list[Topic], unit_names) -> frozenset[str]:
        """The words added to jieba's own: the taxonomy's names and keywords, and unit names."""
        words = {k for t in topics for k in t.keywords} | {t.name for t in topics} | set(unit_names)
        return frozenset(w for w in words if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", w))

    def _add_word(self, word: str, freq: int = 2000) -> None:
        """jieba's add_word without raising the dictionary's total frequency: then a word
        changes the cut of no text that does not contain it, and the build cache can keep every
        cut whose text holds none of the words added or removed since (see `touched_by`)."""
        freq_of = self.tokenizer.FREQ
        freq_of[word] = freq
        for end in range(1, len(word)):
            freq_of.setdefault(word[:end], 0)

    def touched_by(self, other_dictionary, limit: int = 500):
        """A test of the texts whose cut may differ from a segmenter with `other_dictionary`:
        those holding a word only one of the two knows (None: no such word). Past `limit` words
        every text is taken as touched: checking would cost more than cutting again."""
        changed = sorted(self.dictionary.symmetric_difference(other_dictionary))
        if not changed:
            return None
        if len(changed) > limit:
            return lambda text: True
        return lambda text: any(word in text for word in changed)

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
    """A task is on every topic whose name or keyword it names, once is enough (in its title,
    its text, or as the nearest heading above it that names a top-level topic), so that a
    topic page misses no task that mentions it. The reason says which words and how often."""
    tops = [t for t in topics if t.parent is None]
    reasons: dict[str, str] = {}

    # the nearest heading that names a top-level topic gives the task its main topic
    for title in reversed(task.path if tops else []):
        scored = [(len(_hits(t, title, seg)), max(map(len, _hits(t, title, seg)), default=0), -i, t)
                  for i, t in enumerate(tops)]
        best = max(scored, key=lambda s: s[:3])
        if best[0]:
            reasons[best[3].id] = f"上级标题“{title}”含“{_hits(best[3], title, seg)[0]}”"
            break
    text = task.title + "\n" + task.text
    for topic in topics:
        if topic.id in reasons:
            continue
        in_title = _hits(topic, task.title, seg)
        if in_title:
            reasons[topic.id] = f"任务标题含“{in_title[0]}”"
            continue
        words = list(dict.fromkeys(_hits(topic, text, seg)))
        if words:
            count = _count(topic, text, seg) or 1
            reasons[topic.id] = f"正文{count}次提到“{'”“'.join(words[:3])}”"

    order = {t.id: i for i, t in enumerate(topics)}
    task.topics = sorted(reasons, key=order.get)
    task.topic_reasons = reasons


def topic_strength(reason: str) -> int:
    """How strongly a reason ties a task to a topic, for ordering a topic's tasks: a heading
    above it, then its title, then the number of mentions in its text."""
    if reason.startswith("上级标题"):
        return 1000
    if reason.startswith("任务标题"):
        return 500
    m = re.match(r"正文(\d+)次", reason)
    return int(m.group(1)) if m else 0


def passage_mentions(plan, topics: list[Topic], seg: Segmenter) -> list[tuple[object, object, list[str]]]:
    """The plan's text outside tasks (its preamble and the own lines of its parts and sections)
    that names a topic: (section or None, paragraph, topic ids), in source order."""
    found = []
    passages = [(None, p) for p in plan.preamble]
    passages += [(section, p) for section in plan.walk_sections() for p in section.paragraphs]
    for section, paragraph in sorted(passages, key=lambda sp: sp[1].line):
        ids = [t.id for t in topics if _hits(t, paragraph.text, seg)]
        if ids:
            found.append((section, paragraph, ids))
    return found
