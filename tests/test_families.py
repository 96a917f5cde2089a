"""Rules found with the documents of new families written blind in round 3 (tests/data/unseen/make_families.py):
a report of a past year (2024年…住房发展情况) whose figures are actuals, a 十五五 plan's yearly 分别 list over a
span of years and its indicator rows counted over the plan period, a scheme's eligibility thresholds and rent
rates (standards), where an applicant lives (no region), units of such documents (部, 份, 周岁, 元/月)."""
from __future__ import annotations

from extractors.txt import extract
from parsers.facts import parse
from parsers.meta import describe
from parsers.quantities import find_quantities

SCHEME = "宁德市配售型保障性住房实施方案"
PLAN = "宁德市“十五五”住房发展规划（2026—2030年）"


def _write(tmp_path, lines: list[str]):
    path = tmp_path / "doc.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return extract(path)


def facts_of(tmp_path, lines: list[str]):
    return parse(_write(tmp_path, lines))


def got(facts):
    return [(f.quantity.raw_value, f.region, f.period_start, f.period_end, f.kind) for f in facts]


def test_a_report_of_a_past_year_is_a_statistical_report(tmp_path):
    info = describe(_write(tmp_path, ["2024年宁德市住房发展情况", "全年完成房地产开发投资356.2亿元，同比下降8.4%。",
                                      "按照《宁德市住房发展规划》要求，推进各项工作。"]))
    assert (info.title, info.doc_type, info.period_start, info.period_end) == (
        "2024年宁德市住房发展情况", "statistical_report", 2024, 2024)


def test_a_report_states_actuals_of_its_year_and_plans_of_the_next(tmp_path):
    facts = facts_of(tmp_path, ["2024年宁德市住房发展情况", "全年完成房地产开发投资356.2亿元，同比下降8.4%。",
                                "全年筹集保障性租赁住房6120套（间），完成年度目标任务的102%。",
                                "2025年，全市计划筹集保障性租赁住房3000套（间）。"])
    assert got(facts) == [("356.2", "宁德市", 2024, 2024, "actual"), ("8.4", "宁德市", 2024, 2024, "actual"),
                          ("6120", "宁德市", 2024, 2024, "actual"), ("102", "宁德市", 2024, 2024, "actual"),
                          ("3000", "宁德市", 2025, 2025, "plan")]


def test_a_change_against_last_year_end_is_of_the_year_reported(tmp_path):
    facts = facts_of(tmp_path, ["2024年宁德市住房发展情况", "截至年末，去化周期17.4个月，较上年末缩短1.9个月。"])
    assert got(facts) == [("17.4", "宁德市", 2024, 2024, "actual"), ("1.9", "宁德市", 2024, 2024, "actual")]


def test_a_plan_is_not_a_report(tmp_path):
    info = describe(_write(tmp_path, ["宁德市2025年住房发展年度计划", "2024年全市住房发展情况良好。"]))
    assert info.doc_type == "annual_plan"


def test_figures_listed_after_a_span_of_years_go_one_a_year(tmp_path):
    facts = facts_of(tmp_path, [PLAN, "2026年至2030年分别计划供应住宅用地3300亩、3100亩、2900亩、2700亩和2500亩。"])
    assert [(f.quantity.raw_value, f.period_start, f.period_end) for f in facts] == [
        ("3300", 2026, 2026), ("3100", 2027, 2027), ("2900", 2028, 2028), ("2700", 2029, 2029), ("2500", 2030, 2030)]


def test_a_span_of_years_with_a_total_is_no_yearly_list(tmp_path):
    facts = facts_of(tmp_path, [PLAN, "2026年至2030年，全市和中心城区分别供应住宅用地1.45万亩和0.82万亩。"])
    assert [(f.quantity.raw_value, f.region, f.period_start, f.period_end) for f in facts] == [
        ("1.45", "宁德市", 2026, 2030), ("0.82", "中心城区", 2026, 2030)]


def test_places_listed_in_the_part_before_respectively_go_one_by_one(tmp_path):
    facts = facts_of(tmp_path, ["宁德市城镇老旧小区改造三年行动方案（2025—2027年）",
                                "对改造任务较重的新泰市、肥城市，市级财政分别给予3000万元和2500万元奖补资金。"])
    assert [(f.quantity.raw_value, f.region) for f in facts] == [("3000", "新泰市"), ("2500", "肥城市")]


