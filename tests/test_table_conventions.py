"""Table conventions of plans beyond the seeds (issue 12 §2): a unit-only header row under group
headers, a unit list in the title mapped onto the column groups, 套（间）, units in header brackets,
thousands separators, columns that hold no figures (序号, years), total rows and place columns.
Tables are built cell by cell, as a backend would hand them to `build_table`."""
from __future__ import annotations

import pytest

from extractors.model import Block, BlockKind, Cell, Document, Format
from extractors.tables import build_table, is_value
from extractors.txt import title_before
from parsers.facts import parse
from parsers.meta import DocumentInfo


def document_of(rows, title, spans=None, heading="一、年度任务"):
    """A one-table document: `rows` is the grid, None for a position covered by a merged cell;
    `spans` maps (row, col) to (rowspan, colspan)."""
    spans = spans or {}
    cells = [Cell(r, c, text, *spans.get((r, c), (1, 1)))
             for r, row in enumerate(rows) for c, text in enumerate(row) if text is not None]
    table = build_table(cells, title)
    block = Block(BlockKind.TABLE, 1, table.text(), None, (heading,), table)
    head = Block(BlockKind.HEADING, 0, heading, None, (heading,))
    return Document("plan.docx", "0" * 64, Format.DOCX, (head, block)), table


def facts_by_cell(facts):
    return {f.source.locator.split("/", 1)[1]: f for f in facts}


def summary(fact):
    q = fact.quantity
    return (fact.metric, fact.housing_type, fact.region, q.value, q.unit, q.raw_value, q.raw_unit)


# ---- a provincial task table: two-level group headers, then a row holding only units ----------------

PROVINCE = DocumentInfo("贵州省2025年城镇保障性安居工程目标任务", "贵州省", "other", 2025, 2025, "520000")
PROVINCE_ROWS = [
    ["市（州）", "保障性租赁住房", None, "配售型保障性住房", "城中村改造", "老旧小区改造", None, None, "总投资"],
    [None, "新增筹集", "基本建成", "新开工", "新开工", "小区", "户数", "建筑面积", None],
    [None, "套", "套", "套", "套（间）", "个", "户", "万平方米", "亿元"],
    ["贵阳市", "1,256", "800", "300", "2,000", "120", "15,600", "180.5", "12.3"],
    ["黔东南苗族侗族自治州", "430", "-", "0", "１，５００", "36", "4,210", "40.25", "3.6"],
    ["全省合计", "1,686", "800", "300", "3,500", "156", "19,810", "220.75", "15.9"],
]
PROVINCE_SPANS = {(0, 0): (3, 1), (0, 1): (1, 2), (0, 5): (1, 3), (0, 8): (2, 1)}


@pytest.fixture(scope="module")
def province():
    document, table = document_of(PROVINCE_ROWS, "附表 2025年城镇保障性安居工程目标任务分解表", PROVINCE_SPANS)
    return table, facts_by_cell(parse(document, PROVINCE))


def test_unit_only_row_is_part_of_the_header(province):
    table, _ = province
    assert table.header_rows == 3
    assert table.header_paths[1] == "保障性租赁住房 / 新增筹集 / 套"
    assert table.header_paths[4] == "城中村改造 / 新开工 / 套（间）"
    assert table.row_labels[3:] == ("贵阳市", "黔东南苗族侗族自治州", "全省合计")


def test_unit_only_header_row_gives_every_column_its_unit(province):
    _, facts = province
    assert [summary(facts[f"r3/c{c}"]) for c in range(1, 9)] == [
        ("supply_units", "affordable_rental", "贵阳市", 1256.0, "unit", "1,256", "套"),
        ("completion_units", "affordable_rental", "贵阳市", 800.0, "unit", "800", "套"),
        ("new_start_units", "affordable_for_sale", "贵阳市", 300.0, "unit", "300", "套"),
        ("new_start_units", "urban_village", "贵阳市", 2000.0, "unit", "2,000", "套（间）"),
        ("renewal_communities", "old_community", "贵阳市", 120.0, "item", "120", "个"),
        ("renewal_households", "old_community", "贵阳市", 15600.0, "household", "15,600", "户"),
        ("renewal_floor_area", "old_community", "贵阳市", 1805000.0, "m2", "180.5", "万平方米"),
        ("investment", "affordable", "贵阳市", 1.23e9, "yuan", "12.3", "亿元"),
    ]


