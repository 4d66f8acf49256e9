"""The five real seed plans: structure, tasks, units, metadata and source lines."""
from conftest import task_by_title


def names(task, role=None):
    return [u.name for u in task.units if role is None or u.role == role]


def test_every_seed_plan_is_read(plans):
    assert sorted(plans) == ["gaoqing-2022", "minhou-2021", "qingcheng-2022", "xuchang-15th-fyp", "yuzhou-2022"]


def test_task_counts_per_plan(plans):
    counts = {pid: len(p.tasks) for pid, p in plans.items()}
    assert counts == {"yuzhou-2022": 17, "gaoqing-2022": 14, "minhou-2021": 22,
                      "xuchang-15th-fyp": 89, "qingcheng-2022": 20}


def test_goals_principles_and_safeguards_are_not_tasks(plans):
    for plan in plans.values():
        for task in plan.tasks:
            assert not any(w in " ".join(task.path) for w in ("保障措施", "指导思想", "基本原则", "总体要求", "工作要求"))
    top = [s.title for s in plans["yuzhou-2022"].sections]
    assert top == ["总体要求", "试验任务", "保障措施"]
    assert [s.is_task_part for s in plans["yuzhou-2022"].sections] == [False, True, False]


def test_task_ids_come_from_numbering(plans):
    ids = [t.id for t in plans["yuzhou-2022"].tasks]
    assert ids[:3] == ["yuzhou-2022/2-1-1", "yuzhou-2022/2-1-2", "yuzhou-2022/2-1-3"]
    assert plans["qingcheng-2022"].tasks[0].id == "qingcheng-2022/4-1-2-p1"
    assert plans["xuchang-15th-fyp"].tasks[0].id == "xuchang-15th-fyp/c3-s1-p1"
    all_ids = [t.id for p in plans.values() for t in p.tasks]
    assert len(all_ids) == len(set(all_ids))


def test_inline_title_and_units_in_one_line(plans):
    task = plans["yuzhou-2022"].tasks[0]
    assert task.number == "1." and task.title == "明确农村集体经营性建设用地入市范围"
    assert task.source_lines == [37, 37]
    assert names(task) == ["市自然资源和规划局", "市农业农村局", "各乡镇〔街道〕"]
    assert task.path == ["试验任务", "建立农村集体经营性建设用地入市机制"]


def test_prefix_restored_in_abbreviated_lists(plans):
    minhou = plans["minhou-2021"]
    assert names(task_by_title(minhou, "全面深化户籍制度改革")) == ["县公安局", "县人社局"]
    medical = task_by_title(minhou, "提升乡村医疗卫生服务能力")
    assert names(medical) == ["县委编办", "闽侯医保局", "县卫健局", "县人社局", "县财政局"]
    assert [u.raw for u in medical.units] == ["县委编办", "闽侯医保局", "县卫健局", "人社局", "财政局"]
    # a short place name (闽侯…) does not become the prefix of the names after it
    ecology = task_by_title(minhou, "健全生态资源价值实现保障机制")
    assert names(ecology)[2:] == ["县财政局", "县金融办", "县林业局", "县审计局"]


def test_list_ending_in_a_collective_unit_with_brackets(plans):
    task = task_by_title(plans["minhou-2021"], "提升城乡养老服务能力")
    assert names(task) == ["县民政局", "县财政局", "各乡镇(街道)"]


def test_section_level_lead_applies_to_every_task_under_it(plans):
    gaoqing = plans["gaoqing-2022"]
    for task in gaoqing.tasks[:3]:
        assert names(task, "lead") == ["县公安局"]
    for task in gaoqing.tasks[11:]:
        assert names(task, "lead") == ["县自然资源局", "县农业农村局", "市生态环境局高青分局"]


def test_task_with_several_paragraphs_gets_the_union(plans):
    task = task_by_title(plans["gaoqing-2022"], "建立土地确权登记的数字化、标准化平台")
    assert task.source_lines == [73, 77]
    assert sorted(names(task, "responsible")) == sorted(["县农业农村局", "各镇办", "县自然资源局"])


