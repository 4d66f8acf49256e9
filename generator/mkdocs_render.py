"""MkDocs 1.6's Page.render (Markdown → the page's HTML, table of contents, anchors and title),
with the same output for less work; generator/mkdocs_build.py renders every page with it.

- One Markdown instance per process, reset between pages, instead of one built per page (its
  extensions and processors take a fifth of a small page's time to set up). MkDocs's own
  processors (raw HTML anchors, anchors, relative links, title) are pointed at each page.
- An inline pattern is not tried on a text that holds none of the characters it needs (`[` for
  a link, `<` for HTML, `*` or `_` for emphasis, …): most texts of a page (Chinese table cells,
  list items) hold none, and each pattern's search costs a call. Python-Markdown tries every
  pattern on every text.
- MkDocs's search of the whole page for `id` and `name` attributes of raw HTML runs Python's
  HTML parser over the page; it is skipped when no such attribute name occurs in the text.
- A page of many sections (a topic or an agency type: one section per plan) is converted one
  section at a time, each kept under build/cache/sections-<site>/ by its text, so that an edit
  of one plan converts one section of each page that lists it.

Each shortcut leaves the output as it is: tests/test_mkdocs_render.py compares every page of the
seed site and crafted pages with MkDocs's own Page.render. A pattern this module does not know
(a Markdown extension added to mkdocs.yml, another version of Python-Markdown) turns the inline
shortcut off."""
from __future__ import annotations

import hashlib
import logging
import pickle
import re
from pathlib import Path

import markdown
from markdown import inlinepatterns
from markdown.treeprocessors import InlineProcessor

SECTIONED = ("topics/", "agency-types/")      # pages made of one section per plan (generator/templates)
SECTIONED_MIN = 100_000                       # bytes of Markdown: below this, one conversion is quick
SECTION = re.compile(r"(?<=\n\n)(?=## [^\n]*\{#[^}\n]+\}\n)")
_END = "hbsectionend"
# an attribute name as Python's HTML parser finds it (after a quote, a space or a slash; before
# a space, a slash, `=` or `>`), lowercased: without one, the parser finds no anchor
ANCHOR_ATTRIBUTE = re.compile(r"(?<=['\"\s/])(?:id|name)(?=[\s/=>]|\Z)", re.IGNORECASE)

# the characters without which an inline pattern of Python-Markdown cannot match, by its regex
_NEEDS = {
    inlinepatterns.BACKTICK_RE: "`",
    inlinepatterns.ESCAPE_RE: "\\",
    inlinepatterns.LINK_RE: "[",                    # also REFERENCE_RE
    inlinepatterns.IMAGE_LINK_RE: "[",              # also IMAGE_REFERENCE_RE
    inlinepatterns.AUTOLINK_RE: "<",
    inlinepatterns.AUTOMAIL_RE: "<",
    inlinepatterns.HTML_RE: "<",
    inlinepatterns.ENTITY_RE: "&",
    inlinepatterns.LINE_BREAK_RE: "  \n",
}


def sections(markdown_text: str) -> list[str]:
    """A page split before each of its headings with an anchor of its own (## 地区 · 规划 {#plan-id}):
    the generator's topic and agency-type pages give one such section per plan, and nothing of one
    section (a list, a table, a block of HTML) runs into the next."""
    return SECTION.split(markdown_text)


def pattern_needs(md: markdown.Markdown) -> dict | None:
    """For each inline pattern of `md` (by id), the strings of which a text must hold one for the
    pattern to match; None when a pattern is not one this module knows."""
    delimiters = getattr(inlinepatterns, "DelimiterProcessor", ())       # Python-Markdown 3.11 on
    needs = {}
    for pattern in md.inlinePatterns:
        if isinstance(pattern, delimiters):
            needs[id(pattern)] = tuple(pattern.tokens)       # `*` and `_` (strong and emphasis)
        elif type(pattern).__module__ == inlinepatterns.__name__ and getattr(pattern, "pattern", None) in _NEEDS:
            needs[id(pattern)] = (_NEEDS[pattern.pattern],)
        else:
            return None
    return needs


def inline_triggers(needs: dict) -> re.Pattern:
    """A regex that finds, in a text, a string some pattern needs (pattern_needs)."""
    return re.compile("|".join(re.escape(n) for n in sorted({n for strings in needs.values() for n in strings})))


class _SkippingInline(InlineProcessor):
    """Python-Markdown's inline processor, which does not try a pattern on a text that lacks what
    the pattern needs, nor any pattern on a text that lacks what every pattern needs (trying
    them would leave the text as it is)."""

    def __init__(self, md, triggers: re.Pattern, needs: dict):
        super().__init__(md)
        self.triggers, self.needs = triggers, needs

    def _InlineProcessor__handleInline(self, data, patternIndex=0):
        if self.triggers.search(data) is None:
            return data
        return super()._InlineProcessor__handleInline(data, patternIndex)

    def _InlineProcessor__applyPattern(self, pattern, data, patternIndex, startIndex=0):
        for needed in self.needs[id(pattern)]:
            if needed in data:
                return super()._InlineProcessor__applyPattern(pattern, data, patternIndex, startIndex)
        return data, False, 0