def test_an_indicator_row_over_the_plan_period_counts_over_it(tmp_path):
    rows = [["指标", "单位", "2025年现状值", "2030年目标值", "属性"], ["城镇住房成套率", "%", "93.5", "96", "预期性"],
            ["“十五五”期间新增保障性住房", "套", "—", "24000", "约束性"]]
    table = [line for cells in rows for line in [*("\t" + c for c in cells), ""]]
    facts = facts_of(tmp_path, [PLAN, "表1 主要指标", *table, ""])
    assert got(facts) == [("93.5", "宁德市", 2025, 2025, "actual"), ("96", "宁德市", 2030, 2030, "plan"),
                          ("24000", "宁德市", 2026, 2030, "plan")]


def test_eligibility_thresholds_are_standards(tmp_path):
    facts = facts_of(tmp_path, [SCHEME, "二、保障对象和准入条件",
                                "申请家庭在中心城区无自有住房，或家庭人均住房建筑面积低于15平方米。",
                                "单身申请人月收入在6000元/月以下。",
                                "青年人才年龄在35周岁以下，且在本市连续缴纳社会保险12个月以上。",
                                "家庭年收入不高于本市上年度城镇居民人均可支配收入的2倍。"])
    assert [(f.quantity.raw_value, f.quantity.unit, f.region, f.kind) for f in facts] == [
        ("15", "m2", "宁德市", "standard"), ("6000", "yuan", "宁德市", "standard"), ("35", "year", "宁德市", "standard"),
        ("12", "month", "宁德市", "standard"), ("2", "ratio", "宁德市", "standard")]


def test_a_bound_outside_eligibility_is_still_a_target(tmp_path):
    facts = facts_of(tmp_path, ["宁德市2025年住房发展年度计划", "全年新增筹集保障性租赁住房不低于500套。",
                                "全年向城镇住房困难家庭发放租赁补贴不少于6000户。"])
    assert got(facts) == [("500", "宁德市", 2025, 2025, "plan"), ("6000", "宁德市", 2025, 2025, "plan")]


def test_a_rent_set_at_a_share_of_the_market_rent_is_a_standard(tmp_path):
    facts = facts_of(tmp_path, [SCHEME, "租金按同地段同品质市场租金的80%确定。", "全年完成年度任务的80%。"])
    assert [(f.quantity.raw_value, f.kind) for f in facts] == [("80", "standard"), ("80", "plan")]


def test_where_an_applicant_lives_is_no_region_but_where_housing_is_built_is(tmp_path):
    facts = facts_of(tmp_path, [SCHEME, "申请人在高新区工作且家庭人均住房建筑面积低于15平方米。",
                                "在高新区新建配售型保障性住房600套。"])
    assert [(f.quantity.raw_value, f.region) for f in facts] == [("15", "宁德市"), ("600", "高新区")]


def test_units_of_renewal_reports_and_schemes():
    found = [(q.raw_value, q.raw_unit, q.value, q.unit) for q in
             find_quantities("加装电梯300部，网签备案租赁合同4.12万份，年龄35周岁以下，月收入6000元/月以下")]
    assert found == [("300", "部", 300.0, "item"), ("4.12", "万份", 41200.0, "item"), ("35", "周岁", 35.0, "year"),
                     ("6000", "元/月", 6000.0, "yuan")]


def test_what_a_report_still_plans_is_a_plan(tmp_path):
    facts = facts_of(tmp_path, ["宁德市2025年上半年房地产市场运行情况", "上半年完成年度计划的56%。",
                                "下半年，全市计划再筹集保障性租赁住房800套（间）。"])
    assert got(facts) == [("56", "宁德市", 2025, 2025, "actual"), ("800", "宁德市", 2025, 2025, "plan")]


def test_a_rent_bounded_by_the_market_rent_is_a_standard(tmp_path):
    facts = facts_of(tmp_path, [SCHEME, "租金不高于同地段同品质市场租赁住房租金的90%。",
                                "全年筹集量不低于上年的110%。"])
    assert [(f.quantity.raw_value, f.kind) for f in facts] == [("90", "standard"), ("110", "plan")]


