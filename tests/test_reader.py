"""Reading real plans: wrappers and walls of text, tables, unit clauses and which items are
tasks, one behaviour per test on small crafted plans written the way offices and crawlers
publish them."""
import pytest
import yaml

from conftest import ROOT, make_root, wrapped
from generator.extract.clauses import Grammar, find_lists, split_items
from generator.extract.subjects import subject_lists
from generator.knowledge import load_knowledge
from generator.layout import lay_out
from generator.pipeline import build_handbook
from generator.tables import Vocabulary, find_tables
from generator.model import Paragraph

STRUCTURE = yaml.safe_load((ROOT / "content" / "structure.yml").read_text(encoding="utf-8"))
KNOWLEDGE = load_knowledge(ROOT)
GRAMMAR = Grammar(KNOWLEDGE.structure.unit_labels, KNOWLEDGE.structure.role_verbs, KNOWLEDGE.units.is_unit_name,
                  tuple(KNOWLEDGE.structure.action_words), KNOWLEDGE.units.complete_list)
VOCABULARY = Vocabulary(KNOWLEDGE.structure.table_columns, KNOWLEDGE.units.is_unit_name)


def plan_of(tmp_path, text, yml=None):
    files = {"test-2024.txt": text}
    if yml:
        files["test-2024.yml"] = yml
    return build_handbook(make_root(tmp_path, files)).plans[0]


def roles(task):
    return [(u.name, u.role) for u in task.units]


# ------------------------------------------------------------------ layout

def test_front_matter_and_disclaimers_are_metadata_not_text():
    lines = ["---", "标题: 测试县人民政府关于印发《测试县实施方案》的通知", "文号: 测政〔2024〕3号", "---", "",
             "> 本文由脚本提取，仅供查阅。", "# 测试县实施方案", "一、重点任务"]
    layout = lay_out(lines, STRUCTURE["metadata_labels"])
    assert [(p.kind, p.text) for p in layout.paragraphs] == [
        ("meta", "标题: 测试县人民政府关于印发《测试县实施方案》的通知"), ("meta", "文号: 测政〔2024〕3号"),
        ("note", "本文由脚本提取，仅供查阅。"), ("text", "测试县实施方案"), ("text", "一、重点任务")]
    assert layout.meta["doc_number"] == ("测政〔2024〕3号", 3)


def test_a_line_with_several_metadata_labels():
    layout = lay_out(["来源:测试县 发布时间: 2021-07-30 15:46", "正文。"], STRUCTURE["metadata_labels"])
    assert layout.meta["published"] == ("2021-07-30 15:46", 1)


def test_html_fragments_become_paragraphs_on_their_line():
    line = '<p align=\\"left\\">一、总体目标</p><p>1.目标。到2025年&nbsp;完成。</p>'
    layout = lay_out([line, "<p>二、任务</p>", "<br/>"], STRUCTURE["metadata_labels"])
    assert [(p.line, p.text) for p in layout.paragraphs] == [(1, "一、总体目标"), (1, "1.目标。到2025年 完成。"),
                                                              (2, "二、任务")]


def test_a_whole_body_on_one_line_is_cut_back_into_paragraphs():
    body = ("测试县实施方案 为推进工作，制定本方案。 一、总体要求 坚持统筹推进。 二、重点任务（一）建立机制"
            "1.建立甲机制。内容甲。（责任单位：县财政局）2.建立乙机制。内容乙。责任单位：县民政局3.建立丙机制。内容丙。")
    body += "说明文字" * 250
    texts = [p.text for p in lay_out([body], STRUCTURE["metadata_labels"]).paragraphs]
    assert "二、重点任务" in texts and "（一）建立机制" in texts
    assert any(t.startswith("1.建立甲机制") for t in texts) and any(t.startswith("3.建立丙机制") for t in texts)
    assert any(t.startswith("2.建立乙机制") and t.endswith("责任单位：县民政局") for t in texts)


def test_numbers_inside_a_sentence_do_not_cut_a_wall():
    body = "二、重点任务 " + "推进改革，投资2.5亿元，比上年增长3.2%，实现1、2两项目标。" * 30
    texts = [p.text for p in lay_out([body], STRUCTURE["metadata_labels"]).paragraphs]
    assert not any(t.startswith(("1、", "2两", "5亿", "2%")) for t in texts)


# ------------------------------------------------------------------ tables

FLAT = ["附件1", "重点任务分工表", "序号", "任务名称", "任务内容", "牵头部门", "配合部门", "完成时限",
        "1", "加强组织领导", "召开动员大会，建立联席会议制度。", "县政府办公室", "各成员单位", "2024年3月",
        "2", "将垃圾管理纳入绩效评价指标体系。", "县委组织部（县公务员局）", "县财政局、", "县审计局", "2024年",
        "行动二：推进基层建设",
        "3", "推进基层建设", "建立居民区垃圾分类推进机制。", "县民政局", "2024年6月"]


def paragraphs(lines):
    return [Paragraph(i + 1, t) for i, t in enumerate(lines)]


