"""Relative years (上年, 去年, 今年, 明年, 次年, 近三年) count from the document's year; yardsticks
(较上年, 比去年, 同比) are not the figure's time; a figure of a year before the plan's is an actual."""
from __future__ import annotations

import pytest

from extractors.model import Block, BlockKind, Document, Format
from extractors.txt import extract
from parsers.catalog import relative_years
from parsers.facts import parse
from parsers.meta import DocumentInfo
from parsers import meaning
from parsers.periods import last_period
from parsers.prose import paragraph_facts

ANNUAL_2025 = "示例市2025年住房发展年度计划"
ANNUAL_2026 = "示例市2026年住房发展年度计划"
FIVE_YEAR = "示例市“十五五”住房发展规划（2026-2030年）"


def facts_of(tmp_path, title: str, sentence: str):
    path = tmp_path / "plan.txt"
    path.write_text(f"{title}\n一、主要任务\n{sentence}\n", encoding="utf-8")
    return parse(extract(path))


def one(tmp_path, title: str, sentence: str, raw: str):
    found = [f for f in facts_of(tmp_path, title, sentence) if f.quantity.raw_value == raw]
    assert len(found) == 1, found
    f = found[0]
    return f.period_start, f.period_end, f.kind


@pytest.mark.parametrize(
    "sentence, raw, expected",
    [
        # the measured failure: 上年完成 in a 2025 plan is the 2024 actual
        ("上年完成供应居住用地150公顷。", "150", (2024, 2024, "actual")),
        ("去年全市新开工住房3200套。", "3200", (2024, 2024, "actual")),
        ("上一年度全市竣工保障性住房800套。", "800", (2024, 2024, "actual")),
        ("上年度全市竣工住房900套。", "900", (2024, 2024, "actual")),
        ("前年全市竣工住房700套。", "700", (2023, 2023, "actual")),
        ("今年计划新开工住房5000套。", "5000", (2025, 2025, "plan")),
        ("本年度计划竣工住房4100套。", "4100", (2025, 2025, "plan")),
        ("明年计划新开工住房6000套。", "6000", (2026, 2026, "plan")),
        ("次年计划竣工住房4500套。", "4500", (2026, 2026, "plan")),
        ("预计今年完成新开工住房4800套。", "4800", (2025, 2025, "forecast")),
        ("近三年累计供应居住用地320公顷。", "320", (2022, 2024, "actual")),
        ("截至上年底，全市累计建成保障性住房1.2万套。", "1.2", (2024, 2024, "actual")),
        # a yardstick is not the figure's time: this is the 2025 plan's growth
        ("新开工面积较上年增长10%。", "10", (2025, 2025, "plan")),
        ("计划新开工面积比去年增加15万平方米。", "15", (2025, 2025, "plan")),
        ("计划供应量与上年同期相比增长8%。", "8", (2025, 2025, "plan")),
        ("计划竣工面积同比增长5%。", "5", (2025, 2025, "plan")),
        # 以上年度: the characters of 上年 inside other words are no relative year
        ("60岁以上年度新增保障家庭300户。", "300", (2025, 2025, "plan")),
        # work carried over from last year is this year's
        ("上年结转续建项目12个。", "12", (2025, 2025, "plan")),
        # no relative word: the plan year
        ("全市计划新开工住房5200套。", "5200", (2025, 2025, "plan")),
    ],
)
def test_relative_years_in_a_2025_annual_plan(tmp_path, sentence, raw, expected):
    assert one(tmp_path, ANNUAL_2025, sentence, raw) == expected


def test_a_relative_year_and_a_plan_in_one_sentence(tmp_path):
    text = "上年完成供应居住用地150公顷，今年计划供应居住用地180公顷。"
    got = {f.quantity.raw_value: (f.period_start, f.period_end, f.kind) for f in facts_of(tmp_path, ANNUAL_2025, text)}
    assert got == {"150": (2024, 2024, "actual"), "180": (2025, 2025, "plan")}


def test_a_leading_relative_year_sets_the_paragraph(tmp_path):
    text = "去年，全市新开工住房3000套。其中保障性住房500套。"
    got = {f.quantity.raw_value: (f.period_start, f.period_end, f.kind) for f in facts_of(tmp_path, ANNUAL_2025, text)}
    assert got == {"3000": (2024, 2024, "actual"), "500": (2024, 2024, "actual")}


