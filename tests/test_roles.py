"""How figures add up (issue 13, item 2): each fact's role is total, part, subtotal or single, so that
summing the total and single figures of one metric, its years and kind counts every figure once; `all`
housing is all housing only (其他住宅用地 is `other`); a stock (城镇居住用地总量, 现有住宅用地) is a
metric of its own, not the flow of land supplied. The real pipeline on the real samples, and on a few
made-up documents for the forms the samples lack."""
from __future__ import annotations

from functools import cache

import pytest

from conftest import sample
from extractors import extract
from extractors.model import Block, BlockKind, Cell, Document, Format
from extractors.tables import build_table
from extractors.txt import extract as extract_txt
from parsers.catalog import broader_types, housing_types, metrics
from parsers.facts import parse
from parsers.meta import DocumentInfo
from parsers.regions import jurisdiction_code

ROLES = {"total", "part", "subtotal", "single"}


@cache
def facts_of(name: str):
    return tuple(parse(extract(sample(name))))


def find(facts, raw: str, quote: str = "", **fields):
    """The facts written `raw` (value and unit as written, or the value of a cell) whose quote holds `quote`."""
    return [f for f in facts if raw in (f.quantity.raw_value + f.quantity.raw_unit, f.quantity.raw_value)
            and quote in f.source.quote
            and all(getattr(f, k) == v for k, v in fields.items())]


def one(facts, raw: str, quote: str = "", **fields):
    found = find(facts, raw, quote, **fields)
    assert len(found) == 1, [(f.source.locator, f.source.quote) for f in found]
    return found[0]


def counted_once(facts, metric: str, kind: str, year: int, **fields) -> float:
    return sum(f.quantity.value for f in facts if f.metric == metric and f.kind == kind and f.period_start == year
               and f.role in ("total", "single") and all(getattr(f, k) == v for k, v in fields.items()))


@pytest.mark.parametrize("name", ["jiamusi-2026-annual-plan.docx", "jiamusi-2026-annual-plan.pdf",
                                  "jiamusi-2026-annual-plan-scanned.pdf"])
def test_jiamusi_new_start_floor_area_is_counted_once(name):
    facts = facts_of(name)
    assert counted_once(facts, "new_start_floor_area", "plan", 2026) == 604000.0
    assert one(facts, "60.40万平方米").role == "total"
    assert [(f.region, f.housing_type, f.role) for f in find(facts, "37.83万平方米") + find(facts, "22.57万平方米")] == [
        ("市区", "commercial", "part"), ("各县（市）", "commercial", "part")]
    # the 竣工 breakdown: 配租型 0.8万平方米 is a part of 85.16 and the total of its aside (保租房0.8万平方米)
    assert counted_once(facts, "completion_floor_area", "plan", 2026) == 851600.0
    rental = find(facts, "0.8万平方米", "计划竣工", metric="completion_floor_area")
    assert sorted((f.housing_type, f.role) for f in rental) == [("affordable_rental", "part"),
                                                               ("affordable_rental_type", "subtotal")]
    # 供应配租型保障性住房0.02万套（保租房0.02万套）: the aside is a part of the figure it follows
    supply = find(facts, "0.02万套", "计划供应", metric="supply_units")
    assert sorted((f.housing_type, f.role) for f in supply) == [("affordable_rental", "part"),
                                                               ("affordable_rental_type", "total")]
    # 去化周期 thresholds add up to nothing
    assert {f.role for f in facts if f.metric == "destocking_months"} == {"single"}


def test_every_fact_has_a_role_and_the_warehouse_row_carries_it():
    facts = facts_of("kashgar-2025-annual-plan.docx")
    assert {f.role for f in facts} == ROLES
    row = facts[0].to_row("喀什地区")
    assert row["role"] == facts[0].role


@pytest.mark.parametrize("name", ["hunan-2025-affordable-housing-targets.docx", "hunan-2025-affordable-housing-targets.pdf"])
def test_provincial_total_row_is_the_total_of_its_rows(name):
    facts = facts_of(name)
    column = [f for f in facts if f.source.locator.startswith("t") and f.metric == "new_start_units"]
    total = [f for f in column if f.source.quote.startswith("全省合计")]
    assert [(f.quantity.value, f.region, f.role) for f in total] == [(4650.0, "湖南省", "total")]
    rows = [f for f in column if f not in total]
    assert len(rows) == 14 and {f.role for f in rows} == {"part"}
    assert sum(f.quantity.value for f in rows) == 4650.0
    # every cell of the 全省合计 row sums its column
    assert {f.role for f in facts if f.source.quote.startswith("全省合计")} == {"total"}
    # 其中，湘西土家族苗族自治州新开工配售型保障性住房90套: a part of the province's 4650 stated before it
    assert one(facts, "90套", "其中，湘西").role == "part"
    assert one(facts, "4650套", "全省计划新开工").role == "total"
    # the province's 2024 figures detail nothing
    assert one(facts, "3126套").role == "single"


