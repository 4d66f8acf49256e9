"""Word's automatic numbering rendered as the printed labels: 一、 （一） 1. （1） ① 第一章 …
from numbering.xml (abstractNum levels, num overrides) with Word's counting rules."""
from __future__ import annotations

from dataclasses import dataclass, field

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CN_DIGITS = "〇一二三四五六七八九"
LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
STEMS = "甲乙丙丁戊己庚辛壬癸"
BRANCHES = "子丑寅卯辰巳午未申酉戌亥"


def chinese_counting(n: int, digits: str = CN_DIGITS, units: str = "十百千万") -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五 (Word's chineseCounting)."""
    if n <= 0:
        return digits[0]
    if n >= 100000:
        return str(n)
    parts, zero, started = [], False, False
    for power in (10000, 1000, 100, 10, 1):
        d = n // power % 10
        if d == 0:
            zero = started
            continue
        if zero:
            parts.append(digits[0])
            zero = False
        unit = {10000: units[3], 1000: units[2], 100: units[1], 10: units[0], 1: ""}[power]
        if not (power == 10 and d == 1 and not started):
            parts.append(digits[d])
        parts.append(unit)
        started = True
    return "".join(parts)


def _letters(n: int, upper: bool) -> str:
    letter = chr((n - 1) % 26 + (65 if upper else 97))
    return letter * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + numeral, n - value
    return out


def _enclosed(n: int, first: int, last_n: int) -> str:
    return chr(first + n - 1) if 1 <= n <= last_n else str(n)


FORMATTERS = {
    "decimal": str,
    "decimalHalfWidth": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"}),
    "decimalFullWidth2": lambda n: str(n).translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"}),
    "chineseCounting": chinese_counting,
    "chineseCountingThousand": chinese_counting,
    "taiwaneseCounting": chinese_counting,
    "taiwaneseCountingThousand": chinese_counting,
    "japaneseCounting": chinese_counting,
    "ideographLegalTraditional": lambda n: chinese_counting(n, LEGAL_DIGITS, "拾佰仟万"),
    "chineseLegalSimplified": lambda n: chinese_counting(n, LEGAL_DIGITS, "拾佰仟万"),
    "ideographDigital": lambda n: "".join(CN_DIGITS[int(d)] for d in str(n)),
    "taiwaneseDigital": lambda n: "".join(CN_DIGITS[int(d)] for d in str(n)),
    "ideographTraditional": lambda n: STEMS[(n - 1) % 10],
    "ideographZodiac": lambda n: BRANCHES[(n - 1) % 12],
    "decimalEnclosedCircle": lambda n: _enclosed(n, 0x2460, 20),
    "decimalEnclosedCircleChinese": lambda n: _enclosed(n, 0x2460, 20),
    "ideographEnclosedCircle": lambda n: _enclosed(n, 0x3280, 10),
    "decimalEnclosedParen": lambda n: _enclosed(n, 0x2474, 20),
    "decimalEnclosedFullstop": lambda n: _enclosed(n, 0x2488, 20),
    "lowerLetter": lambda n: _letters(n, False),
    "upperLetter": lambda n: _letters(n, True),
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperRoman": _roman,
    "none": lambda n: "",
}


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    suffix: str = "tab"                   # tab | space | nothing
    restart: int | None = None            # w:lvlRestart: restart after this (1-based) level; 0 never
    legal: bool = False                   # w:isLgl: every number in the label in decimal


def _val(element, tag: str, default=None):
    child = element.find(W + tag) if element is not None else None
    return child.get(W + "val", default) if child is not None else default


def read_level(lvl) -> Level:
    restart = _val(lvl, "lvlRestart")
    return Level(start=int(_val(lvl, "start", "1")), fmt=_val(lvl, "numFmt", "decimal"),
                 text=_val(lvl, "lvlText", ""), suffix=_val(lvl, "suff", "tab"),
                 restart=int(restart) if restart is not None else None, legal=lvl.find(W + "isLgl") is not None)


@dataclass
class ListDefinitions:
    """numbering.xml: levels of every abstractNum, and every num's abstractNum and overrides."""
    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, Level]]] = field(default_factory=dict)
    counters: dict[object, dict[int, int | None]] = field(default_factory=dict)

    @classmethod
    def from_xml(cls, numbering, style_num_ids: dict[str, str]) -> "ListDefinitions":
        defs = cls()
        if numbering is None:
            return defs
        links = {}
        for abstract in numbering.iter(W + "abstractNum"):
            abstract_id = abstract.get(W + "abstractNumId")
            defs.abstract[abstract_id] = {int(lvl.get(W + "ilvl")): read_level(lvl) for lvl in abstract.iter(W + "lvl")}
            link = _val(abstract, "numStyleLink")
            if link:
                links[abstract_id] = link
        for num in numbering.iter(W + "num"):
            overrides = {}
            for override in num.iter(W + "lvlOverride"):
                level = int(override.get(W + "ilvl"))
                lvl = override.find(W + "lvl")
                base = read_level(lvl) if lvl is not None else None
                start = _val(override, "startOverride")
                if base is None:
                    base = Level(start=int(start)) if start is not None else None
                elif start is not None:
                    base.start = int(start)
                if base is not None:
                    overrides[level] = base
            defs.nums[num.get(W + "numId")] = (_val(num, "abstractNumId"), overrides)
        for abstract_id, style in links.items():     # a list that is only a link to a list style
            target = defs.nums.get(style_num_ids.get(style, ""), (None, {}))[0]
            if target in defs.abstract:
                defs.abstract[abstract_id] = defs.abstract[target]
        return defs

    def level(self, num_id: str, ilvl: int) -> Level | None:
        abstract_id, overrides = self.nums.get(num_id, (None, {}))
        base = self.abstract.get(abstract_id, {}).get(ilvl)
        override = overrides.get(ilvl)
        if override is None:
            return base
        if base is None or override.text:        # a whole level given in the override
            return override
        return Level(override.start, base.fmt, base.text, base.suffix, base.restart, base.legal)

    def label(self, num_id: str, ilvl: int) -> tuple[str, str] | None:
        """Count one paragraph of list `num_id` at level `ilvl`; return (label, suffix)."""
        level = self.level(num_id, ilvl)
        if level is None:
            return None
        abstract_id, overrides = self.nums[num_id]
        key = ("num", num_id) if overrides else abstract_id       # nums of one abstractNum share counters
        counters = self.counters.setdefault(key, {})
        current = counters.get(ilvl)
        counters[ilvl] = level.start if current is None else current + 1
        for deeper in [k for k in counters if k > ilvl]:
            restart = (self.level(num_id, deeper) or Level()).restart
            if restart is None or (restart != 0 and ilvl <= restart - 1):
                counters[deeper] = None
        text = level.text
        for k in range(9):
            if f"%{k + 1}" not in text:
                continue
            value = counters.get(k)
            lvl = self.level(num_id, k) or Level()
            value = lvl.start if value is None else value
            fmt = "decimal" if level.legal and k != ilvl else lvl.fmt
            text = text.replace(f"%{k + 1}", FORMATTERS.get(fmt, str)(value))
        if level.fmt == "bullet":
            text = "•" if not text or "\uf000" <= text[0] <= "\uf8ff" else text
        return text, level.suffix