def test_an_amount_per_square_metre_is_a_rate_and_a_rule(tmp_path):
    facts = facts_of(tmp_path, [SCHEME, "对新建项目，按每平方米200元给予补助，单个项目最高不超过500万元。"])
    assert [(f.quantity.raw_value, f.quantity.value, f.quantity.unit, f.kind) for f in facts] == [
        ("200", 200.0, "yuan_per_m2", "standard"), ("500", 5e6, "yuan", "standard")]


def test_each_year_after_the_listed_ones_is_a_span_to_the_plans_end(tmp_path):
    facts = facts_of(tmp_path, [PLAN, "2026年、2027年分别新开工保障性住房4000套、3800套，此后每年不少于3000套。"])
    assert [(f.quantity.raw_value, f.period_start, f.period_end) for f in facts] == [
        ("4000", 2026, 2026), ("3800", 2027, 2027), ("3000", 2028, 2030)]


def test_a_respective_list_takes_bounds_between_its_figures(tmp_path):
    facts = facts_of(tmp_path, [PLAN, "2026年、2027年分别供应住宅用地3000亩以上和2800亩以上。"])
    assert [(f.quantity.raw_value, f.period_start, f.period_end) for f in facts] == [("3000", 2026, 2026),
                                                                                   ("2800", 2027, 2027)]


def test_a_share_of_a_period_amount_is_over_the_period(tmp_path):
    facts = facts_of(tmp_path, [PLAN, "中心城区规划期内供应住宅用地7800亩，占全市的60%。", "到2030年，城镇化率达到70%。",
                                "住房租赁补贴覆盖率达到30%。"])
    assert [(f.quantity.raw_value, f.period_start, f.period_end) for f in facts] == [
        ("7800", 2026, 2030), ("60", 2026, 2030), ("70", 2030, 2030), ("30", 2030, 2030)]


def test_a_subsidy_per_household_set_as_a_standard_is_one(tmp_path):
    facts = facts_of(tmp_path, ["宁德市2025年城镇老旧小区改造计划", "中央补助资金按每户1.2万元标准测算。",
                                "计划改造城镇老旧小区86个。"])
    assert got(facts) == [("1.2", "宁德市", 2025, 2025, "standard"), ("86", "宁德市", 2025, 2025, "plan")]


import pytest  # noqa: E402


@pytest.mark.parametrize("title, doc_type, year", [
    ("关于2024年全市住房保障工作情况的通报", "statistical_report", 2024),
    ("宁德市2024年住房租赁市场发展报告", "statistical_report", 2024),
    ("关于宁德市2024年住房发展年度计划执行情况的报告", "statistical_report", 2024),
    ("宁德市2025年上半年房地产市场运行情况", "statistical_report", 2025),
    ("宁德市2025年城镇保障性安居工程实施计划", "annual_plan", 2025),
    ("宁德市2025年住房发展年度计划", "annual_plan", 2025),
    ("宁德市城镇老旧小区改造三年行动方案（2025—2027年）", "renovation_plan", 2025),
])
def test_the_title_types_a_document(tmp_path, title, doc_type, year):
    info = describe(_write(tmp_path, [title, "全年完成房地产开发投资356.2亿元。", "宁德市住房和城乡建设局"]))
    assert (info.jurisdiction, info.doc_type, info.period_start) == ("宁德市", doc_type, year)


def test_a_general_kind_of_area_is_no_region(tmp_path):
    facts = facts_of(tmp_path, [SCHEME, "可通过产业园区配套用地、闲置土地等渠道筹集保障性租赁住房800套。",
                                "在经开区新建保障性租赁住房300套。"])
    assert [(f.quantity.raw_value, f.region) for f in facts] == [("800", "宁德市"), ("300", "经开区")]


def test_land_for_housing_named_in_its_own_clause_is_for_all_housing(tmp_path):
    facts = facts_of(tmp_path, ["宁德市2025年住房发展年度计划", "全年筹集保障性租赁住房3260套，供应住宅用地138.6公顷。"])
    assert [(f.quantity.raw_value, f.housing_type) for f in facts] == [("3260", "affordable_rental"), ("138.6", "all")]
