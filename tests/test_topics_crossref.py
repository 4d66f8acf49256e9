"""Topics, related tasks, cited documents, deadlines and targets."""
import statistics

import pytest

from generator.crossref import find_deadlines, find_targets
from generator.model import Paragraph, Task, Topic
from generator.topics import Segmenter

PILOT_IDS = ["population-migration", "rural-rights-exit", "collective-land-market", "rural-property-mortgage",
             "tech-transfer-rural", "urban-village-renewal", "industry-coordination", "ecological-products",
             "infrastructure-integration", "public-services-equalization", "farmer-income"]
TASK_PLANS = ["yuzhou-2022", "gaoqing-2022", "minhou-2021", "qingcheng-2022"]


def crafted(text):
    return Task("x/1", "x", "1", "1.", "标题", [], 1, 1, [Paragraph(1, text)])


def test_the_eleven_pilot_topics(handbook):
    assert [t.id for t in handbook.topics if t.pilot] == PILOT_IDS


@pytest.mark.parametrize("plan_id", TASK_PLANS)
def test_every_task_carries_the_pilot_topic_of_its_section(plans, plan_id):
    pilots = set(PILOT_IDS)
    for task in plans[plan_id].tasks:
        from_heading = [t for t, why in task.topic_reasons.items() if why.startswith("上级标题")]
        assert from_heading and from_heading[0] in pilots, (task.id, task.topic_reasons)


def test_heading_gives_the_topic_even_when_text_does_not_repeat_it(plans):
    task = plans["yuzhou-2022"].tasks[1]       # 加快编制乡镇国土空间规划, under （一）…入市机制
    assert "集体经营性建设用地" not in task.title
    assert task.topics[0] == "collective-land-market"
    assert "建立农村集体经营性建设用地入市机制" in task.topic_reasons["collective-land-market"]


def test_median_task_has_at_most_three_topics(handbook):
    assert statistics.median(len(t.topics) for t in handbook.tasks) <= 3


def test_a_task_that_names_a_topic_once_is_on_it(plans):
    task = next(t for t in plans["qingcheng-2022"].tasks if t.title == "深化户籍制度改革")
    assert task.text.count("宅基地") == 1
    assert task.topic_reasons["homestead"] == "正文1次提到“宅基地”"


def test_a_short_keyword_inside_another_word_is_not_a_mention():
    seg = Segmenter([Topic("land", "土地入市", None, keywords=["入市"])], [])
    task = crafted("引导企业融入市场体系。")
    from generator.topics import assign_topics
    assign_topics(task, [Topic("land", "土地入市", None, keywords=["入市"])], seg)
    assert task.topics == []


def test_short_keywords_need_jieba_to_cut_them_out():
    seg = Segmenter([Topic("land", "入市", None, keywords=["入市"])], [])
    assert seg.count("入市", "推动集体经营性建设用地入市。") == 1
    assert seg.count("入市", "引导企业融入市场体系。") == 0


def test_related_tasks_come_from_other_plans_and_share_a_pilot_topic(handbook, plans):
    by_id = {t.id: t for t in handbook.tasks}
    task = next(t for t in plans["gaoqing-2022"].tasks if t.number == "2.")
    assert "minhou-2021/2-1-2" in [other for other, _ in task.related]
    for t in handbook.tasks:
        assert len(t.related) <= 5
        for other, score in t.related:
            assert by_id[other].plan != t.plan and set(by_id[other].topics) & set(t.topics) & set(PILOT_IDS)
        assert [s for _, s in t.related] == sorted((s for _, s in t.related), reverse=True)


def test_cited_documents_merge_spellings_and_skip_self_announcement(handbook):
    docs = {d.doc_number: d for d in handbook.documents if d.doc_number}
    opinion = docs["中发〔2019〕12号"]
    assert {c.plan for c in opinion.citations} == {"qingcheng-2022", "yuzhou-2022"}   # title + number, title alone
    assert "发改规划〔2019〕1947号" in docs and "豫政办〔2021〕56号" in docs
    own_titles = {p.title for p in handbook.plans}
    assert not any(d.title in own_titles and d.plan in {c.plan for c in d.citations} for d in handbook.documents)


def test_deadlines_and_targets_on_a_seed_task(plans):
    task = plans["yuzhou-2022"].tasks[11]      # 建设一批产城融合度高的产业强镇
    assert [(d.text, d.year) for d in task.deadlines] == [("到2025年", 2025)]
    assert any("镇区人口超8万" in text for text, _ in task.targets)


@pytest.mark.parametrize("text, expected", [
    ("各单位于8月30日前报区统筹办。", [("8月30日前", None)]),
    ("力争2—3年形成经验。", [("力争2—3年", None)]),
    ("第一阶段(2020—2022年)基本建立。", [("2020—2022年", 2022)]),
    ("2022年底前完成确权。", [("2022年底", 2022)]),
    ("到2025年，全面建成。", [("到2025年", 2025)]),
])
def test_time_expressions(text, expected):
    assert [(d.text, d.year) for d in find_deadlines(crafted(text))] == expected


def test_quantitative_targets():
    found = [t for t, _ in find_targets(crafted("安排不少于10%建设用地指标，农村劳动力转移就业9万人以上。"))]
    assert found == ["安排不少于10%建设用地指标", "农村劳动力转移就业9万人以上"]


def test_topic_pages_matrix_timeline_and_documents_are_built(built_site):
    from generator.site import visible_text
    _, site = built_site
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="topics/collective-land-market/#yuzhou-2022"' in home
    topic = visible_text((site / "topics" / "collective-land-market" / "index.html").read_text(encoding="utf-8"))
    assert "明确农村集体经营性建设用地入市范围" in topic and "完善农村集体经营性建设用地入市制度" in topic
    timeline = visible_text((site / "timeline" / "index.html").read_text(encoding="utf-8"))
    assert "2025年" in timeline and "建设一批产城融合度高的产业强镇" in timeline
    documents = visible_text((site / "documents" / "index.html").read_text(encoding="utf-8"))
    assert "中发〔2019〕12号" in documents
    task = visible_text((site / "plans" / "gaoqing-2022" / "4-1-2" / "index.html").read_text(encoding="utf-8"))
    assert "其他规划中的相关任务" in task and "强化市民化保障与支持体系" in task