def test_every_numeric_cell_is_a_fact_and_a_dash_is_none(province):
    _, facts = province
    assert len(facts) == 3 * 8 - 1
    assert "r4/c2" not in facts  # "-"
    assert facts["r4/c3"].quantity.value == 0.0  # "0" is a real zero


def test_full_width_thousands_separator(province):
    _, facts = province
    assert summary(facts["r4/c4"])[3:] == (1500.0, "unit", "１，５００", "套（间）")


def test_prefecture_rows_and_the_province_total_row_get_their_regions(province):
    _, facts = province
    assert facts["r4/c1"].region == "黔东南苗族侗族自治州"
    assert {facts[f"r5/c{c}"].region for c in range(1, 9)} == {"贵州省"}
    assert facts["r5/c6"].quantity.value == 19810.0


# ---- a city 住房建设计划: the units only in the title, in the order of the column groups ----------------

CITY = DocumentInfo("天水市2025年住房建设计划", "天水市", "annual_plan", 2025, 2025, "620500")
CITY_ROWS = [
    ["区域", "商品住房", None, "保障性住房", None, "住宅用地", None],
    [None, "新开工", "竣工", "新开工", "分配", "计划供应", "其中：保障性住房用地"],
    ["市区", "120.5", "98", "1,200", "800", "35.2", "5.1"],
    ["甘谷县", "20", "15.5", "300", "150", "8", "1.2"],
    ["全市合计", "140.5", "113.5", "1,500", "950", "43.2", "6.3"],
]
CITY_SPANS = {(0, 0): (2, 1), (0, 1): (1, 2), (0, 3): (1, 2), (0, 5): (1, 2)}


@pytest.fixture(scope="module")
def city():
    document, table = document_of(CITY_ROWS, "表1 2025年住房建设计划（单位：万平方米、套、公顷）", CITY_SPANS)
    return table, facts_by_cell(parse(document, CITY))


def test_title_unit_list_is_kept_whole(city):
    table, _ = city
    assert table.unit == "万平方米、套、公顷"


def test_title_unit_list_maps_onto_the_column_groups_in_order(city):
    _, facts = city
    assert [summary(facts[f"r2/c{c}"]) for c in range(1, 7)] == [
        ("new_start_floor_area", "commercial", "市区", 1205000.0, "m2", "120.5", "万平方米"),
        ("completion_floor_area", "commercial", "市区", 980000.0, "m2", "98", "万平方米"),
        ("new_start_units", "affordable", "市区", 1200.0, "unit", "1,200", "套"),
        ("allocation_units", "affordable", "市区", 800.0, "unit", "800", "套"),
        ("land_supply_residential", "all", "市区", 352000.0, "m2", "35.2", "公顷"),
        ("land_supply_residential", "affordable", "市区", 51000.0, "m2", "5.1", "公顷"),
    ]
    assert len(facts) == 18
    assert facts["r3/c2"].region == "甘谷县"
    assert {facts[f"r4/c{c}"].region for c in range(1, 7)} == {"天水市"}
    assert (facts["r4/c1"].period_start, facts["r4/c1"].period_end, facts["r4/c1"].kind) == (2025, 2025, "plan")


def test_title_unit_list_maps_one_unit_per_column_without_groups():
    rows = [["县区", "新建商品住房面积", "保障性住房", "住宅用地供应"],
            ["麦积区", "60.2", "1,000", "20"]]
    document, _ = document_of(rows, "表2 住房建设计划（单位：万平方米、套、公顷）")
    facts = facts_by_cell(parse(document, CITY))
    assert [(f.quantity.value, f.quantity.unit, f.quantity.raw_unit) for f in facts.values()] == [
        (602000.0, "m2", "万平方米"), (1000.0, "unit", "套"), (200000.0, "m2", "公顷")]


