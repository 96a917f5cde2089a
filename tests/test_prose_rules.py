"""Rules found with the prose-heavy documents written blind in round 2 (tests/data/unseen/make_prose.py):
numbered items read as headings, titles with two asides, bounds on amounts, a rule word of an earlier
figure, years that date the object, 由…缩短至…, plan words earlier in a clause, amounts under 保障措施,
人才住房, households reached by a renewal programme, measure words after the figure, bare counts of a
housing type."""
from __future__ import annotations

import pytest

from extractors.txt import extract
from parsers.facts import parse
from parsers.meta import describe
from parsers.words import first_word_at, last_word

ANNUAL_2025 = "示例市2025年住房发展年度计划"


def facts_of(tmp_path, lines: list[str], title: str = ANNUAL_2025):
    path = tmp_path / "plan.txt"
    path.write_text("\n".join([title, *lines]) + "\n", encoding="utf-8")
    return parse(extract(path))


def fact(tmp_path, lines, raw: str, title: str = ANNUAL_2025):
    found = [f for f in facts_of(tmp_path, lines, title) if f.quantity.raw_value == raw]
    assert len(found) == 1, found
    return found[0]


def test_a_numbered_item_read_as_a_heading_still_states_its_figures(tmp_path):
    facts = facts_of(tmp_path, ["一、上年完成情况", "1. 全县实际出让住宅用地386亩。", "2. 商品住房新开工2150套。",
                                "二、年度目标", "1. 其中商品住宅用地260亩。"])
    got = [(f.quantity.raw_value, round(f.quantity.value, 2), f.metric, f.housing_type, f.period_start, f.kind)
           for f in facts]
    assert got == [("386", 257333.33, "land_supply_residential", "all", 2024, "actual"),
                   ("2150", 2150.0, "new_start_units", "commercial", 2024, "actual"),
                   ("260", 173333.33, "land_supply_residential", "commercial", 2025, "plan")]


