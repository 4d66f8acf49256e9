"""Topic pages and the plans × pilot-tasks matrix."""
from __future__ import annotations

from collections import Counter


class TopicPages:
    def topic_by_plan(self, topic_id: str):
        return [(plan, [t for t in plan.tasks if topic_id in t.topics]) for plan in self.hb.plans]

    def related_topics(self, topic_id: str) -> list[tuple[str, int]]:
        """Topics that share the most tasks with this one."""
        together = Counter(other for task in self.hb.tasks if topic_id in task.topics
                           for other in task.topics if other != topic_id)
        family = {t.id for t in self.hb.topics if t.parent == topic_id or t.id == self.topics[topic_id].parent}
        return [(t, n) for t, n in sorted(together.items(), key=lambda kv: (-kv[1], kv[0]))
                if t not in family][:6]

    def topic_matrix(self):
        pilots = [t for t in self.hb.topics if t.pilot]
        counts = {t.id: {p.id: sum(t.id in task.topics for task in p.tasks) for p in self.hb.plans}
                  for t in pilots}
        return {"topics": pilots, "plans": self.hb.plans, "counts": counts}
