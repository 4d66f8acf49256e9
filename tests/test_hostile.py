"""Content from strangers: every way a pull request could run script, leak the build machine,
write outside the build tree, hang or crash the build gives inert output or one
`file:line` message with a non-zero exit from `check`. One test per case of the issue."""
import codecs
import csv
import io
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, make_root
from generator.cli import check_lines, main
from generator.export import tasks_csv
from generator.pipeline import build_handbook
from generator.content import OutsideBuildTree
from generator.render import Renderer, write_tree
from generator.search_index import value_file
from generator.site import source_date_epoch

GOOD = ("测试县人民政府\n测试县实施方案\n2024年1月2日\n一、重点任务\n（一）第一组\n"
        "1.任务甲。内容。（责任单位：县财政局）\n2.任务乙。内容。（责任单位：县民政局）\n")
LINE = re.compile(r"^[^\n]+:\d+: (error|warning|removed|note): .+$")


def check(root, strict=False):
    lines, status = check_lines(root, strict)
    assert all(LINE.match(line) for line in lines[:-1]), lines      # every problem is file:line
    assert re.fullmatch(r"\d+ errors, \d+ warnings", lines[-1])
    return lines, status


def errors(lines):
    return [line for line in lines if ": error: " in line]


def write(root, relative, text):
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def project(tmp_path, plans=None):
    """A throw-away project with mkdocs.yml and the theme, so that `build` can run."""
    root = make_root(tmp_path, plans if plans is not None else {"test-2024.txt": GOOD})
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", root / "theme")
    return root


def build(root, capsys):
    status = main(["--root", str(root), "build"])
    return status, capsys.readouterr().err


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")} if folder.exists() else set()


# ------------------------------------------------------------------ 1. symbolic links


@pytest.mark.parametrize("target", ["/proc/self/environ", "/etc/passwd", "../../.git/config"])
def test_a_symlinked_plan_is_refused_and_nothing_of_it_is_published(tmp_path, capsys, target):
    root = project(tmp_path)
    os.symlink(target, root / "content" / "plans" / "environ.txt")
    write(root, "content/plans/environ.yml", "title: 环境\nlocality: 测试县\ndate: 2024-01-01\n")
    for strict in (False, True):
        lines, status = check(root, strict)
        assert status == 1
        assert "content/plans/environ.txt:1: error: content/plans/environ.txt is a symbolic link; content/ takes " \
               "regular files only (copy the file in instead)" in lines
    status, _err = build(root, capsys)
    assert status == 1
    assert not any("plans/environ" in p for p in files_under(root / "site") | files_under(root / "build"))
    for path in [p for p in (root / "build").rglob("*") if p.is_file()]:
        data = path.read_bytes()
        assert b"PATH=" not in data and b"root:x:0" not in data and b"[core]" not in data, path


def test_a_symlinked_yml_and_knowledge_file_are_refused(tmp_path):
    root = project(tmp_path)
    os.symlink("/etc/passwd", root / "content" / "plans" / "test-2024.yml")
    (root / "content" / "units.yml").unlink()
    os.symlink("/etc/hostname", root / "content" / "units.yml")
    lines, status = check(root)
    assert status == 1
    assert any(l.startswith("content/plans/test-2024.yml:1: error: content/plans/test-2024.yml is a symbolic link")
               for l in lines)
    assert any(l.startswith("content/units.yml:1: error: content/units.yml is a symbolic link") for l in lines)
    assert "root:" not in "\n".join(lines)


def test_special_files_and_directories_in_plans_are_refused(tmp_path):
    root = make_root(tmp_path, {"test-2024.txt": GOOD})
    (root / "content" / "plans" / "x.txt").mkdir()
    os.mkfifo(root / "content" / "plans" / "fifo.txt")
    lines, status = check(root)
    assert status == 1
    assert "content/plans/x.txt:1: error: is a directory; content/ takes regular files only" in lines
    assert "content/plans/fifo.txt:1: error: is not a regular file; content/ takes regular files only" in lines


