"""Read a plan's bytes into clean, numbered lines: decode, normalise look-alikes, drop debris."""
from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import re2

from . import chars
from .model import Diagnostic, Paragraph


class DecodeError(Exception):
    def __init__(self, message: str, line: int = 1):
        super().__init__(message)
        self.line = line


@dataclass
class SourceText:
    path: str                 # as shown in messages, relative to the repository root
    lines: list[str]          # cleaned lines; lines[0] is line 1
    raw_lines: list[str]      # decoded lines as shown on the source page (only non-text characters removed)
    encoding: str
    removed: list[Paragraph] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


# Targeted look-alike table (never blanket NFKC: it would turn （ into ( and ， into ,).
_SPACES = {"\u00a0": " ", "\u3000": " ", "\t": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u202f": " "}


def _radical_table() -> dict[str, str]:
    """Kangxi and CJK-supplement radicals that stand for a unified ideograph (⽼ → 老)."""
    table = {}
    for code in list(range(0x2E80, 0x2F00)) + list(range(0x2F00, 0x2FE0)):
        ch = chr(code)
        mapped = unicodedata.normalize("NFKC", ch)
        if mapped != ch and len(mapped) == 1:
            table[ch] = mapped
    return table


_TABLE = str.maketrans({**_SPACES, **_radical_table()})


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
ICONV = "save it as UTF-8, e.g. `iconv -f {encoding} -t UTF-8 in.txt > out.txt`"
# Encodings a text that is not UTF-8 may be in, with the script each of them writes.
HAN_PATTERN = re.compile(r"[\u4e00-\u9fff]")
OTHER_ENCODINGS = (("big5", "Big5 (traditional Chinese)", HAN_PATTERN),
                   ("shift_jis", "Shift-JIS (Japanese)", re.compile(r"[\u3040-\u30ff]")),
                   ("euc_kr", "EUC-KR (Korean)", re.compile(r"[\uac00-\ud7af]")))
PLAUSIBLE = 0.35        # share of the 600 commonest characters among the Han characters of real Chinese
                        # text: 0.8 or more in plans, 0.55 in traditional script, 0.11 at most in mojibake


@lru_cache(maxsize=1)
def common_han() -> frozenset[str]:
    """The 600 commonest Han characters, counted over the word frequencies of jieba's dictionary."""
    import jieba
    counts: Counter = Counter()
    with open(jieba.get_dict_file().name, encoding="utf-8") as words:
        for line in words:
            word, freq, *_ = line.split(" ")
            for ch in word:
                if "\u4e00" <= ch <= "\u9fff":
                    counts[ch] += int(freq)
    return frozenset(ch for ch, _ in counts.most_common(600))


def common_share(text: str) -> float | None:
    """Share of common characters among the Han characters of a text (None: too few to tell)."""
    han = HAN_PATTERN.findall(text)
    if len(han) < 20:
        return None
    common = common_han()
    return sum(ch in common for ch in han) / len(han)


def _likely_encoding(data: bytes) -> tuple[str, str]:
    """The encoding a text that is not Chinese GB18030 most plausibly is in: (codec, name)."""
    best, best_share = ("unknown", "an unknown encoding"), 0.0
    for codec, name, script in OTHER_ENCODINGS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        letters = [ch for ch in text if not ch.isascii() and ch.isalpha()]
        share = len(script.findall(text)) / max(1, len(letters))
        if codec == "big5":
            share *= min(1.0, (common_share(text) or 0) / PLAUSIBLE)
        if share > best_share:
            best, best_share = (codec, name), share
    return best


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Decode by BOM, then strict UTF-8, then strict GB18030 when the result reads as Chinese;
    refuse anything else, naming the likely encoding."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise DecodeError(f"starts with a {enc} byte-order mark but is not valid {enc} at byte {exc.start}; "
                                  "save the file again as UTF-8", data[:exc.start].count(b"\n") + 1) from exc
    if data.count(b"\0") > len(data) // 10:
        raise DecodeError(f"{path} is full of NUL bytes: it is UTF-16 or UTF-32 without a byte-order mark, "
                          "or not text; " + ICONV.format(encoding="UTF-16LE"))
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        line = data[:utf8_error.start].count(b"\n") + 1
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            text = None
        share = common_share(text) if text is not None else 0.0
        if text is not None and (share is None or share >= PLAUSIBLE):
            return text, "gb18030"
        codec, name = _likely_encoding(data)
        raise DecodeError(f"{path} is neither UTF-8 nor Chinese GB18030 (first non-UTF-8 byte at offset "
                          f"{utf8_error.start}); it looks like {name}: "
                          + ICONV.format(encoding=codec.upper().replace("_", "-") if codec != "unknown" else "<encoding>"),
                          line) from None


