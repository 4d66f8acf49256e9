"""Unit clauses: where a plan says who carries out a task, and in which role.

Printed forms, all read by one grammar whose words live in content/structure.yml:
- labelled lists: `（责任单位：A、B）`, `（牵头单位：A；配合单位：B）`, `(牵头单位：A;配合单位：B)`,
  `（6月底完成，牵头考核单位：A）`, `责任单位：A` as a line or after a full stop;
- role verbs in a bracket: `（A牵头，B配合）`, `（A负责）`, `（A会同B负责）`, `（A、B等按职责分工负责）`;
- a bare bracket of agency names: `（A、B、C）` (only when every item reads as an agency, so
  `（不含当前测算年）` is not one);
- the subject of a sentence: `由A牵头，B配合落实`, `A负责…`, `A会同B…`, `A和B联合推进…`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

SEPARATORS = "、，,；;"
OPEN, CLOSE = "（(〔［[【“‘", "）)〕］]】”’"
GENERIC_LABEL = r"(?:牵头|主责|主办|责任|配合|支撑|协办|协同|参与|成员|推进|实施|承办)[\u4e00-\u9fff]{0,4}?(?:单位|部门)"
DATEISH = re.compile(r"\d{4}\s*年|\d{1,2}\s*月|年底|年内|月底|季度|前完成|长期|持续")


@dataclass
class UnitList:
    role: str
    items: list[str]      # as printed
    line: int
    quote: str = ""       # the printed clause the list was read from
    kind: str = "label"   # label | verb (role verbs in a bracket) | bare | subject


@dataclass
class Grammar:
    """What content/structure.yml says about unit clauses, and the test for agency names."""
    labels: dict[str, str]                       # 牵头单位 -> lead …
    verbs: dict[str, list[str]] = field(default_factory=dict)   # role -> verbs (role_verbs)
    is_unit: object = None                       # str -> bool
    action_words: tuple[str, ...] = ()           # a name does not start with a verb (引导企业等用人单位)
    complete: object = None                      # list[str] -> list[str] | None: shared endings written out

    def __post_init__(self):
        names = "|".join(sorted(map(re.escape, self.labels), key=len, reverse=True))
        labels = f"{names}|{GENERIC_LABEL}" if names else GENERIC_LABEL
        self.label = re.compile(rf"(?:【\s*)?({labels})\s*(?:】\s*[:：]?|[:：])\s*")   # 牵头单位：, 【牵头单位】
        # (no bare \s* before the label: at every space of a long run it would scan the rest of the run)
        self.prefix_roles = sorted(((label[:2], role) for label, role in self.labels.items()), key=lambda x: x[0])
        words = lambda role: "|".join(sorted(map(re.escape, self.verbs.get(role, [])), key=len, reverse=True)) or "(?!)"
        unit = r"(?P<u>[^，,；;。：:]{2,120}?)"
        self.patterns = [
            ("together", re.compile(rf"^(?:由)?{unit}(?:{words('together')})(?P<o>[^，,；;。：:]{{2,120}})$")),
            ("lead", re.compile(rf"^(?:由)?{unit}(?:{words('lead')})(?P<tail>.*)$")),
            ("support", re.compile(rf"^(?:由)?{unit}(?:负责)?(?:全力|积极|主动|密切)?(?:{words('support')})(?P<tail>.*)$")),
            ("responsible", re.compile(rf"^(?:由)?{unit}(?:等)?(?:按职责分工|按照职责分工|按职责|各司其职|分别|共同)?"
                                       rf"(?:{words('responsible')})(?P<tail>.*)$")),
        ]
        joining = [w for role in ("together", "support", "lead") for w in self.verbs.get(role, [])]
        self.joined = re.compile("|".join(map(re.escape, joining))) if joining else re.compile("(?!)")
        self.modal = re.compile(rf"^{unit}(?:{words('modal')})(?!求)(?P<tail>.+)$")     # 要求 is no modal
        # what may follow a list of agencies (computed once: these are read for every sentence)
        self.verb_words = tuple(w for words in self.verbs.values() for w in words) + tuple(self.action_words)
        self.partner_ends = self.verb_words + ("共同", "一起")
        self.opening_ends = self.verb_words + OPENING_VERBS

    def partners(self, rest: str) -> list[str] | None:
        """The agencies after 会同 (A会同B、C负责…): the shortest opening of `rest` that lists
        agencies and is followed by a verb."""
        verbs = self.partner_ends
        for k in range(2, len(rest) + 1):
            if rest[k:].startswith(verbs) or k == len(rest) or re.search(r"等(?:有关|相关)?(?:部门|单位)$", rest[:k]):
                units = self.units_in(ETC.sub("", rest[:k]))
                if units:
                    return units
        return None

    def opening_units(self, clause: str) -> list[str] | None:
        """The agencies a clause opens with when a verb follows them (市地方金融监管局对…进行统筹;
        区局办公室将负责…): the grammatical subject of an assigned action."""
        if self.is_unit is None:
            return None
        verbs = self.opening_ends
        for n in range(2, min(len(clause), 60) + 1):
            if clause.startswith(verbs, n) and LEVEL_PREFIX.match(clause):
                units = self.units_in(clause[:n])
                if units:
                    return units
        return None

    def bare_role(self, segment: str) -> str | None:
        """The role of a segment that is only a role verb (协同配合, 负责落实), else None."""
        bare = re.sub(r"^(?:全力|积极|主动|密切|协同|共同)", "", segment.strip())
        return next((role for role in ("support", "responsible", "lead") if bare in self.verbs.get(role, [])), None)

    def role_of_label(self, label: str) -> str:
        label = re.sub(r"\s+", "", label)
        if label in self.labels:
            return self.labels[label]
        for prefix, role in self.prefix_roles:
            if label.startswith(prefix):
                return role
        return "responsible"

    def units_in(self, text: str) -> list[str] | None:
        """The items of a list when every one reads as an agency, else None (由 and what comes
        before it are not part of the list: …推进由街镇牵头 names 街镇)."""
        text = text.rsplit("由", 1)[-1]
        items = split_items(text)
        if not items or any(i.startswith(self.action_words) or "等" in i[:-1] or self.joined.search(i) or
                            CONTEXT_WORD.search(i) for i in items):
            return None
        if all(self.is_unit(i) or COLLECTIVE.fullmatch(i) for i in items) and any(self.is_unit(i) for i in items):
            return items            # 各乡镇人民政府、各相关部门要…: the named ones and the rest
        return items if self.complete is not None and self.complete(items) else None


# ---------------------------------------------------------------- the reader

def find_lists(text: str, line: int, labels: dict[str, str] | Grammar) -> list[UnitList]:
    """Every unit clause of one paragraph (labelled lists and role verbs in brackets)."""
    grammar = labels if isinstance(labels, Grammar) else Grammar(labels, {}, lambda _s: False)
    found = _labelled(text, line, grammar)
    if grammar.is_unit is not None and grammar.verbs:
        taken = {(l.quote, tuple(l.items)) for l in found}
        for unit_list in _bracketed(text, line, grammar):
            if (unit_list.quote, tuple(unit_list.items)) not in taken:
                found.append(unit_list)
    return found


def _labelled(text: str, line: int, grammar: Grammar) -> list[UnitList]:
    """`责任单位：…` as the paragraph, after a full stop, or in a bracket (after other words
    of the bracket such as a deadline). A bracketed list ends at its closing bracket, or at
    the next bracketed list when it is never closed: linear in the paragraph's length."""
    pattern = grammar.label
    if pattern.match(text):
        end = _sentence_end(text, 0)
        return _split_labelled(text[:end], grammar, line, text[:end + 1])
    closing = _closing_brackets(text)
    opens = _enclosing_open(text)
    starts = []
    for m in pattern.finditer(text):
        before = _char_before(text, m.start())
        bracket = opens.get(m.start(), -1)
        if before in CLAUSE_OPEN or (bracket >= 0 and before in "，,；;、"):
            starts.append((m.start(), bracket, closing.get(bracket, len(text))))
        elif before in "。；;！？!?\n" or before == "":
            end = _sentence_end(text, m.end())
            starts.append((m.start(), -1, end))
    found = []
    for k, (start, bracket, end) in enumerate(starts):
        if k + 1 < len(starts):
            end = min(end, starts[k + 1][1] if starts[k + 1][1] > start else starts[k + 1][0])
        close = closing.get(bracket, -1)
        if bracket < 0:
            quote = text[start:end]
        else:          # the whole bracket when it closes; an unclosed one only up to this list's end
            quote = text[bracket:close + 1] if 0 <= close - end <= 1 or start < close <= end + 1 else text[bracket:end]
        found.extend(_split_labelled(text[start:end], grammar, line, quote))
    return found