def test_title_unit_list_that_fits_no_grouping_gives_no_unit():
    """Two units for three value columns: no unit is guessed, the numbers stay unread."""
    rows = [["县区", "新开工", "竣工", "供应"], ["麦积区", "60.2", "1,000", "20"]]
    document, _ = document_of(rows, "表3 住房建设计划（单位：万平方米、套）")
    assert parse(document, CITY) == []


def test_unit_line_between_title_and_table_belongs_to_the_table():
    blocks = [Block(BlockKind.PARAGRAPH, 0, "2025年住房建设计划"), Block(BlockKind.PARAGRAPH, 1, "单位：万平方米、套、公顷")]
    assert title_before(blocks) == "2025年住房建设计划（单位：万平方米、套、公顷）"


def test_unit_cell_beside_the_title_row_is_the_table_unit():
    rows = [["2025年商品住房供应计划", None, "单位：万平方米"],
            ["县区", "新开工", "竣工"],
            ["麦积区", "60.2", "40"]]
    document, table = document_of(rows, None, {(0, 0): (1, 2)})
    assert (table.title, table.unit, table.header_paths) == ("2025年商品住房供应计划", "万平方米", ("县区", "新开工", "竣工"))
    facts = facts_by_cell(parse(document, CITY))
    assert [(f.metric, f.quantity.value) for f in facts.values()] == [
        ("new_start_floor_area", 602000.0), ("completion_floor_area", 400000.0)]


# ---- a long list of communities: 序号, county, name, bracketed units ----------------------------------

RENEWAL = DocumentInfo("天水市2025年城镇老旧小区改造计划", "天水市", "other", 2025, 2025, "620500")
LIST_ROWS = [
    ["序号", "县区", "小区名称", "建成年代", "楼栋数（栋）", "户数（户）", "建筑面积（万平方米）", "总投资（万元）"],
    ["1", "秦州区", "纺织厂家属院", "1995", "12", "360", "2.46", "1,256"],
    ["2", "秦州区", "建设路小区", "1998", "8", "214", "1.52", "860.5"],
    ["3", "麦积区", "桥南社区", "2000", "5", "120", "0.98", "410"],
    ["4", "甘谷县", "东街片区", "1999", "20", "1,020", "6.3", "3,150"],
    ["合计", None, None, "", "45", "1,714", "11.26", "5,676.5"],
]


@pytest.fixture(scope="module")
def renewal():
    document, table = document_of(LIST_ROWS, "附件 2025年城镇老旧小区改造计划表", {(5, 0): (1, 3)})
    return table, facts_by_cell(parse(document, RENEWAL))


def test_list_table_serial_and_year_columns_are_no_figures(renewal):
    _, facts = renewal
    assert not [k for k in facts if k.endswith(("/c0", "/c3"))]
    assert len(facts) == 5 * 4


def test_list_table_county_column_gives_the_region(renewal):
    _, facts = renewal
    assert [facts[f"r{r}/c4"].region for r in range(1, 6)] == ["秦州区", "秦州区", "麦积区", "甘谷县", "天水市"]


def test_list_table_bracketed_units_and_metrics(renewal):
    _, facts = renewal
    assert [summary(facts[f"r1/c{c}"]) for c in range(4, 8)] == [
        ("renewal_buildings", "old_community", "秦州区", 12.0, "item", "12", "栋"),
        ("renewal_households", "old_community", "秦州区", 360.0, "household", "360", "户"),
        ("renewal_floor_area", "old_community", "秦州区", 24600.0, "m2", "2.46", "万平方米"),
        ("investment", "old_community", "秦州区", 12560000.0, "yuan", "1,256", "万元"),
    ]
    assert facts["r5/c7"].quantity.value == 56765000.0


