"""The built site: strict MkDocs build, nothing lost, data files, links, determinism."""
import codecs
import csv
import hashlib
import io
import json
import re
import shutil
import subprocess
from datetime import datetime, timezone

import jsonschema
import pytest

from conftest import ROOT, make_root
from generator.cli import generate, index_built_site
from generator.export import TASK_COLUMNS, TASK_UNIT_COLUMNS, handbook_json
from generator.pipeline import build_handbook
from generator.render import Renderer, h, md_inline
from generator.site import missing_sentences, run_mkdocs, source_date_epoch, visible_text


def page(site, url):
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_every_source_sentence_is_on_the_site(built_site):
    handbook, site = built_site
    assert missing_sentences(handbook, site) == []


def test_the_check_would_notice_a_lost_sentence(built_site, tmp_path):
    handbook, site = built_site
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    task_page = copy / "plans" / "minhou-2021" / "2-1-1" / "index.html"
    task_page.write_text(task_page.read_text(encoding="utf-8").replace("全面放开城市落户限制", "——"), encoding="utf-8")
    lost = missing_sentences(handbook, copy)
    assert lost and lost[0][:2] == ("content/plans/minhou-2021.txt", 30)


def test_page_counts(built_site):
    handbook, site = built_site
    assert len(list((site / "plans").glob("*/*/index.html"))) == len(handbook.tasks) + len(handbook.plans)  # + source pages
    assert len(list((site / "units").glob("*/*/index.html"))) == len(handbook.units)


def test_task_page_shows_text_units_topics_and_source_link(built_site):
    _, site = built_site
    html = page(site, "plans/minhou-2021/2-1-1")
    text = visible_text(html)
    assert "全面深化户籍制度改革" in text and "责任单位:县公安局、人社局" in text
    assert 'href="../../../units/minhou-2021/renliziyuanheshehuibaozhangju/"' in html
    assert "../source/#L28" in html and "第28–32行" in text
    assert 'href="../../../topics/population-migration/"' in html


def test_unit_page_lists_tasks_by_role(built_site):
    _, site = built_site
    text = visible_text(page(site, "units/gaoqing-2022/gonganju"))
    assert "高青县公安局" in text and "牵头单位（3项）" in text
    assert "建立城乡统一要素市场,构建要素均衡配置体制" in text


def test_source_page_lines_are_links(built_site):
    _, site = built_site
    html = page(site, "plans/yuzhou-2022/source")
    assert re.search(r'id="L37"><a class="hb-ln" href="#L37"[^>]*>37</a><span class="hb-src-text">'
                     r'1\.明确农村集体经营性建设用地入市范围。', html)


def test_source_page_links_each_tasks_lines_to_its_page(built_site):
    _, site = built_site
    html = page(site, "plans/minhou-2021/source")
    block = re.search(r'<div class="hb-src-task">\n<a class="hb-src-task-link" href="([^"]+)"[^>]*>[^<]*</a>\n'
                      r'(?:<div class="hb-src-line[^"]*" id="L\d+">.*?</div>\n)*?<div class="hb-src-line" id="L30">', html)
    assert block and block.group(1) == "../2-1-1/"


def test_source_page_hides_word_bookmarks(built_site):
    _, site = built_site
    html = page(site, "plans/xuchang-15th-fyp/source")
    assert "[bookmark:" not in html and "_Toc" not in html
    assert re.search(r'id="L3">.*?第一章  发展基础</span>', html)


def test_a_task_unit_row_names_where_the_unit_was_read(built_site):
    _, site = built_site
    html = page(site, "plans/gaoqing-2022/4-1-1")
    text = visible_text(html)
    # the lead unit comes from the heading above the task (line 57), quoted on the page
    assert "上级标题(一)建立城乡有序流动的人口迁移制度(牵头单位:县公安局)" in text
    assert "牵头:上级标题第57行" in text.replace("：", ":") and "责任:本任务原文第61行" in text.replace("：", ":")
    assert 'class="hb-provenance" href="../source/#L57"' in html


