"""Issue 12: quantity forms that were read wrong or missed. Every test asserts the whole reading —
value in base unit, base unit, raw value and raw unit as written, qualifier — and that the offsets
point at the figure's own source characters."""
from __future__ import annotations

import pytest

from parsers.quantities import NUMBER, chinese_value, find_quantities, normalise, number_value


def reading(text: str, figure: str):
    """The one quantity of `text`, as a tuple, after checking its offsets cover `figure`."""
    found = find_quantities(text)
    assert len(found) == 1, found
    q = found[0]
    assert text[q.start : q.end] == figure
    return q.value, q.unit, q.raw_value, q.raw_unit, q.qualifier


def readings(text: str, figure: str):
    found = find_quantities(text)
    assert {text[q.start : q.end] for q in found} == {figure}, found
    return [(q.value, q.unit, q.raw_value, q.raw_unit, q.qualifier) for q in found]


# --- read wrong before ------------------------------------------------------------------------------

def test_fu_is_a_minus_sign():
    assert reading("房价同比负1.1%。", "负1.1%") == (-1.1, "percent", "负1.1", "%", "exact")


@pytest.mark.parametrize("word", ["下降", "减少"])
def test_a_fall_word_is_not_a_sign(word):
    assert reading(f"销售面积同比{word}1.1%", "1.1%") == (1.1, "percent", "1.1", "%", "exact")


def test_plus_minus_is_not_a_sign():
    assert reading("误差正负5%", "5%") == (5, "percent", "5", "%", "exact")


def test_full_width_minus_is_a_sign():
    assert reading("人口自然增长率－3.34‰", "－3.34‰") == (-3.34, "permille", "－3.34", "‰", "exact")


def test_mixed_scale_wan_then_digits():
    assert reading("补贴3万4000元", "3万4000元") == (34000, "yuan", "3万4000", "元", "exact")


def test_mixed_scale_yi_then_wan():
    assert reading("投资1亿2000万元", "1亿2000万元") == (1.2e8, "yuan", "1亿2000万", "元", "exact")


def test_full_width_digits_with_full_width_thousands_comma():
    text = "补助资金４，５６５元"
    assert reading(text, "４，５６５元") == (4565, "yuan", "４，５６５", "元", "exact")
    assert find_quantities(text)[0].start == 4


def test_a_full_width_comma_between_ascii_digits_is_ambiguous_and_gives_no_figure():
    # a thousands separator typed full-width (8650户) or a clause break (800，then 300套): no guess
    assert find_quantities("完成800，300套用于安置") == []
    assert find_quantities("发放租赁补贴8，650户") == []


def test_a_full_width_comma_after_a_figure_with_its_unit_is_a_clause_break():
    text = "新开工800套，300套用于安置"
    assert [(q.value, text[q.start : q.end]) for q in find_quantities(text)] == [(800, "800套"), (300, "300套")]


def test_ascii_thousands_separator():
    assert reading("筹集1,256套", "1,256套") == (1256, "unit", "1,256", "套", "exact")


def test_range_with_a_scale_on_both_ends():
    assert readings("新增3万—5万套住房", "3万—5万套") == [
        (30000, "unit", "3", "万套", "range_low"), (50000, "unit", "5", "万套", "range_high")]


def test_range_with_the_scale_on_the_high_end_only():
    assert readings("新增3—5万套住房", "3—5万套") == [
        (30000, "unit", "3", "万套", "range_low"), (50000, "unit", "5", "万套", "range_high")]


def test_range_of_areas_with_a_scale_on_both_ends():
    assert readings("面积1.2万-1.5万平方米", "1.2万-1.5万平方米") == [
        (12000, "m2", "1.2", "万平方米", "range_low"), (15000, "m2", "1.5", "万平方米", "range_high")]


def test_range_whose_ends_have_different_scales():
    assert readings("投资5000万至1.2亿元", "5000万至1.2亿元") == [
        (5e7, "yuan", "5000万", "元", "range_low"), (1.2e8, "yuan", "1.2", "亿元", "range_high")]


