"""Progress of the long stages of a build: a bar in a terminal (tqdm), plain lines in CI logs and
anywhere else output is not a terminal (a bar's carriage returns make a log unreadable)."""
from __future__ import annotations

import os
import sys

MIN_ITEMS = 200            # shorter stages say nothing
STEPS = 10                 # plain lines: one every tenth of the way


class Progress:
    def __init__(self, label: str, total: int, unit: str = "", stream=None):
        self.label, self.total, self.unit = label, total, unit
        self.stream = stream or sys.stderr
        self.done = 0
        self.bar = None
        self.said = 0
        if total >= MIN_ITEMS and self.stream.isatty() and not os.environ.get("CI"):
            from tqdm import tqdm
            self.bar = tqdm(total=total, desc=label, unit=f" {unit}" if unit else "it", file=self.stream,
                            leave=False, dynamic_ncols=True)

    def update(self, count: int = 1) -> None:
        self.done += count
        if self.bar is not None:
            self.bar.update(count)
        elif self.total >= MIN_ITEMS:
            step = self.done * STEPS // self.total
            if step > self.said:
                self.said = step
                print(f"{self.label}: {self.done}/{self.total} {self.unit}".rstrip(), file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
