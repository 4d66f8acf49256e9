"""What one build keeps for the next under build/cache/: the model cache (pickled: only this
build's own files are ever unpickled, never anything from content/) and small JSON states.

Every file carries the generator's code version, so that a change to the code starts over; a
file that does not load (missing, corrupt, another version) is ignored, and every file is
written atomically (a temporary file renamed over the old one), so that an interrupted build
leaves the old file or the new one."""
from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

GENERATOR = Path(__file__).resolve().parent
FORMAT = 1


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the generator's code, templates and schemas, and of the versions of the
    libraries whose output the build keeps."""
    from importlib import metadata
    digest = hashlib.sha1(f"format {FORMAT}".encode())
    for path in sorted(GENERATOR.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".j2", ".json"):
            digest.update(path.relative_to(GENERATOR).as_posix().encode() + b"\0" + path.read_bytes())
    for package in ("jieba", "pypinyin", "Jinja2", "mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions"):
        try:
            digest.update(f"{package} {metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(package.encode())
    return digest.hexdigest()


def cache_dir(root: Path) -> Path:
    return root / "build" / "cache"


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def load_pickle(path: Path, key: str):
    """The object saved under `key` (the code version and whatever else it depends on), or None."""
    try:
        with open(path, "rb") as handle:
            if handle.readline().decode().strip() != key:
                return None
            gc.disable()             # unpickling millions of objects: the collector only slows it
            try:
                return pickle.load(handle)
            finally:
                gc.enable()
    except Exception:                # missing, truncated, corrupt, a class that changed: start over
        return None


def save_pickle(path: Path, key: str, value) -> None:
    write_atomic(path, key.encode() + b"\n" + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


_SAVING: list[int] = []
_FAILED: list[int] = []


def save_pickle_in_background(path: Path, key: str, value) -> None:
    """save_pickle in a forked child, so that the build goes on meanwhile; `wait_for_saves`
    before the build ends (a next build must find the new file). A file written this way is
    replaced whole or not at all (write_atomic)."""
    if not hasattr(os, "fork"):
        return save_pickle(path, key, value)
    _reap(os.WNOHANG)                   # the children of earlier builds of a live preview
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            save_pickle(path, key, value)
            status = 0
        finally:
            os._exit(status)
    _SAVING.append(pid)


def _reap(options: int) -> None:
    for pid in list(_SAVING):
        done, status = os.waitpid(pid, options)
        if done:
            _SAVING.remove(pid)
            if status != 0:
                _FAILED.append(pid)


def wait_for_saves() -> bool:
    """Wait for the background saves; False if one failed since the last call (its file is then
    the old one or none)."""
    _reap(0)
    ok = not _FAILED
    _FAILED.clear()
    return ok


def load_json(path: Path, key: str) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except Exception:
        return None
    return data if isinstance(data, dict) and data.get("key") == key else None


def save_json(path: Path, key: str, value: dict) -> None:
    write_atomic(path, json.dumps(dict(value, key=key), ensure_ascii=False, sort_keys=True).encode("utf-8"))


def remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