# --- missed before ----------------------------------------------------------------------------------

def test_unit_followed_by_a_word_starting_with_a_unit_character():
    assert reading("安置300户家庭", "300户") == (300, "household", "300", "户", "exact")


def test_ge_followed_by_xiangmu():
    assert reading("实施5个项目", "5个") == (5, "item", "5", "个", "exact")


def test_yuan_followed_by_renminbi_is_not_stolen_by_ren():
    assert reading("总投资8亿元人民币", "8亿元") == (8e8, "yuan", "8", "亿元", "exact")


def test_renminbi_after_a_scale_is_yuan():
    assert reading("奖补5万人民币", "5万人民币") == (50000, "yuan", "5", "万人民币", "exact")


def test_percent_written_before_a_chinese_numeral():
    assert reading("占比达到百分之二十", "百分之二十") == (20, "percent", "二十", "百分之", "exact")


def test_percent_written_before_digits():
    assert reading("首付比例百分之22", "百分之22") == (22, "percent", "22", "百分之", "exact")


def test_percent_written_before_a_chinese_decimal():
    assert reading("百分之二十五点五", "百分之二十五点五") == (25.5, "percent", "二十五点五", "百分之", "exact")


def test_cheng_is_tenths():
    assert reading("保障房占三成", "三成") == (30, "percent", "三", "成", "exact")


def test_cheng_with_a_bound():
    assert reading("九成以上", "九成") == (90, "percent", "九", "成", "at_least")


def test_cheng_after_a_digit():
    assert reading("租金上涨约3成", "3成") == (30, "percent", "3", "成", "approx")


@pytest.mark.parametrize("text", ["一成不变", "“十四五”成效显著", "节约5成本", "两成交易"])
def test_cheng_starting_a_word_is_no_tenth(text):
    assert find_quantities(text) == []


def test_hundred_percent():
    assert reading("百分之百完成", "百分之百") == (100, "percent", "百", "百分之", "exact")


def test_permille_written_before_the_number():
    assert reading("空置率千分之三", "千分之三") == (3, "permille", "三", "千分之", "exact")


def test_colloquial_wan_san_with_qian():
    assert reading("建设一万三千套", "一万三千套") == (13000, "unit", "一万三千", "套", "exact")


def test_colloquial_wan_san_means_thirteen_thousand():
    assert reading("建设一万三套", "一万三套") == (13000, "unit", "一万三", "套", "exact")


def test_colloquial_trailing_digit_after_bai():
    assert reading("安置两千四百五户", "两千四百五户") == (2450, "household", "两千四百五", "户", "exact")


def test_chinese_decimal_with_a_scale():
    assert reading("改造二点五万平方米", "二点五万平方米") == (25000, "m2", "二点五", "万平方米", "exact")


def test_yi_before_square_metres():
    assert reading("竣工1.2亿平方米", "1.2亿平方米") == (1.2e8, "m2", "1.2", "亿平方米", "exact")


def test_wan_yi_yuan():
    assert reading("完成投资4.78万亿元", "4.78万亿元") == (4.78e12, "yuan", "4.78", "万亿元", "exact")


def test_a_scale_before_a_unit_not_listed_with_it():
    assert reading("约1.5亿套", "1.5亿套") == (1.5e8, "unit", "1.5", "亿套", "approx")


def test_qian_wan_yuan():
    assert reading("补助3千万元", "3千万元") == (3e7, "yuan", "3", "千万元", "exact")


@pytest.mark.parametrize("text, figure, qualifier", [
    ("至少10个", "10个", "at_least"),
    ("最少10个", "10个", "at_least"),
    ("不少于10个", "10个", "at_least"),
    ("多于10个", "10个", "at_least"),
    ("最多10个", "10个", "at_most"),
    ("至多10个", "10个", "at_most"),
    ("不多于10个", "10个", "at_most"),
    ("少于10个", "10个", "at_most"),
    ("不低于百分之二十", "百分之二十", "at_least"),
])
def test_bounds(text, figure, qualifier):
    value = 20 if "百分之" in text else 10
    unit, raw_value, raw_unit = ("percent", "二十", "百分之") if "百分之" in text else ("item", "10", "个")
    assert reading(text, figure) == (value, unit, raw_value, raw_unit, qualifier)


