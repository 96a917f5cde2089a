"""Rules found with the policy-heavy documents written blind in round 4 (tests/data/unseen/make_policy.py):
a contribution base's 下限 is a standard like its 上限; 实际发放 in a notice with no year of its own marks an
actual; a mid-year 建设进展情况的通报 is a report of its own year, whose restated targets (市下达, under
年度目标任务) stay plans; an amount per square metre given as a subsidy is a subsidy's rate."""
from __future__ import annotations

from extractors.txt import extract
from parsers.facts import parse
from parsers.meta import describe

NOTICE = "示例市关于进一步优化住房公积金政策支持缴存职工购房的通知"
PROGRESS = "桂东县住房和城乡建设局关于2025年上半年全县保障性安居工程建设进展情况的通报"


def facts_of(tmp_path, lines: list[str], title: str):
    path = tmp_path / "doc.txt"
    path.write_text("\n".join([title, *lines]) + "\n", encoding="utf-8")
    return parse(extract(path))


def row(f):
    return (f.quantity.raw_value, f.quantity.value, f.quantity.unit, f.metric, f.period_start, f.kind)


def test_a_lower_bound_of_a_contribution_base_is_a_standard_like_its_upper_bound(tmp_path):
    facts = facts_of(tmp_path, ["住房公积金月缴存基数上限为24600元/月，下限为1950元/月。"], NOTICE)
    assert [(f.quantity.raw_value, f.kind, f.period_start) for f in facts] == [
        ("24600", "standard", None), ("1950", "standard", None)]


def test_what_was_actually_done_in_a_named_year_is_an_actual_in_a_notice_without_a_year(tmp_path):
    facts = facts_of(tmp_path, ["2025年，全市计划发放住房公积金个人住房贷款50亿元。",
                                "2024年，全市实际发放住房公积金个人住房贷款42.6亿元。"], NOTICE)
    assert [row(f) for f in facts] == [("50", 5e9, "yuan", "loans_issued", 2025, "plan"),
                                       ("42.6", 4.26e9, "yuan", "loans_issued", 2024, "actual")]


def test_a_subsidy_per_square_metre_is_a_subsidy_not_a_price(tmp_path):
    facts = facts_of(tmp_path, ["对在中心城区购买新建商品住房的，按每平方米500元给予购房补贴，单套补贴最高不超过5万元。"], NOTICE)
    assert [(*row(f), f.region, f.housing_type) for f in facts] == [
        ("500", 500.0, "yuan_per_m2", "housing_subsidy", None, "standard", "中心城区", "commercial"),
        ("5", 50000.0, "yuan", "housing_subsidy", None, "standard", "中心城区", "commercial")]