def _split_labelled(segment: str, grammar: Grammar, line: int, quote: str) -> list[UnitList]:
    """`牵头单位：A；配合单位：B、C` → one list per label; trailing words that are no agency
    (a deadline, a note) are left out."""
    marks = list(grammar.label.finditer(segment))
    lists = []
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(segment)
        items = [i for i in split_items(segment[m.end():end]) if not _not_a_unit(i, grammar)]
        if items:
            lists.append(UnitList(grammar.role_of_label(m.group(1)), items, line, quote, "label"))
    return lists


def _not_a_unit(item: str, grammar: Grammar) -> bool:
    """An item of a labelled list that is a deadline or a sentence, not an agency."""
    if grammar.is_unit is not None and grammar.is_unit(item):
        return False
    return bool(DATEISH.search(item)) or len(item) > 30 or bool(re.search(r"[。！？：:]", item))   # 责任领导：张三


def _bracketed(text: str, line: int, grammar: Grammar) -> list[UnitList]:
    """Role verbs and bare lists of agencies in a bracket: （A牵头，B配合）, （A负责）, （A、B）."""
    found = []
    for start, end in sorted(_closing_brackets(text).items()):
        if not 2 <= end - start - 1 <= BRACKET_CLAUSE:
            continue                 # (checked before slicing: nested brackets stay linear)
        inner = text[start + 1:end]
        if grammar.label.search(inner):
            continue
        lists = read_segments(re.split(r"[，,；;]", inner), line, text[start:end + 1], grammar, "verb")
        if not lists and _stands_apart(text, start, end):
            units = grammar.units_in(inner)
            if units and any(re.match(STRONG_UNIT, u) for u in units):
                lists = [UnitList("responsible", units, line, text[start:end + 1], "bare")]
        found.extend(lists)
    return found