def test_a_flattened_table_is_read_with_its_columns_and_rows():
    blocks = find_tables(paragraphs(FLAT), VOCABULARY)
    table = next(b for b in blocks if b.kind == "table")
    assert [c.kind for c in table.columns] == ["number", "title", "task", "lead", "support", "deadline"]
    assert table.is_task_table
    data = [r for r in table.rows if r.section is None]
    assert [r.text(0) for r in data] == ["1", "2", "3"]
    assert data[1].text(4) == "县财政局、县审计局"            # a cell printed over two paragraphs
    assert data[1].text(1) == "加强组织领导" and 1 in data[1].inherited   # a merged cell carried down
    assert [r.section for r in table.rows if r.section] == ["行动二：推进基层建设"]
    assert data[2].text(3) == "县民政局" and 4 not in data[2].inherited   # a group row ends the carrying down


def test_rows_of_a_task_table_are_tasks_with_roles_by_column(tmp_path):
    text = "测试县人民政府\n测试县实施方案\n一、重点任务\n（一）建立机制。内容。（责任单位：县财政局）\n" + "\n".join(FLAT) + "\n"
    plan = plan_of(tmp_path, text)
    rows = [t for t in plan.tasks if t.table_row is not None]
    assert [t.number for t in rows] == ["1", "2", "3"]
    assert roles(rows[1]) == [("县委组织部（县公务员局）", "lead"), ("县财政局", "support"), ("县审计局", "support")]
    assert rows[1].line == 20 and rows[1].path[-1] == "加强组织领导"      # the line of its task cell


def test_a_pipe_table_from_the_importer_is_a_task_table(tmp_path):
    text = ("测试县人民政府\n测试县分工方案\n一、重点任务\n\n| 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限 |\n"
            "| --- | --- | --- | --- | --- |\n| 一、人口迁徙 |  |  |  |  |\n"
            "| 1 | 深化户籍制度改革 | 县公安局 | 县人社局 县教育局 | 2023年底 |\n"
            "| 2 | 推行居住证制度 | 县公安局 | 县卫健局 | 长期 |\n")
    plan = plan_of(tmp_path, text)
    assert [(t.title, roles(t)) for t in plan.tasks] == [
        ("深化户籍制度改革", [("县公安局", "lead"), ("县人社局", "support"), ("县教育局", "support")]),
        ("推行居住证制度", [("县公安局", "lead"), ("县卫健局", "support")])]
    assert plan.tasks[0].path[-1] == "一、人口迁徙"


def test_a_project_list_without_units_is_no_task_table():
    lines = ["序号", "项目名称", "位置", "面积（公顷）", "1", "庄行郊野公园（一期）", "庄行镇", "450",
             "2", "九棵树森林公园", "金海街道", "478"]
    table = next(b for b in find_tables(paragraphs(lines), VOCABULARY) if b.kind == "table")
    assert not table.is_task_table


def test_short_label_lines_are_no_table_header():
    lines = ["牵头单位：县公安局", "2.工作任务", "建立机制。"]
    assert all(b.kind == "text" for b in find_tables(paragraphs(lines), VOCABULARY))


# ------------------------------------------------------------------ unit clauses

def lists(text):
    return [(l.role, l.items) for l in find_lists(text, 1, GRAMMAR)]


def test_labels_with_half_width_semicolons_and_a_deadline_in_the_bracket():
    assert lists("推进改革。(牵头单位：区绿化市容局;配合单位：区水务局、各街镇)") == \
        [("lead", ["区绿化市容局"]), ("support", ["区水务局", "各街镇"])]
    assert lists("完成评估（6月底完成，牵头考核单位：区发改委、区财政局）") == [("lead", ["区发改委", "区财政局"])]


def test_a_label_after_a_full_stop_ends_with_its_sentence():
    assert lists("推进创新。责任单位：省教育厅、人社厅。以下均需各地落实，不再列出") == \
        [("responsible", ["省教育厅", "人社厅"])]


def test_role_verbs_in_a_bracket():
    assert lists("开展调查。（区资源生态局牵头负责；各片区负责配合落实）") == \
        [("lead", ["区资源生态局"]), ("support", ["各片区"])]
    assert lists("整治提升（交通与建设处负责）") == [("responsible", ["交通与建设处"])]
    assert lists("加强管控。（区农业农村局会同区市场监管局负责）") == \
        [("lead", ["区农业农村局"]), ("support", ["区市场监管局"])]
    assert lists("严格禁限。（区经发局、区市场监管局，平潭海关等按职责分工负责）") == \
        [("responsible", ["区经发局", "区市场监管局", "平潭海关"])]


def test_a_bare_bracket_is_a_unit_list_only_when_every_item_is_an_agency():
    assert lists("推进建设。（区发改局、区财政局）") == [("responsible", ["区发改局", "区财政局"])]
    assert lists("测算人口（不含当前测算年）。") == []
    assert lists("各乡镇（街道）要加强领导。") == []          # a qualifier, not a clause


def test_the_subject_of_a_sentence():
    found = [(l.role, l.items) for l in subject_lists("其余单位由街镇（园区）牵头，区绿化市容局配合落实。", 1, GRAMMAR)]
    assert found == [("lead", ["街镇（园区）"]), ("support", ["区绿化市容局"])]
    found = [(l.role, l.items) for l in subject_lists("永久基本农田调整：各乡镇人民政府要将地块作为监管重点。", 1, GRAMMAR)]
    assert found == [("responsible", ["各乡镇人民政府"])]
    assert subject_lists("引导企业等用人单位落实同工同酬制度。", 1, GRAMMAR) == []


