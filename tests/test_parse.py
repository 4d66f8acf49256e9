"""Parsing: numbering styles, headings without numbers and lead sentences."""
import pytest

from generator.parse import classify, cn_number, lead_split, parse


@pytest.mark.parametrize("line, style, ordinal", [
    ("一、总体要求", "cn", 1),
    ("十二、保障措施", "cn", 12),
    ("（一）指导思想", "paren-cn", 1),
    ("(三)搭建城乡产业协同发展平台", "paren-cn", 3),
    ("1.明确入市范围。", "arabic", 1),
    ("1．明确入市范围", "arabic", 1),
    ("2、加快编制规划", "arabic", 2),
    ("10. 建立风险的防范体系。", "arabic", 10),
    ("（1）建立岗编适度分离制度", "paren-arabic", 1),
    ("(2)完善机制", "paren-arabic", 2),
    ("③小城镇:将部分集镇升级", "circled", 3),
    ("第三章  统筹规划建设布局", "chapter", 3),
    ("第十节 规划实施保障", "section", 10),
    ("附件:任务分工表", "annex", None),
])
def test_numbering_styles_full_and_half_width(line, style, ordinal):
    found = classify(line)
    assert found[0] == style and found[3] == ordinal


@pytest.mark.parametrize("line", ["2022年2月24日", "2025年，第一产业实现增加值", "5G网络覆盖", "1.8万人以上"])
def test_lines_that_are_not_headings(line):
    assert classify(line) is None


def test_chinese_numerals():
    assert [cn_number(t) for t in ("一", "十", "十一", "二十", "二十三", "一百")] == [1, 10, 11, 20, 23, 100]


def test_lead_sentence_is_short_and_unpunctuated():
    assert lead_split("提升农业科技创新能力。支持企业与农科院合作。") == ("提升农业科技创新能力", "支持企业与农科院合作。")
    assert lead_split("落实国家和河南省主体功能区战略格局，构建城乡一体规划。其余") is None


def test_tree_nests_by_rank_and_keeps_lines():
    lines = ["方案", "一、总体要求", "（一）指导思想", "正文。", "二、试验任务", "（一）第一组", "1.任务甲。内容。",
             "2.任务乙。内容。", "（二）第二组", "1.任务丙。"]
    doc = parse("x.txt", lines)
    assert [p.line for p in doc.preamble] == [1]
    top = doc.root.children
    assert [n.title for n in top] == ["总体要求", "试验任务"]
    assert [n.title for n in top[1].children[0].children] == ["任务甲", "任务乙"]
    assert top[1].children[1].children[0].line == 10


def test_unnumbered_short_lines_become_headings_and_bare_labels_hold_them():
    lines = ["一、任务", "（一）第一组", "1.组织机构", "成员单位：区财政局。", "牵头单位：区财政局",
             "工作任务", "建立甲机制", "甲的内容。", "建立乙机制", "乙的内容。"]
    doc = parse("x.txt", lines, frozenset({"成员单位", "牵头单位"}))
    group = doc.root.children[0].children[0]
    assert [c.title for c in group.children] == ["组织机构", "工作任务"]
    assert [c.title for c in group.children[1].children] == ["建立甲机制", "建立乙机制"]


def test_five_year_plan_parts_made_of_lead_sentences():
    lines = ["第一章 总体", "第一节 加强规划", "落实国家战略格局，构建城乡一体规划体系。",
             "落实主体功能区战略。细化主体功能定位。", "完善城乡规划体系。按照多规合一。"]
    section = parse("x.txt", lines).root.children[0].children[0]
    assert [p.line for p in section.body] == [3]
    assert [c.title for c in section.children] == ["落实主体功能区战略", "完善城乡规划体系"]


def test_an_annex_heading_without_a_title_is_not_numbered_twice():
    doc = parse("x.txt", ["一、重点任务", "建立机制。", "附件1", "任务分工表"])
    annex = doc.root.children[-1]
    assert annex.style == "annex" and annex.title == "附件1" and annex.number is None
    titled = parse("x.txt", ["一、重点任务", "建立机制。", "附件1：任务分工表"]).root.children[-1]
    assert (titled.number, titled.title) == ("附件1", "任务分工表")
