"""Unseen documents of the TABLES family (issue 12, round 2): table layouts the samples do not use.

Each document is written here once: its paragraphs and its tables (cell texts plus explicit merges),
with the expected facts of every figure. The script writes tests/data/unseen/<name>.docx, its PDF
(LibreOffice) and <name>.csv (the expected facts, columns of tests/expected/*.csv).

- mianyang-2025-annual-plan: an indicator table 序号 | 指标 | 单位 | 2024年（实际） | 2025年（计划）
  with cells such as 1.2万 and 约300; a table of 其中 columns (总计 | 其中：公租房 | …) with the unit
  in the title; a project list whose 开工时间 / 竣工时间 (2025.03, 2025年6月) are not figures.
- ezhou-2025-housing-construction-plan: places as columns and indicators as rows (a 单位 column, a 全市
  column); a table whose unit list stands in a row under the table (单位：个、户、万平方米、亿元).
- qujing-2025-affordable-housing-tasks: a merged group column (片区 over several counties) with 小计
  rows per group and a 合计 row, the units listed in the title for the column groups; an old-style
  棚户区改造 project table with 户 and 万平方米 columns, counties merged down their projects.
- yibin-2025-annual-plan: year groups over 计划 | 完成 sub-columns (a past year's plan is a plan); a
  county table with the 全市 row first and thousands separators; units in the title (单位：套、万平方米)
  for the sub-columns repeated under each group (套数 | 建筑面积), not for the groups.

ezhou, qujing and yibin also come as <name>-unruled.pdf: the same document with no table or cell
borders (wrapped labels around centred values, a 单位 line under a table, group labels merged down,
合计 across the label columns, a table running onto the next page, two-level headers).

The figures are made up; totals are the sums of their rows.

    .venv/bin/python tests/data/unseen/make_tables.py
"""
from __future__ import annotations

import csv
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path.insert(0, str(REPO / "scripts" / "samples"))

from docx import Document  # noqa: E402
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.shared import Pt  # noqa: E402

from make_samples import (body_paragraph, export_pdfs, pin_pdf, remove_rules, save_reproducible,  # noqa: E402
                          setup_document)

COLUMNS = ["where", "raw_value", "raw_unit", "value", "unit", "qualifier", "metric", "housing_type", "region",
           "period_start", "period_end", "kind"]
UNITS = {  # written unit -> (base unit, factor)
    "万平方米": ("m2", 1e4), "平方米": ("m2", 1), "公顷": ("m2", 1e4), "套（间）": ("unit", 1), "万套": ("unit", 1e4),
    "套": ("unit", 1), "户": ("household", 1), "个": ("item", 1), "亿元": ("yuan", 1e8), "万元": ("yuan", 1e4),
    "个月": ("month", 1), "%": ("percent", 1),
}


def fmt(x: float) -> str:
    x = round(x, 6)
    return str(int(x)) if x == int(x) else repr(x)


def row(where, raw, unit, metric, htype, region, period, kind="plan", qualifier="exact", factor=1.0):
    base, f = UNITS[unit]
    start, _, end = str(period).partition("-")
    return dict(where=where, raw_value=raw, raw_unit=unit, value=fmt(float(raw) * f * factor), unit=base,
                qualifier=qualifier, metric=metric, housing_type=htype, region=region, period_start=start,
                period_end=end or start, kind=kind)


@dataclass
class Tab:
    title: str
    rows: list[list[str]]
    header_rows: int
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # (r0, c0, r1, c1) inclusive


@dataclass
class Doc:
    name: str
    title: str
    items: list  # str paragraphs ("# " heading), Tab tables
    expected: list[dict]
    signature: list[str] = field(default_factory=list)


def add_table(doc, t: Tab) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.keep_with_next = True
    p.add_run(t.title).bold = True
    width = max(len(r) for r in t.rows)
    table = doc.add_table(rows=len(t.rows), cols=width)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    size = 9 if width >= 7 else 10.5
    covered = set()
    for r0, c0, r1, c1 in t.merges:
        table.cell(r0, c0).merge(table.cell(r1, c1))
        covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - {(r0, c0)}
    for r, cells in enumerate(t.rows):
        for c, text in enumerate(cells):
            if (r, c) in covered or not text:
                continue
            cell = table.cell(r, c)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            para = cell.paragraphs[0]
            para.style = doc.styles["Table Text"]
            run = para.add_run(text)
            run.bold, run.font.size = r < t.header_rows, Pt(size)