def test_next_year_after_a_named_year(tmp_path):
    assert one(tmp_path, ANNUAL_2025, "2023年开工的项目次年竣工住房1500套。", "1500") == (2024, 2024, "actual")


def test_a_yardsticks_own_value_is_of_its_time(tmp_path):
    text = "计划新开工住房5000套，较上年的4200套增加800套。"
    got = {f.quantity.raw_value: (f.period_start, f.period_end, f.kind) for f in facts_of(tmp_path, ANNUAL_2025, text)}
    assert got == {"5000": (2025, 2025, "plan"), "4200": (2024, 2024, "actual"), "800": (2025, 2025, "plan")}
    text = "“十四五”期间，全市商品房累计销售量453万平方米，较“十三五”销售量563万平方米，下降19.5%。"
    got = {f.quantity.raw_value: (f.period_start, f.period_end, f.kind) for f in facts_of(tmp_path, FIVE_YEAR, text)}
    assert got == {"453": (2021, 2025, "actual"), "563": (2016, 2020, "actual"), "19.5": (2021, 2025, "actual")}


def test_a_time_after_the_figure_in_its_clause(tmp_path):
    # nothing before the figure names a time: 于2023年底 after it in the same clause does
    text = "全市保交楼住房1500套、建筑面积15万平方米于2023年底全部交付。全市新开工住房5200套。"
    got = {f.quantity.raw_value: (f.period_start, f.period_end, f.kind) for f in facts_of(tmp_path, ANNUAL_2025, text)}
    assert got == {"1500": (2023, 2023, "actual"), "15": (2023, 2023, "actual"), "5200": (2025, 2025, "plan")}
    text = "推动全市保交房住房930套，于2024年12月全部交付。"
    got = {f.quantity.raw_value: (f.period_start, f.period_end, f.kind) for f in facts_of(tmp_path, ANNUAL_2025, text)}
    assert got == {"930": (2024, 2024, "actual")}


def test_end_of_the_14th_five_year_plan_in_a_2026_plan(tmp_path):
    assert one(tmp_path, ANNUAL_2026, "“十四五”末全市保障性住房达到2.5万套。", "2.5") == (2025, 2025, "actual")
    assert one(tmp_path, ANNUAL_2026, "上年全市竣工住房6100套。", "6100") == (2025, 2025, "actual")


def test_a_five_year_plan_speaks_from_the_year_before_its_period(tmp_path):
    # its 今年 is the year it is written (2025), 上年 the year before; 当年 is any year of the plan
    assert one(tmp_path, FIVE_YEAR, "今年全市新开工住房8000套。", "8000") == (2025, 2025, "actual")
    assert one(tmp_path, FIVE_YEAR, "上年全市新开工住房7600套。", "7600") == (2024, 2024, "actual")
    assert one(tmp_path, FIVE_YEAR, "新增保障性租赁住房当年筹集当年分配3000套。", "3000") == (2026, 2030, "plan")


@pytest.mark.parametrize(
    "sentence, raw, expected",
    [
        # an actual-word led by a plan word is a target
        ("计划完成投资233亿元。", "233", (2024, 2024, "plan")),
        ("力争累计完成改造项目40个。", "40", (2024, 2024, "plan")),
        # a time after the document's year cannot have been done yet
        ("到“十四五”末，全市累计完成改造项目120个。", "120", (2025, 2025, "plan")),
        ("明年累计完成改造项目130个。", "130", (2025, 2025, "plan")),
        # done: the plan year's own, or a past year's
        ("全市已完成改造项目35个。", "35", (2024, 2024, "actual")),
        ("上年完成了改造项目28个。", "28", (2023, 2023, "actual")),
    ],
)
def test_done_or_to_do(tmp_path, sentence, raw, expected):
    assert one(tmp_path, "示例市2024年住房发展年度计划", sentence, raw) == expected


