"""The bytes of a source: a local file, or an http(s) address downloaded with a size cap."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import requests

from .common import MAX_BYTES, ImportRefused

TIMEOUT = (10, 60)          # connect, read (seconds)
USER_AGENT = "plan-handbook-import/1.0"


@dataclass
class Source:
    data: bytes
    name: str                  # as shown in messages: the path or the address
    url: str | None = None
    charset: str | None = None  # declared by the server


def is_url(source: str) -> bool:
    return re.match(r"^https?://", source, re.I) is not None


def load(source: str) -> Source:
    return download(source) if is_url(source) else read_file(source)


def read_file(source: str) -> Source:
    path = Path(source)
    if not path.is_file():
        raise ImportRefused(f"{source} does not exist or is not a file; give a file path or an http(s):// address")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ImportRefused(f"{source} is {size / 2**20:.0f} MB, over the {MAX_BYTES // 2**20} MB limit for one "
                            "plan; check that it is the plan itself and not a bundle of attachments")
    return Source(path.read_bytes(), source)


def download(url: str) -> Source:
    try:
        with requests.get(url, stream=True, timeout=TIMEOUT, headers={"User-Agent": USER_AGENT}) as response:
            if response.status_code != 200:
                raise ImportRefused(f"{url} answered HTTP {response.status_code} {response.reason}; check the "
                                    "address in a browser")
            declared = int(response.headers.get("Content-Length") or 0)
            if declared > MAX_BYTES:
                raise ImportRefused(_too_large(url, declared))
            chunks, size = [], 0
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > MAX_BYTES:
                    raise ImportRefused(_too_large(url, size, at_least=True))
                chunks.append(chunk)
            charset = _declared_charset(response.headers.get("Content-Type", ""))
            return Source(b"".join(chunks), url, response.url, charset)
    except requests.RequestException as exc:
        raise ImportRefused(f"{url} could not be downloaded ({type(exc).__name__}: {exc}); check the address, "
                            "or save the page or file and add it from disk") from None


def _too_large(url: str, size: int, at_least: bool = False) -> str:
    return (f"{url} is {'over ' if at_least else ''}{size / 2**20:.0f} MB, over the {MAX_BYTES // 2**20} MB limit "
            "for one plan; check that it is the plan itself and not a bundle of attachments")


def _declared_charset(content_type: str) -> str | None:
    m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", content_type, re.I)
    return m.group(1) if m else None