def test_a_title_with_a_period_and_a_second_aside_names_the_plan(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("示例市“十五五”住房发展规划（2026—2030年）（摘要）\n一、回顾\n全市累计供应住宅用地2.1万亩。\n",
                    encoding="utf-8")
    info = describe(extract(path))
    assert (info.title, info.doc_type, info.period_start, info.period_end) == (
        "示例市“十五五”住房发展规划（2026—2030年）（摘要）", "five_year_plan", 2026, 2030)


@pytest.mark.parametrize("sentence, raw, expected", [
    # a ceiling on an amount to supply is a target
    ("中心城区住宅用地供应规模控制在1.2平方公里以内。", "1.2", ("plan", "at_most")),
    # a rule word of an earlier figure in the clause is not this one's
    ("去化周期力争控制在18个月以内，中心城区新建商品住房成交均价保持在7500—9000元/平方米区间。", "9000",
     ("plan", "range_high")),
    ("去化周期力争控制在18个月以内，中心城区新建商品住房成交均价保持在7500—9000元/平方米区间。", "18",
     ("plan", "at_most")),
    # a range to stay in is a target; a range named as the norm is a standard
    ("到2025年底，商品住房去化周期保持在12至18个月的合理区间。", "18", ("plan", "range_high")),
    ("目前去化周期仍然超过12-18个月的合理区间。", "18", ("standard", "range_high")),
    # a ratio bound stays a standard
    ("保障性租赁住房中小户型占比不低于70%。", "70", ("standard", "at_least")),
])
def test_bounds_on_amounts_and_rule_words_of_other_figures(tmp_path, sentence, raw, expected):
    f = fact(tmp_path, ["二、目标", sentence], raw)
    assert (f.kind, f.quantity.qualifier) == expected


def test_a_year_that_dates_the_object_is_not_the_figures_time(tmp_path):
    f = fact(tmp_path, ["二、目标", "改造2000年底前建成的城镇老旧小区85个，启动城中村改造项目3个。"], "3")
    assert (f.period_start, f.period_end, f.kind, f.metric, f.housing_type) == (
        2025, 2025, "plan", "renewal_communities", "urban_village")
    g = fact(tmp_path, ["二、目标", "改造2005年以前建成、失养失修的老旧小区12个。"], "12")
    assert (g.period_start, g.kind) == (2025, "plan")
    # a year that dates the figure still does
    h = fact(tmp_path, ["一、回顾", "2024年建成保障性住房500套。"], "500")
    assert (h.period_start, h.kind) == (2024, "actual")


def test_from_a_dated_level_to_a_target(tmp_path):
    facts = facts_of(tmp_path, ["二、目标", "商品住房去化周期由上年末的20.5个月缩短至16个月左右。"])
    got = [(f.quantity.raw_value, f.period_start, f.period_end, f.kind, f.quantity.qualifier) for f in facts]
    assert got == [("20.5", 2024, 2024, "actual", "exact"), ("16", 2025, 2025, "plan", "approx")]


def test_a_plan_word_earlier_in_the_clause_governs_an_actual_word(tmp_path):
    f = fact(tmp_path, ["一、目标", "2025年全市计划实施城中村改造项目14个，涉及居民4300户，完成投资18.6亿元。"], "18.6")
    assert (f.kind, f.metric, f.quantity.value) == ("plan", "investment", 1.86e9)
    g = fact(tmp_path, ["一、目标", "2025年计划实施项目14个，1-2月已完成投资3.2亿元。"], "3.2")
    assert g.kind == "actual"


def test_an_amount_committed_under_policy_measures_is_a_plan(tmp_path):
    lines = ["四、保障措施", "市财政安排城中村改造专项资金1.5亿元，对租赁企业按租金收入的4%征收房产税。"]
    assert fact(tmp_path, lines, "1.5").kind == "plan"
    assert fact(tmp_path, lines, "4").kind == "standard"


def test_talent_housing_and_bare_counts_of_a_housing_type(tmp_path):
    f = fact(tmp_path, ["二、目标", "新增人才住房二百套。"], "二百")
    assert (f.quantity.value, f.metric, f.housing_type) == (200.0, "supply_units", "talent")
    g = fact(tmp_path, ["二、目标", "共有产权住房100套。"], "100")
    assert (g.metric, g.housing_type) == ("supply_units", "shared_ownership")
    # a count with a measure word of its own is that measure's, not dwellings supplied
    h = fact(tmp_path, ["一、回顾", "商品房累计销售453.19万平方米、3.2万套。"], "3.2")
    assert h.metric == "sales_units"


def test_households_reached_by_a_renewal_programme_are_its_renewal_households(tmp_path):
    f = fact(tmp_path, ["二、目标", "改造城镇老旧小区8个，惠及居民960户。"], "960")
    assert (f.metric, f.housing_type) == ("renewal_households", "old_community")
    g = fact(tmp_path, ["二、目标", "保障性住房惠及困难家庭960户。"], "960")
    assert g.metric == "assisted_households"


def test_a_measure_word_after_the_figure_names_it_when_none_stands_before(tmp_path):
    f = fact(tmp_path, ["二、目标", "向符合条件的3500户城镇住房困难家庭发放租赁补贴，补贴资金约1260万元。"], "3500")
    assert f.metric == "rental_subsidy_households"


def test_first_word_at_skips_words_inside_longer_domain_words():
    text = "筹集保障性租赁住房和租赁住房"
    assert first_word_at(text, "租赁住房") == 10
    assert last_word(text, "租赁住房") == 10
    assert first_word_at(text, "保障性租赁住房") == 2
    assert first_word_at(text, "公租房") == -1


def readings(text: str):
    from parsers.quantities import find_quantities
    return [(q.raw_value, q.raw_unit, q.value, q.unit, q.qualifier) for q in find_quantities(text)]


def test_a_multiple_a_fraction_and_caps():
    assert readings("房价收入比控制在8倍以内。") == [("8", "倍", 8.0, "ratio", "at_most")]
    assert readings("小户型约占三分之二。") == [("三分之二", "", 66.666667, "percent", "approx")]
    assert readings("约占全市的3分之1。") == [("3分之1", "", 33.333333, "percent", "exact")]
    assert readings("贷款额度最高可达60万元，首付比例最低20%。") == [
        ("60", "万元", 600000.0, "yuan", "at_most"), ("20", "%", 20.0, "percent", "at_least")]
    # 百分之 and 千分之 stay units of their own
    assert readings("增长百分之五。") == [("五", "百分之", 5.0, "percent", "exact")]


def test_a_time_window_is_no_figure():
    from parsers.coverage import Reason, excluded
    assert readings("按近12个月平均销售速度测算，去化周期为17.3个月。") == [("17.3", "个月", 17.3, "month", "exact")]
    assert readings("过去12个月，全市新开工住房3000套。") == [("3000", "套", 3000.0, "unit", "exact")]
    # 近 before a figure of its own means "nearly"
    assert readings("目前去化周期近12个月。") == [("12", "个月", 12.0, "month", "approx")]
    # and coverage counts the window as a date, not an unread number
    assert excluded("按近12个月平均销售速度测算", 3, 5) is Reason.DATE
    assert excluded("目前去化周期近12个月。", 7, 9) is None


@pytest.mark.parametrize("lines, raw, expected", [
    # a part of the plan year already done is an actual of that year
    (["二、目标", "2025年1-3月，全县已出让住宅用地52亩。"], "52", (2025, 2025, "actual")),
    # “十四五”以来 in a 2025 plan runs to the year before the plan's
    (["一、回顾", "“十四五”以来，全县累计筹集保障性租赁住房1860套。"], "1860", (2021, 2024, "actual")),
    # a date written with dots after the figure dates it
    (["二、情况", "一期安置房420套已于2024.12.28交付使用。"], "420", (2024, 2024, "actual")),
    # a subsidy rate is a standard
    (["二、目标", "全年发放住房租赁补贴1500户，户均补助标准为每年1900-2000元。"], "2000", (2025, 2025, "standard")),
    (["二、目标", "全年发放住房租赁补贴1500户，户均补助标准为每年1900-2000元。"], "1500", (2025, 2025, "plan")),
])
def test_part_year_actuals_named_periods_since_dotted_dates_and_rates(tmp_path, lines, raw, expected):
    f = fact(tmp_path, lines, raw)
    assert (f.period_start, f.period_end, f.kind) == expected


def test_years_listed_before_fenbie_go_one_by_one_with_the_figures(tmp_path):
    title = "示例市“十五五”住房发展规划（2026—2030年）"
    facts = facts_of(tmp_path, ["第三章 分年度安排", "2026年、2027年分别计划供应住宅用地2300亩和2100亩，新开工住房3000套、2800套。"],
                     title)
    assert [(f.quantity.raw_value, f.period_start, f.period_end, f.kind) for f in facts] == [
        ("2300", 2026, 2026, "plan"), ("2100", 2027, 2027, "plan"), ("3000", 2026, 2026, "plan"), ("2800", 2027, 2027, "plan")]
    # a count that does not match the years leaves the period alone
    other = facts_of(tmp_path, ["第三章 分年度安排", "2026年、2027年分别计划改造老旧小区60个、55个和50个。"], title)
    assert [(f.period_start, f.period_end) for f in other] == [(2027, 2027)] * 3


def test_kinds_and_places_listed_before_fenbie_go_one_by_one(tmp_path):
    title = "柳州市2026年住房发展年度计划"
    facts = facts_of(tmp_path, ["二、目标", "商品住宅用地、保障性住房用地分别为120公顷、30公顷。"], title)
    assert [(f.quantity.raw_value, f.housing_type, f.region) for f in facts] == [
        ("120", "commercial", "柳州市"), ("30", "affordable", "柳州市")]
    facts = facts_of(tmp_path, ["二、目标", "柳北区、鱼峰区分别新开工商品住房2600套、2100套。"], title)
    assert [(f.quantity.raw_value, f.housing_type, f.region) for f in facts] == [
        ("2600", "commercial", "柳北区"), ("2100", "commercial", "鱼峰区")]


def test_a_price_rise_is_a_price_change(tmp_path):
    f = fact(tmp_path, ["二、目标", "新建商品住房价格同比上涨不超过3%。"], "3")
    assert (f.metric, f.kind, f.quantity.qualifier) == ("price_change", "standard", "at_most")


def test_a_review_heading_naming_no_time_dates_the_sentences_under_it(tmp_path):
    title = "示例市“十五五”住房发展规划（2026—2030年）"
    facts = facts_of(tmp_path, ["第一章 发展基础", "第一节 主要成效",
                                "全市累计供应住宅用地1.2万亩，城镇居民人均住房建筑面积由38.5平方米提高到42.3平方米，"
                                "常住人口城镇化率64.5%。",
                                "第二章 总体要求", "全市新增住房供应2000万平方米。"], title)
    assert [(f.quantity.raw_value, f.period_start, f.period_end, f.kind) for f in facts] == [
        ("1.2", 2021, 2025, "actual"), ("38.5", 2021, 2021, "actual"), ("42.3", 2025, 2025, "actual"),
        ("64.5", 2025, 2025, "actual"), ("2000", 2026, 2030, "plan")]
    annual = facts_of(tmp_path, ["一、上年工作完成情况", "全市供应住宅用地180公顷。", "二、主要目标", "全市计划供应住宅用地160公顷。"])
    assert [(f.quantity.raw_value, f.period_start, f.kind) for f in annual] == [("180", 2024, "actual"), ("160", 2025, "plan")]
    # a sentence naming its own time keeps it
    named = facts_of(tmp_path, ["第一章 发展基础", "预计到2030年城镇化率达到70%。"], title)
    assert [(f.period_start, f.period_end, f.kind) for f in named] == [(2030, 2030, "forecast")]
