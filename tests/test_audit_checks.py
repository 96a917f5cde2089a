"""The audit's consistency checks on documents written for them (tests/data/unseen/make_audit.py):
two plans that are consistent in ways that trip naive checks (小计 rows per region group plus a
全省合计, prose repeating the table rounded, 其中 by place and by type, a yearly schedule adding up to a
five-year total, a 累计 figure next to an annual one, a year's plan beside what was done) get no
finding at all; a plan with three planted errors gets exactly those three."""
from __future__ import annotations

from pathlib import Path

import pytest

from flows.worker import read
from parsers.coverage import Reason, excluded, number_tokens
from warehouse.audit import audit, audit_document, average_size, prose_vs_table, schedule_vs_total, unit_mismatch
from warehouse.load import connect, load_document

UNSEEN = Path(__file__).parent / "data" / "unseen"
SHANXI = "audit-shanxi-2025-affordable-housing-targets"
BAODING = "audit-baoding-2026-2030-housing-plan"
LUAN = "audit-luan-2025-annual-plan"
FORMATS = (".docx", ".pdf")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("audit") / "x.duckdb")
    con = connect(db)
    for name in (SHANXI, BAODING, LUAN):
        for fmt in FORMATS:
            path = str(UNSEEN / f"{name}{fmt}")
            parsed = read(path, path)
            load_document(con, parsed.document, parsed.facts)
    yield con
    con.close()


def _found(con, name: str, fmt: str) -> list[tuple[str, str, str]]:
    """The findings of one version of a plan, on its own."""
    row = con.execute("select doc_id, source_file, source_path from documents where source_file like ?",
                      [f"%{name}{fmt}"]).fetchone()
    return sorted((f.check, f.severity, f.message) for f in audit_document(con, *row))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", [SHANXI, BAODING])
def test_a_consistent_plan_has_no_finding(warehouse, name, fmt):
    assert _found(warehouse, name, fmt) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_planted_errors_and_nothing_else(warehouse, fmt):
    assert _found(warehouse, LUAN, fmt) == [
        ("parts_vs_total", "error", "p7: 85个 against its 其中 parts: states 85 item, its 3 parts add up to 93 item"),
        ("prose_vs_table", "error",
         "p2 says 126.7万平方米 (new_start_floor_area, commercial); the table at t5/r5/c1 says 116.7万平方米"),
        ("table_total_row", "error",
         "table 5: 合计 row of 保障性租赁住房筹集（套）: states 820 unit, its 4 parts add up to 760 unit"),
    ]


def test_a_finding_in_the_docx_and_the_pdf_of_one_plan_is_one_finding_with_both_places(warehouse):
    versions = dict(warehouse.execute("select source_file.split('/')[-1], doc_id from documents "
                                      "where source_file like ? order by not is_primary", [f"%{LUAN}.%"]).fetchall())
    primary, other = versions  # the primary version first
    assert {primary, other} == {f"{LUAN}.docx", f"{LUAN}.pdf"}
    found = audit(warehouse, [versions[f"{LUAN}.pdf"]])  # the .pdf given: every version of its plan is audited
    assert sorted(f.check for f in found) == ["parts_vs_total", "prose_vs_table", "table_total_row"]
    prose = next(f for f in found if f.check == "prose_vs_table").to_row()
    assert (prose["doc_id"], prose["doc_ids"]) == (versions[primary], [versions[primary], versions[other]])
    assert [name.split("/")[-1] for name in prose["source_files"]] == [primary, other]
    assert prose["locators"] == ["p2", "t5/r5/c1", "p2", "t5/r5/c1"]
    assert [name.split("/")[-1] for name in prose["place_files"]] == [primary, primary, other, other]
    assert len(set(prose["fact_ids"])) == 4


def _with_value(con, name: str, raw_value: str, locator_like: str, value: float) -> list[tuple[str, str, str]]:
    """The findings of the .docx after one of its figures is changed in the warehouse (and back)."""
    (doc_id,) = con.execute("select doc_id from documents where source_file like ?", [f"%{name}.docx"]).fetchone()
    (old,) = con.execute("select value from facts where doc_id = ? and raw_value = ? and locator like ?",
                         [doc_id, raw_value, locator_like]).fetchone()
    con.execute("update facts set value = ? where doc_id = ? and raw_value = ? and locator like ?",
                [value, doc_id, raw_value, locator_like])
    try:
        row = con.execute("select doc_id, source_file, source_path from documents where doc_id = ?", [doc_id]).fetchone()
        return sorted((f.check, f.message) for f in audit_document(con, *row) if f.check != "grounding")
    finally:
        con.execute("update facts set value = ? where doc_id = ? and raw_value = ? and locator like ?",
                    [old, doc_id, raw_value, locator_like])


