"""Cross-references between plans: cited documents, deadlines and targets, related tasks."""
from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .model import Handbook, Plan, Task
from .parallel import parallel_map

# ------------------------------------------------------------------ cited documents

TITLE = re.compile(r"《([^《》\n]{2,80})》(?:\s*[（(]\s*([^（）()]{0,30}?〔\d{4}〕\d+号)\s*[）)])?")
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[［]\d{4}[〕\]］]\d{1,4}号")
NOTICE = re.compile(r"^.*?关于印发(.+)的通知$")


@dataclass
class Citation:
    plan: str
    task: str | None      # task id, or None for text outside tasks
    line: int
    printed: str


@dataclass
class CitedDocument:
    id: str
    title: str | None
    doc_number: str | None
    citations: list[Citation] = field(default_factory=list)
    plan: str | None = None     # a plan of this handbook that this document is


def document_key(title: str | None, number: str | None) -> str:
    """Spellings of one document share a key: 《中共中央国务院关于X的意见》 = 《关于X的意见》;
    《…关于印发Y的通知》 = 《Y》."""
    if number:
        return "n:" + re.sub(r"\s+", "", number)
    bare = re.sub(r"\s+", "", title or "")
    notice = NOTICE.match(bare)
    if notice:
        bare = notice.group(1).strip("《》")
    if "关于" in bare:
        bare = bare[bare.index("关于"):]
    return "t:" + bare.replace("(", "（").replace(")", "）")


