"""Bring a plan in as it is published: a web page (file or address), Word .docx, Word 97 .doc,
WPS .wps or PDF, read into paragraphs and tables (see common.plan_text for the text form)."""
from __future__ import annotations

from .common import FORMATS, ImportRefused, Imported
from .detect import detect
from .fetch import Source, load


def read_source(source: Source, progress=print) -> Imported:
    """The document in `source`, by the format its bytes show."""
    fmt = detect(source.data, source.name)
    if fmt == "html":
        from .html_page import read_html
        return read_html(source.data, source.name, source.charset)
    if fmt == "docx":
        from .word import read_docx
        return read_docx(source.data, source.name)
    if fmt in ("doc", "wps"):
        from .legacy import read_legacy
        return read_legacy(source.data, source.name, fmt, progress)
    from .pdf import read_pdf
    return read_pdf(source.data, source.name, progress)


__all__ = ["FORMATS", "ImportRefused", "Imported", "Source", "detect", "load", "read_source"]