def test_circled_sub_items_belong_to_their_task(plans):
    gaoqing = plans["gaoqing-2022"]
    task = next(t for t in gaoqing.tasks if t.number == "8.")
    assert task.source_lines == [95, 105]
    assert "⑤城乡融合经典项目" in task.text
    assert "县文化和旅游局" in names(task) and "县科技局" in names(task)


def test_working_group_members_and_lead(plans):
    task = task_by_title(plans["qingcheng-2022"], "深化户籍制度改革")
    assert names(task, "lead") == ["市公安局清城分局"]
    assert len(names(task, "member")) == 14 and names(task, "member")[1] == "区农业农村局"
    # the group's roster (组长, 成员单位, 牵头单位) is not a task
    assert all(t.title != "组织机构" for t in plans["qingcheng-2022"].tasks)


def test_parenthesised_sub_items_belong_to_their_task(plans):
    task = task_by_title(plans["qingcheng-2022"], "建立人才入乡激励机制")
    assert task.source_lines == [34, 35]
    assert task.text.splitlines()[1].startswith("（1）建立岗编适度分离制度")


def test_label_heading_without_number_holds_its_tasks(plans):
    # （五）… 1.组织机构 … 工作任务 (no "2.") then three tasks
    titles = [t.title for t in plans["qingcheng-2022"].tasks if t.path[-1] == "工作任务" and "基础设施" in t.path[-2]]
    assert titles == ["建立城乡基础设施一体化规划建设机制", "建立城乡基础设施一体化管护机制",
                      "建立城乡基础设施建设分级分类投入机制"]


def test_five_year_plan_tasks_are_lead_sentences_of_measure_chapters(plans):
    fyp = plans["xuchang-15th-fyp"]
    assert fyp.tasks[0].title == "落实主体功能区战略" and fyp.tasks[0].source_lines == [41, 41]
    assert fyp.tasks[-1].title == "完善农业生物安全防控体系"
    assert all(not t.units for t in fyp.tasks)
    chapters = [s.title for s in fyp.sections if s.is_task_part]
    assert len(chapters) == 7 and chapters[0].startswith("统筹规划建设布局")


def test_metadata_from_the_text(plans):
    yuzhou, gaoqing, minhou = plans["yuzhou-2022"], plans["gaoqing-2022"], plans["minhou-2021"]
    assert (yuzhou.doc_number, yuzhou.issuer, yuzhou.date, yuzhou.locality) == \
        ("禹政办〔2022〕3号", "禹州市人民政府办公室", "2022-02-24", "禹州市")
    assert yuzhou.title == "许昌国家城乡融合发展试验区禹州市实施方案"
    assert (gaoqing.doc_number, gaoqing.date, gaoqing.title) == \
        ("高政办字〔2022〕21号", "2022-06-08", "高青县城乡融合发展试验区实施方案")
    assert (minhou.date, minhou.published, minhou.issuer) == ("2021-07-23", "2021-07-30", "闽侯县人民政府")


def test_metadata_from_title_line_and_status(plans):
    qingcheng = plans["qingcheng-2022"]
    assert qingcheng.title == "国家城乡融合发展试验区广清接合片区清远市清城区实施方案"
    assert (qingcheng.locality, qingcheng.status) == ("清远市清城区", "稿")


def test_yml_fills_what_the_text_lacks(plans):
    fyp = plans["xuchang-15th-fyp"]
    assert (fyp.title, fyp.locality) == ("许昌城乡融合发展第十五个五年规划", "许昌市")
    assert fyp.meta_origin["title"] == "yml"


def test_debris_is_removed_and_listed(plans):
    removed = {p.id: [r.text for r in p.removed] for p in plans.values()}
    assert removed["minhou-2021"] == ["加大字体 缩小字体 收藏 取消收藏 打印"]
    assert removed["gaoqing-2022"] == ["扫码使用手机浏览本页内容"]
    assert all(t.startswith("[bookmark:") for t in removed["xuchang-15th-fyp"])
    assert "[bookmark" not in "".join(t.text for t in plans["xuchang-15th-fyp"].tasks)


def test_source_lines_point_at_the_task_text(plans):
    for plan in plans.values():
        for task in plan.tasks:
            first, last = task.source_lines
            assert plan.clean_lines[first - 1].endswith(task.paragraphs[0].text[-10:])
            assert first <= last and plan.clean_lines[last - 1]
