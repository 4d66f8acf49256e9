"""Each seed plan published the way offices publish it (Word with automatic numbering, the same
printed to PDF and saved as .doc/.wps by LibreOffice, a government web page) and imported back:
no sentence lost, every numbering label leading its paragraph, the same tasks and units as the
.txt seed. Fixtures are made at test time by tests/build_fixtures.py."""
import os
import re

import pytest
import yaml

from bench.search import serve
from build_fixtures import FOOTNOTE, RUNNING_HEAD, TABLE_TEXT, TEXT_BOX, build
from conftest import ROOT, make_root
from generator.cli import main
from generator.importers import ImportRefused, load, read_source
from generator.importers.add import read_plan
from generator.importers.common import plan_text
from generator.importers.legacy import soffice
from generator.parse import classify
from generator.read import normalise
from generator.search_index import normalise as fold
from generator.site import sentences

OFFICE = soffice() is not None
if not OFFICE and os.environ.get("HANDBOOK_REQUIRE_LIBREOFFICE"):
    raise RuntimeError("LibreOffice is not installed: apt-get install libreoffice-writer-nogui fonts-noto-cjk")
needs_office = pytest.mark.skipif(not OFFICE, reason="LibreOffice is not installed "
                                                     "(apt-get install libreoffice-writer-nogui fonts-noto-cjk)")
SEEDS = sorted(p.stem for p in (ROOT / "content" / "plans").glob("*.txt"))
OFFICE_MADE = ("pdf", "doc", "wps")


def case(seed, fmt):
    return pytest.param(seed, fmt, marks=[needs_office] if fmt in OFFICE_MADE else [], id=f"{seed}.{fmt}")


@pytest.fixture(scope="session")
def fixtures(tmp_path_factory):
    folder = tmp_path_factory.mktemp("published")
    build(folder, [ROOT / "content" / "plans" / f"{seed}.txt" for seed in SEEDS], office=OFFICE)
    return folder


def imported_text(fixtures, name):
    imported = read_source(load(str(fixtures / name)), progress=lambda message: None)
    return imported, plan_text(imported.blocks)


def squeezed(text):
    return re.sub(r"\s+", "", fold(normalise(text)))


def tasks_and_units(plan):
    return [(task.title, [unit.name for unit in task.units]) for task in plan.tasks]


@pytest.mark.parametrize("seed, fmt", [case(s, f) for s in SEEDS for f in ("docx", "html", "pdf", "doc")]
                         + [case("yuzhou-2022", "wps")])
def test_seed_plan_comes_back_whole(fixtures, plans, seed, fmt):
    imported, text = imported_text(fixtures, f"{seed}.{fmt}")
    assert imported.format == fmt
    seed_plan = plans[seed]
    whole = squeezed(text)
    lost = [s for line in seed_plan.clean_lines for s in sentences(line) if squeezed(s) not in whole]
    assert lost == []
    starts = [squeezed(line) for line in text.splitlines()]
    numbered = [line for line in seed_plan.clean_lines if line and classify(line)]
    assert numbered and all(any(s.startswith(squeezed(line)[:30]) for s in starts) for line in numbered)
    yml = ROOT / "content" / "plans" / f"{seed}.yml"
    again = read_plan(ROOT, seed, text, yaml.safe_load(yml.read_text(encoding="utf-8")) if yml.exists() else None)
    assert tasks_and_units(again) == tasks_and_units(seed_plan)


# ---------------------------------------------------------------- the crafted task-division plan

@pytest.mark.parametrize("fmt", ["docx", "html", pytest.param("doc", marks=needs_office),
                                 pytest.param("wps", marks=needs_office)])
def test_task_division_table_keeps_merged_cells(fixtures, fmt):
    imported, text = imported_text(fixtures, f"task-division.{fmt}")
    assert f"附件：重点任务分工表\n\n{TABLE_TEXT}\n" in text
    assert len(imported.tables) == 1


@pytest.mark.parametrize("fmt", ["docx", pytest.param("doc", marks=needs_office)])
def test_word_footnotes_and_text_boxes_are_kept(fixtures, fmt):
    _, text = imported_text(fixtures, f"task-division.{fmt}")
    lines = text.splitlines()
    assert TEXT_BOX in lines and f"注1：{FOOTNOTE}" in lines
    assert lines[lines.index(f"注1：{FOOTNOTE}") - 1].startswith("1.建设城乡产业协同发展先行区")