def subjects(text):
    return [(l.role, l.items) for l in subject_lists(text, 1, GRAMMAR)]


def test_every_clause_of_a_duty_sentence_names_its_subject():
    assert subjects("责任分工：区规划局负责开展规划编制工作，所在乡镇人民政府组织实施，区直有关责任部门配合，"
                    "区住建局业务检查指导。") == [
        ("responsible", ["区规划局"]), ("responsible", ["所在乡镇人民政府"]),
        ("support", ["区直有关责任部门"]), ("responsible", ["区住建局"])]
    assert subjects("按照城市片林规划要求，区林业局负责组织实施，潭城镇人民政府全力配合。") == [
        ("responsible", ["区林业局"]), ("support", ["潭城镇人民政府"])]


def test_named_agencies_before_a_generic_group_are_the_units():
    assert subjects("各片区管理局具体负责，区住建局、区规划局等区直相关部门配合。") == [
        ("responsible", ["各片区管理局"]), ("support", ["区住建局", "区规划局"])]


def test_places_that_share_the_ending_of_the_next_name():
    assert subjects("金井湾、岚城片区开发管理局具体负责。") == [("responsible", ["金井湾", "岚城片区开发管理局"])]
    assert KNOWLEDGE.units.complete_list(["金井湾", "岚城片区开发管理局"]) == ["金井湾片区开发管理局", "岚城片区开发管理局"]
    assert KNOWLEDGE.units.complete_list(["东城", "西城街道办事处"]) == ["东城街道办事处", "西城街道办事处"]
    assert KNOWLEDGE.units.complete_list(["推进改革", "区财政局"]) is None     # no area word to share
    assert subjects("加快建设、区财政局负责。") == []


def test_a_shared_ending_is_written_out_on_the_site(tmp_path):
    plan = plan_of(tmp_path, "测试区人民政府\n测试区实施方案\n一、重点任务\n（一）建设绿道。完成绿道建设。"
                             "责任分工：金井、澳前片区开发管理局组织实施，区财政局配合。\n")
    assert [(u.raw, u.name, u.role) for u in plan.tasks[0].units] == [
        ("金井", "金井片区开发管理局", "responsible"), ("澳前片区开发管理局", "澳前片区开发管理局", "responsible"),
        ("区财政局", "区财政局", "support")]


def test_items_split_at_white_space_and_between_agencies():
    assert split_items("县人社局 县教育局") == ["县人社局", "县教育局"]
    assert split_items("区农发局和区环土局") == ["区农发局", "区环土局"]


# ------------------------------------------------------------------ which items are tasks

HEAD = "测试县人民政府\n测试县实施方案\n2024年1月2日\n"


def test_sub_items_that_carry_their_own_units_are_the_tasks(tmp_path):
    plan = plan_of(tmp_path, HEAD + "一、重点任务\n1.推进建设。\n（1）甲。内容。（牵头单位：县发改局）\n"
                                    "（2）乙。内容。（牵头单位：县财政局）\n2.加强管理。内容。（责任单位：县民政局）\n")
    assert [t.title for t in plan.tasks] == ["甲", "乙", "加强管理"]


def test_a_clause_closing_only_the_last_sub_item_belongs_to_the_item(tmp_path):
    plan = plan_of(tmp_path, HEAD + "一、重点任务\n1.明确目标。\n（1）甲企业增长10%。\n（2）乙企业增长8%。"
                                    "责任单位：县国资局\n2.加强管理。内容。（责任单位：县民政局）\n")
    assert [(t.title, roles(t)) for t in plan.tasks] == [("明确目标", [("县国资局", "responsible")]),
                                                          ("加强管理", [("县民政局", "responsible")])]


def test_a_plan_without_units_has_its_numbered_sub_items_as_tasks(tmp_path):
    plan = plan_of(tmp_path, HEAD + "一、主要任务\n1.落实规划。\n（1）全面实施法规。内容。\n（2）加快摸底。内容。\n"
                                    "2.保护传承。\n（3）抢救资料。内容。\n")
    assert [t.title for t in plan.tasks] == ["全面实施法规", "加快摸底", "抢救资料"]


def test_goals_procedures_and_descriptions_are_not_tasks(tmp_path):
    plan = plan_of(tmp_path, HEAD + "一、建设目标\n1.南段。内容。\n二、管控流程\n（一）立项阶段\n建设单位应明确指标。\n"
                                    "三、整治内容\n1.督察项目：本区共计4件、面积2422亩。\n"
                                    "2.补划项目：各乡镇人民政府要将地块列入计划。\n四、目标任务\n1.推进甲。内容。\n")
    assert [t.title for t in plan.tasks] == ["补划项目：各乡镇人民政府要将地块列入计划", "推进甲"]


def test_entries_of_a_duties_part_are_tasks_of_the_unit_they_open_with(tmp_path):
    plan = plan_of(tmp_path, HEAD + "一、重点任务\n1.推进甲。内容。\n二、职责分工\n（一）区发展改革委：负责项目审批。\n"
                                    "（二）区建管委\n牵头协调督促建设工作落实。\n（三）区党群工作部按照部署完善政策。\n")
    duties = plan.tasks[1:]
    assert [roles(t) for t in duties] == [[("区发展改革委", "responsible")], [("区建管委", "responsible")],
                                          [("区党群工作部", "responsible")]]


