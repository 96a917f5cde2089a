"""佳木斯市2026年住房发展年度计划: a prose-only annual plan. Every figure in it, from the .docx,
the LibreOffice .pdf and the seed's plain text alike, with its value, unit, meaning and quote."""
from __future__ import annotations

import pytest

from conftest import sample, seed
from extractors import extract
from parsers.facts import parse
from parsers.meta import describe

# the clauses the figures are quoted from (verbatim from the plan)
CLAUSES = [
    "2026年全县（市）计划供应居住用地19.94公顷，其中市区供地情况需通过省自然资源和规划厅根据地市去化周期调整，待省自然资源和规划厅审批，各县（市）计划供应居住用地19.94公顷。",
    "（一）新开工项目。",
    "2026年全市计划新开工住房项目11个，0.56万套，建筑面积60.40万平方米，计划投资22.69亿元。",
    "市区计划新开工商品住房项目6个，0.37万套，建筑面积37.83万平方米，计划投资14.53亿元；",
    "各县（市）计划新开工商品住房项目5个，0.19万套，建筑面积22.57万平方米，计划投资8.16亿元。",
    "2026年全市计划竣工住房项目19个，0.71万套，建筑面积85.16万平方米。",
    "其中，保障类住房方面，计划竣工配租型保障性住房项目1个，0.02万套，建筑面积0.8万平方米（保租房0.8万平方米、0.02万套（间））;",
    "市区计划竣工商品住房项目8个，0.39万套，建筑面积48.52万平方米；",
    "各县（市）计划竣工商品住房项目10个，0.30万套，建筑面积35.84万平方米。",
    "2026年计划供应配租型保障性住房0.02万套（保租房0.02万套）、建筑面积0.8万平方米（保租房0.8万平方米）。",
    "2026年计划新批售入市商品房项目5个，0.17万套，建筑面积18.36万平方米。",
    "其中市区计划新批售入市商品房项目3个，0.14万套，建筑面积14.85万平方米；",
    "各县（市）计划新批售入市商品房项目2个，0.03万套，建筑面积3.51万平方米。",
    "注重以我市实际商品房去化周期为基准，按照不同去化周期下的用地供应模式，对去化周期在36个月以上的应停止供地；",
    "36-18个月的要控制供地规模；",
    "12-6个月的要适度增加供地；",
    "6个月以下的要有效增加供地。",
]
J = "佳木斯市"
# raw value, raw unit, value in base unit, base unit, qualifier, metric, housing type, region, kind, clause, page in the PDF
EXPECTED = [
    ("19.94", "公顷", 199400.0, "m2", "exact", "land_supply_residential", "all", J, "plan", 0, 1),
    ("19.94", "公顷", 199400.0, "m2", "exact", "land_supply_residential", "all", "各县（市）", "plan", 0, 1),
    ("11", "个", 11.0, "item", "exact", "new_start_projects", "all", J, "plan", 2, 1),
    ("0.56", "万套", 5600.0, "unit", "exact", "new_start_units", "all", J, "plan", 2, 1),
    ("60.40", "万平方米", 604000.0, "m2", "exact", "new_start_floor_area", "all", J, "plan", 2, 1),
    ("22.69", "亿元", 2269000000.0, "yuan", "exact", "investment", "all", J, "plan", 2, 1),
    ("6", "个", 6.0, "item", "exact", "new_start_projects", "commercial", "市区", "plan", 3, 1),
    ("0.37", "万套", 3700.0, "unit", "exact", "new_start_units", "commercial", "市区", "plan", 3, 1),
    ("37.83", "万平方米", 378300.0, "m2", "exact", "new_start_floor_area", "commercial", "市区", "plan", 3, 1),
    ("14.53", "亿元", 1453000000.0, "yuan", "exact", "investment", "commercial", "市区", "plan", 3, 1),
    ("5", "个", 5.0, "item", "exact", "new_start_projects", "commercial", "各县（市）", "plan", 4, 1),
    ("0.19", "万套", 1900.0, "unit", "exact", "new_start_units", "commercial", "各县（市）", "plan", 4, 1),
    ("22.57", "万平方米", 225700.0, "m2", "exact", "new_start_floor_area", "commercial", "各县（市）", "plan", 4, 1),
    ("8.16", "亿元", 816000000.0, "yuan", "exact", "investment", "commercial", "各县（市）", "plan", 4, 1),
    ("19", "个", 19.0, "item", "exact", "completion_projects", "all", J, "plan", 5, 2),
    ("0.71", "万套", 7100.0, "unit", "exact", "completion_units", "all", J, "plan", 5, 2),
    ("85.16", "万平方米", 851600.0, "m2", "exact", "completion_floor_area", "all", J, "plan", 5, 2),
    ("1", "个", 1.0, "item", "exact", "completion_projects", "affordable_rental_type", J, "plan", 6, 2),
    ("0.02", "万套", 200.0, "unit", "exact", "completion_units", "affordable_rental_type", J, "plan", 6, 2),
    ("0.8", "万平方米", 8000.0, "m2", "exact", "completion_floor_area", "affordable_rental_type", J, "plan", 6, 2),
    ("0.8", "万平方米", 8000.0, "m2", "exact", "completion_floor_area", "affordable_rental", J, "plan", 6, 2),
    ("0.02", "万套（间）", 200.0, "unit", "exact", "completion_units", "affordable_rental", J, "plan", 6, 2),
    ("8", "个", 8.0, "item", "exact", "completion_projects", "commercial", "市区", "plan", 7, 2),
    ("0.39", "万套", 3900.0, "unit", "exact", "completion_units", "commercial", "市区", "plan", 7, 2),
    ("48.52", "万平方米", 485200.0, "m2", "exact", "completion_floor_area", "commercial", "市区", "plan", 7, 2),
    ("10", "个", 10.0, "item", "exact", "completion_projects", "commercial", "各县（市）", "plan", 8, 2),
    ("0.30", "万套", 3000.0, "unit", "exact", "completion_units", "commercial", "各县（市）", "plan", 8, 2),
    ("35.84", "万平方米", 358400.0, "m2", "exact", "completion_floor_area", "commercial", "各县（市）", "plan", 8, 2),
    ("0.02", "万套", 200.0, "unit", "exact", "supply_units", "affordable_rental_type", J, "plan", 9, 2),
    ("0.02", "万套", 200.0, "unit", "exact", "supply_units", "affordable_rental", J, "plan", 9, 2),
    ("0.8", "万平方米", 8000.0, "m2", "exact", "supply_floor_area", "affordable_rental_type", J, "plan", 9, 2),
    ("0.8", "万平方米", 8000.0, "m2", "exact", "supply_floor_area", "affordable_rental", J, "plan", 9, 2),
    ("5", "个", 5.0, "item", "exact", "presale_projects", "commercial", J, "plan", 10, 2),
    ("0.17", "万套", 1700.0, "unit", "exact", "presale_units", "commercial", J, "plan", 10, 2),
    ("18.36", "万平方米", 183600.0, "m2", "exact", "presale_floor_area", "commercial", J, "plan", 10, 2),
    ("3", "个", 3.0, "item", "exact", "presale_projects", "commercial", "市区", "plan", 11, 2),
    ("0.14", "万套", 1400.0, "unit", "exact", "presale_units", "commercial", "市区", "plan", 11, 2),
    ("14.85", "万平方米", 148500.0, "m2", "exact", "presale_floor_area", "commercial", "市区", "plan", 11, 2),
    ("2", "个", 2.0, "item", "exact", "presale_projects", "commercial", "各县（市）", "plan", 12, 2),
    ("0.03", "万套", 300.0, "unit", "exact", "presale_units", "commercial", "各县（市）", "plan", 12, 2),
    ("3.51", "万平方米", 35100.0, "m2", "exact", "presale_floor_area", "commercial", "各县（市）", "plan", 12, 2),
    # thresholds of the land-supply rule: standards, not targets
    ("36", "个月", 36.0, "month", "at_least", "destocking_months", "commercial", J, "standard", 13, 2),
    ("18", "个月", 18.0, "month", "range_low", "destocking_months", "commercial", J, "standard", 14, 2),
    ("36", "个月", 36.0, "month", "range_high", "destocking_months", "commercial", J, "standard", 14, 2),
    ("6", "个月", 6.0, "month", "range_low", "destocking_months", "commercial", J, "standard", 15, 2),
    ("12", "个月", 12.0, "month", "range_high", "destocking_months", "commercial", J, "standard", 15, 2),
    ("6", "个月", 6.0, "month", "at_most", "destocking_months", "commercial", J, "standard", 16, 2),
]