def build(d: Doc) -> Path:
    doc = Document()
    setup_document(doc)
    doc.core_properties.title = d.title
    doc.add_paragraph(d.title, style="Title")
    for item in d.items:
        if isinstance(item, Tab):
            add_table(doc, item)
        elif item.startswith("# "):
            doc.add_paragraph(item[2:], style="Heading 2")
        else:
            body_paragraph(doc, item)
    for line in d.signature:
        doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    path = HERE / f"{d.name}.docx"
    save_reproducible(doc, path)
    with (HERE / f"{d.name}.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(d.expected)
    return path


# ---------------------------------------------------------------- 1. 绵阳: indicator table, 其中 columns, project list

def mianyang() -> Doc:
    city, year = "绵阳市", 2025
    exp: list[dict] = []
    p1 = "2024年，全市商品住房销售面积386.5万平方米，同比下降6.2%。"
    exp += [row("para " + p1, "386.5", "万平方米", "sales_floor_area", "commercial", city, 2024, "actual"),
            row("para " + p1, "6.2", "%", "growth_rate", "commercial", city, 2024, "actual")]
    t1_title = "表1 绵阳市住房发展主要指标"
    indicators = [  # 指标, 单位, 2024 actual, 2025 plan, metric, housing type
        ("商品住房新开工面积", "万平方米", "182.6", "160", "new_start_floor_area", "commercial"),
        ("商品住房新开工套数", "套", "1.2万", "约11000", "new_start_units", "commercial"),
        ("商品住房竣工面积", "万平方米", "210.3", "195", "completion_floor_area", "commercial"),
        ("筹集保障性租赁住房", "套（间）", "3150", "2800", "supply_units", "affordable_rental"),
        ("公租房分配", "套", "约300", "350", "allocation_units", "public_rental"),
        ("住宅用地供应", "公顷", "96.5", "88", "land_supply_residential", "all"),
        ("城镇老旧小区改造", "个", "126", "140", "renewal_communities", "old_community"),
        ("房地产开发投资", "亿元", "305.2", "290", "investment", "all"),
        ("商品住房去化周期", "个月", "16.5", "—", "destocking_months", "commercial"),
    ]
    rows = [["序号", "指标", "单位", "2024年（实际）", "2025年（计划）"]]
    for i, (name, unit, a, p, metric, htype) in enumerate(indicators, 1):
        rows.append([str(i), name, unit, a, p])
        for cell, header, period, kind in ((a, "2024年（实际）", 2024, "actual"), (p, "2025年（计划）", 2025, "plan")):
            if cell == "—":
                continue
            raw, q, factor = cell, "exact", 1.0
            if raw.startswith("约"):
                raw, q = raw[1:], "approx"
            if raw.endswith("万"):
                raw, factor = raw[:-1], 1e4
            exp.append(row(f"table {t1_title} | {name} | {header} | {cell}", raw, unit, metric, htype, city, period,
                           kind, q, factor))
    t1 = Tab(t1_title, rows, 1)

    t2_title = "表2 2025年各城区保障性住房筹集计划（单位：套）"
    head = ["城区", "总计", "其中：公租房", "其中：保障性租赁住房", "其中：配售型保障性住房"]
    htypes = ["affordable", "public_rental", "affordable_rental", "affordable_for_sale"]
    body = [["涪城区", "420", "60", "300", "60"], ["游仙区", "610", "80", "450", "80"],
            ["安州区", "560", "40", "420", "100"], ["高新区", "500", "50", "350", "100"],
            ["科创区", "310", "20", "240", "50"], ["合计", "2400", "250", "1760", "390"]]
    for cells in body:
        region = city if cells[0] == "合计" else cells[0]
        for cell, header, htype in zip(cells[1:], head[1:], htypes):
            exp.append(row(f"table {t2_title} | {cells[0]} | {header} | {cell}", cell, "套", "supply_units", htype,
                           region, year))
    t2 = Tab(t2_title, [head, *body], 1)

    t3_title = "表3 2025年配售型保障性住房建设项目"
    head = ["序号", "项目名称", "建设地点", "建设规模（套）", "总投资（亿元）", "开工时间", "竣工时间"]
    body = [["1", "园艺安居苑项目", "游仙区", "860", "3.44", "2025.03", "2026.12"],
            ["2", "小枧和园项目", "安州区", "520", "2.08", "2025年6月", "2027年6月"],
            ["3", "花荄安居小区项目", "科创区", "300", "1.05", "2025.09", "2026.10"]]
    for cells in body:
        exp.append(row(f"table {t3_title} | {cells[1]} / {cells[2]} | 建设规模（套） | {cells[3]}", cells[3], "套",
                       "new_start_units", "affordable_for_sale", cells[2], year))
        exp.append(row(f"table {t3_title} | {cells[1]} / {cells[2]} | 总投资（亿元） | {cells[4]}", cells[4], "亿元",
                       "investment", "affordable_for_sale", cells[2], year))
    t3 = Tab(t3_title, [head, *body], 1)

    p2 = "2025年，全市计划供应住宅用地88公顷，筹集保障性住房2400套，各城区任务见表2。"
    exp += [row("para " + p2, "88", "公顷", "land_supply_residential", "all", city, year),
            row("para " + p2, "2400", "套", "supply_units", "affordable", city, year)]
    items = ["# 一、2024年住房发展情况", p1, "全市住房发展主要指标完成情况和2025年计划见表1。", t1,
             "# 二、2025年住房发展目标", p2, t2, "# 三、保障性住房建设项目", "年内开工建设的配售型保障性住房项目见表3。", t3]
    return Doc("mianyang-2025-annual-plan", "绵阳市2025年住房发展年度计划", items, exp,
               ["绵阳市住房和城乡建设局", "2025年3月10日"])


# ---------------------------------------------------------------- 2. 鄂州: places as columns, unit row under the table

def ezhou() -> Doc:
    city, year = "鄂州市", 2025
    exp: list[dict] = []
    t1_title = "表1 2025年各区住房建设计划"
    places = ["鄂城区", "华容区", "梁子湖区", "葛店开发区", "全市"]
    indicators = [
        ("商品住房新开工面积", "万平方米", ["45.2", "18.6", "6.4", "22.8", "93.0"], "new_start_floor_area", "commercial"),
        ("商品住房新开工套数", "套", ["3900", "1600", "520", "1980", "8000"], "new_start_units", "commercial"),
        ("商品住房竣工面积", "万平方米", ["52.0", "20.5", "7.1", "25.4", "105.0"], "completion_floor_area", "commercial"),
        ("保障性租赁住房筹集", "套（间）", ["600", "200", "50", "350", "1200"], "supply_units", "affordable_rental"),
        ("住宅用地供应", "公顷", ["21.5", "9.8", "4.2", "11.5", "47.0"], "land_supply_residential", "all"),
    ]
    rows = [["指标", "单位", *places]]
    for name, unit, cells, metric, htype in indicators:
        rows.append([name, unit, *cells])
        for cell, place in zip(cells, places):
            region = city if place == "全市" else place
            exp.append(row(f"table {t1_title} | {name} | {place} | {cell}", cell, unit, metric, htype, region, year))
    t1 = Tab(t1_title, rows, 1)

    t2_title = "表2 2025年城镇老旧小区改造计划"
    head = ["区", "小区数", "户数", "建筑面积", "总投资"]
    units = ["个", "户", "万平方米", "亿元"]
    metrics = ["renewal_communities", "renewal_households", "renewal_floor_area", "investment"]
    body = [["鄂城区", "38", "5620", "41.3", "2.15"], ["华容区", "12", "1480", "10.6", "0.62"],
            ["梁子湖区", "6", "520", "3.9", "0.21"], ["合计", "56", "7620", "55.8", "2.98"]]
    for cells in body:
        region = city if cells[0] == "合计" else cells[0]
        for cell, header, unit, metric in zip(cells[1:], head[1:], units, metrics):
            exp.append(row(f"table {t2_title} | {cells[0]} | {header} | {cell}", cell, unit, metric, "old_community",
                           region, year))
    note = ["单位：个、户、万平方米、亿元"]
    t2 = Tab(t2_title, [head, *body, note + [""] * 4], 1, [(5, 0, 5, 4)])

    p1 = "2025年，全市计划改造城镇老旧小区56个，惠及居民7620户。"
    exp += [row("para " + p1, "56", "个", "renewal_communities", "old_community", city, year),
            row("para " + p1, "7620", "户", "renewal_households", "old_community", city, year)]
    items = ["# 一、住房建设计划", "2025年各区商品住房和保障性租赁住房建设计划见表1。", t1,
             "# 二、城镇老旧小区改造", p1, t2]
    return Doc("ezhou-2025-housing-construction-plan", "鄂州市2025年住房建设计划", items, exp,
               ["鄂州市住房和城乡建设局", "2025年2月20日"])


# ---------------------------------------------------------------- 3. 曲靖: merged group column with 小计, 棚户区改造 table

def qujing() -> Doc:
    city, year = "曲靖市", 2025
    exp: list[dict] = []
    t1_title = "表1 2025年城镇保障性安居工程目标任务分解表（单位：套、户、个）"
    h0 = ["片区", "县（市、区）", "保障性住房", "", "住房租赁补贴", "城镇老旧小区改造"]
    h1 = ["", "", "配售型保障性住房", "配租型保障性住房", "发放户数", "改造小区数"]
    cols = [("保障性住房 / 配售型保障性住房", "套", "supply_units", "affordable_for_sale"),
            ("保障性住房 / 配租型保障性住房", "套", "supply_units", "affordable_rental_type"),
            ("住房租赁补贴 / 发放户数", "户", "rental_subsidy_households", "all"),
            ("城镇老旧小区改造 / 改造小区数", "个", "renewal_communities", "old_community")]
    body = [["中心城区", "麒麟区", "600", "300", "2800", "45"], ["", "沾益区", "150", "80", "900", "18"],
            ["", "马龙区", "60", "40", "450", "10"], ["", "小计", "810", "420", "4150", "73"],
            ["各县（市）", "宣威市", "120", "100", "1600", "30"], ["", "陆良县", "80", "60", "1100", "22"],
            ["", "罗平县", "70", "50", "950", "20"], ["", "小计", "270", "210", "3650", "72"],
            ["合计", "", "1080", "630", "7800", "145"]]
    group = ""
    for cells in body:
        group = cells[0] or group
        if cells[0] == "合计":
            label, region = "合计", city
        elif cells[1] == "小计":
            label, region = f"{group} / 小计", group
        else:
            label, region = f"{group} / {cells[1]}", cells[1]
        for cell, (path, unit, metric, htype) in zip(cells[2:], cols):
            exp.append(row(f"table {t1_title} | {label} | {path} | {cell}", cell, unit, metric, htype, region, year))
    merges = [(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 0, 3), (2, 0, 5, 0), (6, 0, 9, 0), (10, 0, 10, 1)]
    t1 = Tab(t1_title, [h0, h1, *body], 2, merges)

    t2_title = "表2 2025年棚户区改造项目计划表"
    head = ["序号", "县（市、区）", "项目名称", "改造户数（户）", "改造面积（万平方米）", "其中：货币化安置（户）", "计划开工时间"]
    body = [["1", "麒麟区", "南片区棚户区改造项目", "1260", "15.8", "420", "2025年3月"],
            ["2", "", "寥廓街道棚户区改造项目", "860", "10.2", "300", "2025.05"],
            ["3", "宣威市", "东门棚户区改造项目", "540", "6.5", "180", "2025年9月"],
            ["4", "陆良县", "中枢镇旧城棚户区改造项目", "380", "4.6", "120", "2025.10"],
            ["合计", "", "", "3040", "37.1", "1020", ""]]
    county = ""
    for cells in body:
        county = cells[1] or county
        region = city if cells[0] == "合计" else county
        label = "合计" if cells[0] == "合计" else f"{county} / {cells[2]}"
        for cell, header, unit, metric in zip(cells[3:6], head[3:6], ["户", "万平方米", "户"],
                                              ["renewal_households", "renewal_floor_area", "renewal_households"]):
            exp.append(row(f"table {t2_title} | {label} | {header} | {cell}", cell, unit, metric, "shantytown",
                           region, year))
    t2 = Tab(t2_title, [head, *body], 1, [(1, 1, 2, 1), (5, 0, 5, 2)])

    p1 = "2025年，全市计划改造各类棚户区3040户，其中货币化安置1020户。"
    exp += [row("para " + p1, "3040", "户", "renewal_households", "shantytown", city, year),
            row("para " + p1, "1020", "户", "renewal_households", "shantytown", city, year)]
    items = ["# 一、目标任务", "2025年全市城镇保障性安居工程目标任务分解见表1。", t1,
             "# 二、棚户区改造", p1, "各项目计划见表2。", t2]
    return Doc("qujing-2025-affordable-housing-tasks", "曲靖市2025年城镇保障性安居工程实施计划", items, exp,
               ["曲靖市住房和城乡建设局", "2025年4月8日"])


# ---------------------------------------------------------------- 4. 宜宾: year groups over 计划/完成, 全市 row first, units per sub-column

def yibin() -> Doc:
    city, year = "宜宾市", 2025
    exp: list[dict] = []
    p1 = "2024年，全市商品住房新开工面积238.5万平方米，竣工面积312.4万平方米。"
    exp += [row("para " + p1, "238.5", "万平方米", "new_start_floor_area", "commercial", city, 2024, "actual"),
            row("para " + p1, "312.4", "万平方米", "completion_floor_area", "commercial", city, 2024, "actual")]
    t1_title = "表1 住房发展主要指标计划与完成情况"
    h0 = ["类别", "指标", "单位", "2024年", "", "2025年"]
    h1 = ["", "", "", "计划", "完成", "计划"]
    body = [["商品住房", "新开工面积", "万平方米", "260", "238.5", "240", "new_start_floor_area", "commercial"],
            ["", "新开工套数", "套", "22000", "20150", "20000", "new_start_units", "commercial"],
            ["", "竣工面积", "万平方米", "300", "312.4", "280", "completion_floor_area", "commercial"],
            ["保障性住房", "配售型保障性住房", "套", "500", "520", "800", "supply_units", "affordable_for_sale"],
            ["", "保障性租赁住房", "套（间）", "2000", "2136", "1500", "supply_units", "affordable_rental"],
            ["土地供应", "住宅用地", "公顷", "150", "132.6", "140", "land_supply_residential", "all"]]
    group = ""
    for cells in body:
        group = cells[0] or group
        for cell, path, period, kind in zip(cells[3:6], ["2024年 / 计划", "2024年 / 完成", "2025年 / 计划"],
                                            [2024, 2024, 2025], ["plan", "actual", "plan"]):
            exp.append(row(f"table {t1_title} | {group} / {cells[1]} | {path} | {cell}", cell, cells[2], cells[6],
                           cells[7], city, period, kind))
    merges = [(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 1, 2), (0, 3, 0, 4), (2, 0, 4, 0), (5, 0, 6, 0)]
    t1 = Tab(t1_title, [h0, h1, *[c[:6] for c in body]], 2, merges)

    t2_title = "表2 2025年各区县住房建设计划分解表"
    h0 = ["区县", "商品住房新开工", "", "住宅用地供应（公顷）"]
    h1 = ["", "面积（万平方米）", "套数", ""]
    body = [["全市", "240", "20,000", "140"], ["翠屏区", "86.5", "7,200", "45.6"], ["叙州区", "52.3", "4,350", "30.2"],
            ["南溪区", "21.8", "1,820", "14.5"], ["三江新区", "48.6", "4,080", "28.4"],
            ["江安县", "16.2", "1,350", "11.8"], ["长宁县", "14.6", "1,200", "9.5"]]
    cols = [("商品住房新开工 / 面积（万平方米）", "万平方米", "new_start_floor_area", "commercial"),
            ("商品住房新开工 / 套数", "套", "new_start_units", "commercial"),
            ("住宅用地供应（公顷）", "公顷", "land_supply_residential", "all")]
    for cells in body:
        region = city if cells[0] == "全市" else cells[0]
        for cell, (path, unit, metric, htype) in zip(cells[1:], cols):
            e = row(f"table {t2_title} | {cells[0]} | {path} | {cell}", cell.replace(",", ""), unit, metric, htype,
                    region, year)
            exp.append(dict(e, raw_value=cell))
    t2 = Tab(t2_title, [h0, h1, *body], 2, [(0, 0, 1, 0), (0, 1, 0, 2), (0, 3, 1, 3)])

    t3_title = "表3 2025年保障性住房供应计划（单位：套、万平方米）"
    h0 = ["区县", "配售型保障性住房", "", "保障性租赁住房", ""]
    h1 = ["", "套数", "建筑面积", "套数", "建筑面积"]
    body = [["翠屏区", "300", "2.7", "600", "3.6"], ["叙州区", "200", "1.8", "400", "2.4"],
            ["南溪区", "—", "—", "150", "0.9"], ["三江新区", "300", "2.64", "350", "2.1"],
            ["合计", "800", "7.14", "1500", "9.0"]]
    cols = [("配售型保障性住房 / 套数", "套", "supply_units", "affordable_for_sale"),
            ("配售型保障性住房 / 建筑面积", "万平方米", "supply_floor_area", "affordable_for_sale"),
            ("保障性租赁住房 / 套数", "套", "supply_units", "affordable_rental"),
            ("保障性租赁住房 / 建筑面积", "万平方米", "supply_floor_area", "affordable_rental")]
    for cells in body:
        region = city if cells[0] == "合计" else cells[0]
        for cell, (path, unit, metric, htype) in zip(cells[1:], cols):
            if cell != "—":
                exp.append(row(f"table {t3_title} | {cells[0]} | {path} | {cell}", cell, unit, metric, htype,
                               region, year))
    t3 = Tab(t3_title, [h0, h1, *body], 2, [(0, 0, 1, 0), (0, 1, 0, 2), (0, 3, 0, 4)])

    items = ["# 一、2024年计划执行情况", p1, "2024年主要指标计划与完成情况及2025年计划见表1。", t1,
             "# 二、2025年住房建设计划", "2025年各区县商品住房建设和住宅用地供应计划见表2。", t2,
             "保障性住房供应计划见表3，南溪区年内不安排配售型保障性住房。", t3]
    return Doc("yibin-2025-annual-plan", "宜宾市2025年住房发展年度计划", items, exp,
               ["宜宾市住房和城乡建设局", "2025年3月20日"])


# Borderless PDFs of these (no table or cell borders: readers must find the tables from how the
# text lines up), with a copy of their expected facts as <name>-unruled.csv.
UNRULED = ("ezhou-2025-housing-construction-plan", "qujing-2025-affordable-housing-tasks", "yibin-2025-annual-plan")


def unruled_variants(paths: list[Path]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        variants = []
        for path in paths:
            if path.stem in UNRULED:
                doc = Document(path)
                for table in doc.tables:
                    remove_rules(table)
                variants.append(Path(tmp) / f"{path.stem}-unruled.docx")
                save_reproducible(doc, variants[-1])
                shutil.copyfile(path.with_suffix(".csv"), HERE / f"{path.stem}-unruled.csv")
        export_pdfs(variants, HERE)
    for variant in variants:
        pin_pdf(HERE / f"{variant.stem}.pdf")


def main() -> None:
    paths = [build(d) for d in (mianyang(), ezhou(), qujing(), yibin())]
    export_pdfs(paths, HERE)
    for path in paths:
        pin_pdf(path.with_suffix(".pdf"))
        print(path.name, sum(1 for _ in open(path.with_suffix(".csv"), encoding="utf-8")) - 1, "expected facts")
    unruled_variants(paths)


if __name__ == "__main__":
    main()