STRONG_UNIT = r"^(?:各|区|县|市|省|中共|州|旗)"
CLAUSE_OPEN, CLAUSE_CLOSE = "（(【[〔", "）)】]〕"     # brackets a unit clause may stand in
BRACKET_CLAUSE = 200        # a unit clause in a bracket is at most this long


def _stands_apart(text: str, start: int, end: int) -> bool:
    """A bracket that closes a sentence or a paragraph (……。（A、B） / ……（A、B）。), not one
    that qualifies the word before it (各乡镇（街道）)."""
    before = _char_before(text, start)
    after = text[end + 1:].strip()
    return before in "。；;！？!?" or after == "" or after[:1] in "。；;！？!?"


def read_segments(segments: list[str], line: int, quote: str, grammar: Grammar, kind: str) -> list[UnitList]:
    """Role-verb segments (X牵头 / Y配合 / Z负责 / X会同Y); a segment that only lists agencies
    takes the role of the next one (A、B，C等按职责分工负责: A, B and C are responsible);
    segments that are neither (a deadline, a note) are passed over."""
    lists, pending = [], []
    for segment in segments:
        segment = segment.strip()
        matched = None
        for role, pattern in grammar.patterns:
            m = pattern.match(segment)
            if not m:
                continue
            units = grammar.units_in(m.group("u"))
            if not units:
                continue
            if role == "together":
                others = grammar.partners(m.group("o"))
                if not others:
                    continue
                matched = [UnitList("lead", pending + units, line, quote, kind),
                           UnitList("support", others, line, quote, kind)]
            else:
                matched = [UnitList(role, pending + units, line, quote, kind)]
                helped = grammar.partners(m.group("tail")) if role == "support" and m.group("tail") else None
                if helped:                  # X协助Y做好…, X配合Y开展…: Y leads what X supports
                    matched.insert(0, UnitList("lead", helped, line, quote, kind))
            break
        role = grammar.bare_role(segment)
        if not matched and role and pending:          # 区直各部门各司其职，协同配合
            matched = [UnitList(role, pending, line, quote, kind)]
        if matched:
            lists.extend(matched)
            pending = []
        else:
            dutiful = DUTIFUL.sub("", segment)
            pending = (grammar.units_in(dutiful) or []) if kind != "subject" or dutiful != segment else []
    return lists