FILES = {
    "docx": lambda: sample("jiamusi-2026-annual-plan.docx"),
    "pdf": lambda: sample("jiamusi-2026-annual-plan.pdf"),
    "txt": lambda: seed("000"),
}


@pytest.fixture(scope="module", params=list(FILES))
def extracted(request):
    document = extract(FILES[request.param]())
    return request.param, document, parse(document)


def test_document_is_described(extracted):
    _, document, _ = extracted
    info = describe(document)
    assert (info.title, info.jurisdiction, info.doc_type) == ("佳木斯市2026年住房发展年度计划", J, "annual_plan")
    assert (info.period_start, info.period_end) == (2026, 2026)


def test_every_figure_with_value_unit_and_meaning(extracted):
    _, _, facts = extracted
    got = [
        (f.quantity.raw_value, f.quantity.raw_unit, f.quantity.value, f.quantity.unit, f.quantity.qualifier,
         f.metric, f.housing_type, f.region, f.kind, f.source.quote)
        for f in facts
    ]
    want = [(*row[:9], CLAUSES[row[9]]) for row in EXPECTED]
    assert got == want


def test_every_figure_is_for_the_plan_year(extracted):
    _, _, facts = extracted
    assert {(f.period_start, f.period_end) for f in facts} == {(2026, 2026)}


def test_offsets_point_at_the_figure_in_its_paragraph(extracted):
    _, _, facts = extracted
    for fact in facts:
        s = fact.source
        figure = s.text[s.char_start : s.char_end]
        assert fact.quantity.raw_value in figure and figure.endswith(fact.quantity.raw_unit)
        assert figure in s.quote and s.quote in s.text


def test_pdf_figures_carry_their_page():
    document = extract(sample("jiamusi-2026-annual-plan.pdf"))
    assert document.pages == 4
    assert [f.source.page for f in parse(document)] == [row[10] for row in EXPECTED]


def test_docx_has_no_pages_and_no_word_artifacts():
    document = extract(sample("jiamusi-2026-annual-plan.docx"))
    assert document.pages is None
    assert {f.source.page for f in parse(document)} == {None}
    assert not any("bookmark" in b.text for b in document.blocks)


def test_fact_ids_are_stable_and_unique(extracted):
    _, document, facts = extracted
    again = parse(extract(document.path))
    assert [f.fact_id for f in facts] == [f.fact_id for f in again]
    assert len({f.fact_id for f in facts}) == len(facts)