def test_list_table_community_names_are_not_places(renewal):
    """桥南社区, 东街片区 end like places (区) but name communities: the county column wins."""
    _, facts = renewal
    assert facts["r3/c5"].region == "麦积区"
    assert facts["r4/c5"].region == "甘谷县"


def test_serial_numbers_without_a_header_word_are_no_figures():
    rows = [["", "县区", "新开工（套）"], ["1", "秦州区", "100"], ["2", "麦积区", "200"], ["3", "甘谷县", "300"]]
    document, _ = document_of(rows, "表4 保障性住房建设计划")
    facts = parse(document, RENEWAL)
    assert sorted((f.region, f.quantity.value) for f in facts) == [("甘谷县", 300.0), ("秦州区", 100.0), ("麦积区", 200.0)]


def test_counting_header_word_gives_the_unit():
    rows = [["县区", "项目数", "楼栋数"], ["秦州区", "3", "18"]]
    document, _ = document_of(rows, "表5 城中村改造计划")
    facts = parse(document, RENEWAL)
    assert [(f.quantity.value, f.quantity.unit, f.quantity.raw_unit) for f in facts] == [(3.0, "item", "个"), (18.0, "item", "栋")]


def test_number_without_any_unit_gives_no_fact():
    rows = [["县区", "任务"], ["秦州区", "3"]]
    document, _ = document_of(rows, "表6 任务分解")
    assert parse(document, RENEWAL) == []


def test_figures_written_in_a_text_column_are_read():
    rows = [["项目名称", "建设内容", "总投资（万元）"], ["秦州区棚户区改造项目", "改造住房360套", "2,400"]]
    document, _ = document_of(rows, "表7 重点项目")
    facts = facts_by_cell(parse(document, RENEWAL))
    assert summary(facts["r1/c1"])[3:] == (360.0, "unit", "360", "套")
    assert summary(facts["r1/c2"])[3:] == (24000000.0, "yuan", "2,400", "万元")


# ---- total rows ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("label, region", [
    ("合计", "天水市"), ("总计", "天水市"), ("全市合计", "天水市"), ("全市总计", "天水市"),
    ("市区合计", "市区"), ("甘谷县小计", "甘谷县"),
])
def test_total_rows_are_the_jurisdiction_or_the_place_they_total(label, region):
    rows = [["县区", "新开工（套）"], ["秦州区", "100"], [label, "100"]]
    document, _ = document_of(rows, "表8 保障性住房建设计划")
    facts = facts_by_cell(parse(document, RENEWAL))
    assert facts["r2/c1"].region == region


def test_province_total_row_in_a_province_document():
    rows = [["市（州）", "新开工（套）"], ["遵义市", "100"], ["全省合计", "100"]]
    document, _ = document_of(rows, "表9 任务分解")
    facts = facts_by_cell(parse(document, PROVINCE))
    assert (facts["r1/c1"].region, facts["r2/c1"].region) == ("遵义市", "贵州省")


@pytest.mark.parametrize("text, value", [
    ("1,256", True), ("１，２５６", True), ("120套（间）", True), ("-", True),
    ("套（间）", False), ("万平方米", False), ("2025", False), ("新增筹集（套）", False),
])
def test_value_cells(text, value):
    assert is_value(text) is value


def test_qualified_ranged_and_negative_cells():
    rows = [["县区", "新开工（套）", "竣工（套）", "价格涨幅（%）"],
            ["秦州区", "约120", "300-500", "-2.5"],
            ["麦积区", "不少于80", "200以上", "1.5"]]
    document, _ = document_of(rows, "表10 商品住房计划")
    facts = facts_by_cell(parse(document, RENEWAL))
    got = {k: (f.quantity.value, f.quantity.qualifier, f.quantity.raw_value) for k, f in facts.items()}
    assert got == {
        "r1/c1": (120.0, "approx", "120"), "r1/c2": (500.0, "range_high", "500"), "r1/c3": (-2.5, "exact", "-2.5"),
        "r2/c1": (80.0, "at_least", "80"), "r2/c2": (200.0, "at_least", "200"), "r2/c3": (1.5, "exact", "1.5"),
    }
    assert [(f.quantity.value, f.quantity.qualifier) for f in parse(document, RENEWAL)
            if f.source.locator.endswith("r1/c2")] == [(300.0, "range_low"), (500.0, "range_high")]


