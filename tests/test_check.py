"""`python -m generator check`: every problem with its file and line, all at once."""
import codecs
import shutil

import pytest

from conftest import ROOT, make_root
from generator.cli import check_lines, generate
from generator.pipeline import build_handbook

GOOD = "测试县人民政府\n测试县实施方案\n一、重点任务\n（一）第一组\n1.任务甲。内容。（责任单位：县财政局）\n2.任务乙。内容。（责任单位：县民政局）\n"


def lines_of(root, strict=False):
    lines, status = check_lines(root, strict)
    return [l for l in lines if ": removed: " not in l], status


def test_clean_content_passes(tmp_path):
    lines, status = lines_of(make_root(tmp_path, {"test-2024.txt": GOOD}))
    assert status == 0 and lines[-1] == "0 errors, 1 warnings"     # no date in the text
    assert lines[0] == "content/plans/test-2024.txt:1: warning: no date found in the text; add `date:` to content/plans/test-2024.yml"


def test_undecodable_file_names_file_and_line(tmp_path):
    data = "一、任务\n".encode("utf-8") + b"\xff\xfe\xfd\x80\n"
    lines, status = lines_of(make_root(tmp_path, {"bad-2024.txt": data}))
    assert status == 1
    assert lines[0].startswith("content/plans/bad-2024.txt:2: error: content/plans/bad-2024.txt is neither UTF-8 nor "
                               "Chinese GB18030")
    assert "iconv" in lines[0]


@pytest.mark.parametrize("encode", [
    lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    lambda t: t.encode("gb18030"),
    lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    lambda t: t.replace("\n", "\r").encode("utf-8"),
])
def test_encodings_and_line_ends_give_the_same_plan(tmp_path, encode):
    root = make_root(tmp_path, {"enc-2024.txt": encode(GOOD)})
    plan = build_handbook(root).plans[0]
    assert [t.title for t in plan.tasks] == ["任务甲", "任务乙"]
    assert [u.name for t in plan.tasks for u in t.units] == ["县财政局", "县民政局"]


def test_damaged_text_is_an_error_with_its_line(tmp_path):
    lines, status = lines_of(make_root(tmp_path, {"moji-2024.txt": GOOD + "3.任务丙。é”Ÿæ–¤æ‹·\n4.任务丁。\ufffd\n"}))
    assert status == 1
    assert any(l.startswith("content/plans/moji-2024.txt:7: error: looks like text decoded with the wrong encoding") for l in lines)
    assert any(l.startswith("content/plans/moji-2024.txt:8: error: contains U+FFFD") for l in lines)


def test_yaml_that_does_not_parse_is_reported_with_its_line(tmp_path):
    root = make_root(tmp_path, {"test-2024.txt": GOOD})
    (root / "content" / "units.yml").write_text("abbreviations:\n  人社局: 人力资源和社会保障局\n  bad: [unclosed\ntypes: []\n",
                                                encoding="utf-8")
    lines, status = lines_of(root)
    assert status == 1
    assert any(l.startswith("content/units.yml:4: error: YAML does not parse") for l in lines)
    # the plans are still checked
    assert any(l.startswith("content/plans/test-2024.txt:") for l in lines)


def test_plan_yml_unknown_key_and_malformed_values(tmp_path):
    root = make_root(tmp_path, {"test-2024.txt": GOOD,
                                "test-2024.yml": "title: 测试\nauthor: 某人\ndate: 2022年2月\ndoc_number: 第三号\n"})
    lines, status = lines_of(root)
    assert status == 1
    assert "content/plans/test-2024.yml:2: error: unknown key 'author'; known keys: added, corrections, date, doc_number, issuer, locality, published, source_format, source_sha256, " \
           "source_size, source_url, status, title" in lines
    assert "content/plans/test-2024.yml:3: error: date '2022年2月' is not a real date as YYYY, YYYY-MM or YYYY-MM-DD" in lines
    assert "content/plans/test-2024.yml:4: error: doc_number '第三号' does not look like 禹政办〔2022〕3号" in lines


