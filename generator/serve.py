"""Live preview: regenerate pages when content/ changes and let `mkdocs serve` reload them.

Only files whose bytes changed are rewritten, so MkDocs (run with --dirty) rebuilds just
the pages that depend on the edit."""
from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from .pipeline import ContentError
from .site import source_date_epoch


def index_for_preview(root: Path) -> None:
    """`mkdocs serve` builds into a folder of its own, so the preview's search index is made
    from the generated Markdown (converted as MkDocs would) and placed in the docs folder."""
    import json

    import markdown

    from .search_index import build_index, indexed_text
    from .site import MARKDOWN_EXTENSIONS
    from .urls import page_path
    docs = root / "build" / "docs"
    sidecar = json.loads((root / "build" / "search-records.json").read_text(encoding="utf-8"))
    md = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS)

    def text_of(url: str) -> str:
        text = (docs / page_path(url)).read_text(encoding="utf-8")
        text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
        return indexed_text("<article>" + md.reset().convert(text) + "</article>")
    # built aside and swapped in, so that MkDocs never copies a half-written index
    staging = root / "build" / "search-index-staging"
    build_index(sidecar["records"], sidecar["labels"], text_of, staging)
    target, old = docs / "search" / "index", root / "build" / "search-index-old"
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


class _Regenerate(FileSystemEventHandler):
    def __init__(self, root: Path, cache):
        self.root = root
        self.cache = cache
        self.timer: threading.Timer | None = None
        self.indexer = None
        self.lock = threading.Lock()

    def on_any_event(self, event):
        # only writes: watchdog also reports files being opened and read, by this very process
        if event.event_type not in ("created", "modified", "deleted", "moved", "closed"):
            return
        if event.is_directory or not str(event.src_path).endswith((".txt", ".yml")):
            return
        if self.timer:
            self.timer.cancel()
        self.timer = threading.Timer(0.2, self.run)     # one rebuild for a burst of saves
        self.timer.start()

    def run(self):
        with self.lock:              # one regeneration at a time; a later save waits its turn
            self._run()

    def _run(self):
        from .cli import generate, log
        try:
            handbook = generate(self.root, self.cache)
            # in another process, one at a time: it must not hold up the next regeneration
            if self.indexer is not None and self.indexer.is_alive():
                self.indexer.terminate()
                self.indexer.join()
            self.indexer = multiprocessing.get_context("spawn").Process(
                target=index_for_preview, args=(self.root,), daemon=True)
            self.indexer.start()
            for d in handbook.diagnostics:
                if d.level == "error":
                    log(str(d))
        except ContentError as exc:
            for d in exc.diagnostics:
                log(str(d))
        except Exception as exc:       # keep serving; show the problem in the terminal
            log(f"regeneration failed: {exc!r}")


def serve(root: Path, dev_addr: str) -> int:
    from .cli import generate
    from .pipeline import PreviewCache
    cache = PreviewCache()
    generate(root, cache)
    index_for_preview(root)
    observer = Observer()
    observer.schedule(_Regenerate(root, cache), str(root / "content"), recursive=True)
    observer.start()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=source_date_epoch(root))
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", dev_addr, "-f", str(root / "mkdocs.yml")]
    process = subprocess.Popen(command, cwd=root, env=env)
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        time.sleep(0.5)
        return 0
    finally:
        observer.stop()
        observer.join()