def test_numbers_inside_names_are_no_figures():
    rows = [["序号", "县区", "小区名称", "楼栋数（栋）"], ["1", "秦州区", "胜利路28栋住宅区", "28"]]
    document, _ = document_of(rows, "表11 老旧小区改造计划")
    facts = parse(document, RENEWAL)
    assert [(f.source.locator.split("/", 1)[1], f.quantity.value) for f in facts] == [("r1/c3", 28.0)]


def test_a_column_per_county_gives_the_region():
    rows = [["指标", "全市", "秦州区", "甘谷县"], ["新开工商品住房（万平方米）", "80", "50", "30"]]
    document, _ = document_of(rows, "表12 分县区计划")
    facts = facts_by_cell(parse(document, RENEWAL))
    assert [(facts[f"r1/c{c}"].region, facts[f"r1/c{c}"].quantity.value) for c in (1, 2, 3)] == [
        ("天水市", 800000.0), ("秦州区", 500000.0), ("甘谷县", 300000.0)]


def test_unit_row_labelled_unit_in_the_label_column():
    rows = [["县区", "保障性租赁住房", "城中村改造"],
            ["", "新增筹集", "新开工"],
            ["单位", "套（间）", "万平方米"],
            ["秦州区", "1,000", "12.5"]]
    document, table = document_of(rows, "表13 任务分解")
    assert (table.header_rows, table.row_labels[3]) == (3, "秦州区")
    facts = facts_by_cell(parse(document, RENEWAL))
    assert [summary(f) for f in facts.values()] == [
        ("supply_units", "affordable_rental", "秦州区", 1000.0, "unit", "1,000", "套（间）"),
        ("new_start_floor_area", "urban_village", "秦州区", 125000.0, "m2", "12.5", "万平方米"),
    ]


def test_unit_statement_row_inside_the_table():
    rows = [["单位：万平方米、套", None, None],
            ["县区", "商品住房新开工", "保障性住房筹集"],
            ["麦积区", "60.2", "1,000"]]
    document, table = document_of(rows, "表14 住房建设计划", {(0, 0): (1, 3)})
    assert (table.unit, table.header_paths) == ("万平方米、套", ("县区", "商品住房新开工", "保障性住房筹集"))
    facts = parse(document, CITY)
    assert [(f.metric, f.quantity.value, f.quantity.raw_unit) for f in facts] == [
        ("new_start_floor_area", 602000.0, "万平方米"), ("supply_units", 1000.0, "套")]


def test_title_unit_list_with_group_headers_split_into_equal_cells():
    """A backend that splits a merged group header repeats its text in each column: still one group."""
    rows = [["区域", "商品住房", "商品住房", "住宅用地", "住宅用地"],
            ["", "新开工", "竣工", "计划供应", "其中：保障性住房用地"],
            ["甘谷县", "20", "15.5", "8", "1.2"]]
    document, _ = document_of(rows, "表15 住房建设计划（单位：万平方米、公顷）")
    facts = parse(document, CITY)
    assert [(f.quantity.value, f.quantity.raw_unit) for f in facts] == [
        (200000.0, "万平方米"), (155000.0, "万平方米"), (80000.0, "公顷"), (12000.0, "公顷")]


# ---- round 2: layouts the samples do not use ---------------------------------------------------------

