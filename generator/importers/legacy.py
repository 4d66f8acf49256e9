"""Word 97 .doc and WPS .wps: LibreOffice (headless) saves them as .docx, which word.py reads."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from .common import ImportRefused, Imported
from .word import read_docx

TIMEOUT = 300
INSTALL = "apt-get install libreoffice-writer-nogui"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_legacy(data: bytes, name: str, fmt: str, progress=print) -> Imported:
    program = soffice()
    if program is None:
        raise ImportRefused(f"{name} is a Word 97/WPS file, which needs LibreOffice to read: install Debian's "
                            f"libreoffice-writer-nogui (`{INSTALL}`), or save the file as .docx")
    with tempfile.TemporaryDirectory(prefix="handbook-import-") as work:
        folder = Path(work)
        source = folder / "source.doc"           # both are Word 97 binaries inside; .doc picks LibreOffice's filter
        source.write_bytes(data)
        progress(f"converting {name} to .docx with LibreOffice (headless)…")
        started = time.perf_counter()
        try:
            run = subprocess.run([program, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                                  "--norestore", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder),
                                  str(source)], capture_output=True, text=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            raise ImportRefused(f"LibreOffice did not finish converting {name} within {TIMEOUT} s; open it in "
                                "Word, WPS or LibreOffice and save it as .docx") from None
        converted = folder / "source.docx"
        if run.returncode != 0 or not converted.exists():
            detail = (run.stderr or run.stdout).strip().splitlines()[-1:] or ["no output"]
            raise ImportRefused(f"LibreOffice could not open {name} ({detail[0]}); open it in Word or WPS and "
                                "save it as .docx") from None
        progress(f"LibreOffice converted {name} in {time.perf_counter() - started:.1f}s")
        return read_docx(converted.read_bytes(), name, fmt)