def test_a_part_of_the_form_第X部分_holds_parts(tmp_path):
    plan = plan_of(tmp_path, HEAD + "第一部分：发展基础\n一、执行情况\n1.新建绿地。完成90公顷。\n"
                                    "第二部分：主要任务\n一、绿化建设\n1、推进结构性绿地建设。内容。\n")
    assert [t.title for t in plan.tasks] == ["推进结构性绿地建设"]


def test_metadata_from_the_notice_the_signature_and_the_title_line(tmp_path):
    plan = plan_of(tmp_path, "# 测试县人民政府办公室关于印发《测试县海绵城市建设实施方案》的通知\n各单位：\n"
                             "《测试县海绵城市建设实施方案》已经县政府同意，现印发给你们。\n测试县人民政府办公室\n"
                             "2025年1月3日\n测试县海绵城市建设\n实施方案\n一、重点任务\n1.推进甲。内容。\n")
    assert (plan.title, plan.date, plan.issuer, plan.locality) == \
        ("测试县海绵城市建设实施方案", "2025-01-03", "测试县人民政府办公室", "测试县")


def test_a_signature_run_into_its_date_in_a_wall_of_text(tmp_path):
    wall = ("测政办〔2015〕70号测试县人民政府办公室关于印发《测试县宜居环境建设实施方案》的通知各乡镇人民政府："
            "《测试县宜居环境建设实施方案》已经县政府同意，现予以印发，请认真遵照执行。测试县人民政府办公室"
            "2015年4月17日(联系人:陈某，联系电话:24203388)测试县宜居环境建设实施方案按照统一部署，现提出如下方案："
            + "一、重点任务（一）推进绿化建设。完成绿道建设，提升公园品质，改善城乡环境。（责任单位：县林业局）" * 8)
    plan = plan_of(tmp_path, "标题: 测试县宜居环境建设实施方案\n发布时间: 2015-04-21\n\n" + wall + "\n")
    assert (plan.date, plan.doc_number) == ("2015-04-17", "测政办〔2015〕70号")
    texts = [p.text for p in plan.preamble]
    assert "2015年4月17日" in texts and "(联系人:陈某，联系电话:24203388)" in texts


def test_the_title_over_the_plan_wins_over_the_notice_when_they_differ_by_a_word(tmp_path):
    plan = plan_of(tmp_path, "测试县人民政府办公室关于印发测试县信用体系建设规划（2015-2020）任务分工方案的通知\n各单位：\n"
                             "测试县人民政府办公室\n2015年8月31日\n测试县信用体系建设规划（2015-2020年）任务分工方案\n"
                             "一、重点任务\n1.推进甲。内容。（责任单位：县财政局）\n")
    assert plan.title == "测试县信用体系建设规划（2015-2020年）任务分工方案"


def test_a_place_is_read_on_word_boundaries(tmp_path):
    plan = plan_of(tmp_path, "关于建立农村集体经营性建设用地入市制度的实施方案\n一、重点任务\n1.推进甲。内容。\n")
    assert plan.locality == "未注明"


def test_a_table_glued_into_one_paragraph_is_read_by_its_row_numbers(tmp_path):
    rows = "".join(f"{k}任务{k}名称机制完善落实第{k}项工作，定期开展评估，找出短板弱项，迅速整改推进。{unit}"
                   for k, unit in [(1, "各处室按职责分工负责"), (2, "交通与建设处、农业农村处负责"),
                                   (3, "经济发展处负责"), (4, "政法综治处")])
    text = HEAD + "一、重点任务\n1.推进甲。内容。（责任单位：县财政局）\n附件：清单\n" \
        "附件2023年重点任务清单序号名称类型（机制、任务等）具体内容责任部门" + rows + "\n"
    plan = plan_of(tmp_path, text)
    rows = [t for t in plan.tasks if t.table_row is not None]
    assert [t.number for t in rows] == ["1", "2", "3", "4"]
    assert [roles(t) for t in rows[1:]] == [[("交通与建设处", "responsible"), ("农业农村处", "responsible")],
                                            [("经济发展处", "responsible")], [("政法综治处", "responsible")]]
    assert rows[0].title.startswith("任务1名称")


def test_the_page_of_a_row_task_shows_its_row_once_and_not_the_loose_cells(tmp_path):
    from generator.cli import render_files
    text = "测试县人民政府\n测试县实施方案\n一、重点任务\n（一）建立机制。内容。（责任单位：县财政局）\n" + "\n".join(FLAT) + "\n"
    root = make_root(tmp_path, {"test-2024.txt": text})
    handbook = build_handbook(root)
    task = next(t for t in handbook.plans[0].tasks if t.number == "2")
    _renderer, files, _targets = render_files(root, handbook)
    pages = {k: v.decode() if isinstance(v, bytes) else v for k, v in files.items() if k.startswith("plans/test-2024/")}
    page = next(v for v in pages.values() if f"\ntitle: {task.title}\n" in v)
    assert page.count("hb-row-caption") == 1
    assert page.count("将垃圾管理纳入绩效评价指标体系。") == 1
    assert task.row and "县委组织部（县公务员局）" in page