def test_an_oversized_plan_is_refused(tmp_path):
    root = make_root(tmp_path, {"big-2024.txt": GOOD + "内容。" * 1_700_000})
    lines, status = check(root)
    assert status == 1
    assert "content/plans/big-2024.txt:1: error: is larger than 5 MB; split it or remove what is not part of the " \
           "document" in lines


# ------------------------------------------------------------------ 2./3. live script


class Elements(HTMLParser):
    """Every element with its attributes, and the text of every script, as a browser parses them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements, self.scripts, self._in_script = [], [], False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def live_script(page_html: str) -> list[str]:
    parser = Elements()
    parser.feed(page_html)
    found = []
    for tag, attrs in parser.elements:
        for name, value in attrs:
            value = re.sub(r"[\s\x00-\x20]", "", value or "").lower()
            if name.startswith("on") or value.startswith(("javascript:", "vbscript:", "data:text/html")):
                found.append(f"<{tag} {name}={value}>")
        if tag in ("iframe", "object", "embed", "img") and any(n == "src" and "x" == v for n, v in attrs):
            found.append(f"<{tag}>")
    found += [s for s in parser.scripts if "alert(" in s]
    return found


HOSTILE_PLAN = ("测试县人民政府\n测试县实施方案\u007f\n2024年1月2日\n一、重点任务\n（一）第一组\n"
                "1.任务甲\u007f[点击](javascript:alert(1))。内容。（责任单位：县财政局）\n"
                "2.任务乙<img src=x onerror=alert(2)>。内容\x00。（责任单位：县民政局\ufffe、县\ufeff公安局）\n"
                "3.任务丙。{{ 1+1 }} <script>alert(3)</script>（责任单位：县公\u00ad安局）\n")


def test_control_and_non_characters_are_removed_with_a_warning_at_their_line(tmp_path):
    lines, status = check(make_root(tmp_path, {"test-2024.txt": HOSTILE_PLAN}))
    assert status == 0
    assert "content/plans/test-2024.txt:2: warning: control or non-character U+007F removed" in lines
    assert "content/plans/test-2024.txt:7: warning: control or non-character U+0000, U+FFFE removed" in lines


def test_hostile_text_gives_parseable_front_matter_and_no_live_script(tmp_path, capsys):
    root = project(tmp_path, {"test-2024.txt": HOSTILE_PLAN})
    status, err = build(root, capsys)
    assert status == 0, err
    for path in (root / "build" / "docs").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        front = re.match(r"\A---\n(.*?\n)---\n", text, re.S)
        assert front, path
        meta = yaml.safe_load(front.group(1))
        assert isinstance(meta, dict) and "title" in meta and "\x7f" not in meta["title"], path
    pages = list((root / "site").rglob("*.html"))
    assert pages
    for path in pages:
        page_html = path.read_text(encoding="utf-8")
        assert live_script(page_html) == [], path
        assert "\x00" not in page_html and "\x7f" not in page_html and "\ufffe" not in page_html, path
    task = (root / "site" / "plans" / "test-2024" / "1-1-1" / "index.html").read_text(encoding="utf-8")
    assert "<title>任务甲[点击](javascript:alert(1))" in task.replace("&lt;", "<")
    units = {u.name for u in build_handbook(root).units}
    assert units == {"测试县财政局", "测试县民政局", "测试县公安局"}        # soft hyphen, U+FEFF, U+FFFE gone


def test_bidirectional_overrides_are_refused(tmp_path):
    root = make_root(tmp_path, {"test-2024.txt": GOOD.replace("任务甲", "任务\u202e甲"),
                                "test-2024.yml": "issuer: \"测试县\\u202e人民政府\"\n"})
    lines, status = check(root)
    assert status == 1
    assert any(l.startswith("content/plans/test-2024.txt:6: error: bidirectional override U+202E") for l in lines)
    assert any(l.startswith("content/plans/test-2024.yml:1: error: bidirectional override U+202E") for l in lines)


@pytest.mark.parametrize("file, text, line", [
    ("topics.yml", "topics:\n  - id: ok\n    name: 好\n  - id: 'a) [点击](javascript:alert(1)) (b'\n    name: 坏\n", 4),
    ("units.yml", "types:\n  - {id: other, name: 其他}\n  - {id: 'a) [x](javascript:alert(1)) (b', name: 坏}\n", 3),
])
def test_ids_in_knowledge_files_that_are_not_ids_are_refused(tmp_path, file, text, line):
    root = make_root(tmp_path, {"test-2024.txt": GOOD})
    write(root, f"content/{file}", text)
    lines, status = check(root)
    assert status == 1
    assert any(l.startswith(f"content/{file}:{line}: error: ") and "must be lower-case letters, digits and single "
               "hyphens" in l for l in lines), lines


# ------------------------------------------------------------------ 4. writes outside build/docs


def test_path_ids_never_write_outside_the_build_tree(tmp_path, capsys):
    work = tmp_path / "work"
    root = project(work)
    write(root, "content/task-ids.txt", "# ids\ntest-2024/1-1-1\t任务甲\ntest-2024/../../../../tmp/x\tx\n")
    write(root, "content/topics.yml", "topics:\n  - id: '..'\n    name: 点\n  - id: ../search\n    name: 搜\n"
                                      "  - id: ../../../../tmp/x\n    name: 外\n")
    lines, status = check(root)
    assert status == 1
    assert "content/task-ids.txt:3: error: 'test-2024/../../../../tmp/x' is not a task id (plan-id/slug, each " \
           "lower-case letters, digits and hyphens)" in lines
    assert len([l for l in lines if l.startswith("content/topics.yml:")]) == 3
    before = files_under(tmp_path)
    status, _ = build(root, capsys)
    assert status == 1
    outside = {p for p in files_under(tmp_path) - before if not p.startswith(("work/build", "work/site"))}
    assert outside == set()


# ------------------------------------------------------------------ 5. YAML that explodes


def test_nested_aliases_are_refused_at_once(tmp_path):
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefghi", "bcdefghij"):
        bomb.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    bomb.append("title: *j")
    root = make_root(tmp_path, {"test-2024.txt": GOOD, "test-2024.yml": "\n".join(bomb) + "\n"})
    lines, status = check(root)
    assert status == 1
    assert "content/plans/test-2024.yml:1: error: YAML does not parse: anchors (&name) are not allowed in content " \
           "files" in lines


@pytest.mark.parametrize("text, message", [
    ("title: 甲\ntitle: 乙\n", "2: error: YAML does not parse: duplicate key 'title' (first at line 1)"),
    ("title: !!python/object/apply:os.system [ls]\n", "1: error: YAML does not parse: tags such as "),
    ("title: " + "[" * 50 + "]" * 50 + "\n", "1: error: YAML does not parse: nested deeper than 12 levels"),
    ("2024: 甲\n", "1: error: YAML does not parse: keys must be text"),
    ("a: 1\n---\nb: 2\n", "2: error: YAML does not parse: but found another document"),
])
def test_yaml_shapes_content_never_needs_are_refused(tmp_path, text, message):
    root = make_root(tmp_path, {"test-2024.txt": GOOD, "test-2024.yml": text})
    lines, status = check(root)
    assert status == 1
    assert any(l.startswith(f"content/plans/test-2024.yml:{message}") for l in lines), lines


# ------------------------------------------------------------------ 6. encodings


SAMPLES = {
    "shift_jis": ("市町村の担当部局は計画を策定し、関係機関と協力して事業を推進する。" * 8, "Shift-JIS (Japanese)"),
    "big5": ("推動城鄉融合發展，建立健全體制機制和政策體系。縣政府各部門應當加強協調，確保各項任務落實到位。" * 6,
             "Big5 (traditional Chinese)"),
    "euc_kr": ("도시와 농촌의 균형 발전을 위한 실행 계획을 수립하고 담당 부서는 협력한다. " * 8, "EUC-KR (Korean)"),
}


@pytest.mark.parametrize("codec", sorted(SAMPLES))
def test_other_east_asian_encodings_are_refused_by_name(tmp_path, codec):
    text, name = SAMPLES[codec]
    lines, status = check(make_root(tmp_path, {"enc-2024.txt": text.encode(codec)}))
    assert status == 1
    assert any(l.startswith("content/plans/enc-2024.txt:1: error: content/plans/enc-2024.txt is neither UTF-8 nor "
                            "Chinese GB18030") and f"it looks like {name}" in l and "iconv -f" in l for l in lines), lines


def test_utf32_with_bom_reads_as_utf32(tmp_path):
    root = make_root(tmp_path, {"enc-2024.txt": codecs.BOM_UTF32_LE + GOOD.encode("utf-32-le")})
    plan = build_handbook(root).plans[0]
    assert [t.title for t in plan.tasks] == ["任务甲", "任务乙"]


def test_utf16_without_bom_is_refused(tmp_path):
    lines, status = check(make_root(tmp_path, {"enc-2024.txt": GOOD.encode("utf-16-le")}))
    assert status == 1 and any("full of NUL bytes" in l for l in lines)


# ------------------------------------------------------------------ 7. file:line instead of tracebacks


@pytest.mark.parametrize("file, text, expected", [
    ("plans/test-2024.yml", "date: 2022-13-45\n", "content/plans/test-2024.yml:1: error: date '2022-13-45' is not a "
                                                 "real date"),
    ("plans/test-2024.yml", "date: 2022-02-30\n", "content/plans/test-2024.yml:1: error: date '2022-02-30' is not a "
                                                 "real date"),
    ("units.yml", "abbreviations: [a, b]\ntypes:\n  - {id: other, name: 其他}\n",
     "content/units.yml:1: error: abbreviations: must be `key: value` lines or empty, not list"),
    ("units.yml", "types:\n  - {id: other, name: 其他}\n  - {name: 无编号}\n",
     "content/units.yml:3: error: types.1: missing key 'id'"),
    ("units.yml", "types:\n  - {id: finance, name: 财政}\n", "content/units.yml:1: error: types must include"),
    ("topics.yml", "topics:\n  - id: a\n", "content/topics.yml:2: error: topics.0: missing key 'name'"),
    ("topics.yml", "", "content/topics.yml:1: error: must be `key: value` lines, not NoneType"),
    ("topics.yml", "topics:\n  - {id: a, name: 甲}\n  - {id: a, name: 乙}\n",
     "content/topics.yml:3: error: id 'a' is already used at line 2"),
    ("topics.yml", "topics:\n  - {id: a, name: 甲, parent: nowhere}\n",
     "content/topics.yml:2: error: parent 'nowhere' is not a top-level topic of this file"),
    ("debris.yml", "inline:\n  - pattern: '(a)\\1'\n", "content/debris.yml:2: error: pattern '(a)\\\\1' is not a "
                                                        "valid RE2 regular expression"),
    ("debris.yml", "inline:\n  - pattern: '[unclosed'\n", "content/debris.yml:2: error: pattern '[unclosed' is not"),
    ("redirects.yml", "just a string\n", "content/redirects.yml:1: error: must be `key: value` lines or empty, not str"),
    ("redirects.yml", "test-2024/1-1-9: ../../etc\n", "content/redirects.yml:1: error: test-2024/1-1-9: '../../etc' "
                                                     "must be a task id"),
    ("accepted-warnings.yml", "- file: x\n", "content/accepted-warnings.yml:1: error: 0: missing key 'message'"),
    ("task-ids.txt", b"# ids\ntest-2024/1-1-1\t\xff\xfe\n", "content/task-ids.txt:2: error: not UTF-8"),
])
def test_malformed_content_is_one_line_with_file_and_line(tmp_path, file, text, expected):
    root = make_root(tmp_path, {"test-2024.txt": GOOD})
    write(root, f"content/{file}", text)
    lines, status = check(root)
    assert status == 1
    assert any(l.startswith(expected) for l in lines), lines


def test_a_mistake_in_one_knowledge_file_does_not_hide_the_others(tmp_path):
    root = make_root(tmp_path, {"test-2024.txt": GOOD, "Bad.txt": GOOD})
    write(root, "content/topics.yml", "topics:\n  - id: a\n")
    write(root, "content/units.yml", "types: 3\n")
    lines, status = check(root)
    assert status == 1
    assert {l.split(":")[0] for l in errors(lines)} == {"content/topics.yml", "content/units.yml",
                                                         "content/plans/Bad.txt"}


# ------------------------------------------------------------------ 8. check passes ⇒ build does not crash


def test_long_ids_and_values_are_refused_or_built(tmp_path, capsys):
    root = project(tmp_path, {"a" * 128 + ".txt": GOOD, "test-2024.txt": GOOD,
                              "test-2024.yml": f"locality: {'测' * 39}县\n"})
    lines, status = check(root)
    assert status == 1
    assert any(l.startswith(f"content/plans/{'a' * 128}.txt:1: error: plan id") for l in lines)
    (root / "content" / "plans" / ("a" * 128 + ".txt")).unlink()
    lines, status = check(root)
    assert status == 0, lines
    status, err = build(root, capsys)
    assert status == 0, err


def test_facet_files_of_long_values_have_short_names():
    assert len(value_file("测" * 1000)) < 100
    assert value_file("闽侯县") == "闽侯县".encode().hex()
    assert value_file("测" * 40) != value_file("测" * 41)


@pytest.mark.parametrize("lines_of_text", [300, 1000])
def test_runs_of_short_unpunctuated_lines_build(tmp_path, lines_of_text):
    text = GOOD + "".join(f"城乡融合发展{i}\n" for i in range(lines_of_text))
    root = make_root(tmp_path, {"test-2024.txt": text})
    lines, status = check(root)
    assert status == 0
    handbook = build_handbook(root)
    assert Renderer(handbook, None).render()


# ------------------------------------------------------------------ 9. inputs that used to take quadratic time


def test_unclosed_unit_lists_are_read_per_bracket(tmp_path):
    text = GOOD + "3.任务丙。" + "（责任单位：县公安局" * 2000 + "\n"
    plan = build_handbook(make_root(tmp_path, {"test-2024.txt": text})).plans[0]
    assert [u.name for u in plan.tasks[-1].units] == ["县公安局"]


def test_a_catastrophic_debris_pattern_runs_in_linear_time(tmp_path):
    root = make_root(tmp_path, {"test-2024.txt": GOOD + "3.任务丙。" + "a" * 50_000 + " 完成。\n"})
    write(root, "content/debris.yml", "inline:\n  - pattern: '^(\\S+)+$'\n    why: test\n")
    plan = build_handbook(root).plans[0]        # Python's re would not return: the pattern fails on the line
    assert plan.tasks[-1].title == "任务丙" and plan.tasks[-1].text.endswith("a 完成。")


# ------------------------------------------------------------------ minor


def test_upper_case_extension_and_orphan_yml_are_reported(tmp_path):
    root = make_root(tmp_path, {"test-2024.txt": GOOD, "caps.TXT": GOOD, "lonely.yml": "title: 孤\n"})
    lines, status = check(root)
    assert status == 1
    assert "content/plans/caps.TXT:1: error: not a plan file: content/plans holds <id>.txt texts and <id>.yml " \
           "metadata only; the extension must be lower-case: caps.txt" in lines
    assert "content/plans/lonely.yml:1: error: metadata without a text: there is no content/plans/lonely.txt" in lines


def test_a_plan_id_with_a_trailing_newline_is_refused(tmp_path):
    lines, status = check(make_root(tmp_path, {"test-2024\n.txt": GOOD}))
    assert status == 1
    assert "content/plans/test-2024\\x0a.txt:1: error: plan id 'test-2024\\\\x0a' (the file name) must be " \
           "lower-case letters, digits and single hyphens, at most 64 characters, e.g. yuzhou-2022" in lines


def test_a_greedy_debris_pattern_is_reported_with_the_lines_it_emptied(tmp_path):
    root = make_root(tmp_path, {"test-2024.txt": GOOD})
    write(root, "content/debris.yml", "inline:\n  - pattern: '责任单位.*'\n    why: too greedy\n")
    lines, status = check(root, strict=True)
    assert status == 1
    assert "content/plans/test-2024.txt:6: error: the debris pattern '责任单位.*' (content/debris.yml:2) removed text " \
           "that reads as a sentence: “责任单位：县财政局）”; narrow the pattern so that no sentence of the plan is " \
           "lost (a new warning: --strict treats it as an error)" in lines


def test_csv_cells_that_start_a_formula_are_neutralised(tmp_path):
    text = GOOD.replace("任务甲", "=任务甲HYPERLINK(\"http://x\")").replace("任务乙", "@任务乙SUM(A1)")
    rows = list(csv.DictReader(io.StringIO(tasks_csv(build_handbook(make_root(tmp_path, {"test-2024.txt": text}))))))
    assert [row["title"] for row in rows] == ["'=任务甲HYPERLINK(\"http://x\")", "'@任务乙SUM(A1)"]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())


def test_outside_git_the_sitemap_date_is_the_content_date(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = make_root(tmp_path, {"test-2024.txt": GOOD})
    stamp = 1_700_000_000
    for path in (root / "content").rglob("*"):
        os.utime(path, (stamp, stamp))
    assert source_date_epoch(root) == str(stamp)


@pytest.mark.parametrize("path", ["../x/index.md", "plans/../../x.md", "/tmp/x.md", "plans/a\\..\\x.md"])
def test_the_writer_refuses_paths_that_leave_the_build_tree(tmp_path, path):
    with pytest.raises(OutsideBuildTree):
        write_tree({path: b"x"}, tmp_path / "docs")
    assert files_under(tmp_path) <= {"docs"}


# ------------------------------------------------------------------ generated hostile content

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

KNOWLEDGE_FILES = ["units.yml", "topics.yml", "structure.yml", "debris.yml", "redirects.yml",
                   "accepted-warnings.yml", "plans/test-2024.yml"]
KEYS = ["types", "id", "name", "keywords", "topics", "parent", "pilot", "abbreviations", "unit_labels",
        "non_task_parts", "inline", "pattern", "lines", "text", "file", "message", "why", "title", "date",
        "locality", "test-2024/1-1-1", "other"]
SNIPPETS = ["&a [1, 2]", "*a", "!!python/object:os.system", "{{ 1+1 }}", "../..", "a) [x](javascript:alert(1))",
            "\u202e", "\\x7f", "2022-13-45", "- - - -", "? complex", "'unclosed", "[", "{", "|\n  block",
            "(a)\\1", "^(\\S+)+$", "..", "lead", "member", "id: other"]
scalars = st.none() | st.booleans() | st.integers(-5, 3000) | st.text(max_size=12) | st.sampled_from(SNIPPETS)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=4),
                      max_leaves=12)
documents = (values.map(lambda v: yaml.safe_dump(v, allow_unicode=True))
             | st.lists(st.sampled_from(SNIPPETS + KEYS + [": ", "\n", "  ", "- "]), max_size=30).map("".join)
             | st.text(max_size=80))
HOSTILE = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@HOSTILE
@given(file=st.sampled_from(KNOWLEDGE_FILES), text=documents)
def test_generated_knowledge_files_give_file_line_messages_never_a_traceback(tmp_path_factory, file, text):
    root = make_root(tmp_path_factory.mktemp("k"), {"test-2024.txt": GOOD})
    write(root, f"content/{file}", text)
    lines, status = check(root)             # check() asserts every line is file:line
    assert status in (0, 1)
    if status == 0:                         # what check lets through, the renderer takes
        assert Renderer(build_handbook(root), None).render()


names = st.text(alphabet=st.sampled_from("abcXYZ-_. 09测\n\t~:\\'\"<>|*?$&;" + "\u202e\u00ad"), min_size=1, max_size=40)


@HOSTILE
@given(stem=names, suffix=st.sampled_from([".txt", ".yml", ".TXT", ".md", "", ".txt.txt"]))
def test_generated_file_names_give_file_line_messages_never_a_traceback(tmp_path_factory, stem, suffix):
    name = stem + suffix
    if "/" in name or name in (".", "..") or len(name.encode()) > 200:
        return
    root = make_root(tmp_path_factory.mktemp("n"), {"test-2024.txt": GOOD})
    (root / "content" / "plans" / name).write_text(GOOD if name.endswith(".txt") else "title: 甲\n", encoding="utf-8")
    lines, status = check(root)
    valid = re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*\.txt", name) or name == ".gitkeep"
    assert status == (0 if valid else 1), (name, lines)