@pytest.mark.parametrize(
    "sentence, raw, expected",
    [
        # a market level to reach, though written 控制在, is a target; a rent or a size so written is a rule
        ("商品住房去化周期控制在18个月以内。", "18", "plan"),
        ("单套面积控制在70平方米以下。", "70", "standard"),
        # a bound on a count to do is a target; on a share, a rule
        ("发放城镇住房保障家庭租赁补贴不少于150户。", "150", "plan"),
        ("保障性住房用地占比不低于20%。", "20", "standard"),
        # the size of one dwelling is a standard
        ("新建商品住房套型建筑面积以90平方米为主。", "90", "standard"),
    ],
)
def test_rules_and_targets(tmp_path, sentence, raw, expected):
    assert one(tmp_path, ANNUAL_2025, sentence, raw)[2] == expected


def test_an_unknown_document_year_gives_no_relative_period(tmp_path):
    facts = facts_of(tmp_path, "关于做好住房保障工作的意见", "上年全市新开工住房3100套。")
    assert [(f.period_start, f.period_end) for f in facts if f.quantity.raw_value == "3100"] == [(None, None)]


def test_a_target_notice_counts_from_its_year():
    # 关于下达2025年…目标任务的通知: a single-year document, whatever its type
    info = DocumentInfo("关于下达2025年城镇保障性安居工程目标任务的通知", None, "other", 2025, 2025)
    text = "上年全省完成保障性住房建设2.1万套，今年下达目标任务2.4万套。"
    document = Document("notice.txt", "0" * 64, Format.TXT, (Block(BlockKind.PARAGRAPH, 0, text),))
    got = {f.quantity.raw_value: (f.period_start, f.period_end, f.kind)
           for f in paragraph_facts(document, document.blocks[0], info)}
    assert got == {"2.1": (2024, 2024, "actual"), "2.4": (2025, 2025, "plan")}


def test_relative_years_in_table_headers(tmp_path):
    path = tmp_path / "plan.txt"
    # 比上年增长 is this year's growth: a yardstick in a header names no period
    rows = [["指标", "上年完成", "本年计划", "比上年增长（%）"], ["新开工住房（套）", "3000", "3500", "16.7"],
            ["竣工住房（套）", "2800", "3100", "10.7"]]
    table = "\n".join("".join(f"\t{cell}\n" for cell in row) for row in rows)
    path.write_text(f"{ANNUAL_2025}\n一、主要指标\n表1 住房建设指标\n{table}\n\n", encoding="utf-8")
    got = {f.quantity.raw_value: (f.period_start, f.period_end, f.kind) for f in parse(extract(path))}
    assert got == {"3000": (2024, 2024, "actual"), "3500": (2025, 2025, "plan"), "16.7": (2025, 2025, "plan"),
                   "2800": (2024, 2024, "actual"), "3100": (2025, 2025, "plan"), "10.7": (2025, 2025, "plan")}


def test_document_year():
    assert meaning.doc_year(DocumentInfo("t", None, "annual_plan", 2025, 2025)) == 2025
    assert meaning.doc_year(DocumentInfo("t", None, "five_year_plan", 2026, 2030)) == 2025
    assert meaning.doc_year(DocumentInfo(None, None, "other", None, None)) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("上年", (2024, 2024)), ("去年", (2024, 2024)), ("上一年", (2024, 2024)), ("前一年", (2024, 2024)),
        ("今年", (2025, 2025)), ("本年", (2025, 2025)), ("当年", (2025, 2025)), ("明年", (2026, 2026)),
        ("下一年度", (2026, 2026)), ("近5年", (2020, 2024)), ("近两年", (2023, 2024)),
        ("去年以来", (2024, 2024)), ("2024年开工，次年", (2025, 2025)), ("过去年均", None), ("目前年均", (2024, 2024)),
    ],
)
def test_last_period_relative_words(text, expected):
    assert last_period(text, now=2024, year=2025, annual=True) == expected


def test_relative_words_need_the_document_year():
    assert last_period("上年完成", now=None, year=None) is None
    assert last_period("当年筹集", now=2025, year=2025, annual=False) is None


def test_relative_years_catalog():
    rel = relative_years()
    assert (rel["上年"].offset_start, rel["上年"].offset_end) == (-1, -1)
    assert (rel["近三年"].offset_start, rel["近三年"].offset_end) == (-3, -1)
    assert all(r.offset_start <= r.offset_end for r in rel.values())
