"""Live preview: editing one plan re-renders that plan's pages and the pages that list all plans."""
import re
import shutil

from conftest import ROOT, make_root
from generator.cli import generate
from generator.pipeline import PreviewCache


def seed_root(tmp_path, name):
    root = make_root(tmp_path / name, {})
    for path in (ROOT / "content" / "plans").iterdir():
        shutil.copy(path, root / "content" / "plans" / path.name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def edit(root):
    path = root / "content" / "plans" / "minhou-2021.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("全面深化户籍制度改革", "全面深化户籍制度改革（预览）", 1),
                    encoding="utf-8")


def test_editing_one_plan_rerenders_only_what_depends_on_it(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")      # not the newest file's time, which the edit moves
    root = seed_root(tmp_path, "preview")
    cache = PreviewCache()
    generate(root, cache)
    assert len(cache.changed) == 5
    docs = root / "build" / "docs"
    other = docs / "plans" / "gaoqing-2022" / "4-1-1" / "index.md"
    stamp = other.stat().st_mtime_ns
    edit(root)
    capsys.readouterr()
    generate(root, cache)
    # the topic and agency-type pages that do not show the edited task are not rendered again
    unchanged = int(re.search(r"(\d+) pages found unchanged", capsys.readouterr().err).group(1))
    assert len(cache.rendered) and unchanged > len(list((docs / "topics").glob("*/index.md")))
    assert cache.changed == {"minhou-2021"}
    task_page = (docs / "plans" / "minhou-2021" / "2-1-1" / "index.md").read_text(encoding="utf-8")
    assert "全面深化户籍制度改革（预览）" in task_page
    assert other.stat().st_mtime_ns == stamp            # another plan's page was not touched

    # what the preview shows for the edited plan is what a full build gives
    full = seed_root(tmp_path, "full")
    edit(full)
    generate(full)
    for rel in ("plans/minhou-2021/2-1-1/index.md", "plans/minhou-2021/index.md", "index.md", "topics/hukou/index.md"):
        assert (docs / rel).read_bytes() == (full / "build" / "docs" / rel).read_bytes(), rel


def test_the_live_preview_rebuilds_only_what_a_save_changes(tmp_path, monkeypatch):
    """`serve` rebuilds by the same steps as `build`: after a save, the preview shows the edit on
    the page `build` gives, having rendered only the pages the edit changes."""
    from generator.build import build
    from generator.serve import Preview
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = seed_root(tmp_path, "serve")
    shutil.copytree(ROOT / "theme", root / "theme")
    preview = Preview(root)
    assert preview.rebuild()
    pages = len(list(preview.site.rglob("index.html")))
    edit(root)
    rendered = []
    import generator.mkdocs_build as mkdocs_build
    original = mkdocs_build.build

    def spy(*args, **kwargs):
        result = original(*args, **kwargs)
        rendered.append(result["built"])
        return result
    monkeypatch.setattr(mkdocs_build, "build", spy)
    page = "plans/minhou-2021/2-1-1/index.html"
    shown = []                  # when the preview shows the pages so far: the edit is on the page
    preview.publish = lambda final=False: shown.append(
        (final, "全面深化户籍制度改革（预览）" in (preview.site / page).read_text(encoding="utf-8"), len(rendered)))
    assert preview.rebuild()
    # the edited plan's own pages first, shown before the pages that list every plan follow
    assert rendered[0] and all(url.startswith(("plans/minhou-2021/", "units/minhou-2021/")) for url in rendered[0])
    assert shown == [(False, True, 1), (True, True, 2)]
    assert 0 < len(rendered[0] | rendered[1]) < pages / 10
    assert "全面深化户籍制度改革（预览）" in (preview.site / page).read_text(encoding="utf-8")
    assert build(root) == 0
    assert (preview.site / page).read_bytes() == (root / "site" / page).read_bytes()
    index = preview.site / "search" / "index" / "meta.json"
    assert index.read_bytes() == (root / "site" / "search" / "index" / "meta.json").read_bytes()