def test_a_mid_year_progress_notice_is_a_report_of_its_own_year(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(PROGRESS + "\n各乡镇人民政府：\n截至6月底，全县已筹集保障性租赁住房165套。\n", encoding="utf-8")
    info = describe(extract(path))
    assert (info.doc_type, info.jurisdiction, info.period_start, info.period_end) == ("statistical_report", "桂东县", 2025, 2025)


def test_a_progress_report_states_actuals_but_keeps_the_targets_it_restates_as_plans(tmp_path):
    facts = facts_of(tmp_path, [
        "一、年度目标任务",
        "2025年，市下达我县开工改造城镇老旧小区18个，筹集保障性租赁住房300套，年度计划投资4.2亿元。",
        "二、工作进展",
        "上半年，全县发放住房租赁补贴386户、46.3万元。",
        "1-6月，全县累计完成投资2.35亿元，占年度计划的56%。",
        "三、下一步工作",
        "下半年，全县计划再开工改造老旧小区7个。",
    ], PROGRESS)
    assert [(f.quantity.raw_value, f.period_start, f.period_end, f.kind) for f in facts] == [
        ("18", 2025, 2025, "plan"), ("300", 2025, 2025, "plan"), ("4.2", 2025, 2025, "plan"),
        ("386", 2025, 2025, "actual"), ("46.3", 2025, 2025, "actual"),
        ("2.35", 2025, 2025, "actual"), ("56", 2025, 2025, "actual"),
        ("7", 2025, 2025, "plan")]


def test_targets_handed_down_stay_plans_in_a_report_without_a_target_heading(tmp_path):
    facts = facts_of(tmp_path, ["2025年，市下达我县筹集保障性租赁住房300套；截至6月底，已筹集165套。"], PROGRESS)
    assert [(f.quantity.raw_value, f.kind) for f in facts] == [("300", "plan"), ("165", "actual")]


MEASURES = "仁怀市2025年促进房地产市场平稳健康发展若干措施"
ANNUAL = "示例市2025年住房发展年度计划"


def test_a_measures_document_is_issued_by_the_place_its_heading_starts_with(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(MEASURES + "\n为提振住房消费，制定以下措施。\n", encoding="utf-8")
    info = describe(extract(path))
    assert (info.jurisdiction, info.doc_type, info.period_start, info.period_end) == ("仁怀市", "other", 2025, 2025)


def test_loan_terms_a_policy_sets_are_standards(tmp_path):
    facts = facts_of(tmp_path, ["住房公积金贷款首付比例调整为20%，最高贷款额度提高至70万元，贷款期限最长可达30年。"], MEASURES)
    assert [(f.quantity.raw_value, f.quantity.unit, f.kind, f.region) for f in facts] == [
        ("20", "percent", "standard", "仁怀市"), ("70", "yuan", "standard", "仁怀市"), ("30", "year", "standard", "仁怀市")]


def test_an_amount_granted_per_dwelling_is_a_standard(tmp_path):
    facts = facts_of(tmp_path, ["多子女家庭购房的，每套再给予1万元补贴。"], MEASURES)
    assert [(f.quantity.value, f.metric, f.kind) for f in facts] == [(10000.0, "housing_subsidy", "standard")]


def test_a_floor_on_money_to_lend_in_total_is_a_target_but_a_cap_per_dwelling_is_a_rule(tmp_path):
    facts = facts_of(tmp_path, ["全年住房公积金个人住房贷款发放额不低于1200亿元。",
                                "按购房合同价款给予补贴，单套最高不超过3万元。"], ANNUAL)
    assert [(f.quantity.value, f.quantity.qualifier, f.kind) for f in facts] == [
        (1.2e11, "at_least", "plan"), (30000.0, "at_most", "standard")]


def test_a_new_area_of_a_free_trade_zone_is_a_region(tmp_path):
    facts = facts_of(tmp_path, ["临港新片区计划供应住宅用地80公顷。"], "上海市2025年住房发展年度计划")
    assert [(f.quantity.value, f.region, f.region_code) for f in facts] == [(800000.0, "临港新片区", None)]


def test_new_built_housing_sold_is_counted_as_sold_not_supplied(tmp_path):
    facts = facts_of(tmp_path, ["力争全年销售新建商品住房1500套以上。", "计划新建商品住房800套。"], ANNUAL)
    assert [(f.quantity.raw_value, f.metric, f.housing_type) for f in facts] == [
        ("1500", "sales_units", "commercial"), ("800", "supply_units", "commercial")]


def test_renewal_projects_started_are_communities_renewed(tmp_path):
    facts = facts_of(tmp_path, ["截至6月底，全县老旧小区改造已开工11个、1320户。"], PROGRESS)
    assert [(f.quantity.raw_value, f.metric, f.housing_type, f.kind) for f in facts] == [
        ("11", "renewal_communities", "old_community", "actual"), ("1320", "renewal_households", "old_community", "actual")]


def test_the_make_up_of_an_amount_just_planned_is_a_target_not_a_rule(tmp_path):
    facts = facts_of(tmp_path, ["新开工各类住房约0.9万套，其中保障性住房占比不低于30%。",
                                "新建住宅项目配建比例不低于5%。"], ANNUAL)
    assert [(f.quantity.raw_value, f.metric, f.kind) for f in facts] == [
        ("0.9", "new_start_units", "plan"), ("30", "share", "plan"), ("5", "share", "standard")]


def test_a_clause_opening_with_its_own_place_and_measure_takes_no_housing_type_from_before(tmp_path):
    facts = facts_of(tmp_path, ["西红门镇计划改造老旧小区6个，亦庄镇计划供应住宅用地15公顷。",
                                "全市计划筹集保障性租赁住房3600套，市区2000套。"], "北京市大兴区2025年住房发展年度计划")
    assert [(f.quantity.raw_value, f.region, f.housing_type) for f in facts] == [
        ("6", "西红门镇", "old_community"), ("15", "亦庄镇", "all"),
        ("3600", "大兴区", "affordable_rental"), ("2000", "市区", "affordable_rental")]
