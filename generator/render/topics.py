"""Topic pages and the plans × pilot-tasks matrix."""
from __future__ import annotations

from collections import Counter, defaultdict

from ..topics import Segmenter, passage_mentions, topic_strength


class TopicPages:
    def topic_mentions(self) -> dict[tuple[str, str], list]:
        """(topic id, plan id) → the plan's passages outside tasks that name the topic; computed
        once, with a segmenter that knows the same words as the one that assigned topics."""
        if getattr(self, "_mentions", None) is None:
            passages = getattr(self.hb, "passages", None)       # the pipeline's (and its cache's)
            if passages is None:
                names = {u.name for u in self.hb.units} | {ref.name for t in self.hb.tasks for ref in t.units}
                segmenter = Segmenter(self.hb.topics, sorted(names))
                passages = {p.id: passage_mentions(p, self.hb.topics, segmenter) for p in self.hb.plans}
            self._mentions = defaultdict(list)
            for plan in self.hb.plans:
                for section, paragraph, ids in passages[plan.id]:
                    for topic_id in ids:
                        self._mentions[(topic_id, plan.id)].append((section, paragraph))
        return self._mentions

    def topic_tasks(self, topic_id: str, plan) -> list:
        """The plan's tasks on the topic, the most strongly tied first."""
        tasks = [t for t in plan.tasks if topic_id in t.topics]
        tasks.sort(key=lambda t: -topic_strength(t.topic_reasons[topic_id]))
        return tasks

    def related_topics(self, topic_id: str) -> list[tuple[str, int]]:
        """Topics that share the most tasks with this one."""
        if getattr(self, "_together", None) is None:          # one pass over the tasks for every topic
            self._together = defaultdict(Counter)
            for task in self.hb.tasks:
                for mine in dict.fromkeys(task.topics):
                    self._together[mine].update(other for other in task.topics if other != mine)
        together = self._together.get(topic_id, Counter())
        family = {t.id for t in self.hb.topics if t.parent == topic_id or t.id == self.topics[topic_id].parent}
        return [(t, n) for t, n in sorted(together.items(), key=lambda kv: (-kv[1], kv[0]))
                if t not in family][:6]

    def topic_matrix(self):
        if getattr(self, "_matrix", None) is None:
            pilots = [t for t in self.hb.topics if t.pilot]
            counts = {t.id: dict.fromkeys((p.id for p in self.hb.plans), 0) for t in pilots}
            for plan in self.hb.plans:
                for task in plan.tasks:
                    for topic_id in dict.fromkeys(task.topics):
                        if topic_id in counts:
                            counts[topic_id][plan.id] += 1
            self._matrix = {"topics": pilots, "plans": self.hb.plans, "counts": counts}
        return self._matrix

    def topic_summary(self) -> dict:
        """The counts every page states about topics, from one place."""
        tops = [t for t in self.hb.topics if t.parent is None]
        return {"pilot": sum(t.pilot for t in tops), "other": sum(not t.pilot for t in tops),
                "sub": len(self.hb.topics) - len(tops), "all": len(self.hb.topics)}

    @staticmethod
    def excerpt(text: str, words: list[str], width: int = 60) -> tuple[str, str, str]:
        """The text around the first of `words` it holds: (before, word, after), cut to `width`."""
        at = min(((text.find(w), w) for w in words if w and w in text), default=(-1, ""))
        if at[0] < 0:
            return (text[:width * 2] + ("…" if len(text) > width * 2 else ""), "", "")
        start, word = at
        before = text[max(0, start - width):start]
        after = text[start + len(word):start + len(word) + width]
        return (("…" if start > width else "") + before, word,
                after + ("…" if start + len(word) + width < len(text) else ""))
