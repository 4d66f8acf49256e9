"""Use both cores for the embarrassingly parallel parts of conversion (word cutting, page
rendering). Forked workers see the parent's objects without copying them, so callers pass
small items (indices) and let the function look the rest up; results come back in input
order, so the output does not depend on scheduling."""
from __future__ import annotations

import multiprocessing
import os

MIN_ITEMS = 400          # below this, starting processes costs more than it saves
_JOB = None


def _run(chunk):
    return [_JOB(item) for item in chunk]


def parallel_map(func, items: list, workers: int | None = None, min_items: int = MIN_ITEMS) -> list:
    """`min_items`: fewer items than this are done here (lower it for items that take long)."""
    global _JOB
    workers = workers or min(2, os.cpu_count() or 1)
    if workers < 2 or len(items) < max(2, min_items) or "fork" not in multiprocessing.get_all_start_methods():
        return [func(item) for item in items]
    _JOB = func
    size = (len(items) + workers * 4 - 1) // (workers * 4)
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        results = pool.map(_run, chunks)
    _JOB = None
    return [r for chunk in results for r in chunk]


def _one(item):
    return _JOB(item)


def parallel_iter(func, items: list, workers: int | None = None, min_items: int = MIN_ITEMS):
    """`func` of each item, yielded in input order as the workers finish them (for a progress
    bar), from one pool for the whole list: what a worker sets up on its first item (a word
    dictionary takes a second) is set up once per worker, not once per batch."""
    global _JOB
    workers = workers or min(2, os.cpu_count() or 1)
    if workers < 2 or len(items) < max(2, min_items) or "fork" not in multiprocessing.get_all_start_methods():
        yield from (func(item) for item in items)
        return
    _JOB = func
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield from pool.imap(_one, items)
    finally:
        _JOB = None
