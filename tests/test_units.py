"""Units, scale words, qualifiers and ranges normalised to the contract's base units."""
from __future__ import annotations

import pytest

from parsers.catalog import BASE_UNITS, metrics, units
from parsers.quantities import find_quantities


def only(text: str):
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("0.56万套", 5600, "unit"),
        ("3套", 3, "unit"),
        ("0.02万套（间）", 200, "unit"),
        ("3919套/间", 3919, "unit"),
        ("60.40万平方米", 604000, "m2"),
        ("3.33万㎡", 33300, "m2"),
        ("200.87万m2", 2008700, "m2"),
        ("453.19万平米", 4531900, "m2"),
        ("120平方米", 120, "m2"),
        ("70m2", 70, "m2"),
        ("90㎡", 90, "m2"),
        ("19.94公顷", 199400, "m2"),
        ("15亩", 10000, "m2"),
        ("22.69亿元", 2.269e9, "yuan"),
        ("5840万元", 5.84e7, "yuan"),
        ("1500元", 1500, "yuan"),
        ("3424.42元/平方米", 3424.42, "yuan_per_m2"),
        ("14013户", 14013, "household"),
        ("3.3万户", 33000, "household"),
        ("35个", 35, "item"),
        ("100%", 100, "percent"),
        ("16.30％", 16.30, "percent"),
        ("5‰", 5, "permille"),
        ("10.71个百分点", 10.71, "percent"),
        ("36个月", 36, "month"),
        ("3年", 3, "year"),
        ("1.1万人", 11000, "person"),
        ("109.99万人", 1099900, "person"),
        ("０．５６万套", 5600, "unit"),
        ("1,234.5万元", 12345000, "yuan"),
        ("一千二百户", 1200, "household"),
        ("两千套", 2000, "unit"),
        ("十二个", 12, "item"),
    ],
)
def test_unit_conversion(text, value, unit):
    q = only(text)
    assert q.value == pytest.approx(value)
    assert q.unit == unit
    assert (q.start, q.end) == (0, len(text))


def test_raw_value_and_unit_are_the_source_characters():
    text = "建筑面积０．５６万平方米"
    q = only(text)
    assert (q.raw_value, q.raw_unit) == ("０．５６", "万平方米")
    assert text[q.start : q.end] == "０．５６万平方米"


@pytest.mark.parametrize(
    "text, qualifier",
    [
        ("约12万平方米", "approx"),
        ("3300余套", "approx"),
        ("近200套", "approx"),
        ("0.64万套左右", "approx"),
        ("不低于20%", "at_least"),
        ("36个月以上", "at_least"),
        ("超过30%", "at_least"),
        ("不超过120平方米", "at_most"),
        ("5%以内", "at_most"),
        ("6个月以下", "at_most"),
        ("计划投资22.69亿元", "exact"),
        ("三百余套", "approx"),
    ],
)
def test_qualifier(text, qualifier):
    assert only(text).qualifier == qualifier


@pytest.mark.parametrize(
    "text, low, high, unit",
    [
        ("3100-4100元", 3100, 4100, "yuan"),
        ("12-18个月", 12, 18, "month"),
        ("36-18个月", 18, 36, "month"),
        ("60-95㎡", 60, 95, "m2"),
        ("18—36个月", 18, 36, "month"),
    ],
)
def test_range_gives_low_and_high(text, low, high, unit):
    lo, hi = find_quantities(text)
    assert (lo.qualifier, lo.value, lo.unit) == ("range_low", low, unit)
    assert (hi.qualifier, hi.value, hi.unit) == ("range_high", high, unit)
    assert (lo.start, lo.end) == (hi.start, hi.end) == (0, len(text))


@pytest.mark.parametrize(
    "text",
    [
        "（建房函〔2024〕20号）",
        "（〔2026〕304号）",
        "《城市居住区规划设计标准》（GB20180-2018）",
        "按照市委、市政府“1535”工作思路",
        "2026年住房发展年度计划",
        "住房发展规划（2026—2030年）",
        "均为2008年-2015年建设",
        "截至2025年12月31日",
        "1.强化标准引领",
        "“十五五”时期",
        "国民经济和社会发展第十五个五年规划纲要",
        "率先实现“七个全覆盖”",
        "一户一策、一地一策",
        "未来五年发展的事业蓝图",
    ],
)
def test_not_a_figure(text):
    assert find_quantities(text) == []


def test_every_unit_and_metric_uses_a_contract_base_unit():
    assert {u.base_unit for u in units().values()} <= BASE_UNITS
    assert {m.base_unit for m in metrics().values() if m.base_unit} <= BASE_UNITS
