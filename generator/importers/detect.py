"""Which format a file is, from its bytes (magic numbers), never from its name; what cannot be
imported is refused here with one sentence saying what it is and what to do."""
from __future__ import annotations

import io
import re
import struct
import zipfile

import olefile

from .common import MAX_BYTES, ImportRefused

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|title|body)\b", re.I | re.S)
IMAGES = {b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"II*\x00": "a TIFF image",
          b"MM\x00*": "a TIFF image", b"GIF8": "a GIF image"}
SAVE_AS = "open it in Word, WPS or LibreOffice and save it as .docx"


def detect(data: bytes, name: str) -> str:
    """html, docx, doc, wps or pdf; anything else raises ImportRefused."""
    if not data:
        raise ImportRefused(f"{name} is empty (0 bytes); download it again")
    if len(data) > MAX_BYTES:
        raise ImportRefused(f"{name} is {len(data) / 2**20:.0f} MB, over the {MAX_BYTES // 2**20} MB limit for one "
                            "plan; check that it is the plan itself and not a bundle of attachments")
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(OLE2):
        return _ole_format(data, name)
    if data.startswith(ZIP):
        return _zip_format(data, name)
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    if HTML_START.match(head) or re.search(rb"<html\b|<body\b", head, re.I):
        return "html"
    return _refuse_other(data, head, name)


def _ole_format(data: bytes, name: str) -> str:
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError) as exc:
        raise ImportRefused(f"{name} looks like a Word 97 or WPS file but is damaged ({exc}); {SAVE_AS}") from None
    streams = {"/".join(path) for path in ole.listdir()}
    if "EncryptedPackage" in streams:
        raise ImportRefused(f"{name} is a password-protected Office document; open it with its password and "
                            "save it again without one")
    if "WordDocument" in streams:
        flags = struct.unpack_from("<H", ole.openstream("WordDocument").read(12), 10)[0]
        if flags & 0x0100:        # FIB fEncrypted
            raise ImportRefused(f"{name} is a password-protected Word document; open it with its password "
                                "and save it again without one")
        return "wps" if name.lower().endswith(".wps") else "doc"
    if "Workbook" in streams or "Book" in streams:
        raise ImportRefused(f"{name} is an Excel workbook, not a plan; export the plan's own document instead")
    if "PowerPoint Document" in streams:
        raise ImportRefused(f"{name} is a PowerPoint presentation, not a plan document")
    raise ImportRefused(f"{name} is an OLE2 compound file but not a Word or WPS document; {SAVE_AS}")


def _zip_format(data: bytes, name: str) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile as exc:
        raise ImportRefused(f"{name} is a damaged ZIP file ({exc}); download it again or {SAVE_AS}") from None
    if "word/document.xml" in names:
        return "docx"
    if "OFD.xml" in names:
        what = "an OFD document (the Chinese fixed-layout format); export it to PDF with an OFD reader and add the PDF"
    elif "xl/workbook.xml" in names:
        what = "an Excel workbook, not a plan; export the plan's own document instead"
    elif "ppt/presentation.xml" in names:
        what = "a PowerPoint presentation, not a plan document"
    elif "mimetype" in names or "content.xml" in names:
        what = f"an OpenDocument file; {SAVE_AS}"
    else:
        what = "a ZIP archive, not a Word document (it has no word/document.xml); unpack it and add the plan inside"
    raise ImportRefused(f"{name} is {what}")


def _refuse_other(data: bytes, head: bytes, name: str) -> str:
    for magic, what in IMAGES.items():
        if data.startswith(magic):
            raise ImportRefused(f"{name} is {what}; a scan has no text to import: find the plan as a web page, "
                                "Word file or PDF with text")
    if head.startswith(b"{\\rtf"):
        raise ImportRefused(f"{name} is an RTF file; {SAVE_AS}")
    if head.startswith(b"MIME-Version:") or b"multipart/related" in head[:1024]:
        raise ImportRefused(f"{name} is a saved web archive (.mht); open the page in a browser and save it "
                            "as \"HTML only\", or give its address")
    if b"\x00" not in data[:4096] and _is_text(data):
        raise ImportRefused(f"{name} is plain text, which needs no import: save it as UTF-8 in "
                            "content/plans/<id>.txt")
    raise ImportRefused(f"{name} is not a web page, Word or WPS document or PDF (it starts with bytes "
                        f"{data[:8].hex(' ')}); export the plan to .docx or PDF")


def _is_text(data: bytes) -> bool:
    for encoding in ("utf-8", "gb18030"):
        try:
            data.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False