def normalise(text: str) -> str:
    return chars.remove_invisible(text).translate(_TABLE)


RE2_OPTIONS = re2.Options()
RE2_OPTIONS.log_errors = False
SENTENCE_HAN = 6        # removed text with this many Han characters reads as (part of) a sentence


@dataclass
class InlineRule:
    pattern: object         # a compiled RE2 pattern: linear time whatever the pattern
    source: str
    why: str
    line: int               # where content/debris.yml gives it


@dataclass
class Debris:
    inline: list[InlineRule]
    lines: dict[str, str]          # squeezed text -> why

    @classmethod
    def from_yaml(cls, doc) -> "Debris":
        """The rules of content/debris.yml (a yamlfile.YamlFile); a pattern RE2 cannot compile
        is an error at its line, and is left out."""
        config = doc.data if doc.ok and isinstance(doc.data, dict) else {}
        inline = []
        for index, item in enumerate(config.get("inline") or []):
            try:
                pattern = re2.compile(item["pattern"], RE2_OPTIONS)
            except re2.error as exc:
                detail = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else exc
                doc.error(("inline", index, "pattern"), f"pattern {item['pattern']!r} is not a valid RE2 regular "
                                                        f"expression ({detail}); backreferences and lookarounds "
                                                        "are not supported")
                continue
            inline.append(InlineRule(pattern, item["pattern"], item.get("why") or "",
                                     doc.line_of(("inline", index, "pattern"))))
        lines = {squeeze(item["text"]): item.get("why") or "" for item in config.get("lines") or []}
        return cls(inline, lines)

    @classmethod
    def from_config(cls, config: dict) -> "Debris":
        from .yamlfile import YamlFile
        return cls.from_yaml(YamlFile("content/debris.yml", data=config))

    def strip(self, line: str) -> tuple[str, list[tuple[str, InlineRule | None]]]:
        """Return the line without debris and the pieces that were removed, with their rule
        (None for a whole line listed under `lines`)."""
        removed = []
        for rule in self.inline:
            pieces = [m.group(0) for m in rule.pattern.finditer(line) if m.group(0)]
            if pieces:
                removed.extend((piece, rule) for piece in pieces)
                line = rule.pattern.sub("", line)
        if line.strip() and squeeze(line) in self.lines:
            removed.append((line.strip(), None))
            line = ""
        return line, removed


def squeeze(text: str) -> str:
    """Text without white space."""
    return re.sub(r"\s+", "", text)


def split_lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def read_source(data: bytes, shown_as: str, debris: Debris) -> SourceText:
    """Decode a plan's bytes and clean every line; what was removed or refused is listed
    with its line (source.problems)."""
    text, encoding = decode(data, shown_as)
    decoded = split_lines(text)
    if decoded and decoded[-1] == "":
        decoded.pop()
    source = SourceText(shown_as, [], [], encoding)
    source.problems = encoding_diagnostics(shown_as, decoded)
    for number, line in enumerate(decoded, start=1):
        line, problems = chars.clean(line)
        source.problems.extend(Diagnostic(shown_as, number, p.level, p.message) for p in problems)
        source.raw_lines.append(line)
        line, gone = debris.strip(normalise(line))
        for piece, rule in gone:
            source.removed.append(Paragraph(number, piece))
            if rule is not None and len(HAN_PATTERN.findall(piece)) >= SENTENCE_HAN:
                source.problems.append(Diagnostic(
                    shown_as, number, "warning",
                    f"the debris pattern {rule.source!r} (content/debris.yml:{rule.line}) removed text that reads "
                    f"as a sentence: “{piece[:60]}”; narrow the pattern so that no sentence of the plan is lost"))
        source.lines.append(line.strip())
    return source


MOJIBAKE = re.compile(r"锟斤拷|烫烫烫|ï¿½|[\u00c0-\u00ff][\u0080-\u00bf]|[\u00e4-\u00e9][\u00a0-\u00bf\u0152-\u2122]{2}")


def encoding_diagnostics(path: str, decoded: list[str]) -> list[Diagnostic]:
    """Text that decodes but was damaged before: replacement characters, mojibake."""
    found = []
    for number, raw in enumerate(decoded, start=1):
        if "\ufffd" in raw:
            found.append(Diagnostic(path, number, "error",
                                    "contains U+FFFD replacement characters: the text was converted with the "
                                    "wrong encoding before it was saved; take it again from the original"))
        elif MOJIBAKE.search(raw):
            found.append(Diagnostic(path, number, "error",
                                    f"looks like text decoded with the wrong encoding "
                                    f"({MOJIBAKE.search(raw).group(0)!r}); take it again from the original"))
    return found
