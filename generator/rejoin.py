"""Paragraphs broken over lines, joined back. A page copied from a PDF viewer breaks every
printed line (28 characters in an official document); a web page copied from a browser breaks
a line at every inline element, so a quotation mark, a figure or 年 stands on a line of its own.
Whatever the source, no paragraph starts with a closing mark or ends with an opening one."""
from __future__ import annotations

import re
from collections import Counter

from .model import Paragraph

SENTENCE_END = "。；！？;!?：:"
CLOSERS = "”’）」』》〉】〕、，。；：！？,;)"     # no paragraph starts with one of these
OPENERS = "“‘（「『《〈【〔("                 # and none ends with one of these
LONE_MARKS = re.compile(rf"^[{re.escape(CLOSERS + OPENERS)}]+$")
FIGURE = re.compile(r"^[\d.．,，%％A-Za-z]+$")            # 2025, 6, 3.5%: a span of its own on such pages
FIGURE_WORD = re.compile(r"^[年月日号个时%％万亿元]")        # what follows a figure in the same sentence
LABEL_START = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,3}[.．、](?!\d)|"
                         r"[\u2460-\u2473]|第[一二三四五六七八九十\d]{1,3}[章节条部篇])")
SIGNER = re.compile(r"^[\u4e00-\u9fff（）()、]{2,40}(?:政府|办公室|办公厅|委员会|管委会|局|委|厅|办|院|署|中心)$")   # above a date
WRAP_MIN, WRAP_LINES, WRAP_SHARE = 12, 10, 0.3   # lines this long, at least this many, this share at one width
SHORT_SIGNER = 45        # a signer's name is no longer than this
SPAN_BROKEN = 3          # this many lone marks or figures on lines of their own: a page copied span by span


class Rejoiner:
    """Places each paragraph the layout stage finds: on a paragraph of its own, or onto the one
    before when it goes on from it. Joined lines are gathered and joined once: linear."""

    def __init__(self, lines: list[str], html_mode: bool):
        self.lines = lines
        self.width = None if html_mode else wrap_width(lines)
        self.broken = not self.width and span_broken(lines)    # a wrapped page has lone marks too
        self.tail: list[str] = []           # lines that go on the last paragraph, not yet joined to it
        self.tail_length = 0
        self.mark_or_figure_before = False
        self.last_text_line = -1

    def place(self, paragraphs: list[Paragraph], paragraph: Paragraph, first_on_line: bool) -> None:
        text, number = paragraph.text, paragraph.line
        if paragraph.kind == "text" and (self._wrapped_on(text, number, first_on_line) or
                                         self._continues(paragraphs, text)):
            self.tail.append(text)
            self.tail_length += len(text)
        else:
            self.flush(paragraphs)
            paragraphs.append(paragraph)
        if paragraph.kind == "text":
            self.mark_or_figure_before = self.broken and bool(LONE_MARKS.match(text) or FIGURE.match(text))
            self.last_text_line = number
        else:
            self.mark_or_figure_before = False

    def flush(self, paragraphs: list[Paragraph]) -> None:
        """Join the lines gathered onto the last paragraph into its text."""
        if self.tail:
            paragraphs[-1].text += "".join(self.tail)
            self.tail, self.tail_length = [], 0

    def _wrapped_on(self, text: str, number: int, first_on_line: bool) -> bool:
        """The line before was filled to the page's width: this one goes on from it."""
        return bool(self.width) and first_on_line and self.last_text_line == number - 1 \
            and _full_line(self.lines[number - 2], self.width) and not LABEL_START.match(text)

    def _continues(self, paragraphs: list[Paragraph], text: str) -> bool:
        """A closing mark never starts a paragraph, an opening one never ends one. On a page
        copied span by span, a line of marks or a figure alone joins what follows it, a figure
        joins the sentence it stands in, and a sentence broken off without its end goes on,
        unless the next line opens a numbered item or the paragraph before is a signer's name."""
        if not paragraphs or paragraphs[-1].kind != "text":
            return False
        last = (self.tail[-1] if self.tail else paragraphs[-1].text)[-1]
        length = len(paragraphs[-1].text) + self.tail_length
        if text[0] in CLOSERS or last in OPENERS:
            return True
        if not self.broken or LABEL_START.match(text) or last in SENTENCE_END or \
                (length <= SHORT_SIGNER and SIGNER.match(paragraphs[-1].text + "".join(self.tail))):
            return False
        return self.mark_or_figure_before or bool(FIGURE.match(text) or LONE_MARKS.match(text)) or length >= 20


def wrap_width(lines: list[str]) -> int | None:
    """The width a text was broken at when it was copied line by line from a printed page (a
    PDF viewer: 28 characters a line in an official document), or None. Such a text has many
    lines of one length that end in mid-sentence; a text of one paragraph a line has not."""
    lengths = [len(line.rstrip()) for line in lines if len(line.strip()) >= WRAP_MIN]    # indent counts
    if len(lengths) < WRAP_LINES:
        return None
    width, count = Counter(lengths).most_common(1)[0]
    near = [line.strip() for line in lines if width - 1 <= len(line.rstrip()) <= width + 2 and line.strip()]
    open_ended = sum(1 for line in near if line[-1] not in SENTENCE_END)
    return width if len(near) >= WRAP_SHARE * len(lengths) and open_ended >= 0.7 * len(near) else None


def _full_line(raw: str, width: int) -> bool:
    """A line filled to the width it was broken at, without ending its sentence."""
    text = raw.rstrip()          # (the read stage has taken off the indent of a paragraph's first line)
    return width - 2 <= len(text) <= width + 4 and text[-1] not in "。！？!?；;"


def span_broken(lines: list[str]) -> bool:
    """Whether a page was copied from a browser that broke a line at every inline element:
    marks and figures stand on lines of their own (建立 / “ / 多电源参与 / ” / …; 2025 / 年 / 6 / 月)."""
    stripped = [line.strip() for line in lines]
    signs = sum(1 for line in stripped if LONE_MARKS.match(line))
    signs += sum(1 for a, b in zip(stripped, stripped[1:]) if FIGURE.match(a) and FIGURE_WORD.match(b))
    return signs >= SPAN_BROKEN
