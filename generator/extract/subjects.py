"""Units named as the subject of a sentence rather than in a labelled list: 县发改局负责…,
由A牵头，B配合落实, A会同B…, 各区要…，会同C等部门…, 征求D意见 (D supports)."""
from __future__ import annotations

import re

from .clauses import ETC, Grammar, UnitList, read_segments

SENTENCE_SPLIT = re.compile(r"(?<=[。；;！？!?])")
CONTEXT_OPENER = re.compile(r"^\s*(?:按照|根据|依据|结合|围绕|对照|针对|为了)")
ITEM_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,3}[.．、](?!\d)|"
                         r"[\u2460-\u2473])\s*")
AGENT_VERBS = ("拟定", "制定", "组织", "开展", "实施", "统筹", "审核", "核定", "审批", "办理", "编制", "做好", "承担", "责令",
               "予以", "给予", "进行", "依法", "督促", "指导")


def subject_lists(text: str, line: int, grammar: Grammar) -> list[UnitList]:
    """Units named as the subject of a sentence: 由A牵头，B配合落实 / A负责… / A会同B… ."""
    found = []
    for sentence in SENTENCE_SPLIT.split(text):
        sentence = ITEM_NUMBER.sub("", sentence.strip()).rstrip("。；;！？!? ")       # （一）县发改局负责…。
        sentence = re.sub(r"^\s*(?:[一二三四五六七八九十]是|其中[，,：:]?)", "", sentence)
        sentence = re.sub(r"^[^，,。；;：:]{2,24}[：:]", "", sentence)     # a label: 责任分工：, 违法项目：
        clauses = re.split(r"[，,]", sentence)
        while len(clauses) > 1 and CONTEXT_OPENER.match(clauses[0]):
            clauses.pop(0)          # 按照…要求，X负责…: the subject comes after the context
        lists = _opening_subject(clauses, line, sentence, grammar)
        if lists:
            lists += read_segments(clauses[1:], line, sentence, grammar, "subject")
            lists = _partners_later(lists, clauses[1:], line, sentence, grammar)
        else:
            lists = _by_agency(sentence, line, grammar) or _later_modal(clauses[1:], line, sentence, grammar)
        lists += _consulted(sentence, line, grammar) + _assisted(clauses[0], line, sentence, grammar)
        found.extend(lists)
    return found


def _opening_subject(clauses: list[str], line: int, sentence: str, grammar: Grammar) -> list[UnitList]:
    """X牵头/负责/配合… or X要…, or an agency opening the sentence before its verb."""
    lists = read_segments(clauses[:1], line, sentence, grammar, "subject")
    if lists:
        return lists
    m = grammar.modal.match(clauses[0])
    units = grammar.units_in(m.group("u")) if m else None
    if not units:
        units = grammar.opening_units(clauses[0])
    return [UnitList("responsible", units, line, sentence, "subject")] if units else []


def _partners_later(lists: list[UnitList], clauses: list[str], line: int, sentence: str,
                    grammar: Grammar) -> list[UnitList]:
    """各区要加快…，会同区农业农村委等部门…: the subject leads, the partners support."""
    if len(lists) != 1 or lists[0].role != "responsible":
        return lists
    for clause in clauses:
        m = re.match(r"^\s*(?:会同|联合)(.+)$", clause)
        partners = grammar.partners(m.group(1)) if m else None
        if partners:
            return [UnitList("lead", lists[0].items, line, sentence, "subject"),
                    UnitList("support", partners, line, sentence, "subject")]
    return lists


def _by_agency(sentence: str, line: int, grammar: Grammar) -> list[UnitList]:
    """由A牵头，B配合 / …，由乡镇人民政府拟定整治方案: what follows 由 names who does it."""
    verbs = grammar.opening_ends + AGENT_VERBS
    for m in re.finditer(r"由(?=[^，,。；;]{2,60})", sentence):
        rest = sentence[m.end():m.end() + 62]
        for k in range(2, len(rest)):
            if rest[k] in "，,。；;":
                break
            if not rest.startswith(verbs, k):
                continue
            units = grammar.units_in(rest[:k])
            if units:
                role = "lead" if rest.startswith("牵头", k) else "responsible"
                lists = [UnitList(role, units, line, sentence, "subject")]
                tail = sentence[m.end() + k:]
                return lists + read_segments(re.split(r"[，,]", tail)[1:3], line, sentence, grammar, "subject")
    return []


def _later_modal(clauses: list[str], line: int, sentence: str, grammar: Grammar) -> list[UnitList]:
    """推进…，县发改局要加强指导，县财政局要做好保障."""
    lists = []
    for clause in clauses:
        m = grammar.modal.match(clause.strip())
        units = grammar.units_in(m.group("u")) if m else None
        if units:
            lists.append(UnitList("responsible", units, line, sentence, "subject"))
    return lists


def _assisted(clause: str, line: int, sentence: str, grammar: Grammar) -> list[UnitList]:
    """配合区旅游文体局建立…, 协助Y做好…: the agency assisted leads the work (the plan's own
    body, unnamed, supports it)."""
    m = re.match(r"^\s*(?:积极|主动|全力)?(?:配合|协助)(.+)$", clause)
    helped = grammar.partners(m.group(1)) if m else None
    return [UnitList("lead", helped, line, sentence, "subject")] if helped else []


def _consulted(sentence: str, line: int, grammar: Grammar) -> list[UnitList]:
    """征询区发展改革委、区经委等部门意见: the agencies consulted support the work."""
    lists = []
    for m in re.finditer(r"(?:征询|征求|听取)([^，,。；;]{2,60}?)(?:的)?意见", sentence):
        units = grammar.units_in(ETC.sub("", m.group(1)))
        if units:
            lists.append(UnitList("support", units, line, sentence, "subject"))
    return lists
