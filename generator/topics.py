"""Topics: which reforms a task is about, from the headings above it, its title and its text.

Every assignment keeps its reason so the task page can show why."""
from __future__ import annotations

from .model import Task, Topic

MAX_SUBTOPICS = 2


def load_topics(config: dict) -> list[Topic]:
    return [Topic(t["id"], t["name"], t.get("parent"), t.get("description", ""), list(t.get("keywords") or []))
            for t in config["topics"]]


def _hits(topic: Topic, text: str) -> list[str]:
    return [k for k in topic.keywords if k in text] + ([topic.name] if topic.name in text else [])


def _count(topic: Topic, text: str) -> int:
    return sum(text.count(k) for k in topic.keywords)


def assign_topics(task: Task, topics: list[Topic]) -> None:
    pilots = [t for t in topics if t.parent is None]
    subs = [t for t in topics if t.parent]
    reasons: dict[str, str] = {}

    # the nearest heading that names a pilot task decides the task's pilot topic
    for title in reversed(task.path):
        best = max(pilots, key=lambda t: (len(_hits(t, title)), max(map(len, _hits(t, title)), default=0)))
        if _hits(best, title):
            reasons[best.id] = f"上级标题“{title}”含“{_hits(best, title)[0]}”"
            break
    for topic in pilots:
        found = _hits(topic, task.title)
        if found and topic.id not in reasons:
            reasons[topic.id] = f"任务标题含“{found[0]}”"
    if not reasons:
        text = task.text
        scored = sorted(((_count(t, text), t.id) for t in pilots), reverse=True)
        if scored and scored[0][0] >= 2:
            topic = next(t for t in pilots if t.id == scored[0][1])
            reasons[topic.id] = f"正文{scored[0][0]}次提到“{'”“'.join(_hits(topic, text)[:3])}”"

    text = task.title + "\n" + task.text
    scored = []
    for topic in subs:
        in_title = _hits(topic, task.title)
        count = _count(topic, text)
        if in_title or count >= 2:
            scored.append((bool(in_title), count, topic))
    scored.sort(key=lambda s: (-s[0], -s[1], s[2].id))
    for in_title, count, topic in scored[:MAX_SUBTOPICS]:
        word = (_hits(topic, task.title) or _hits(topic, text))[0]
        reasons[topic.id] = f"任务标题含“{word}”" if in_title else f"正文{count}次提到“{word}”等"

    order = {t.id: i for i, t in enumerate(topics)}
    task.topics = sorted(reasons, key=order.get)
    task.topic_reasons = reasons
