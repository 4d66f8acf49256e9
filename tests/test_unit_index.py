"""One organisation, one unit; one kind of agency across localities (seed plans)."""
import pytest


def unit_of(handbook, plan_id, printed):
    """The unit that a name printed in a plan's lists resolves to."""
    for task in handbook.tasks:
        if task.plan == plan_id:
            for ref in task.units:
                if printed in (ref.raw, ref.name):
                    return next(u for u in handbook.units if u.id == ref.unit)
    raise AssertionError(f"{printed} not in {plan_id}")


@pytest.mark.parametrize("plan_id, a, b", [
    ("qingcheng-2022", "区发展和改革局", "区发展改革局"),
    ("qingcheng-2022", "区人力资源和社会保障局", "区人力资源社会保障局"),
    ("qingcheng-2022", "区工信局", "区工业和信息化局"),
    ("qingcheng-2022", "区住房建设局", "区住房城乡建设局"),
    ("gaoqing-2022", "县文化和旅游局", "县文化旅游局"),
    ("qingcheng-2022", "广清对口帮扶办", "区广清对口帮扶办"),
])
def test_spellings_of_one_organisation_are_one_unit(handbook, plan_id, a, b):
    assert unit_of(handbook, plan_id, a) is unit_of(handbook, plan_id, b)


def test_aliases_as_printed_are_kept(handbook):
    unit = unit_of(handbook, "qingcheng-2022", "区发展改革局")
    assert unit.name == "清远市清城区发展和改革局"
    assert {"区发展改革局", "区发展和改革局"} <= set(unit.aliases)


@pytest.mark.parametrize("plan_id, printed, name, type_id", [
    ("minhou-2021", "县资规局", "闽侯县自然资源和规划局", "natural-resources"),
    ("minhou-2021", "人社局", "闽侯县人力资源和社会保障局", "human-resources"),
    ("minhou-2021", "县金融办", "闽侯县金融办", "financial-services"),
    ("minhou-2021", "闽侯生态环境局", "闽侯生态环境局", "ecology-environment"),
    ("yuzhou-2022", "市卫健委", "禹州市卫生健康委员会", "health"),
    ("yuzhou-2022", "市教体局", "禹州市教育和体育局", "education"),
    ("qingcheng-2022", "市公安局清城分局", "清远市公安局清城分局", "public-security"),
    ("gaoqing-2022", "市生态环境局高青分局", "市生态环境局高青分局", "ecology-environment"),
    ("gaoqing-2022", "中国人民银行高青县支行", "中国人民银行高青县支行", "financial-services"),
    ("gaoqing-2022", "县委政法委", "高青县委政法委", "political-legal"),
    ("minhou-2021", "县委编办", "闽侯县委编办", "staffing"),
    ("qingcheng-2022", "区工商联", "清远市清城区工商联", "federation-commerce"),
    ("minhou-2021", "供电公司", "闽侯县供电公司", "power-supply"),
])
def test_display_name_and_type(handbook, plan_id, printed, name, type_id):
    unit = unit_of(handbook, plan_id, printed)
    assert (unit.name, unit.type) == (name, type_id)


def test_collective_and_place_units(handbook):
    group = unit_of(handbook, "yuzhou-2022", "各乡镇〔街道〕")
    town = unit_of(handbook, "yuzhou-2022", "神垕镇")
    assert (group.kind, group.type, group.name) == ("collective", "towns", "禹州市各乡镇〔街道〕")
    assert (town.kind, town.type, town.name) == ("place", "towns", "禹州市神垕镇")
    assert unit_of(handbook, "gaoqing-2022", "各镇办").type == "towns"


def test_merged_agency_has_both_types(handbook):
    unit = unit_of(handbook, "yuzhou-2022", "市科技和工业信息化局")
    assert (unit.type, unit.also_types) == ("science-tech", ["industry-it"])


def test_same_name_in_two_plans_is_two_units(handbook):
    assert unit_of(handbook, "gaoqing-2022", "县公安局") is not unit_of(handbook, "minhou-2021", "县公安局")


def test_every_seed_unit_is_typed(handbook):
    assert [u.name for u in handbook.units if u.type == "other"] == []
    assert not [d for d in handbook.diagnostics if "no agency type" in d.message]


def test_agency_type_page_compares_localities(built_site):
    from generator.site import visible_text
    _, site = built_site
    text = visible_text((site / "agency-types" / "natural-resources" / "index.html").read_text(encoding="utf-8"))
    for name in ("禹州市自然资源和规划局", "高青县自然资源局", "闽侯县自然资源和规划局", "清远市自然资源局清城分局"):
        assert name in text
    heat = visible_text((site / "units" / "index.html").read_text(encoding="utf-8"))
    assert "各类机构承担的任务数" in heat
