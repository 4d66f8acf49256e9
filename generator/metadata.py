"""Plan metadata: what the text says about itself (document number, issuer, date, title,
locality), completed, never overridden silently, by an optional <id>.yml beside the text."""
from __future__ import annotations

import datetime
import re

import yaml

from .model import Diagnostic, Paragraph
from .read import squeeze

YML_KEYS = {"title", "locality", "issuer", "doc_number", "date", "published", "source_url", "status",
            "source_format", "source_sha256", "source_size", "added"}      # the last four: `add` provenance

DOC_NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,12}\s*[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d{1,4}\s*号$")
DATE_CN = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
PUBLISHED = re.compile(r"(?:发布时间|发布日期|成文日期)\s*[:：]\s*(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})")
ISSUER = re.compile(r"^[\u4e00-\u9fff]{2,30}(?:人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会|领导小组)$")
TITLE_QUOTED = re.compile(r"《([^《》]{4,80}?(?:方案|规划|计划|意见|办法|要点|清单|措施))》\s*(?:已经|现印发|现予印发|印发给|的通知)")
TITLE_NOTICE = re.compile(r"关于印发(.{4,80}?)的通知")
PLAN_WORD = re.compile(r"(?:实施方案|工作方案|方案|规划|计划|实施意见|意见|办法|要点|清单|措施)$")
STATUS = re.compile(r"[（(]\s*(征求意见稿|送审稿|草案|试行|稿)\s*[）)]\s*$")
PLACE = re.compile(r"(?=([\u4e00-\u9fff]{2}(?:市|县|区|旗)))")
NOT_PLACES = {"试验区", "示范区", "开发区", "集聚区", "产业区", "片区", "园区", "新区"}


def from_preamble(preamble: list[Paragraph]) -> dict:
    """Read metadata from the lines before the first heading."""
    found: dict = {}
    lines = [(p.line, squeeze(p.text)) for p in preamble]
    for number, text in lines:
        if "doc_number" not in found and DOC_NUMBER.match(text):
            found["doc_number"] = (text, number)
        if "issuer" not in found and ISSUER.match(text):
            found["issuer"] = (text, number)
        m = DATE_CN.match(text)
        if m and "date" not in found:
            found["date"] = (f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}", number)
        m = PUBLISHED.search(text)
        if m and "published" not in found:
            found["published"] = (f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}", number)
    title = _title(lines)
    if title:
        found["title"] = title
    if "date" not in found and "published" in found:
        found["date"] = found["published"]
    return found


def _title(lines: list[tuple[int, str]]):
    joined = "".join(text for _, text in lines)
    m = TITLE_QUOTED.search(joined) or TITLE_NOTICE.search(joined)
    if m:
        title = m.group(1).strip("《》")
        where = next((n for n, t in lines if title[:6] in t), lines[0][0])
        return title, where
    # a standalone title line (possibly broken over two lines) ending with a plan word
    for k, (number, text) in enumerate(lines):
        bare = STATUS.sub("", text)
        if PLAN_WORD.search(bare) and len(bare) <= 60 and not re.search(r"[。，,；;：:]", bare):
            if k > 0 and len(lines[k - 1][1]) <= 30 and not re.search(r"[。，,；;：:]", lines[k - 1][1]) \
                    and not PLAN_WORD.search(lines[k - 1][1]) and len(bare) <= 8:
                return lines[k - 1][1] + bare, lines[k - 1][0]
            return bare, number
    return None


def status_of(preamble: list[Paragraph]) -> tuple[str, int] | None:
    for p in preamble[:5]:
        m = STATUS.search(squeeze(p.text))
        if m:
            return m.group(1), p.line
    return None


def locality_from(text: str) -> str | None:
    """The place a title or issuer is about: 禹州市人民政府办公室 → 禹州市;
    …广清接合片区清远市清城区实施方案 → 清远市清城区."""
    text = re.sub(r"(人民政府.*|办公室|办公厅)$", "", text)
    places = [m.group(1) for m in PLACE.finditer(text) if m.group(1) not in NOT_PLACES
              and not any(m.group(1).endswith(w) for w in NOT_PLACES)]
    if not places:
        return None
    last = places[-1]
    start = text.rfind(last)
    before = text[max(0, start - 3):start]
    if len(before) == 3 and before.endswith("市") and last[-1] in "区县" and before not in NOT_PLACES:
        return before + last
    return last


def key_lines(text: str) -> dict[str, int]:
    """The line of each top-level key of a YAML mapping."""
    try:
        node = yaml.compose(text) if text else None
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): k.start_mark.line + 1 for k, _v in node.value}


def check_yml(data, path: str, text: str = "") -> list[Diagnostic]:
    """Unknown keys and values that are not plain text, each at its own line."""
    if data is None:
        return []
    if not isinstance(data, dict):
        return [Diagnostic(path, 1, "error", "expected `key: value` lines, e.g. `title: 某县实施方案`")]
    lines = key_lines(text)
    problems = []
    for key, value in data.items():
        line = lines.get(str(key), 1)
        if key not in YML_KEYS:
            problems.append(Diagnostic(path, line, "error",
                                       f"unknown key {key!r}; known keys: {', '.join(sorted(YML_KEYS))}"))
        elif value is not None and not isinstance(value, (str, int, float, datetime.date)):
            problems.append(Diagnostic(path, line, "error", f"{key} must be a single value, not {type(value).__name__}"))
    return problems
