"""Unit lists: finding, splitting and restoring prefixes, on crafted lines."""
import pytest
import yaml

from conftest import ROOT
from generator.extract.clauses import find_lists, split_items
from generator.names import Names, UnitKnowledge, locality_levels

LABELS = yaml.safe_load((ROOT / "content" / "structure.yml").read_text(encoding="utf-8"))["unit_labels"]
KNOWLEDGE = UnitKnowledge.from_config(yaml.safe_load((ROOT / "content" / "units.yml").read_text(encoding="utf-8")))


def lists(text):
    return [(l.role, l.items) for l in find_lists(text, 1, LABELS)]


def test_parenthesised_list_full_and_half_width():
    assert lists("推进改革。（责任单位：县公安局、人社局）") == [("responsible", ["县公安局", "人社局"])]
    assert lists("推进改革。(责任单位:县民政局、财政局,各乡镇(街道))") == \
        [("responsible", ["县民政局", "财政局", "各乡镇(街道)"])]


def test_list_on_its_own_line_and_several_labels():
    assert lists("责任单位：县住建局、文旅局、资规局") == [("responsible", ["县住建局", "文旅局", "资规局"])]
    assert lists("（牵头单位：县发改局；配合单位：县财政局、县农业农村局）") == \
        [("lead", ["县发改局"]), ("support", ["县财政局", "县农业农村局"])]


def test_heading_with_lead_units():
    assert lists("(一)建立人口迁移制度(牵头单位:县公安局)") == [("lead", ["县公安局"])]


def test_a_label_inside_a_sentence_is_not_a_list():
    assert lists("各责任单位：要加强协调") == []


def test_split_keeps_brackets_and_quotes_and_drops_final_stop():
    assert split_items("区“三旧”改造领导小组办公室、各乡镇〔街道〕、区税务局。") == \
        ["区“三旧”改造领导小组办公室", "各乡镇〔街道〕", "区税务局"]


@pytest.mark.parametrize("items, locality, expected", [
    (["县公安局", "人社局"], "闽侯县", ["县公安局", "县人社局"]),
    (["县委编办", "闽侯医保局", "县卫健局", "人社局"], "闽侯县", ["县委编办", "闽侯医保局", "县卫健局", "县人社局"]),
    (["县委组织部", "宣传部", "发改局"], "闽侯县", ["县委组织部", "县委宣传部", "县发改局"]),
    (["市文化广电和旅游局", "褚河街道", "神垕镇"], "禹州市", ["市文化广电和旅游局", "褚河街道", "神垕镇"]),
    (["县商务局", "市场监管局"], "高青县", ["县商务局", "县市场监管局"]),
    (["县住建局", "供电公司"], "闽侯县", ["县住建局", "县供电公司"]),
    (["县自然资源局", "中国人民银行高青县支行", "各镇办"], "高青县", ["县自然资源局", "中国人民银行高青县支行", "各镇办"]),
])
def test_omitted_prefix_restored(items, locality, expected):
    assert Names(KNOWLEDGE, locality).restore(items) == expected


def test_display_names_spell_out_locality_and_abbreviation():
    minhou = Names(KNOWLEDGE, "闽侯县")
    assert minhou.display("县资规局")[0] == "闽侯县自然资源和规划局"
    assert minhou.display("县人社局")[0] == "闽侯县人力资源和社会保障局"
    qingcheng = Names(KNOWLEDGE, "清远市清城区")
    assert qingcheng.display("区发展改革局")[0] == qingcheng.display("区发展和改革局")[0] == "清远市清城区发展和改革局"
    assert qingcheng.display("市公安局清城分局")[0] == "清远市公安局清城分局"
    # no city is known for 高青县: the plan's own spelling stays
    assert Names(KNOWLEDGE, "高青县").display("市生态环境局高青分局")[0] == "市生态环境局高青分局"


def test_locality_levels():
    assert locality_levels("清远市清城区") == {"市": "清远市", "区": "清远市清城区"}
    assert locality_levels("闽侯县") == {"县": "闽侯县"}


def test_types():
    names = Names(KNOWLEDGE, "禹州市")
    assert names.types_of("禹州市科技和工业信息化局") == ["science-tech", "industry-it"]
    assert names.types_of("神垕镇") == ["towns"]
    assert names.types_of("各乡镇〔街道〕") == ["towns"]
    assert names.types_of("中国人民银行高青县支行") == ["financial-services"]