def test_a_note_that_the_first_listed_unit_leads(tmp_path):
    text = (HEAD + "一、重点任务\n1.推进甲。内容。（责任单位：县发改局、县财政局、县审计局）\n"
            "2.推进乙。内容。（牵头单位：县民政局；责任单位：县财政局）\n3.推进丙。县教育局负责，县财政局配合。\n"
            "注：各项任务责任单位中列第一位的为牵头单位，其余为配合单位。\n")
    plan = plan_of(tmp_path, text)
    first, second, third = plan.tasks
    assert roles(first) == [("县发改局", "lead"), ("县财政局", "support"), ("县审计局", "support")]
    assert all(u.role_line == 8 for u in first.units)
    from generator.cli import render_files
    handbook = build_handbook(tmp_path)
    pages = [v.decode() if isinstance(v, bytes) else v for v in render_files(tmp_path, handbook)[1].values()]
    page = next(p for p in pages if f"\ntitle: {first.title}\n" in p)
    assert page.count("角色按") == 3 and "第8行的说明" in page
    assert roles(second) == [("县民政局", "lead"), ("县财政局", "responsible")]     # a lead is printed
    assert roles(third) == [("县教育局", "responsible"), ("县财政局", "support")]   # a sentence, not a list
    plain = plan_of(tmp_path / "plain", text.replace("注：各项任务责任单位中列第一位的为牵头单位，其余为配合单位。\n", ""))
    assert roles(plain.tasks[0]) == [("县发改局", "responsible"), ("县财政局", "responsible"), ("县审计局", "responsible")]


def test_a_note_that_names_only_the_lead_leaves_the_others_responsible(tmp_path):
    text = HEAD + "一、重点任务\n1.推进甲。内容。（责任单位：县发改局、县财政局）\n说明：排在首位的为牵头单位。\n"
    assert roles(plan_of(tmp_path, text).tasks[0]) == [("县发改局", "lead"), ("县财政局", "responsible")]


def test_circled_items_after_a_space_in_a_wall_of_text_are_items(tmp_path):
    items = " ".join(f"{c}{name}专项整治。加大监督检查力度，严厉查处违法行为，公开曝光典型案例。（责任单位：县农业局）"
                     for c, name in zip("①②③④", ("农药", "瘦肉精", "兽药", "屠宰")))
    wall = "一、重点任务 （一）加强监管 1.开展突出问题专项整治 " + items + " （二）强化执法 推进执法。（责任单位：县公安局）"
    plan = plan_of(tmp_path, HEAD + wall * 2 + "\n")
    assert [t.number for t in plan.tasks][:4] == ["①", "②", "③", "④"]


# ------------------------------------------------------------------ notices, signatures, bare numbers

PKULAW = ("    【法宝引证码】 CLI.12.1541478\n原文链接：https://www.pkulaw.com/lar/1.html\n"
          "广东省自然资源厅、广东省农业农村厅、广东省林业局关于进一步做好生猪养殖用地保障工作的通知\n\n"
          "（粤自然资函〔2019〕1986号）\n\n各地级以上市自然资源主管部门：\n\n　　为保障生猪养殖用地，现通知如下：\n"
          "　　一、充分认识保障用地的重要意义\n　　生猪生产事关民生。\n"
          "　　二、严格落实用地政策\n　　（一）明确用地性质。各地要落实用地政策。\n"
          "　　（二）严格用地监管。市自然资源局对违法用地进行查处。\n"
          "广东省自然资源厅\n\n广东省农业农村厅\n\n广东省林业局\n\n2019年9月19日\n")


def test_a_document_that_is_itself_a_notice(tmp_path):
    plan = plan_of(tmp_path, PKULAW)
    assert plan.title == "广东省自然资源厅、广东省农业农村厅、广东省林业局关于进一步做好生猪养殖用地保障工作的通知"
    assert (plan.issuer, plan.locality) == ("广东省自然资源厅、广东省农业农村厅、广东省林业局", "广东省")
    assert (plan.doc_number, plan.date) == ("粤自然资函〔2019〕1986号", "2019-09-19")    # 文号 in brackets


def test_signature_lines_above_the_date_are_no_headings(tmp_path):
    plan = plan_of(tmp_path, PKULAW)
    assert [t.number for t in plan.tasks] == ["（一）", "（二）"]
    assert roles(plan.tasks[1]) == [("市自然资源局", "responsible")]      # the subject before 对…进行


def test_a_part_on_why_the_work_matters_holds_no_tasks(tmp_path):
    plan = plan_of(tmp_path, PKULAW)
    assert not any("重要意义" in " ".join(t.path) for t in plan.tasks)


def test_an_autonomous_region_is_a_locality(tmp_path):
    plan = plan_of(tmp_path, "新疆维吾尔自治区质监局关于进一步加强新闻宣传工作的通知\n一、重点任务\n1.推进甲。内容。\n")
    assert plan.locality == "新疆维吾尔自治区"


def test_a_number_on_a_line_of_its_own_takes_the_next_line_as_its_title(tmp_path):
    plan = plan_of(tmp_path, HEAD + "一、\n重点任务\n（一）\n推动上网电价由市场形成\n推进改革。（责任单位：县发改局）\n"
                                    "二、\n保障措施\n加强领导。\n")
    assert [(t.number, t.title) for t in plan.tasks] == [("（一）", "推动上网电价由市场形成")]
    assert plan.tasks[0].path[-1].endswith("重点任务")