LEVEL_PREFIX = re.compile(r"^(?:各|中共|[省市区县州旗盟](?!场|政|域|委员))")    # 市地方金融监管局, 各街道, 区局办公室
OPENING_VERBS = ("对", "将", "通过", "承担", "会同", "联合", "按照", "根据", "结合", "围绕", "依法", "积极", "进一步",
                 "切实", "全面", "认真", "主动", "及时", "定期", "统筹", "做好", "抓好")
DUTIFUL = re.compile(r"(?:各司其职|各负其责|按职责分工|按照职责分工|按职责)$")
COLLECTIVE = re.compile(r"(?:各|[省市区县]直)?(?:各)?(?:相关|有关)(?:部门|单位)")
ETC = re.compile(r"等(?:有关|相关)?(?:部门|单位)?$")        # 区农业农村委等部门 → 区农业农村委
CONTEXT_WORD = re.compile(r"按照|根据|依据|对照|针对")      # inside a phrase, never inside an agency's name


# ---------------------------------------------------------------- brackets and items

def _char_before(text: str, i: int) -> str:
    """The character before text[i], white space skipped ('' at the start)."""
    j = i - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    return text[j] if j >= 0 else ""


def _sentence_end(text: str, start: int) -> int:
    m = re.compile(r"[。！？!?\n]").search(text, start)
    return m.start() if m else len(text)


def _closing_brackets(text: str) -> dict[int, int]:
    """Index of each opening bracket → index of the bracket that closes it (one pass)."""
    stack, pairs = [], {}
    for i, ch in enumerate(text):
        if ch in CLAUSE_OPEN:
            stack.append(i)
        elif ch in CLAUSE_CLOSE and stack:
            pairs[stack.pop()] = i
    return pairs


def _enclosing_open(text: str) -> dict[int, int]:
    """For every position inside brackets, the innermost open bracket (computed lazily for
    label positions only would need a search; one pass is linear)."""
    stack, inside = [], {}
    for i, ch in enumerate(text):
        if ch in CLAUSE_OPEN:
            stack.append(i)
        elif ch in CLAUSE_CLOSE and stack:
            stack.pop()
        elif stack:
            inside[i] = stack[-1]
    return inside


def split_items(text: str) -> list[str]:
    """Split on 、，,；;, white space between names and 和/及 between agencies, outside brackets
    and quotes; drop a final 。 and a trailing 等."""
    items, current, depth = [], [], 0
    text = re.sub(r"(?<=[\u4e00-\u9fff）)])\s+(?=[\u4e00-\u9fff（(])", "、", text.strip())   # 县人社局 县教育局
    for ch in text:
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth = max(0, depth - 1)
        if ch in SEPARATORS and depth == 0:
            items.append("".join(current))
            current = []
        else:
            current.append(ch)
    items.append("".join(current))
    cleaned = []
    for item in items:
        item = re.sub(r"(?<![*＊])[*＊★☆※]$", "", re.sub(r"\s+", "", item).rstrip("。.").strip())  # 县发改局★: a mark
        if item[-1:] in "】]〕" and not re.search(r"[【\[〔]", item):
            item = item[:-1]            # the end of 【责任单位：…】 read after a full stop
        item = re.sub(r"(?<=[局委办部室会社司行团心府道镇乡区])等$", "", item)
        item = re.sub(r"^(.{2,30}?[局委办部室会社司行团心府道镇乡])等[\u4e00-\u9fff]{0,8}(?:部门|单位)$", r"\1", item)
        item = re.sub(r"^(?:以及|及|和|与|并由|由)", "", item)
        if item and re.search(r"[\u4e00-\u9fff]", item):
            cleaned.extend(_split_and(item))
    return cleaned


def _split_and(item: str) -> list[str]:
    """区农发局和区环土局 → 区农发局, 区环土局: 和/及/与 between two agency names."""
    parts = re.split(r"(?<=[局委办部室会社司行团心府道镇乡])(?:和|及|与|以及)(?=[\u4e00-\u9fff]{2,})", item)
    return [p for p in parts if p]
