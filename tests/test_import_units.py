"""Importer building blocks on crafted inputs: numbering, tables, format detection, refusals, `add`."""
import io
import zipfile

import docx
import pytest

from conftest import make_root
from generator.cli import main
from generator.importers import ImportRefused, detect
from generator.importers.common import SpanCell, Table, markdown_table, plan_text, resolve_spans
from generator.importers.numbering import chinese_counting
from generator.importers.word import read_docx


@pytest.mark.parametrize("n, printed", [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (23, "二十三"),
                                        (100, "一百"), (110, "一百一十"), (105, "一百〇五")])
def test_chinese_counting(n, printed):
    assert chinese_counting(n) == printed


def test_vertical_merges_repeat_and_a_full_width_row_keeps_its_text_in_the_first_cell():
    table = resolve_spans([
        [SpanCell("序号"), SpanCell("任务"), SpanCell("牵头单位")],
        [SpanCell("一、产业发展", cols=3)],
        [SpanCell("1"), SpanCell("甲"), SpanCell("县发改局", rows=2)],
        [SpanCell("2"), SpanCell("乙")],
        [SpanCell("3"), SpanCell("丙丁", cols=2)],
    ])
    assert table.rows == [["序号", "任务", "牵头单位"], ["一、产业发展", "", ""], ["1", "甲", "县发改局"],
                          ["2", "乙", "县发改局"], ["3", "丙丁", "丙丁"]]


def test_pipe_table_escapes_bars_and_joins_lines():
    lines = markdown_table(Table([["A", "B"], ["甲|乙", "第一段\n第二段"]]))
    assert lines == ["| A | B |", "| --- | --- |", "| 甲\\|乙 | 第一段 第二段 |"]
    text = plan_text(["附件1", Table([["A", "B"], ["1", "2"]]), "说明。"])
    assert text == "附件1\n\n| A | B |\n| --- | --- |\n| 1 | 2 |\n\n说明。\n"


def test_plan_text_normalises_pdf_look_alikes():
    assert plan_text(["⽼年人\ufb01le\u3000服务"]) == "老年人file 服务\n"


def word_file(build) -> bytes:
    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_tables_and_paragraph_order():
    def build(document):
        document.add_paragraph("一、重点任务")
        table = document.add_table(rows=3, cols=2)
        for r, row in enumerate([["任务", "牵头单位"], ["建机制", "县财政局"], ["强保障", ""]]):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        table.cell(1, 1).merge(table.cell(2, 1))
        document.add_paragraph("二、保障措施")
    imported = read_docx(word_file(build), "t.docx")
    assert imported.blocks[0] == "一、重点任务" and imported.blocks[2] == "二、保障措施"
    assert imported.blocks[1].rows == [["任务", "牵头单位"], ["建机制", "县财政局"], ["强保障", "县财政局"]]


@pytest.mark.parametrize("data, says", [
    (b"", "is empty"),
    (b"x" * (21 * 2**20), "over the 20 MB limit"),
    (b"PK\x03\x04" + b"\0" * 40, "damaged ZIP"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "a scan has no text"),
    ("一、总体要求\n（一）指导思想\n".encode("gb18030"), "plain text"),
    (b"{\\rtf1\\ansi hello}", "RTF"),
    (b"\x7fELF\x02\x01\x01" + b"\0" * 40, "not a web page, Word or WPS document or PDF"),
])
def test_unsupported_inputs_are_refused_with_one_sentence(data, says):
    with pytest.raises(ImportRefused) as refused:
        detect(data, "in.bin")
    message = str(refused.value)
    assert says in message and message.startswith("in.bin ") and "\n" not in message


def zip_with(names) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return out.getvalue()


def test_renamed_zips_are_told_apart():
    assert detect(zip_with(["[Content_Types].xml", "word/document.xml"]), "a.pdf") == "docx"
    for names, says in ((["data.csv"], "no word/document.xml"), (["OFD.xml"], "OFD"),
                        (["xl/workbook.xml"], "Excel")):
        with pytest.raises(ImportRefused, match=says):
            detect(zip_with(names), "a.docx")


def test_html_and_pdf_by_content_not_name():
    assert detect(b"\xef\xbb\xbf<!DOCTYPE html><html><body>x</body></html>", "a.doc") == "html"
    assert detect(b"<!-- saved --><html>", "a.txt") == "html"
    assert detect(b"%PDF-1.7\n...", "a.html") == "pdf"


# ---------------------------------------------------------------- the add command

PLAN = word_file(lambda d: [d.add_paragraph(t) for t in (
    "测试县人民政府", "测试县城乡融合发展实施方案", "2024年1月2日", "一、重点任务",
    "（一）建立机制。完善制度。（责任单位：县财政局、县民政局）", "（二）强化保障。加强监督。（责任单位：县审计局）")])


def run_add(root, *args):
    return main(["--root", str(root), "add", *map(str, args)])


def test_add_writes_both_files_with_provenance_and_a_default_id(tmp_path, capsys):
    root = make_root(tmp_path / "p", {})
    source = tmp_path / "plan.docx"
    source.write_bytes(PLAN)
    assert run_add(root, source) == 0
    txt = (root / "content" / "plans" / "ceshi-2024.txt").read_text(encoding="utf-8")
    assert txt.splitlines()[3:5] == ["一、重点任务", "（一）建立机制。完善制度。（责任单位：县财政局、县民政局）"]
    yml = (root / "content" / "plans" / "ceshi-2024.yml").read_text(encoding="utf-8")
    assert "source_format: docx\n" in yml and f"source_size: {len(PLAN)}\n" in yml
    assert "source_sha256: " in yml and "\nadded: 20" in yml
    err = capsys.readouterr().err
    assert "tasks: 2, units: 3 task–unit links" in err and "check: 0 problems" in err
    assert main(["--root", str(root), "check"]) == 0          # check accepts the provenance keys


def test_add_refuses_to_overwrite_and_dry_run_writes_nothing(tmp_path, capsys):
    root = make_root(tmp_path / "p", {"ceshi-2024.txt": "旧文本\n"})
    source = tmp_path / "plan.docx"
    source.write_bytes(PLAN)
    assert run_add(root, source) == 1
    assert "content/plans/ceshi-2024.txt already exists" in capsys.readouterr().err
    assert run_add(root, source, "--id", "ceshi-new", "--dry-run") == 0
    out = capsys.readouterr().out
    assert "--- would write content/plans/ceshi-new.txt\n测试县人民政府\n" in out
    assert sorted(p.name for p in (root / "content" / "plans").iterdir()) == ["ceshi-2024.txt"]
    assert run_add(root, source, "--force") == 0
    assert (root / "content" / "plans" / "ceshi-2024.txt").read_text(encoding="utf-8").startswith("测试县人民政府")


@pytest.mark.parametrize("plan_id", ["Minhou", "min_hou", "-a", "a" * 65])
def test_bad_ids_are_refused(tmp_path, capsys, plan_id):
    root = make_root(tmp_path / "p", {})
    source = tmp_path / "plan.docx"
    source.write_bytes(PLAN)
    assert run_add(root, source, f"--id={plan_id}") == 1
    assert "must be lower-case letters and digits" in capsys.readouterr().err
    assert not list((root / "content" / "plans").iterdir())