def test_kashgar_land_table_columns_and_the_other_housing_type():
    facts = facts_of("kashgar-2025-annual-plan.docx")
    land = [f for f in facts if f.metric == "land_supply_residential" and f.source.locator.startswith("t")]
    corner = one(land, "222.64", "总计 | 计划供应住宅用地面积合计")
    assert corner.role == "total" and corner.housing_type == "all"
    # a county's 合计 column sums its kinds of land and is itself a part of the 总计 row
    assert one(land, "29.67", "叶城县").role == "subtotal"
    assert one(land, "6.67", "叶城县").housing_type == "other"
    assert one(land, "6.67", "叶城县").role == "part"
    # the 小计 of the rental group: a subtotal of 保障性租赁 and 市场化租赁 land
    assert one(land, "4.98", "巴楚县 | 计划供应租赁住宅用地面积（公顷） / 小计").role == "subtotal"
    assert one(land, "4.98", "巴楚县 | 计划供应租赁住宅用地面积（公顷） / 市场化").role == "part"
    # the prose: 计划供应住宅用地222.64公顷，其中…其他住宅用地7.28公顷
    prose = one(facts, "7.28公顷", "其中商品住宅用地")
    assert (prose.housing_type, prose.role) == ("other", "part")
    assert one(facts, "222.64公顷", "其中商品住宅用地").role == "total"
    assert counted_once([f for f in facts if "/" not in f.source.locator], "land_supply_residential", "plan", 2025) == 2226400.0
    # `all` is all housing only: the land of the 其他住宅用地 column and sentence is `other`
    assert {f.housing_type for f in find(facts, "7.28", "其他住宅用地")} == {"other"}
    assert {f.housing_type for f in facts if f.source.quote.split(" | ")[1:2] == ["计划供应其他住宅用地（公顷）"]} == {"other"}


def test_allocation_table_subtotal_columns_sum_both_measures():
    """表 2: 公租房 / 套数, 公租房 / 建筑面积, 保障性租赁住房 / …, 小计 / 套数, 小计 / 建筑面积: each 小计
    column adds up its own measure of every group."""
    facts = facts_of("kashgar-2025-annual-plan.pdf")
    row = [f for f in facts if f.source.quote.startswith("喀什市 | ") and f.metric.startswith("allocation")]
    roles = {f.source.quote.split(" | ")[1]: f.role for f in row}
    assert roles == {"公租房 / 套数（套）": "part", "公租房 / 建筑面积（万平方米）": "part",
                     "保障性租赁住房 / 套数（套）": "part", "保障性租赁住房 / 建筑面积（万平方米）": "part",
                     "小计 / 套数（套）": "subtotal", "小计 / 建筑面积（万平方米）": "subtotal"}
    assert one(facts, "12469", "总计 | 小计 / 套数").role == "total"
    assert one(facts, "55.27", "总计 | 小计 / 建筑面积").role == "total"


def test_zhangye_detail_rows_and_year_totals():
    facts = facts_of("zhangye-2026-2030-housing-plan.docx")
    # 其中：住宅 rows are parts of the row above, in every column
    assert {f.role for f in facts if f.source.quote.startswith("其中：住宅 | ")} <= {"part", "subtotal"}
    assert one(facts, "86.72", "其中：住宅").role == "part"
    # the 合计 column sums years: it is no total of a single year's figure
    assert one(facts, "111.79", "销售面积").role == "total"  # of its 其中：住宅 cell only
    assert one(facts, "111.79", "销售面积").period_start == 2021
    # the per-district table: the 合计 row sums the districts
    units = [f for f in facts if f.source.quote.endswith("| 新建商品住房（套） | 16600")]
    assert [f.role for f in units] == ["total"]
    districts = [f for f in facts if " | 新建商品住房（套） | " in f.source.quote and f not in units]
    assert len(districts) == 6 and {f.role for f in districts} == {"part"}
    # 全市 row of the housing stock table
    stock = one(facts, "3511.359")
    assert (stock.metric, stock.role) == ("housing_stock_floor_area", "total")
    # 其中公共租赁住房1200套，保障性租赁住房2446套: parts of the 3464 the sentence before states
    assert one(facts, "3464套").role == "total"
    assert {f.role for f in find(facts, "1200套", "其中公共租赁住房")} == {"part"}