def _raw_html_anchors():
    """MkDocs's _RawHTMLPreprocessor (anchors in raw HTML), which does not parse a page that has no
    attribute named id or name."""
    from mkdocs.structure.pages import _RawHTMLPreprocessor

    class Skipping(_RawHTMLPreprocessor):
        def run(self, lines):
            if ANCHOR_ATTRIBUTE.search("\n".join(lines)) is None:
                self.present_anchor_ids = set()
                return lines
            return super().run(lines)
    return Skipping()


class Converter:
    """Page.render's conversion on one Markdown instance for every page of this process."""

    def __init__(self, config, files):
        from mkdocs.structure.pages import (_ExtractAnchorsTreeprocessor, _ExtractTitleTreeprocessor,
                                            _RelativePathTreeprocessor)
        self.md = markdown.Markdown(extensions=config["markdown_extensions"],
                                    extension_configs=config["mdx_configs"] or {})
        needs = pattern_needs(self.md)
        if needs is not None:
            priority = next(p.priority for p in self.md.treeprocessors._priority if p.name == "inline")
            self.md.treeprocessors.register(_SkippingInline(self.md, inline_triggers(needs), needs), "inline",
                                            priority)
        self.raw_html = _raw_html_anchors()
        self.raw_html._register(self.md)
        self.anchors = _ExtractAnchorsTreeprocessor(None, files, config)
        self.anchors._register(self.md)
        self.relative = _RelativePathTreeprocessor(None, files, config)
        self.relative._register(self.md)
        self.title = _ExtractTitleTreeprocessor()
        self.title._register(self.md)
        self.config, self.files = config, files

    def convert(self, page, text: str) -> str:
        self.md.reset()
        self.relative.file = page.file
        self.raw_html.present_anchor_ids = set()
        self.anchors.present_anchor_ids = set()
        self.relative.links_to_anchors = {}
        self.title.title = None
        return self.md.convert(text)

    def render(self, page) -> None:
        """What Page.render sets on the page."""
        from mkdocs.structure.pages import get_toc
        page.content = self.convert(page, page.markdown)
        page.toc = get_toc(getattr(self.md, "toc_tokens", []))
        page._title_from_render = self.title.title
        page.present_anchor_ids = self.anchors.present_anchor_ids | self.raw_html.present_anchor_ids
        page.links_to_anchors = self.relative.links_to_anchors

    def section(self, page, text: str) -> tuple:
        """(HTML with the white space that follows it, flat table of contents, anchor ids, links
        to anchors by file, title) of one section of a page."""
        # a paragraph after the section keeps the white space a whole conversion puts before the
        # next section (Markdown.convert strips it from the end of its output)
        html = self.convert(page, text.rstrip("\n") + "\n\n" + _END)
        html = html[:html.rindex("<p>" + _END + "</p>")]
        flat = []

        def walk(tokens):
            for token in tokens:
                flat.append({k: v for k, v in token.items() if k != "children"})
                walk(token.get("children", ()))
        walk(getattr(self.md, "toc_tokens", []))
        links = {f.src_uri: dict(found) for f, found in self.relative.links_to_anchors.items()}
        return html, flat, self.anchors.present_anchor_ids | self.raw_html.present_anchor_ids, links, self.title.title


class WarningCounter(logging.Handler):
    """Counts the warnings MkDocs logs (a strict build fails on any)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


def render_by_sections(convert: Converter, page, kept_dir: Path, key: str) -> None:
    """Page.render for a page of many sections: each section is converted on its own and kept
    under `kept_dir` by its text (and `key`: the theme and the set of pages its links resolve
    against). The same HTML, table of contents, anchors and title as one conversion of the whole
    (tests/test_incremental.py compares them)."""
    from markdown.extensions.toc import nest_toc_tokens
    from mkdocs.structure.pages import get_toc
    from .buildcache import load_pickle, save_pickle
    path = kept_dir / (hashlib.sha1(page.file.src_uri.encode()).hexdigest() + ".pickle")
    kept = load_pickle(path, key) or {}
    counter = WarningCounter()
    logging.getLogger("mkdocs").addHandler(counter)
    texts = sections(page.markdown)
    keys = [hashlib.sha1(text.encode("utf-8")).digest() for text in texts]
    try:
        done = {}
        for text, digest in zip(texts, keys):
            if digest not in done:
                done[digest] = kept[digest] if digest in kept else convert.section(page, text)
    finally:
        logging.getLogger("mkdocs").removeHandler(counter)
    parts = [done[digest] for digest in keys]
    page.content = "".join(html for html, *_ in parts).strip()
    page.toc = get_toc(nest_toc_tokens([dict(t) for _h, flat, *_ in parts for t in flat]))
    page._title_from_render = parts[0][4]        # the title a whole conversion finds: its first element's
    page.present_anchor_ids = set().union(*(ids for _h, _f, ids, _l, _t in parts))
    links: dict = {}
    for _h, _f, _i, found, _t in parts:
        for uri, anchors in found.items():
            links.setdefault(uri, {}).update(anchors)
    page.links_to_anchors = {convert.files.get_file_from_path(uri): anchors for uri, anchors in links.items()}
    if counter.count == 0:           # a section that warned is converted again, to warn again
        try:
            save_pickle(path, key, done)
        except (OSError, pickle.PicklingError):
            pass
