"""Unit clauses: where a plan says who carries out a task, and in which role.

`（责任单位：…）` anywhere in a paragraph, `牵头单位：…` as a line, several labels in one
clause (`牵头单位：A；配合单位：B`)."""
from __future__ import annotations

import re
from dataclasses import dataclass

SEPARATORS = "、，,；;"
OPEN, CLOSE = "（(〔［[【“‘", "）)〕］]】”’"


@dataclass
class UnitList:
    role: str
    items: list[str]      # as printed
    line: int
    quote: str = ""       # the printed clause the list was read from


# ---------------------------------------------------------------- finding lists

def label_pattern(labels: dict[str, str]) -> re.Pattern:
    names = "|".join(sorted(map(re.escape, labels), key=len, reverse=True))
    return re.compile(rf"({names})\s*[:：]\s*")


def find_lists(text: str, line: int, labels: dict[str, str]) -> list[UnitList]:
    """Every unit list in one paragraph: `（责任单位：…）` anywhere, or `责任单位：…` as the line.
    A bracketed list ends at its closing bracket, or at the next bracketed list when it is
    never closed; so the work stays linear in the paragraph's length."""
    pattern = label_pattern(labels)
    if pattern.match(text):
        return _split_labelled(text, pattern, labels, line, text)
    starts = [(m.start(), bracket) for m in pattern.finditer(text) if (bracket := _bracket_before(text, m.start())) >= 0]
    if not starts:
        return []
    closing = _closing_brackets(text)
    found = []
    for k, (start, bracket) in enumerate(starts):
        end = min(closing.get(bracket, len(text)), starts[k + 1][1] if k + 1 < len(starts) else len(text))
        found.extend(_split_labelled(text[start:end], pattern, labels, line, text[bracket:end + 1]))
    return found


def _bracket_before(text: str, i: int) -> int:
    """Index of the opening bracket just before text[i] (white space between), else -1."""
    j = i - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    return j if j >= 0 and text[j] in "（(" else -1


def _closing_brackets(text: str) -> dict[int, int]:
    """Index of each opening bracket → index of the bracket that closes it (one pass)."""
    stack, pairs = [], {}
    for i, ch in enumerate(text):
        if ch in "（(":
            stack.append(i)
        elif ch in "）)" and stack:
            pairs[stack.pop()] = i
    return pairs


def _split_labelled(segment: str, pattern: re.Pattern, labels: dict[str, str], line: int,
                    quote: str) -> list[UnitList]:
    """`牵头单位：A；配合单位：B、C` → one list per label."""
    marks = list(pattern.finditer(segment))
    lists = []
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(segment)
        items = split_items(segment[m.end():end])
        if items:
            lists.append(UnitList(labels[m.group(1)], items, line, quote))
    return lists


def split_items(text: str) -> list[str]:
    """Split on 、，,；; outside brackets and quotes; drop a final 。 and a trailing 等."""
    items, current, depth = [], [], 0
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
        item = re.sub(r"\s+", "", item).rstrip("。.").strip()
        item = re.sub(r"(?<=[局委办部室会社司行])等$", "", item)
        if item and re.search(r"[\u4e00-\u9fff]", item):
            cleaned.append(item)
    return cleaned