def test_scale_word_after_a_bare_number_multiplies_the_rows_unit():
    rows = [["序号", "指标", "单位", "2024年（实际）", "2025年（计划）"],
            ["1", "商品住房新开工套数", "套", "1.2万", "约11000"],
            ["2", "住宅用地供应", "公顷", "0.5万", "88"]]
    document, _ = document_of(rows, "表1 主要指标")
    facts = facts_by_cell(parse(document, CITY))
    assert [(q.value, q.unit, q.raw_value, q.raw_unit, q.qualifier) for q in
            (facts[k].quantity for k in ("r1/c3", "r1/c4", "r2/c3"))] == [
        (12000.0, "unit", "1.2", "万套", "exact"), (11000.0, "unit", "11000", "套", "approx"),
        (5e7, "m2", "0.5", "万公顷", "exact")]
    assert (facts["r1/c3"].source.char_start, facts["r1/c3"].source.char_end) == (0, 4)


def test_title_unit_list_with_a_bracketed_unit():
    """单位：万平方米、套（间）、个: the unit 套（间） keeps its brackets, the list its three units."""
    rows = [["街镇", "商品住房新开工面积", "保障性租赁住房筹集", "老旧小区改造"], ["城厢街道", "8.60", "150", "9"]]
    document, table = document_of(rows, "表1 2025年街镇住房发展计划表（单位：万平方米、套（间）、个）")
    assert table.unit == "万平方米、套（间）、个"
    facts = facts_by_cell(parse(document, CITY))
    assert [(f.quantity.value, f.quantity.unit, f.quantity.raw_unit, f.region) for f in facts.values()] == [
        (86000.0, "m2", "万平方米", "城厢街道"), (150.0, "unit", "套（间）", "城厢街道"), (9.0, "item", "个", "城厢街道")]


def test_unit_note_row_under_the_table():
    rows = [["区", "小区数", "户数", "建筑面积", "总投资"],
            ["秦州区", "38", "5620", "41.3", "2.15"],
            ["合计", "38", "5620", "41.3", "2.15"],
            ["注：单位：个、户、万平方米、亿元", None, None, None, None]]
    document, table = document_of(rows, "表16 老旧小区改造计划", {(3, 0): (1, 5)})
    assert (table.unit, table.header_rows) == ("个、户、万平方米、亿元", 1)
    facts = facts_by_cell(parse(document, RENEWAL))
    assert [(f.quantity.value, f.quantity.unit, f.quantity.raw_unit, f.region) for f in
            (facts[f"r1/c{c}"] for c in range(1, 5))] == [
        (38.0, "item", "个", "秦州区"), (5620.0, "household", "户", "秦州区"),
        (413000.0, "m2", "万平方米", "秦州区"), (2.15e8, "yuan", "亿元", "秦州区")]
    assert len(facts) == 8


def test_group_column_with_subtotals_gives_county_group_and_total_regions():
    rows = [["片区", "县区", "保障性租赁住房（套）"],
            ["中心城区", "秦州区", "600"],
            [None, "麦积区", "150"],
            [None, "小计", "750"],
            ["各县（市）", "甘谷县", "120"],
            [None, "小计", "120"],
            ["合计", None, "870"]]
    spans = {(1, 0): (3, 1), (4, 0): (2, 1), (6, 0): (1, 2)}
    document, _ = document_of(rows, "表17 任务分解", spans)
    facts = facts_by_cell(parse(document, CITY))
    assert [(facts[f"r{r}/c2"].region, facts[f"r{r}/c2"].quantity.value) for r in range(1, 7)] == [
        ("秦州区", 600.0), ("麦积区", 150.0), ("中心城区", 750.0), ("甘谷县", 120.0), ("各县（市）", 120.0),
        ("天水市", 870.0)]


def test_a_name_shaped_like_a_district_yields_to_the_county_column():
    """宿舍区 in a 小区名称 column ends like a district but names a community: the county names the row."""
    rows = [["县区", "小区名称", "户数（户）"], ["甘谷县", "县医院宿舍区", "60"], ["甘谷县", "建设路小区", "80"]]
    document, _ = document_of(rows, "表18 改造项目")
    facts = facts_by_cell(parse(document, RENEWAL))
    assert [facts[k].region for k in ("r1/c2", "r2/c2")] == ["甘谷县", "甘谷县"]