def test_a_roster_unit_row_quotes_the_roster(built_site):
    _, site = built_site
    text = visible_text(page(site, "plans/qingcheng-2022/4-1-2-p1"))
    assert "工作组名单成员单位：市公安局清城分局" in text and "工作组名单第24行" in text


def test_a_units_edit_link_goes_to_the_unit_knowledge_and_a_plans_to_its_yml(built_site):
    _, site = built_site
    repo = "https://github.com/plan-handbook/plan-handbook"
    unit = page(site, "units/minhou-2021/caizhengju")
    assert f'href="{repo}/edit/main/content/units.yml" title="编辑 content/units.yml"' in unit
    assert f'href="{repo}/blob/main/content/plans/minhou-2021.txt#L' in unit
    assert f'href="{repo}/edit/main/content/plans/xuchang-15th-fyp.yml"' in page(site, "plans/xuchang-15th-fyp")
    # a plan without a .yml: the edit link creates it
    assert f'href="{repo}/new/main/content/plans?filename=minhou-2021.yml"' in page(site, "plans/minhou-2021")


def test_a_plan_page_asks_for_the_official_original_when_it_is_missing(built_site):
    _, site = built_site
    text = visible_text(page(site, "plans/minhou-2021"))
    assert "官方原文尚未登记原文网址·补充网址" in text


def test_a_topic_page_misses_no_task_and_no_passage_that_names_it(built_site):
    _, site = built_site
    homestead = page(site, "topics/homestead")
    qingcheng = homestead[homestead.index('id="qingcheng-2022"'):homestead.index('id="xuchang-15th-fyp"')]
    assert 'href="../../plans/qingcheng-2022/4-1-2-p1/"' in qingcheng
    assert "这份规划没有任务" not in visible_text(qingcheng)
    rights = page(site, "topics/rural-rights-exit")
    gaoqing = visible_text(rights[rights.index('id="gaoqing-2022"'):rights.index('id="minhou-2021"')])
    assert "任务以外提到本主题的段落" in gaoqing and "初步建立进城落户农民依法自愿有偿转让农村权益制度" in gaoqing


def test_a_plan_page_links_the_official_original(tmp_path):
    root = make_root(tmp_path, {"test-2024.txt": "测试县人民政府\n测试县实施方案\n一、重点任务\n1.任务甲。内容。\n",
                                "test-2024.yml": "source_url: https://www.example.gov.cn/a?b=1&c=2\n"})
    handbook = build_handbook(root)
    files = Renderer(handbook, "https://github.com/o/r", root=root).render()
    markdown = files["plans/test-2024/index.md"].decode()
    assert "(<https://www.example.gov.cn/a?b=1&amp;c=2>)" in markdown and "尚未登记" not in markdown


def test_no_external_resources(built_site):
    _, site = built_site
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        tags = re.findall(r"<(?:link|script|img|iframe|source)\b[^>]*>", html)
        loads = [t for t in tags if re.search(r'(?:href|src)="(?:https?:)?//', t)
                 and not re.search(r'rel="(?:canonical|alternate)"', t)]
        assert not loads, f"{path}: {loads}"
        assert "fonts.googleapis" not in html