@needs_office
def test_pdf_table_over_two_pages_is_one_table_without_the_repeated_header(fixtures):
    imported, text = imported_text(fixtures, "task-division.pdf")
    expected = [[re.sub(r"\s", "", c) for c in line.strip("|").split(" | ")]
                for line in TABLE_TEXT.splitlines() if not line.startswith("| ---")]
    assert len(imported.tables) == 1
    assert [[re.sub(r"\s", "", c) for c in row] for row in imported.tables[0].rows] == expected
    lines = text.splitlines()
    assert TEXT_BOX in lines and f"注1：{FOOTNOTE}" in lines and "先行区1" not in text
    assert not any(re.fullmatch(r"—\s*\d+\s*—", line) for line in lines) and RUNNING_HEAD not in text


@pytest.mark.parametrize("body_marked", [True, False], ids=["marked-body", "body-found-by-trafilatura"])
def test_government_page_chrome_stays_out_and_its_info_table_is_read(fixtures, tmp_path, body_marked):
    page = (fixtures / "task-division.html").read_bytes()
    if not body_marked:
        page = page.replace(b'class="TRS_Editor" id="zoom"', b'class="wz"')
        assert b'id="zoom"' not in page and b"TRS_Editor" not in page
    (tmp_path / "page.html").write_bytes(page)
    imported, text = imported_text(tmp_path, "page.html")
    assert f"附件：重点任务分工表\n\n{TABLE_TEXT}\n" in text
    for chrome in ("首页", "政务公开", "当前位置", "索引号", "打印", "关闭", "分享到", "扫一扫", "主办单位", "相关文件",
                   "浏览次数"):
        assert chrome not in text
    assert imported.meta == {"issuer": "测试县人民政府办公室", "date": "2023-03-15", "doc_number": "测政办〔2023〕5号",
                             "published": "2023-03-20",
                             "title": "测试县人民政府办公室关于印发测试县城乡融合发展重点任务分工方案的通知"}
    assert text.splitlines()[5] == "测试县人民政府办公室"        # the signature that repeats the first line


def test_add_from_an_address_reads_a_gb2312_page(fixtures, tmp_path, capsys):
    httpd, url = serve(fixtures)
    try:
        root = make_root(tmp_path, {})
        assert main(["--root", str(root), "add", url + "task-division.html"]) == 0
    finally:
        httpd.shutdown()
    plans = root / "content" / "plans"
    assert (plans / "ceshi-2023.txt").read_text(encoding="utf-8") == imported_text(fixtures, "task-division.html")[1]
    yml = yaml.safe_load((plans / "ceshi-2023.yml").read_text(encoding="utf-8"))
    assert yml["source_url"] == url + "task-division.html" and yml["source_format"] == "html"
    assert yml["published"].isoformat() == "2023-03-20"            # the page has it, the text does not
    assert "title" not in yml and "doc_number" not in yml            # the text has them
    assert "文号: 测政办〔2023〕5号" in capsys.readouterr().err


# ---------------------------------------------------------------- refusals leave content/ untouched

def snapshot(root):
    return {p.relative_to(root): p.read_bytes() for p in sorted((root / "content").rglob("*")) if p.is_file()}


def zip_named_docx(folder):
    import zipfile
    path = folder / "plan.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("plan.txt", "一、总体要求")
    return path


def empty_file(folder):
    path = folder / "plan.doc"
    path.write_bytes(b"")
    return path


def big_file(folder):
    path = folder / "plan.pdf"
    with open(path, "wb") as out:
        out.write(b"%PDF-1.7\n")
        out.truncate(50 * 2**20)
    return path


@pytest.mark.parametrize("make, says", [
    (lambda fixtures, tmp: fixtures / "scan.pdf", "has no text layer"),
    (lambda fixtures, tmp: fixtures / "encrypted.pdf", "encrypted PDF"),
    (lambda fixtures, tmp: zip_named_docx(tmp), "a ZIP archive, not a Word document"),
    (lambda fixtures, tmp: empty_file(tmp), "is empty"),
    (lambda fixtures, tmp: big_file(tmp), "over the 20 MB limit"),
], ids=["scan", "encrypted", "renamed-zip", "empty", "50MB"])
def test_bad_inputs_get_one_clear_message_and_change_nothing(fixtures, tmp_path, capsys, make, says):
    if "encrypted" in says and not OFFICE:
        pytest.skip("the encrypted PDF is made with LibreOffice")
    root = make_root(tmp_path / "project", {"keep-2024.txt": "一、保留\n"})
    before = snapshot(root)
    source = make(fixtures, tmp_path)
    assert main(["--root", str(root), "add", str(source)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: {source} ") and says in err[0]
    assert snapshot(root) == before


def test_refusal_raises_for_library_callers(fixtures):
    with pytest.raises(ImportRefused, match="has no text layer"):
        read_source(load(str(fixtures / "scan.pdf")))