def test_a_verb_phrase_ending_like_an_agency_is_no_subject():
    assert subjects("主要是各级对重点工作的部署落实、进展程度。") == []
    assert subjects("依托县农业技术推广站开展培训。") == []
    assert subjects("市地方金融监管局对企业上市工作进行统筹谋划。") == [("responsible", ["市地方金融监管局"])]


SPAN_COPY = ("一、重点任务\n（一）推进现货市场。\n建立\n“\n多电源参与、全电量优化\n”\n的电力现货市场，"
             "具备条件的新能源项目可直接\n“\n报量报价\n”\n参与现货市场。对\n2025\n年\n6\n月\n1\n日前建成并网的项目给予支持。"
             "（责任单位：县发改局）\n（二）加强监管。县能源局负责。\n")


def test_a_page_copied_span_by_span_keeps_its_sentences_whole(tmp_path):
    plan = plan_of(tmp_path, HEAD + SPAN_COPY)
    assert [t.number for t in plan.tasks] == ["（一）", "（二）"]
    first = plan.tasks[0]
    assert "建立“多电源参与、全电量优化”的电力现货市场" in first.text
    assert "对2025年6月1日前建成并网的项目" in first.text
    assert [(u.name, u.role) for u in first.units] == [("县发改局", "responsible")]


def test_marks_on_lines_of_their_own_in_an_ordinary_plan_change_nothing_else(tmp_path):
    # one stray mark is no sign of a span-by-span copy: short lines (a table's cells) stay apart
    text = HEAD + "一、重点任务\n（一）推进工作（责任单位：县财政局）\n序号\n1\n推进\n"
    paragraphs = [p.text for p in lay_out(text.splitlines(), {}).paragraphs]
    assert paragraphs[-3:] == ["序号", "1", "推进"]
    closing = lay_out(["（一）建立机制（责任单位：县财政局", "）。"], {}).paragraphs
    assert [p.text for p in closing] == ["（一）建立机制（责任单位：县财政局）。"]


def test_a_part_whose_items_are_stages_holds_no_tasks(tmp_path):
    text = (HEAD + "一、重点任务\n1.开展自查。各单位认真自查。\n2.开展检查。县能源局组织检查。\n"
            "二、工作安排\n1.自查梳理阶段（10月15日前）\n各单位开展自查。\n2.现场检查阶段（11月10日前）\n"
            "组织现场检查。\n3.整改反馈阶段（11月底）\n整改到位。\n")
    plan = plan_of(tmp_path, text)
    assert [t.title for t in plan.tasks] == ["开展自查", "开展检查"]
    staged = HEAD + "一、重点任务\n1.第一阶段：动员部署（3月）\n2.第二阶段：组织实施\n3.推进整改工作\n"
    assert len(plan_of(tmp_path / "mixed", staged).tasks) == 3      # one item is no stage: tasks


def test_escaped_markdown_headings_and_a_review_of_past_work(tmp_path):
    text = ("\\# 测试县气象局2024年工作总结及2025年工作计划\n\n\\## 一、工作简要回顾\n\n\\### （一）夯实基础\n\n"
            "完成站点改造。规资部门雨量站点按照市局要求统一建设。\n\n\\## 二、存在问题\n\n\\### （一）项目进展偏慢\n\n"
            "项目谋划不足。\n\n\\## 三、2025年工作计划\n\n\\### （一）提升监测能力\n\n一是新建区域站；二是强化预报。\n")
    plan = plan_of(tmp_path, text)
    assert plan.title == "测试县气象局2024年工作总结及2025年工作计划"
    assert [(t.number, t.title) for t in plan.tasks] == [("（一）", "提升监测能力")]


def test_a_sentence_on_what_a_higher_office_requires_names_no_subject(tmp_path):
    assert subject_lists("规资部门雨量站点按照市局要求统一部署规划选址建设维护。", 5, GRAMMAR) == []
    assert [l.items for l in subject_lists("县气象局要加强监测。", 5, GRAMMAR)] == [["县气象局"]]


def test_an_info_table_copied_one_cell_per_line(tmp_path):
    text = ("四川省测试厅\n索 引 号 ：\n082824954-2025-000022\n成文日期：\n2025-09-29\n发布日期：\n2025-09-30\n"
            "文 号 ：\n(川测试〔2025〕480号)\n四川省测试工作实施方案\n一、重点任务\n（一）推进工作。省测试厅负责。\n")
    plan = plan_of(tmp_path, text)
    assert (plan.date, plan.doc_number) == ("2025-09-29", "川测试〔2025〕480号")
    assert plan.title == "四川省测试工作实施方案"
    assert [t.title for t in plan.tasks] == ["推进工作"]