def test_title_unit_list_maps_onto_sub_columns_repeated_under_each_group():
    rows = [["区县", "配售型保障性住房", None, "保障性租赁住房", None],
            [None, "套数", "建筑面积", "套数", "建筑面积"],
            ["麦积区", "300", "2.7", "600", "3.6"]]
    spans = {(0, 0): (2, 1), (0, 1): (1, 2), (0, 3): (1, 2)}
    document, _ = document_of(rows, "表19 保障性住房供应计划（单位：套、万平方米）", spans)
    facts = facts_by_cell(parse(document, CITY))
    assert [(facts[f"r2/c{c}"].quantity.value, facts[f"r2/c{c}"].quantity.raw_unit) for c in range(1, 5)] == [
        (300.0, "套"), (27000.0, "万平方米"), (600.0, "套"), (36000.0, "万平方米")]


@pytest.mark.parametrize("header, kind", [
    ("2024年 / 计划", "plan"), ("2024年 / 完成", "actual"), ("2024年（计划）", "plan"), ("2024年", "actual"),
    ("2025年 / 计划", "plan"), ("2025年 / 完成", "actual"), ("2025年", "plan")])
def test_kind_word_heading_a_year_column(header, kind):
    top, _, sub = header.partition(" / ")
    rows = [["指标", top], ["", sub], ["商品住房新开工面积（万平方米）", "260"]] if sub else [
        ["指标", top], ["商品住房新开工面积（万平方米）", "260"]]
    document, table = document_of(rows, "表20 主要指标", {(0, 0): (2, 1)} if sub else {})
    assert table.header_paths[1] == header
    fact = parse(document, CITY)[0]
    assert (fact.period_start, fact.period_end, fact.kind) == (int(header[:4]), int(header[:4]), kind)


FIVE_YEAR = DocumentInfo("天水市“十五五”住房发展规划", "天水市", "five_year_plan", 2026, 2030, "620500")


def test_rows_named_by_successive_years_date_their_figures():
    rows = [["年份", "新开工商品住房（万平方米）", "保障性住房（套）"],
            ["2026年", "80", "1200"], ["2027年", "75", "1000"], ["合计", "155", "2200"]]
    document, _ = document_of(rows, "表21 年度建设计划")
    facts = facts_by_cell(parse(document, FIVE_YEAR))
    assert [(k, facts[k].period_start, facts[k].period_end, facts[k].kind) for k in ("r1/c1", "r2/c2", "r3/c1")] == [
        ("r1/c1", 2026, 2026, "plan"), ("r2/c2", 2027, 2027, "plan"), ("r3/c1", 2026, 2027, "plan")]


def test_years_that_do_not_follow_one_another_date_no_row():
    """建成年份 in a list of communities: the figures are of the plan's year, not the building's."""
    rows = [["小区名称", "建成年份", "户数（户）"], ["建设路小区", "1995年", "80"], ["桥南小区", "2003年", "60"]]
    document, _ = document_of(rows, "表22 改造项目")
    facts = parse(document, CITY)
    assert [(f.quantity.value, f.period_start, f.period_end) for f in facts] == [(80.0, 2025, 2025), (60.0, 2025, 2025)]


def test_forecast_word_heading_a_year_column():
    rows = [["指标", "2024年（预计）", "2025年（目标）"], ["商品住房新开工面积（万平方米）", "80", "70"]]
    document, _ = document_of(rows, "表23 主要指标")
    assert [(f.period_start, f.kind) for f in parse(document, CITY)] == [(2024, "forecast"), (2025, "plan")]


def test_comparison_signs_in_a_cell_are_bounds():
    rows = [["县区", "竣工（套）", "分配（套）"], ["秦州区", "≥500", "≤300"]]
    document, _ = document_of(rows, "表24 任务")
    assert [(f.quantity.value, f.quantity.qualifier) for f in parse(document, CITY)] == [
        (500.0, "at_least"), (300.0, "at_most")]
