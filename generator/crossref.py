"""Cross-references between plans: cited documents, deadlines and targets (related tasks: related.py)."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from .model import Handbook, Plan, Task

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


def mentions_of(plan: Plan) -> list:
    """(title, number, citation) for every 《title》(number) and bare document number of the plan."""
    return list(_mentions(plan))


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


def collect_citations(handbook: Handbook, by_plan: dict | None = None) -> list[CitedDocument]:
    """Every document a plan cites, its spellings merged: a title and a number printed together
    make one document, and so do titles that differ only by an issuer prefix. `by_plan`: plan
    id → mentions_of(plan), when known."""
    mentions = [m for plan in handbook.plans
                for m in (by_plan[plan.id] if by_plan is not None else _mentions(plan))]
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