UNIT_FORMS = [
    ("（一）县发改局负责推进甲工作。", [("县发改局", "responsible")]),
    ("（一）县发改局会同县财政局推进甲工作。", [("县发改局", "lead"), ("县财政局", "support")]),
    ("（一）县发改局和县财政局联合推进甲工作。", [("县发改局", "responsible"), ("县财政局", "responsible")]),
    ("（一）推进甲工作。县发改局协助县财政局做好资金保障。", [("县财政局", "lead"), ("县发改局", "support")]),
    ("（一）推进甲工作，县发改局要加强指导，县财政局要做好保障。", [("县发改局", "responsible"), ("县财政局", "responsible")]),
    ("（一）推进甲工作。【牵头单位】县发改局【配合单位】县财政局", [("县发改局", "lead"), ("县财政局", "support")]),
    ("（一）推进甲工作。（主办单位：县发改局；协办单位：县财政局）", [("县发改局", "lead"), ("县财政局", "support")]),
    ("（一）推进甲工作。（县发改局牵头，各乡镇〔街道〕负责）", [("县发改局", "lead"), ("各乡镇〔街道〕", "responsible")]),
    ("（一）整治违法项目：按照有关规定，由乡镇人民政府拟定整治方案，于10月底前落实处置。",
     [("乡镇人民政府", "responsible")]),
    ("（一）公益性违法项目：各区要加快分类处置，对符合规划的项目，会同区农业农村委等部门抓紧补办手续。",
     [("各区", "lead"), ("区农业农村委", "support")]),
    ("（一）经营性违法项目：应依法处置。其中，计划补办手续的项目，于6月20日前征询区发展改革委、区经委等部门意见。",
     [("区发展改革委", "support"), ("区经委", "support")]),
    ("（一）推进甲工作。（县发改局★、县财政局）", [("县发改局", "responsible"), ("县财政局", "responsible")]),
    ("（一）推进甲工作。〔责任单位：县发改局、县财政局〕", [("县发改局", "responsible"), ("县财政局", "responsible")]),
    ("（一）推进甲工作。【责任单位：县发改局、县财政局】", [("县发改局", "responsible"), ("县财政局", "responsible")]),
    ("（一）推进甲工作。（责任单位：县发展和改革局、县财政局；责任领导：张三）",
     [("县发展和改革局", "responsible"), ("县财政局", "responsible")]),
    ("（一）强化执法监督。一旦发现有单位未规范实施垃圾分类，由城管执法部门责令限期改正。",
     [("城管执法部门", "responsible")]),
    ("（一）调整补划涉及违法项目：各乡镇人民政府、各相关部门要将地块作为监管重点。",
     [("各乡镇人民政府", "responsible"), ("各相关部门", "responsible")]),
]


@pytest.mark.parametrize("item,expected", UNIT_FORMS)
def test_unit_clauses_in_the_forms_plans_print_them(tmp_path, item, expected):
    plan = plan_of(tmp_path, HEAD + "一、重点任务\n" + item + "\n（二）推进乙。（责任单位：县民政局）\n")
    assert roles(plan.tasks[0]) == expected


def test_decimal_numbering_a_table_of_contents_and_a_comment(tmp_path):
    text = ("<!--\n范文说明：\n1. 标题编号：一级 1.总则\n-->\n测试县城市排水防涝应急预案\n目录\n1.总则\t1\n2.应急准备\t2\n"
            "2.1预案准备\t2\n2.2常态化准备\t3\n测试县城市排水防涝应急预案\n1.总则\n1.1指导思想\n坚持人民至上。\n"
            "2.应急准备\n2.1预案准备\n县城管局负责修订预案。\n2.2常态化准备\n2.2.1开展隐患排查\n县住建局负责排查。\n"
            "2.2.2开展清淤疏浚\n有防汛排涝任务的单位要清淤。\n2.3库存2.5万吨物资\n")
    plan = plan_of(tmp_path, text)
    assert plan.title == "测试县城市排水防涝应急预案"
    assert [(t.number, t.title, roles(t)) for t in plan.tasks] == [
        ("2.1", "预案准备", [("县城管局", "responsible")]),
        ("2.2.1", "开展隐患排查", [("县住建局", "responsible")]),
        ("2.2.2", "开展清淤疏浚", []),
        ("2.3", "库存2.5万吨物资", [])]


def test_after_the_closing_formula_page_chrome_holds_no_tasks(tmp_path):
    text = ("<div>\n<h3>接访信息详情</h3>\n<p>关于立即开展落实民生核查点情况意见通知</p>\n<p>各市（州）人民政府：</p>\n"
            "<p>一、各地自查</p>\n<p>各地要开展自查。</p>\n<p>二、部门自查</p>\n<p>省级部门要按照职责分工深入自查。</p>\n"
            "<p>特此通知。</p>\n<h3>评论回复</h3>\n<p>李某：同意</p>\n<a>提交回复</a><a>返回</a>\n</div>\n")
    plan = plan_of(tmp_path, text)
    assert plan.title == "关于立即开展落实民生核查点情况意见通知"
    assert [t.title for t in plan.tasks] == ["各地自查", "部门自查"]
    assert all(not t.units for t in plan.tasks)             # 省级部门 is a level, not an agency


def test_a_notice_cited_in_a_sentence_is_not_the_documents_title(tmp_path):
    text = ("关于开展售电企业专项监管工作的通知\n江苏电力交易中心，各售电企业：\n"
            "根据《国家能源局综合司关于印发〈国家能源局2018年市场监管工作要点〉的通知》要求，决定开展专项监管。\n"
            "一、专项监管主要内容\n1.基本情况：售电企业当前人员情况。\n")
    assert plan_of(tmp_path, text).title == "关于开展售电企业专项监管工作的通知"


