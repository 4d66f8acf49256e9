"""Characters that are not text: what the reader removes, what it refuses, and why.

- Invisible format characters (zero-width spaces, soft hyphens, variation selectors, the
  byte-order mark inside a text) are removed silently: they only make look-alike names differ.
- Control characters (NUL, DEL, C1 controls) and Unicode non-characters (U+FFFE, U+FDD0 …)
  are removed with a warning at their line: they break front matter and HTML.
- Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) are refused: they
  make a name read differently from how it is stored.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

INVISIBLE = ("\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2060-\u2064\u206a-\u206f"
             "\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f\U000e0100-\U000e01ef")
BIDI_OVERRIDES = "\u202a-\u202e\u2066-\u2069"
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}-{chr(plane * 0x10000 + 0xFFFF)}"
                                           for plane in range(17))
CONTROLS = "\x00-\x08\x0e-\x1f\x7f-\x9f"
PAGE_BREAKS = str.maketrans({"\x0b": " ", "\x0c": " "})      # vertical tab, form feed: white space

_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_REMOVED = re.compile(f"[{CONTROLS}{_NONCHARACTERS}]")
_REFUSED = re.compile(f"[{BIDI_OVERRIDES}]")


@dataclass
class CharProblem:
    level: str          # "error" (refused) or "warning" (removed)
    message: str


def codepoints(chars) -> str:
    return ", ".join(f"U+{ord(c):04X}" for c in sorted(set(chars)))


def clean(text: str) -> tuple[str, list[CharProblem]]:
    """The text without invisible, control and non-characters; problems for what a reader
    should know about (removed control characters, refused bidirectional overrides)."""
    problems = []
    text = text.translate(PAGE_BREAKS)
    refused = _REFUSED.findall(text)
    if refused:
        problems.append(CharProblem("error", f"bidirectional override {codepoints(refused)} makes the text read "
                                             "differently from how it is stored; delete it"))
        text = _REFUSED.sub("", text)
    removed = _REMOVED.findall(text)
    if removed:
        problems.append(CharProblem("warning", f"control or non-character {codepoints(removed)} removed"))
        text = _REMOVED.sub("", text)
    return remove_invisible(text), problems


def has_unsafe(text: str) -> bool:
    return bool(_REFUSED.search(text) or _REMOVED.search(text))


def remove_invisible(text: str) -> str:
    return _INVISIBLE.sub("", text)
