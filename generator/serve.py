"""Live preview: the site built by the same incremental steps as `build` (generator/build.py),
into build/preview, served by MkDocs's live-reload server. A save under content/ (or in
theme/, mkdocs.yml) reads again only the plans it changes, renders only the pages that can
differ, lets MkDocs render only the pages whose Markdown changed, and reloads the browser; the
search index follows."""
from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from .pipeline import BuildCache, ContentError

PREVIEW = Path("build") / "preview"
POLL = 0.2                  # seconds between looks at the watched files


class Preview:
    """One preview: the model, the search index and the MkDocs state kept in memory."""

    def __init__(self, root: Path):
        self.root = root
        self.site = root / PREVIEW
        self.cache = BuildCache()
        self.index_memory: dict = {}
        self.mkdocs_memory: dict = {}
        self.theme = None
        self.dropped = False
        self.publish = None          # shows what is built so far (the live-reload server's)

    def close(self) -> None:
        """Save the model cache, which matches build/docs as the preview left it."""
        from .build import save_model_cache
        if self.dropped and self.cache.knowledge_key:
            save_model_cache(self.root, self.cache)

    def rebuild(self) -> bool:
        from . import buildcache
        from .build import log, theme_key_of
        from .cli import generate, index_built_site, read_handbook, write_own_pages
        from .mkdocs_build import build
        started = time.perf_counter()
        if not self.dropped:
            # build/docs is about to change: until `close` saves the preview's model cache, the
            # next build finds none and reads every plan again (saving it on every save took long)
            buildcache.remove(buildcache.cache_dir(self.root) / "model.pickle")
            self.dropped = True
        try:
            handbook = read_handbook(self.root, self.cache)
        except ContentError as exc:
            for d in exc.diagnostics:
                log(str(d))
            return False
        theme = theme_key_of(self.root)
        clean = theme != self.theme
        built, shown = set(), False
        # first the edited plans' own pages, shown (the browser reloads) before the pages that
        # list every plan, the data and the search index follow
        if not clean and write_own_pages(self.root, handbook, self.cache):
            first = build(self.root, clean=False, strict=False, site_dir=self.site, memory=self.mkdocs_memory,
                          partial=True)
            built |= first["built"]
            if self.publish is not None:
                self.publish()
                shown = True
            log(f"preview: the edited plan's pages shown in {time.perf_counter() - started:.1f}s")
        generate(self.root, self.cache, handbook=handbook)
        errors = [d for d in handbook.diagnostics if d.level == "error"]
        for d in errors:
            log(str(d))
        result = build(self.root, clean=clean, strict=False, site_dir=self.site, memory=self.mkdocs_memory)
        self.theme = theme
        built |= result["built"]
        index_built_site(self.root, self.site, None if result["clean"] else built, memory=self.index_memory)
        if shown:
            self.publish(final=True)
        log(f"preview rebuilt in {time.perf_counter() - started:.1f}s ({len(built)} pages rendered)")
        return not errors


def serve(root: Path, dev_addr: str) -> int:
    from mkdocs.livereload import LiveReloadServer, _timestamp
    from .site import mkdocs_config
    preview = Preview(root)
    preview.rebuild()
    host, _, port = dev_addr.rpartition(":")
    mount = urlsplit(mkdocs_config(root).get("site_url") or "/").path or "/"
    logging.getLogger("mkdocs.livereload").setLevel(logging.WARNING)
    server = LiveReloadServer(builder=preview.rebuild, host=host, port=int(port), root=str(preview.site),
                              mount_path=mount, polling_interval=POLL)

    def publish(final: bool = False):
        """Before the rebuild ends: what LiveReloadServer does when it ends (serve the pages,
        reload the browsers); at its end, a new version, so that the server reloads them again."""
        with server._epoch_cond:
            if final:
                server._wanted_epoch = max(_timestamp(), server._visible_epoch + 1)
            else:
                server._visible_epoch = server._wanted_epoch
                server._epoch_cond.notify_all()
    preview.publish = publish
    for path in (root / "content", root / "theme", root / "mkdocs.yml"):
        if path.exists():
            server.watch(str(path))
    print(f"serving the preview on {server.url} (Ctrl+C stops)", file=sys.stderr, flush=True)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        preview.close()
    return 0