def test_the_subtotal_and_total_rows_are_checked(warehouse):
    # 大同市 配售型 600 -> 700: its row's 合计 column and the 晋北片区 小计 disagree; the 全省合计 adds up
    # the 小计 rows, which it still equals (one wrong figure, one finding per sum it breaks)
    found = _with_value(warehouse, SHANXI, "600", "t%/r2/c3", 700)
    assert found == [
        ("table_total_column", "table 6: 保障性住房 / 合计 of 晋北片区 / 大同市: states 1,020 unit, its 2 parts add up to 1,120 unit"),
        ("table_total_row", "table 6: 晋北片区 / 小计 row of 保障性住房 / 配售型保障性住房: states 1,000 unit, its 3 parts add up to 1,100 unit"),
    ]
    # the 晋北片区 小计 2000 -> 1000: the 小计 against its rows, the 全省合计 against the 小计 rows
    found = _with_value(warehouse, SHANXI, "1000", "t%/r5/c3", 2000)
    assert found == [
        ("table_total_column", "table 6: 保障性住房 / 合计 of 晋北片区 / 小计: states 1,730 unit, its 2 parts add up to 2,730 unit"),
        ("table_total_row", "table 6: 全省合计 row of 保障性住房 / 配售型保障性住房: states 5,200 unit, its 3 parts add up to 6,200 unit"),
        ("table_total_row", "table 6: 晋北片区 / 小计 row of 保障性住房 / 配售型保障性住房: states 2,000 unit, its 3 parts add up to 1,000 unit"),
    ]


def test_the_yearly_schedule_is_checked(warehouse):
    found = _with_value(warehouse, BAODING, "1250", "p%", 1350)
    assert [m.split(":")[0] for c, m in found if c == "schedule_vs_total"] == ["p7", "t10/r6/c3"]


# ---------------------------------------------------------------- the checks on single facts

def _fact(locator, raw_value, raw_unit, value, unit, metric, htype="all", region="某市", period=(2025, 2025),
          kind="plan", quote="", block=1, **more):
    return {"fact_id": f"{locator}:{raw_value}", "locator": locator, "raw_value": raw_value, "raw_unit": raw_unit,
            "value": value, "unit": unit, "metric": metric, "housing_type": htype, "region": region,
            "period_start": period[0], "period_end": period[1], "kind": kind, "qualifier": "exact",
            "quote": quote or f"{raw_value}{raw_unit}", "block_index": block, "char_start": 0, "page": None,
            "section": more.get("section", "")}


CONTEXT = ("d", "x.docx")


def test_a_number_recurring_in_a_table_about_something_else_is_no_unit_mismatch():
    land = _fact("p2", "2019.5", "亩", 2019.5 * 10000 / 15, "m2", "land_supply_residential")
    funds = _fact("t5/r3/c3", "2019.5", "万元", 2.0195e7, "yuan", "other", region="某区",
                  quote="某区 | 配套资金（万元） | 2019.5", block=5)
    assert unit_mismatch(CONTEXT, [land, funds]) == []


def test_a_unit_mismatch_is_an_error_across_kinds_of_unit_and_a_warning_between_counts():
    stated = _fact("p8", "117.279", "套", 117.279, "unit", "housing_stock_units")
    table = _fact("t10/r8/c3", "117.279", "万㎡", 1172790, "m2", "housing_stock_floor_area",
                  quote="全市 | 非成套住房 / 面积（万㎡） | 117.279", block=10)
    units = _fact("p29", "6627", "套", 6627, "unit", "renewal_units", "shantytown", period=(2021, 2025), kind="actual")
    households = _fact("t34/r7/c6", "6627", "户", 6627, "household", "renewal_households", "shantytown",
                       period=(2021, 2025), kind="actual", quote="棚户区改造（户） | 合计 | 6627", block=34)
    found = [(f.severity, f.message.split(";")[0]) for f in unit_mismatch(CONTEXT, [stated, table, units, households])]
    assert found == [("error", "p8 writes 117.279套 (unit)"), ("warning", "p29 writes 6627套 (unit)")]


def test_a_plan_is_not_compared_with_what_was_done():
    planned = _fact("p5", "2000", "套", 2000, "unit", "supply_units", "affordable")
    done = _fact("t4/r1/c5", "2100", "套", 2100, "unit", "supply_units", "affordable", kind="actual",
                 quote="保障性住房筹集 | 2025年 | 2100", block=4)
    assert prose_vs_table(CONTEXT, [planned, done]) == []
    said = _fact("p6", "2000", "套", 2000, "unit", "supply_units", "affordable", kind="actual", block=6)
    assert [f.stated for f in prose_vs_table(CONTEXT, [said, done])] == [2000]


def test_an_actual_total_is_not_checked_against_a_plan_schedule():
    years = [_fact(f"p{10 + i}", str(v), "套", v, "unit", "supply_units", period=(y, y), block=10 + i,
                   section=f"年度计划 / {y}年建设计划") for i, (y, v) in enumerate(zip(range(2021, 2026), (1, 2, 3, 4, 5)))]
    done = _fact("p2", "99", "套", 99, "unit", "supply_units", period=(2021, 2025), kind="actual")
    planned = _fact("p3", "99", "套", 99, "unit", "supply_units", period=(2021, 2025), block=3)
    assert [f.stated for f in schedule_vs_total(CONTEXT, [done, planned, *years])] == [99]