def _doc_id(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def _located_lines(plan: Plan):
    """(task id or None, line, text) for every line of a plan."""
    owner = {}
    for task in plan.tasks:
        for p in task.paragraphs:
            owner[p.line] = task.id
    for number, text in enumerate(plan.clean_lines, start=1):
        if text:
            yield owner.get(number), number, text


def _mentions(plan: Plan):
    """(title, number, citation) for every 《title》(number) and bare document number."""
    for task_id, line, text in _located_lines(plan):
        spans = []
        for m in TITLE.finditer(text):
            spans.append(m.span())
            yield m.group(1).strip(), m.group(2), Citation(plan.id, task_id, line, m.group(0))
        for m in DOC_NUMBER.finditer(text):
            if not any(a <= m.start() < b for a, b in spans):
                yield None, m.group(0), Citation(plan.id, task_id, line, m.group(0))


def collect_citations(handbook: Handbook) -> list[CitedDocument]:
    """Every document a plan cites, its spellings merged: a title and a number printed together
    make one document, and so do titles that differ only by an issuer prefix."""
    mentions = [m for plan in handbook.plans for m in _mentions(plan)]
    parent: dict[str, str] = {}

    def find(key):
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    for title, number, _c in mentions:
        keys = [document_key(title, None) if title else None, document_key(None, number) if number else None]
        keys = [k for k in keys if k]
        for k in keys[1:]:
            parent[find(k)] = find(keys[0])
        find(keys[0])
    plan_of = {}
    for plan in handbook.plans:
        for key in (document_key(plan.title, None), document_key(None, plan.doc_number) if plan.doc_number else None):
            if key:
                plan_of[find(key)] = plan.id
    documents: dict[str, CitedDocument] = {}
    for title, number, citation in mentions:
        root = find(document_key(title, None) if title else document_key(None, number))
        doc = documents.setdefault(root, CitedDocument(_doc_id(root), None, None, plan=plan_of.get(root)))
        if title and (doc.title is None or len(title) > len(doc.title)):
            doc.title = title
        doc.doc_number = doc.doc_number or number
        if doc.plan != citation.plan:                # a plan announcing itself is not a citation
            doc.citations.append(citation)
    cited = [d for d in documents.values() if d.citations]
    return sorted(cited, key=lambda d: (-len({c.plan for c in d.citations}), d.title or d.doc_number or "", d.id))


# ------------------------------------------------------------------ deadlines and targets

CN_NUM = "一二三四五六七八九十两"
TIME_PATTERNS = [
    re.compile(r"(\d{4})\s*[—\-–~至到]\s*(\d{4})\s*年"),                       # 2020—2022年
    re.compile(r"(?:到|至|在|于)?(\d{4})\s*年\s*(?:\d{1,2}\s*月\s*(?:\d{1,2}\s*日)?)?(?:底|末|年底|年末|上半年|下半年|前|以前)?"),
    re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*日\s*前"),                          # 8月30日前
    re.compile(rf"力争\s*[\d{CN_NUM}]{{1,2}}(?:\s*[—\-–~至到]\s*[\d{CN_NUM}]{{1,2}})?\s*年(?!\d)"),  # 力争2—3年
    re.compile(r"“十[一二三四五六七八九]五”(?:期间|时期|末)"),
]
QUANTITY = re.compile(r"\d+(?:\.\d+)?\s*(?:%|％|万|亿|个|家|所|人|公里|千米|平方米|亩|户|项|条|座|次|倍|元)")
TARGET_WORD = re.compile(r"达到|超过|超|不少于|不低于|不超过|提高到|提升到|增加到|增长|控制在|突破|新增|累计|力争|以上|以内|以下")


@dataclass
class TimeMention:
    text: str
    year: int | None
    line: int


def find_deadlines(task: Task) -> list[TimeMention]:
    found, seen = [], set()
    for p in task.paragraphs:
        taken = bytearray(len(p.text) + 1)        # characters already inside a mention
        for pattern in TIME_PATTERNS:
            for m in pattern.finditer(p.text):
                if taken[m.start()]:
                    continue
                taken[m.start():m.end()] = b"\1" * (m.end() - m.start())
                text = m.group(0).strip()
                years = [int(y) for y in re.findall(r"\d{4}", text)]
                year = max(years) if years else None
                if year is not None and not 1949 <= year <= 2100:
                    continue
                if (text, p.line) not in seen:
                    seen.add((text, p.line))
                    found.append(TimeMention(text, year, p.line))
    return found


def find_targets(task: Task) -> list[tuple[str, int]]:
    """Clauses that set a number: 镇区人口超8万, 不少于10%, 转移就业9万人以上."""
    targets = []
    for p in task.paragraphs:
        for clause in re.split(r"[，,；;。！？!?]", p.text):
            clause = clause.strip(" 　")
            if QUANTITY.search(clause) and TARGET_WORD.search(clause):
                targets.append((clause, p.line))
    return targets


# ------------------------------------------------------------------ related tasks

TOP_TERMS = 12
MAX_RELATED = 5
MAX_HOLDERS = 64


def _tokens(text: str, cut) -> list[str]:
    return [w for w in cut(text) if len(w) >= 2 and re.search(r"[\u4e00-\u9fff]", w)]


def related_tasks(handbook: Handbook, cut, memo: dict | None = None) -> dict[str, list[tuple[str, float]]]:
    """For each task, up to five tasks of other plans that share a pilot topic with it, ranked
    by TF-IDF cosine similarity of their words (jieba). Only each task's strongest words are
    compared (an inverted index over them), which keeps this linear in practice."""
    pilots = {t.id for t in handbook.topics if t.pilot}
    tasks = handbook.tasks
    texts = [t.title + "。" + t.text for t in tasks]
    memo = {} if memo is None else memo
    todo = sorted({text for text in texts if text not in memo})
    for text, words in zip(todo, parallel_map(lambda i: Counter(_tokens(todo[i], cut)), list(range(len(todo))))):
        memo[text] = words
    counts = {t.id: memo[text] for t, text in zip(tasks, texts)}
    df = Counter(w for c in counts.values() for w in c)
    n = len(tasks)
    vectors = {}
    for task_id, c in counts.items():
        weights = {w: (1 + math.log(k)) * math.log((n + 1) / (df[w] + 0.5)) for w, k in c.items()}
        top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_TERMS]
        norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
        vectors[task_id] = {w: v / norm for w, v in top}
    postings = defaultdict(list)
    for task_id, vector in vectors.items():
        for w, v in vector.items():
            postings[w].append((task_id, v))
    # Only the strongest holders of each word are compared: bounded work per task, whatever
    # the number of plans (a word held by thousands of tasks says little about any pair).
    for w in postings:
        postings[w].sort(key=lambda tv: (-tv[1], tv[0]))
        del postings[w][MAX_HOLDERS:]
    by_id = {t.id: t for t in tasks}

    def neighbours(i: int) -> list[tuple[str, float]]:
        task = tasks[i]
        mine = pilots.intersection(task.topics)
        scores = defaultdict(float)
        for w, v in vectors[task.id].items():
            for other, u in postings[w]:
                scores[other] += v * u
        ranked = [(other, s) for other, s in scores.items()
                  if by_id[other].plan != task.plan and mine.intersection(by_id[other].topics) and s > 0.05]
        ranked.sort(key=lambda kv: (-kv[1], kv[0]))
        return [(other, round(s, 3)) for other, s in ranked[:MAX_RELATED]]
    found = parallel_map(neighbours, list(range(len(tasks))))
    return {task.id: related for task, related in zip(tasks, found)}