def test_a_title_broken_over_three_lines(tmp_path):
    text = ("附件：\n内蒙古自治区深化提升\n“获得电力”服务水平\n全面打造现代化用电营商环境行动方案\n"
            "一、重点任务\n（一）推进工作。自治区能源局负责。\n")
    assert plan_of(tmp_path, text).title == "内蒙古自治区深化提升“获得电力”服务水平全面打造现代化用电营商环境行动方案"


def test_duties_shared_out_in_prose_after_责任分工(tmp_path):
    text = (HEAD + "一、重点任务\n（一）三边三节点整治。规整美化附属设施。责任分工：区规划局负责开展规划编制工作，"
            "区直各部门各司其职，协同配合，嘉源公司作为业主单位，区交通与建设局业务检查指导。\n"
            "（二）配合区旅游文体局建立健全海上旅游市场准入机制。\n")
    plan = plan_of(tmp_path, text)
    assert roles(plan.tasks[0]) == [("区规划局", "responsible"), ("区直各部门", "support"),
                                    ("嘉源公司", "responsible"), ("区交通与建设局", "responsible")]
    assert roles(plan.tasks[1]) == [("区旅游文体局", "lead")]


def test_an_item_whose_title_opens_with_a_figure(tmp_path):
    text = (HEAD + "一、重点任务\n10.实施青年人才项目。（牵头单位：市人社局）\n11.121人才梯队项目。重点培养人才。（牵头单位：市科技局）\n"
            "12.提供3.5万套人才住房。（牵头单位：市住建局）\n")
    plan = plan_of(tmp_path, text)
    assert [(t.number, roles(t)) for t in plan.tasks] == [
        ("10.", [("市人社局", "lead")]), ("11.", [("市科技局", "lead")]), ("12.", [("市住建局", "lead")])]
    assert plan.tasks[1].title.startswith("121人才梯队项目")


def test_a_flattened_table_run_onto_one_line_reads_as_the_same_table(tmp_path):
    body = "一、重点任务 （一）建立机制。各成员单位按职责落实。 " + " ".join(FLAT)
    body += " " + "说明：以上任务按季度调度，各牵头部门每季度末报送进展情况，县政府办公室汇总后通报。" * 6
    one_line = plan_of(tmp_path / "wall", HEAD + body + "\n")
    by_line = plan_of(tmp_path / "lines", HEAD + body.replace(" ", "\n") + "\n")
    read = lambda plan: [(t.number, t.title, roles(t)) for t in plan.tasks if t.row]
    assert len(read(by_line)) == 3
    assert read(one_line) == read(by_line)


@pytest.mark.parametrize("seed", ["gaoqing-2022", "minhou-2021"])
def test_a_plan_copied_line_by_line_from_a_printed_page_reads_as_the_plan(tmp_path, seed):
    text = (ROOT / "content" / "plans" / f"{seed}.txt").read_text(encoding="utf-8")
    read = lambda plan: [(t.number, t.title, roles(t)) for t in plan.tasks]
    original = plan_of(tmp_path / "original", text)
    copied = plan_of(tmp_path / "wrapped", wrapped(text, 28).replace("\n\n", "\n\n— 2 —\n\n", 1))
    assert len(original.tasks) > 10 and read(copied) == read(original)
    assert copied.title == original.title


def test_a_table_pasted_from_a_spreadsheet_one_row_a_line(tmp_path):
    rows = ["序号\t任务名称\t任务内容\t牵头部门\t配合部门\t完成时限",
            "1\t加强组织领导\t召开动员大会，建立联席会议制度。\t县政府办公室\t各成员单位\t2024年3月",
            "2\t纳入考核\t将垃圾管理纳入绩效评价指标体系。\t县委组织部\t县财政局、县审计局\t2024年",
            "行动二：推进基层建设",
            "3\t推进基层建设\t建立居民区垃圾分类推进机制。\t县民政局\t县住建局\t2024年6月"]
    text = HEAD + "一、重点任务\n（一）建立机制。各成员单位按职责落实。\n附件1\n重点任务分工表\n" + "\n".join(rows) + "\n"
    plan = plan_of(tmp_path, text)
    assert [(t.number, t.title, roles(t)) for t in plan.tasks if t.row] == [
        ("1", "召开动员大会，建立联席会议制度", [("县政府办公室", "lead"), ("各成员单位", "support")]),
        ("2", "将垃圾管理纳入绩效评价指标体系", [("县委组织部", "lead"), ("县财政局", "support"), ("县审计局", "support")]),
        ("3", "建立居民区垃圾分类推进机制", [("县民政局", "lead"), ("县住建局", "support")])]
    assert plan.tasks[-1].line == 12              # the line of its row


def test_an_item_that_counts_cases_describes_them(tmp_path):
    text = (HEAD + "一、任务量\n1.设施农业违法项目：本区尚未整改消除的设施农业用地违法项目，共计1件、面积0.19亩。\n"
            "2.永久基本农田违法项目：各乡镇人民政府要将调整补划地块作为监管重点。\n")
    plan = plan_of(tmp_path, text)
    assert [t.number for t in plan.tasks] == ["2."]
