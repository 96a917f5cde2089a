"""张掖市“十五五”城镇住房发展规划: a five-year plan with a review of 2021-2025 (actuals), indicator
and district tables, and yearly schedules."""
from __future__ import annotations

import pytest

from conftest import sample
from extractors import extract
from parsers.facts import parse


@pytest.fixture(scope="module")
def facts():
    return parse(extract(sample("zhangye-2026-2030-housing-plan.docx")))


def cell(facts, label: str, header: str):
    return [f for f in facts if f.source.quote.startswith(f"{label} | {header} | ")]


def row(f):
    q = f.quantity
    return (q.raw_value, q.raw_unit, q.value, q.unit, f.metric, f.housing_type, f.region, f.period_start, f.period_end, f.kind)


def test_a_cell_with_two_figures_gives_both(facts):
    found = cell(facts, "住房和住区更新 / 老旧小区（既有住区更新）改造规模", "数值")
    assert [row(f) for f in found] == [
        ("164", "个", 164.0, "item", "renewal_communities", "old_community", "张掖市", 2026, 2030, "plan"),
        ("42938", "户", 42938.0, "household", "renewal_households", "old_community", "张掖市", 2026, 2030, "plan"),
    ]


def test_a_slash_cell_takes_its_units_from_the_header(facts):
    found = cell(facts, "甘州区", "老旧小区改造（个/套）")
    assert [row(f) for f in found] == [
        ("90", "个", 90.0, "item", "renewal_communities", "old_community", "甘州区", 2026, 2030, "plan"),
        ("17105", "套", 17105.0, "unit", "renewal_units", "old_community", "甘州区", 2026, 2030, "plan"),
    ]


def test_year_columns_give_the_year_and_total_columns_the_years_they_sum(facts):
    by_year = cell(facts, "筹集保租房（套）", "2022") + cell(facts, "筹集保租房（套）", "合计")
    assert [row(f) for f in by_year] == [
        ("1490", "套", 1490.0, "unit", "supply_units", "affordable_rental", "张掖市", 2022, 2022, "actual"),
        ("5092", "套", 5092.0, "unit", "supply_units", "affordable_rental", "张掖市", 2021, 2025, "actual"),
    ]


def test_sub_rows_read_with_their_parent_row(facts):
    (f,) = cell(facts, "其中：住宅", "2021")[:1]
    assert row(f) == ("26.71", "亿元", 2671000000.0, "yuan", "investment", "all", "张掖市", 2021, 2021, "actual")


def test_unit_column_and_level_targets_of_the_indicator_table(facts):
    (wait,) = cell(facts, "住房结构 / 住房保障轮候时间", "数值")
    assert row(wait) == ("36", "月", 36.0, "month", "waiting_time_months", "all", "张掖市", 2030, 2030, "plan")
    (stock,) = cell(facts, "总量和居住水平 / 城镇新建住房总量", "数值")
    assert row(stock) == ("224.72", "万平方米", 2247200.0, "m2", "supply_floor_area", "all", "张掖市", 2026, 2030, "plan")


def test_dash_is_no_figure_and_zero_is_one(facts):
    inventory = [f for f in facts if f.source.quote.startswith("肃南县 | 住宅去化周期")]
    assert inventory == []  # the cell says "-"
    (zero,) = cell(facts, "民乐县", "2025年底非成套住房 / 面积（万㎡）")
    assert (zero.quantity.value, zero.quantity.unit, zero.kind, zero.period_start) == (0.0, "m2", "actual", 2025)


def test_district_rows_carry_their_division_codes(facts):
    codes = {f.region: f.region_code for f in facts if "/r" in f.source.locator}
    assert codes["甘州区"] == "620702" and codes["肃南县"] == "620721" and codes["张掖市"] == "620700"


def test_review_figures_are_actuals_and_schedules_are_yearly_plans(facts):
    review = next(f for f in facts if f.quantity.raw_value == "178.97" and "/r" not in f.source.locator)
    assert (review.metric, review.kind, review.period_start, review.period_end) == ("investment", "actual", 2021, 2025)
    schedule = [row(f) for f in facts if f.source.quote == "新建商品住房3350套，40.2万平方米;"]
    assert schedule == [
        ("3350", "套", 3350.0, "unit", "supply_units", "commercial", "张掖市", 2027, 2027, "plan"),
        ("40.2", "万平方米", 402000.0, "m2", "supply_floor_area", "commercial", "张掖市", 2027, 2027, "plan"),
    ]