def test_structure_warnings(tmp_path):
    text = ("测试县人民政府\n2024年1月2日\n测试县实施方案\n一、总体要求\n（一）指导思想。正文。（责任单位：县财政局）\n"
            "二、重点任务\n（一）第一组\n1.任务甲。内容。（责任单位：县财政局）\n1.任务乙。内容。（责任单位：县奇怪所）\n"
            "3.任务丙。内容。\n")
    lines, status = lines_of(make_root(tmp_path, {"test-2024.txt": text}))
    assert status == 0
    assert lines[:-1] == [
        "content/plans/test-2024.txt:5: warning: unit list in “指导思想”, a part that holds no tasks (see non_task_parts "
        "in content/structure.yml): its units are not attached to any task",
        "content/plans/test-2024.txt:9: warning: numbering repeats: 1. after 1.",
        "content/plans/test-2024.txt:9: warning: task number 2-1-1 repeats an earlier one; this task gets the id 2-1-1-2",
        "content/plans/test-2024.txt:9: warning: unit '县奇怪所' has no agency type; add a keyword to content/units.yml",
        "content/plans/test-2024.txt:10: warning: numbering skips: 3. after 1.",
        "content/plans/test-2024.txt:10: warning: task 3.任务丙 names no responsible unit, while 2 of 3 tasks in this plan do",
    ]


def test_bad_plan_file_name(tmp_path):
    lines, status = lines_of(make_root(tmp_path, {"Test Plan.txt": GOOD}))
    assert status == 1 and lines[0].startswith("content/plans/Test Plan.txt:1: error: plan id 'Test Plan'")


def seed_copy(tmp_path):
    root = make_root(tmp_path, {})
    for path in (ROOT / "content" / "plans").iterdir():
        shutil.copy(path, root / "content" / "plans" / path.name)
    for name in ("accepted-warnings.yml", "task-ids.txt"):
        shutil.copy(ROOT / "content" / name, root / "content" / name)
    return root


def edit(root, plan, old, new):
    path = root / "content" / "plans" / plan
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_seed_content_passes_the_strict_check():
    lines, status = check_lines(ROOT, strict=True)
    assert status == 0, "\n".join(lines)


def test_a_broken_unit_name_fails_the_strict_check_at_its_line(tmp_path):
    root = seed_copy(tmp_path)
    edit(root, "minhou-2021.txt", "责任单位:县公安局、人社局", "责任单位:县公安局、人设局")
    lines, status = lines_of(root, strict=True)
    assert status == 1
    assert "content/plans/minhou-2021.txt:32: error: unit '县人设局' has no agency type; add a keyword to " \
           "content/units.yml (a new warning: --strict treats it as an error)" in lines


def test_a_broken_number_fails_the_strict_check_at_its_line(tmp_path):
    root = seed_copy(tmp_path)
    edit(root, "minhou-2021.txt", "3.健全人才入乡激励机制", "5.健全人才入乡激励机制")
    lines, status = lines_of(root, strict=True)
    assert status == 1
    assert "content/plans/minhou-2021.txt:40: error: numbering skips: 5. after 2. (a new warning: --strict treats it as an error)" in lines


def test_renumbered_task_keeps_its_old_url(tmp_path):
    root = seed_copy(tmp_path)
    edit(root, "minhou-2021.txt", "4.完善人才管理服务机制", "5.完善人才管理服务机制")
    lines, _ = lines_of(root)
    assert "content/task-ids.txt:20: note: task minhou-2021/2-1-4 no longer exists; " \
           "its URL redirects to /plans/minhou-2021/2-1-5/" in lines
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    generate(root)
    old_page = root / "build" / "docs" / "plans" / "minhou-2021" / "2-1-4" / "index.html"
    assert 'http-equiv="refresh" content="0; url=../2-1-5/"' in old_page.read_text(encoding="utf-8")
