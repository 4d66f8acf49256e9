"""Read a plan's bytes into clean, numbered lines: decode, normalise look-alikes, drop debris."""
from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .model import Diagnostic, Paragraph


class DecodeError(Exception):
    def __init__(self, message: str, line: int = 1):
        super().__init__(message)
        self.line = line


@dataclass
class SourceText:
    path: str                 # as shown in messages, relative to the repository root
    lines: list[str]          # cleaned lines; lines[0] is line 1
    raw_lines: list[str]      # decoded lines before cleaning, for the nothing-lost check
    encoding: str
    removed: list[Paragraph] = field(default_factory=list)


# Targeted look-alike table (never blanket NFKC: it would turn （ into ( and ， into ,).
_SPACES = {"\u00a0": " ", "\u3000": " ", "\t": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u202f": " "}
_ZERO_WIDTH = {"\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": ""}


def _radical_table() -> dict[str, str]:
    """Kangxi and CJK-supplement radicals that stand for a unified ideograph (⽼ → 老)."""
    table = {}
    for code in list(range(0x2E80, 0x2F00)) + list(range(0x2F00, 0x2FE0)):
        ch = chr(code)
        mapped = unicodedata.normalize("NFKC", ch)
        if mapped != ch and len(mapped) == 1:
            table[ch] = mapped
    return table


_TABLE = str.maketrans({**_SPACES, **_ZERO_WIDTH, **_radical_table()})


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Decode by BOM, then strict UTF-8, then strict GB18030; refuse anything else."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise DecodeError(f"starts with a {enc} byte-order mark but is not valid {enc} at byte {exc.start}; "
                                  "save the file again as UTF-8", data[:exc.start].count(b"\n") + 1) from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            line = data[:utf8_error.start].count(b"\n") + 1
            raise DecodeError(
                f"{path} is neither UTF-8 nor GB18030 (first bad byte at offset {utf8_error.start}); "
                "save it as UTF-8, e.g. `iconv -f <encoding> -t UTF-8 in.txt > out.txt`", line) from None


def normalise(text: str) -> str:
    return text.translate(_TABLE)


@dataclass
class Debris:
    inline: list[tuple[re.Pattern, str]]
    lines: dict[str, str]          # squeezed text -> why

    @classmethod
    def from_config(cls, config: dict) -> "Debris":
        inline = [(re.compile(item["pattern"]), item.get("why", "")) for item in config.get("inline") or []]
        lines = {squeeze(item["text"]): item.get("why", "") for item in config.get("lines") or []}
        return cls(inline, lines)

    def strip(self, line: str) -> tuple[str, list[str]]:
        """Return the line without debris and the pieces that were removed."""
        removed = []
        for pattern, _why in self.inline:
            removed.extend(m.group(0) for m in pattern.finditer(line))
            line = pattern.sub("", line)
        if line.strip() and squeeze(line) in self.lines:
            removed.append(line.strip())
            line = ""
        return line, removed


def squeeze(text: str) -> str:
    """Text without white space."""
    return re.sub(r"\s+", "", text)


def split_lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def read_source(path: Path, shown_as: str, debris: Debris) -> SourceText:
    text, encoding = decode(path.read_bytes(), shown_as)
    raw_lines = split_lines(text)
    if raw_lines and raw_lines[-1] == "":
        raw_lines.pop()
    lines, removed = [], []
    for number, raw in enumerate(raw_lines, start=1):
        line, gone = debris.strip(normalise(raw))
        removed.extend(Paragraph(number, piece) for piece in gone)
        lines.append(line.strip())
    return SourceText(shown_as, lines, raw_lines, encoding, removed)


MOJIBAKE = re.compile(r"锟斤拷|烫烫烫|ï¿½|[\u00c0-\u00ff][\u0080-\u00bf]|[\u00e4-\u00e9][\u00a0-\u00bf\u0152-\u2122]{2}")


def encoding_diagnostics(source: SourceText) -> list[Diagnostic]:
    """Text that decodes but was damaged before: replacement characters, mojibake, mixed line ends."""
    found = []
    for number, raw in enumerate(source.raw_lines, start=1):
        if "\ufffd" in raw:
            found.append(Diagnostic(source.path, number, "error",
                                    "contains U+FFFD replacement characters: the text was converted with the "
                                    "wrong encoding before it was saved; take it again from the original"))
        elif MOJIBAKE.search(raw):
            found.append(Diagnostic(source.path, number, "error",
                                    f"looks like text decoded with the wrong encoding "
                                    f"({MOJIBAKE.search(raw).group(0)!r}); take it again from the original"))
    return found
