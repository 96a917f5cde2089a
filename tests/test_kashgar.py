"""喀什地区2025年住房发展年度计划: prose plus three county tables with two-level merged headers."""
from __future__ import annotations

import pytest

from conftest import sample
from extractors import extract
from parsers.facts import parse
from parsers.meta import describe


@pytest.fixture(scope="module", params=["docx", "pdf", "unruled.pdf"])
def facts(request):
    name = "kashgar-2025-annual-plan" + ("-unruled.pdf" if request.param == "unruled.pdf" else "." + request.param)
    return parse(extract(sample(name)))


def test_jurisdiction_and_its_code():
    info = describe(extract(sample("kashgar-2025-annual-plan.docx")))
    assert (info.jurisdiction, info.jurisdiction_code, info.period_start) == ("喀什地区", "653100", 2025)


def test_merged_header_gives_metric_housing_type_and_unit_of_each_cell(facts):
    found = [f for f in facts if f.source.quote.startswith("疏附县 | 保障性租赁住房 / ")]
    assert [(f.quantity.raw_value, f.quantity.raw_unit, f.quantity.value, f.quantity.unit, f.metric, f.housing_type,
             f.region, f.region_code) for f in found] == [
        ("262", "套", 262.0, "unit", "allocation_units", "affordable_rental", "疏附县", "653121"),
        ("3.24", "万平方米", 32400.0, "m2", "allocation_floor_area", "affordable_rental", "疏附县", "653121"),
    ]


def test_total_row_is_the_jurisdiction_and_dashes_are_no_figures(facts):
    totals = [f for f in facts if f.source.quote.startswith("总计 | 计划供应住宅用地面积合计（公顷）")]
    assert [(f.quantity.value, f.region, f.metric) for f in totals] == [(2226400.0, "喀什地区", "land_supply_residential")]
    assert not [f for f in facts if f.source.quote.startswith("疏勒县 | 公租房")]  # the row is all "-"
    zero = [f for f in facts if f.source.quote.startswith("泽普县 | 计划供应商品住房建筑面积")]
    assert [(f.quantity.raw_value, f.quantity.value) for f in zero] == [("0.00", 0.0)]


def test_cells_point_at_their_table_row_and_column(facts):
    (f,) = [f for f in facts if f.source.quote == "喀什市 | 公租房 / 套数（套） | 3000"]
    assert f.source.locator.endswith("/r2/c1") and f.source.text[f.source.char_start:f.source.char_end] == "3000"