def test_a_stock_of_land_is_no_land_supply():
    facts = facts_of("zhangye-2026-2030-housing-plan.docx")
    stock = one(facts, "1698.22", "城镇居住用地总量")
    assert (stock.metric, stock.period_start, stock.period_end, stock.kind) == ("residential_land_stock", 2030, 2030, "plan")
    assert metrics()["residential_land_stock"].measure == "level"
    assert metrics()["land_supply_residential"].stock == "residential_land_stock"
    supply = one(facts, "99.06", "新增城镇住宅用地供应量")
    assert (supply.metric, supply.period_start, supply.period_end) == ("land_supply_residential", 2026, 2030)
    # 供应总量 and 建设用地…总量 are amounts of a flow
    assert one(facts, "8.51公顷", "保障性住房用地供应总量").metric == "land_supply_residential"
    assert {f.metric for f in find(facts, "199.2万平方米", "新增商品住房面积")} == {"supply_floor_area"}


@pytest.mark.parametrize("line, metric", [
    ("截至2025年底，全市现有住宅用地1698公顷。", "residential_land_stock"),
    ("全市存量住宅用地120公顷，计划供应住宅用地30公顷。", "residential_land_stock"),
    ("2026年住宅用地供应总量约为90公顷。", "land_supply_residential"),
    ("计划新增住宅用地40公顷。", "land_supply_residential"),
    ("全市现有公租房5000套。", "housing_stock_units"),
])
def test_stock_wording(tmp_path, line, metric):
    path = tmp_path / "plan.txt"
    path.write_text(f"示例市2026年住房发展年度计划\n{line}\n", encoding="utf-8")
    facts = parse(extract_txt(path))
    assert facts[0].metric == metric


def test_other_housing_in_prose(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("示例市2026年住房发展年度计划\n2026年全市计划供应住宅用地100公顷，其中商品住宅用地60公顷，"
                    "其他住宅用地5公顷。全市新开工住房8000套，其他住房300套。\n", encoding="utf-8")
    got = [(f.quantity.raw_value, f.housing_type, f.role) for f in parse(extract_txt(path))]
    assert got == [("100", "all", "total"), ("60", "commercial", "part"), ("5", "other", "part"),
                   ("8000", "all", "total"), ("300", "other", "part")]


def test_housing_types_lead_up_to_all():
    assert broader_types("public_rental") == ("affordable_rental_type", "affordable", "all")
    assert broader_types("other") == ("all",)
    assert broader_types("all") == ()
    assert all("all" in (c, *broader_types(c)) for c in housing_types())


INFO = DocumentInfo("宜昌市2025年住房发展年度计划", "宜昌市", "annual_plan", 2025, 2025, jurisdiction_code("宜昌市"))


def table_roles(rows, paragraphs=()) -> dict[tuple[str, str], str]:
    """(row label, header) → role of the figures of a one-table document (made up)."""
    cells = [Cell(r, c, text) for r, row in enumerate(rows) for c, text in enumerate(row)]
    table = build_table(cells, "表1 2025年计划表")
    blocks = [Block(BlockKind.PARAGRAPH, i, text, None, ()) for i, text in enumerate(paragraphs)]
    blocks.append(Block(BlockKind.TABLE, len(blocks), table.text(), None, (), table))
    out = {}
    for f in parse(Document("plan.docx", "0" * 64, Format.DOCX, tuple(blocks)), INFO):
        if f.source.quote.count(" | ") == 2:
            label, header, _ = f.source.quote.split(" | ")
            out[(label, header)] = f.role
    return out


def test_a_total_row_above_its_rows_and_subtotals_of_groups():
    got = table_roles([["片区", "县（市、区）", "新开工（套）"],
                       ["全市合计", "全市合计", "900"],
                       ["北片", "甲县", "300"],
                       ["北片", "乙县", "200"],
                       ["北片", "小计", "500"],
                       ["南片", "丙县", "400"],
                       ["南片", "小计", "400"]])
    assert got == {("全市合计", "新开工（套）"): "total",
                   ("北片 / 甲县", "新开工（套）"): "part", ("北片 / 乙县", "新开工（套）"): "part",
                   ("北片 / 小计", "新开工（套）"): "subtotal",
                   ("南片 / 丙县", "新开工（套）"): "part", ("南片 / 小计", "新开工（套）"): "subtotal"}


def test_rows_of_years_are_no_parts_of_their_sum():
    got = table_roles([["年份", "新开工（套）"], ["2025年", "300"], ["2026年", "200"], ["合计", "500"]])
    assert set(got.values()) == {"single"}


def test_a_table_without_totals_is_parted_by_the_whole_figure_of_the_text():
    got = table_roles([["县（市、区）", "新开工商品住房（套）"], ["西陵区", "300"], ["远安县", "200"]],
                      ["2025年全市计划新开工商品住房500套。"])
    assert got == {("西陵区", "新开工商品住房（套）"): "part", ("远安县", "新开工商品住房（套）"): "part"}
    # sub-area figures adding up to more than the whole are no parts of it (a narrower whole: 城镇人口)
    got = table_roles([["县（市、区）", "新开工商品住房（套）"], ["西陵区", "300"], ["远安县", "400"]],
                      ["2025年全市计划新开工商品住房500套。"])
    assert set(got.values()) == {"single"}