def test_number_without_leading_zero():
    assert reading("约.5万套", ".5万套") == (5000, "unit", ".5", "万套", "approx")


def test_full_width_number_without_leading_zero():
    assert reading("新增．５万套", "．５万套") == (5000, "unit", "．５", "万套", "exact")


@pytest.mark.parametrize("text", ["按照3.5节的要求", "于2025.5启动", "2025.5.1", "见第3.5条"])
def test_a_dot_inside_a_section_number_or_date_is_no_number(text):
    assert find_quantities(text) == []


def test_dot_five_of_a_date_is_not_read_apart():
    assert reading("于2025.5完成3万套", "3万套") == (30000, "unit", "3", "万套", "exact")


# --- units ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, value, unit, raw_unit", [
    ("200套（间）", 200, "unit", "套（间）"),
    ("200套(间)", 200, "unit", "套(间)"),
    ("12栋", 12, "item", "栋"),
    ("12幢", 12, "item", "幢"),
    ("300户", 300, "household", "户"),
    ("5个", 5, "item", "个"),
    ("3处", 3, "item", "处"),
    ("1.1万人", 11000, "person", "万人"),
    ("15千米", 15000, "m", "千米"),
    ("15公里", 15000, "m", "公里"),
])
def test_unit_rows(text, value, unit, raw_unit):
    assert reading(text, text) == (value, unit, text[: -len(raw_unit)], raw_unit, "exact")


# --- still not figures ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "2026年", "（2026—2030年）", "（建房函〔2024〕20号）", "执行GB50180-2018标准", "第三个五年", "一户一策",
    "一成不变", "5万%", "第一", "“十四五”时期", "千家万户", "千方百计", "三四个方面", "七八成", "十四五期间",
])
def test_still_not_a_figure(text):
    assert find_quantities(text) == []


# --- numbers as written -----------------------------------------------------------------------------

@pytest.mark.parametrize("raw, value", [("1,256", 1256), ("１，２５６", 1256), ("０．５６", 0.56), (".5", 0.5),
                                        ("负1.1", -1.1), ("－3", -3)])
def test_number_value(raw, value):
    assert number_value(raw) == value


@pytest.mark.parametrize("raw, value", [("一千二百", 1200), ("两千", 2000), ("一万三", 13000), ("两千四百五", 2450),
                                        ("二点五", 2.5), ("十四五", None), ("三四", None)])
def test_chinese_value(raw, value):
    assert chinese_value(raw) == value


@pytest.mark.parametrize("cell", ["1,256", "１，２５６", "12.5", "１２．５", "１，２５６．５"])
def test_number_pattern_takes_a_whole_cell(cell):
    import re

    assert re.fullmatch(NUMBER, cell)
    assert re.fullmatch(NUMBER, normalise(cell))


def test_several_figures_in_one_sentence_each_at_its_place():
    text = "新开工3万4000套，其中百分之二十为保租房，投资8亿元人民币，安置两千四百五户。"
    found = find_quantities(text)
    assert [(q.value, q.unit, text[q.start : q.end]) for q in found] == [
        (34000, "unit", "3万4000套"), (20, "percent", "百分之二十"), (8e8, "yuan", "8亿元"),
        (2450, "household", "两千四百五户")]


def test_percent_prefix_wins_over_a_numeral_with_a_unit_after_it():
    text = "百分之二十个"
    assert [(q.value, q.unit, text[q.start : q.end]) for q in find_quantities(text)] == [(20, "percent", "百分之二十")]


def test_tupo_is_a_lower_bound():
    assert reading("2030年突破700亿元", "700亿元") == (7e10, "yuan", "700", "亿元", "at_least")
