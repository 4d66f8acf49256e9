"""The pages' texts that the search index keeps between builds, in one file that a build appends
to (build/cache/search-<site>.texts), so that an edit reads and writes the texts of the pages it
changes, not the texts of every page (166 MB at 1,000 plans).

The file starts with a random identity that the index's state (generator/search_build.py)
records with the file's length; entries are found by (offset, length). A file that does not
match its state is not used: the index is then built from scratch, with a new file."""
from __future__ import annotations

import os
from pathlib import Path

IDENTITY = 16                   # bytes of identity at the start of the file
SPARE = 64 << 20                # a store is rewritten once its replaced bytes exceed its live ones by this


class TextStore:
    def __init__(self, path: Path, fd: int, identity: bytes, size: int):
        self.path, self.fd, self.identity, self.size = path, fd, identity, size

    @classmethod
    def create(cls, path: Path) -> TextStore:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
        identity = os.urandom(IDENTITY)
        os.write(fd, identity)
        return cls(path, fd, identity, IDENTITY)

    @classmethod
    def reopen(cls, path: Path, identity: bytes, size: int) -> TextStore | None:
        """The file a state recorded, cut back to the length it had then; None if it is another."""
        try:
            fd = os.open(path, os.O_RDWR)
        except OSError:
            return None
        if os.pread(fd, IDENTITY, 0) != identity or os.fstat(fd).st_size < size:
            os.close(fd)
            return None
        os.ftruncate(fd, size)
        return cls(path, fd, identity, size)

    def read(self, at: tuple[int, int]) -> bytes:
        """An entry (os.pread: forked workers share the descriptor, not a position)."""
        return os.pread(self.fd, at[1], at[0])

    def append(self, data: bytes) -> tuple[int, int]:
        at = (self.size, len(data))
        os.pwrite(self.fd, data, self.size)
        self.size += len(data)
        return at

    def compact(self, entries: dict) -> dict:
        """A new file holding only `entries` (key → (offset, length)) when the old one is mostly
        entries replaced since; returns where they are now."""
        live = sum(size for _offset, size in entries.values())
        if self.size < 2 * live + SPARE:
            return entries
        new = TextStore.create(self.path.with_name(self.path.name + ".new"))
        moved = {key: new.append(self.read(at)) for key, at in entries.items()}
        os.replace(new.path, self.path)
        os.close(self.fd)
        self.fd, self.identity, self.size, new.path = new.fd, new.identity, new.size, self.path
        return moved

    def close(self) -> None:
        os.close(self.fd)
