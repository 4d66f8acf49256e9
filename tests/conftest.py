import shutil
from pathlib import Path

import pytest

from generator.cli import generate, index_built_site
from generator.pipeline import build_handbook
from generator.site import run_mkdocs

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def handbook():
    """The model built from the real seed plans in content/."""
    return build_handbook(ROOT)


@pytest.fixture(scope="session")
def plans(handbook):
    return {p.id: p for p in handbook.plans}


def say(request, message: str) -> None:
    """A line on the terminal while the tests run (slow set-up says what it is doing)."""
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"[set-up] {message}")


@pytest.fixture(scope="session")
def built_site(request):
    """`python -m generator build` of the real content: generated pages, then MkDocs --strict."""
    say(request, "building the seed plans' site: pages, MkDocs --strict, search index …")
    handbook = generate(ROOT)
    assert run_mkdocs(ROOT, strict=True) == 0, "mkdocs build --strict failed"
    stats = index_built_site(ROOT, ROOT / "site")
    say(request, f"site/ built: {len(handbook.tasks)} tasks, {len(handbook.units)} units, {stats['pages']} pages indexed")
    return handbook, ROOT / "site"


@pytest.fixture(scope="session")
def zensical_site(request, tmp_path_factory):
    """The seed plans' site built by `python -m generator build --engine zensical`, in a copy of the
    project dated like this checkout (so that its data and feed equal the MkDocs build's)."""
    from generator.build import build
    from generator.site import source_date_epoch
    say(request, "building the seed plans' site with Zensical …")
    root = make_root(tmp_path_factory.mktemp("zensical"), {})
    for path in (ROOT / "content" / "plans").iterdir():
        shutil.copy(path, root / "content" / "plans" / path.name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", root / "theme")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", source_date_epoch(ROOT))
        assert build(root, "zensical", full=True) == 0
    return root / "site"


def make_root(tmp_path: Path, plans: dict[str, bytes | str]) -> Path:
    """A throw-away project: the real content/*.yml knowledge plus crafted plan files."""
    (tmp_path / "content" / "plans").mkdir(parents=True)
    for yml in (ROOT / "content").glob("*.yml"):
        shutil.copy(yml, tmp_path / "content" / yml.name)
    for name, text in plans.items():
        data = text.encode("utf-8") if isinstance(text, str) else text
        (tmp_path / "content" / "plans" / name).write_bytes(data)
    return tmp_path


def task_by_title(plan, title):
    return next(t for t in plan.tasks if t.title == title)


def wrapped(text: str, width: int = 28) -> str:
    """A text as copied line by line from a printed page: every line broken at `width` characters."""
    out = []
    for line in text.split("\n"):
        while len(line) > width:
            out.append(line[:width])
            line = line[width:]
        out.append(line)
    return "\n".join(out)