def test_export_validates_against_the_schema(built_site):
    handbook, site = built_site
    schema = json.loads((ROOT / "generator" / "schema" / "handbook.schema.json").read_text(encoding="utf-8"))
    data = json.loads((site / "data" / "handbook.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert len(data["tasks"]) == len(handbook.tasks) and data["plans"][0]["source"].startswith("content/plans/")


def test_csv_files(built_site):
    handbook, site = built_site
    raw = (site / "data" / "tasks.csv").read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)          # Excel on Chinese Windows reads it as UTF-8
    tasks = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    links = list(csv.DictReader(io.StringIO((site / "data" / "task_units.csv").read_text(encoding="utf-8-sig"))))
    assert len(tasks) == len(handbook.tasks)
    assert len(links) == sum(len(t.units) for t in handbook.tasks)
    assert {"task": "minhou-2021/2-1-1", "raw": "人社局", "name": "县人社局", "role": "responsible",
            "origin": "clause", "line": "32"}.items() <= \
        next(l for l in links if l["task"] == "minhou-2021/2-1-1" and l["raw"] == "人社局").items()


def test_every_url_in_the_data_resolves_to_a_built_page(built_site):
    _, site = built_site
    data = json.loads((site / "data" / "handbook.json").read_text(encoding="utf-8"))

    def urls(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "url":
                    yield value
                else:
                    yield from urls(value)
        elif isinstance(node, list):
            for value in node:
                yield from urls(value)
    found = sorted(set(urls(data)))
    assert "agency-types/publicity/" in found and len(found) > 300
    for url in found:
        path, _, anchor = url.partition("#")
        html = site / path / "index.html"
        assert html.is_file(), url
        assert not anchor or f'id="{anchor}"' in html.read_text(encoding="utf-8"), url


def test_the_data_page_explains_every_file_and_column(built_site):
    handbook, site = built_site
    text = visible_text(page(site, "data"))
    for file in ("tasks.csv", "task_units.csv", "handbook.json", "datapackage.json", "feed.xml"):
        assert file in text
    for name, _type, _what in TASK_COLUMNS + TASK_UNIT_COLUMNS:
        assert name in text, name
    assert "CCBY4.0" in text and "著作权法》第五条" in text
    epoch = int(source_date_epoch(ROOT))
    assert f"本次构建:{datetime.fromtimestamp(epoch, tz=timezone.utc):%Y-%m-%d}".replace(":", "：") in text
    assert f"{len(handbook.tasks)}项任务" in text


def test_the_feed_is_dated_by_the_content_history_and_falls_back_outside_git(tmp_path):
    from generator.history import plan_dates
    handbook = build_handbook(ROOT)
    dates = plan_dates(ROOT, handbook.plans, 0)
    log = subprocess.run(["git", "log", "-1", "--format=%ct", "--", "content/plans/yuzhou-2022.txt"], cwd=ROOT,
                         capture_output=True, text=True).stdout.strip()
    assert dates["yuzhou-2022"][1] == int(log)
    root = make_root(tmp_path, {"test-2024.txt": "测试县人民政府\n测试县实施方案\n一、重点任务\n1.任务甲。\n"})
    assert plan_dates(root, build_handbook(root).plans, 123) == {"test-2024": (123, 123)}


def test_generation_is_deterministic(tmp_path):
    first = generate(ROOT)
    digest = {p.relative_to(ROOT).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
              for p in (ROOT / "build" / "docs").rglob("*") if p.is_file()}
    generate(ROOT)
    again = {p.relative_to(ROOT).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in (ROOT / "build" / "docs").rglob("*") if p.is_file()}
    assert digest == again and len(digest) > len(first.tasks)


def test_handbook_json_put_together_from_plan_pieces_is_one_json_dump():
    """handbook.json is joined from each plan's pieces (kept between builds): the same text as
    one json.dumps of the whole, and valid JSON."""
    import json
    from generator.export import handbook_dict
    from generator.pipeline import build_handbook
    handbook = build_handbook(ROOT)
    joined = handbook_json(handbook)
    assert joined == json.dumps(handbook_dict(handbook), ensure_ascii=False, separators=(",", ":")) + "\n"
    assert len(json.loads(joined)["tasks"]) == len(handbook.tasks) > 100


def test_seed_score_meets_the_thresholds(tmp_path):
    score = ROOT.parent / "shared" / "eval" / "score.py"
    if not score.exists():
        pytest.skip("../shared/eval/score.py is not beside this checkout")
    import subprocess
    import sys
    from generator.pipeline import build_handbook
    out = tmp_path / "handbook.json"
    out.write_text(handbook_json(build_handbook(ROOT)), encoding="utf-8")
    result = subprocess.run([sys.executable, str(score), str(out), "--root", str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# ---------------------------------------------------------------- text stays text

INJECTIONS = ["<script>alert(1)</script>", "[x](javascript:alert(1))", "<img src=x onerror=alert(1)>",
              "**bold**", "# heading", "| a | b |", "{{ 1+1 }}", "{#anchor}", "&amp;"]


def test_filters_escape_markup():
    assert h("<b>&") == "&lt;b&gt;&amp;"
    assert md_inline("**x** [a](b) # c") == r"\*\*x\*\* \[a\]\(b\) \# c"


def test_injected_text_renders_literally(tmp_path):
    body = "\n".join(f"{i + 1}.任务{i + 1}。{s}（责任单位：县财政局）" for i, s in enumerate(INJECTIONS))
    plan = "测试县人民政府\n测试县城乡融合发展实施方案\n一、重点任务\n（一）<b>第一组</b>\n" + body + "\n"
    plan += "（二）其他\n1.任务甲。内容。（责任单位：县<script>alert(2)</script>局、**县粗体局**）\n"
    root = make_root(tmp_path, {"test-2024.txt": plan,
                                "test-2024.yml": 'title: "<img src=x onerror=alert(3)>方案 **粗** {{ 1+1 }}"\n'
                                                 'issuer: "<script>alert(4)</script>"\n'})
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", root / "theme")
    handbook = generate(root)
    assert run_mkdocs(root, strict=True) == 0
    site = root / "site"
    assert missing_sentences(handbook, site) == []
    for task in handbook.tasks:
        html = page(site, f"plans/{task.plan}/{task.slug}")
        assert "<script>alert" not in html and "<img src=x" not in html and 'href="javascript' not in html
        assert "<strong>bold" not in html and "<b>第一组" not in html
    for html_path in site.rglob("*.html"):
        html = html_path.read_text(encoding="utf-8")
        for live in ("<script>alert", "<img src=x", 'href="javascript', "<strong>粗", "<strong>县粗体局"):
            assert live not in html, f"{html_path}: {live}"
    plan_text = visible_text(page(site, "plans/test-2024"))
    assert "<imgsrc=xonerror=alert(3)>方案**粗**{{1+1}}" in plan_text and "<script>alert(4)</script>" in plan_text
    unit_pages = [visible_text(p.read_text(encoding="utf-8")) for p in (site / "units" / "test-2024").glob("*/index.html")]
    assert any("<script>alert(2)</script>" in t for t in unit_pages) and any("**县粗体局**" in t for t in unit_pages)
    text = visible_text(page(site, "plans/test-2024/1-1-1"))
    assert "<script>alert(1)</script>" in text
    assert "{{1+1}}" in visible_text(page(site, "plans/test-2024/1-1-7"))
    assert "**bold**" in visible_text(page(site, "plans/test-2024/1-1-4"))


def test_no_template_or_markdown_residue_on_any_page(built_site):
    _, site = built_site
    for path in site.rglob("index.html"):
        text = visible_text(path.read_text(encoding="utf-8"))
        for residue in ("{.", "{:", "{{", "{%", "](", "\\*", "&lt;", "&amp;"):
            assert residue not in text, f"{path}: {residue}"


def test_two_builds_give_identical_html(built_site, tmp_path):
    _, site = built_site
    first = {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in site.rglob("*") if p.is_file()}
    generate(ROOT)
    assert run_mkdocs(ROOT, strict=True) == 0
    index_built_site(ROOT, site)
    second = {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
              for p in site.rglob("*") if p.is_file()}
    assert first == second


def test_every_page_links_to_edit_its_source_and_to_report_a_problem(built_site):
    _, site = built_site
    html = page(site, "plans/minhou-2021/2-1-1")
    repo = "https://github.com/plan-handbook/plan-handbook"
    assert f'href="{repo}/edit/main/content/plans/minhou-2021.txt"' in html
    assert f'href="{repo}/blob/main/content/plans/minhou-2021.txt#L28-L32"' in html
    assert f'href="{repo}/issues/new?title=' in html
    for path in site.rglob("index.html"):
        text = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' not in text and path.parent.name != "site":
            assert "hb-action-edit" in text and "hb-action-report" in text, path