@pytest.mark.parametrize("text, token, reason", [
    ("由数据共享、便民服务4大板块和近50个功能子系统组成", "4", Reason.NAME),
    ("由数据共享、便民服务4大板块和近50个功能子系统组成", "50", None),
    ("按照市委、市政府“1535工作思路，坚持", "1535", Reason.NAME),
    ("新增“2000套人才公寓", "2000", None),
])
def test_numbers_that_name_a_framework_or_slogan_are_not_unread(text, token, reason):
    start = next(s for s, e in number_tokens(text) if text[s:e] == token)
    assert excluded(text, start, start + len(token)) == reason


@pytest.mark.parametrize("prose, table, table_value", [
    ("根据某文件，第2批次城中村改造项目计划新开工安置住房950套。", "合计 | 安置住房（套） | 2600", 2600),  # one batch
    ("6月份，新建商品住房成交1520套，环比增长18.7%。", "全市 | 销售套数（套） | 8370", 8370),  # a month
    ("全年商品房（含非住宅）销售面积1520套。", "全市 | 销售套数（套） | 8370", 8370),  # a wider scope
])
def test_a_prose_figure_narrowed_by_its_words_is_not_the_tables(prose, table, table_value):
    raw = "950" if "950" in prose else "1520"
    said = _fact("p6", raw, "套", float(raw), "unit", "supply_units", quote=prose)
    cell = _fact("t14/r5/c4", str(table_value), "套", table_value, "unit", "supply_units", quote=table, block=14)
    assert prose_vs_table(CONTEXT, [said, cell]) == []
    plain = _fact("p7", raw, "套", float(raw), "unit", "supply_units", quote=f"全年筹集{raw}套。", block=7)
    assert [f.stated for f in prose_vs_table(CONTEXT, [plain, cell])] == [float(raw)]


def test_a_fall_written_in_words_is_the_tables_negative_change():
    said = _fact("p5", "5.3", "%", 5.3, "percent", "growth_rate", quote="全年销售面积412.6万平方米，同比下降5.3%；")
    cell = _fact("t17/r8/c2", "-5.3", "%", -5.3, "percent", "growth_rate", quote="全市 | 同比增减（%） | -5.3", block=17)
    assert prose_vs_table(CONTEXT, [said, cell]) == []
    rise = _fact("p6", "5.3", "%", 5.3, "percent", "growth_rate", quote="全年销售面积同比增长5.3%；", block=6)
    assert [f.expected for f in prose_vs_table(CONTEXT, [rise, cell])] == [-5.3]


def test_an_annual_average_is_no_dwelling_of_the_total_area():
    quote = "累计销售面积453.19万平方米，其中住宅384.61万平方米，年均销售量0.64万套左右；"
    area = _fact("p8", "384.61", "万平方米", 3846100, "m2", "sales_floor_area", quote=quote)
    units = _fact("p8", "0.64", "万套", 6400, "unit", "sales_units", quote=quote)
    pairs = [(_fact(f"p{i}", "9", "万平方米", 90000 + i, "m2", "new_start_floor_area", block=i, quote=f"q{i}"),
              _fact(f"p{i}", "800", "套", 800, "unit", "new_start_units", block=i, quote=f"q{i}")) for i in (20, 21, 22)]
    assert average_size(CONTEXT, [area, units, *[f for pair in pairs for f in pair]]) == []
    # the same two figures as a total area and a total count: 601 m2 a dwelling is worth a look
    total = _fact("p8", "0.64", "万套", 6400, "unit", "sales_units", quote="累计销售住宅384.61万平方米、0.64万套；")
    total_area = {**area, "quote": total["quote"]}
    assert [round(f.stated) for f in average_size(CONTEXT, [total_area, total, *[f for p in pairs for f in p]])] == [601]


def test_a_table_titled_as_a_part_is_not_the_whole_in_the_prose():
    said = _fact("p3", "1.42", "万户", 14200, "household", "renewal_households", "old_community",
                 quote="2025年全市计划改造城镇老旧小区86个、1.42万户，首批5个小区见附表。")
    total = _fact("t7/r6/c5", "1956", "户", 1956, "household", "renewal_households", "old_community",
                  quote="合计 | 户数（户） | 1956", block=7)
    assert prose_vs_table(CONTEXT, [said, total], {7: "附表 2025年首批城镇老旧小区改造项目"}) == []
    assert [f.stated for f in prose_vs_table(CONTEXT, [said, total], {7: "附表 2025年城镇老旧小区改造项目"})] == [14200]


def test_an_ocr_quote_read_slightly_differently_the_next_time_still_stands():
    from warehouse.audit import _read_again

    text = "制定2024年度国有建设用地供应计划。2024年度计划供应居住用地面积25公顷，其中新建商品住房用地面积16公顷。"
    assert _read_again("2024年度计划供应居住用地面积25公项，其中新建商品住房用地面积16公顷。", text)
    assert not _read_again("2024年度计划供应居住用地面积35公顷，其中保障住房用地面积26公顷。", text)
