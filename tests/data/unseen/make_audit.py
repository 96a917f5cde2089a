"""Unseen documents for the AUDIT (round 3): two plans that are internally consistent but tricky for
the consistency checks, and one with deliberate errors. tests/test_audit_checks.py asserts which
findings `planetl audit` reports for each; tests/test_unseen.py scores their facts.

- audit-shanxi-2025-affordable-housing-targets (consistent): a provincial task table with 小计 rows
  per region group and a 全省合计 row; prose repeating the table rounded (1.2万套 for 12,046套,
  4.3万户 for 43,454户, 约1100个); a 其中 sentence by housing type (adding up to the total) and one
  by place (three cities out of eleven); one city's figures in the prose after the table.
- audit-baoding-2026-2030-housing-plan (consistent): a review with a 累计 five-year actual next to
  the last year's actual and that year's plan (2000套 planned, 2100套 done); a five-year target with
  its 其中 by type, a district table, and a yearly schedule 2026..2030 adding up to the targets.
- audit-luan-2025-annual-plan (errors planted): a 合计 row that is not the sum of its rows (820套
  where the rows add up to 760套); a prose figure contradicting the table it repeats (126.7万平方米
  where the table's 合计 says 116.7); 其中 parts adding up to more than their total (40+38+15 个
  against 85个).

The figures are made up.

    .venv/bin/python tests/data/unseen/make_audit.py
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_tables import Doc, Tab, build, row  # noqa: E402  (puts samples/ on the path)
from make_samples import export_pdfs, pin_pdf  # noqa: E402


# ---------------------------------------------------------------- 1. 山西: 小计 per group, 全省合计, rounded prose

def shanxi() -> Doc:
    prov, year = "山西省", 2025
    exp: list[dict] = []
    p1a = "2025年，全省计划筹集保障性住房1.2万套。"
    p1b = "其中，配售型保障性住房5200套，配租型保障性住房6846套。"
    p1 = p1a + p1b
    exp += [row("para " + p1, "1.2", "万套", "supply_units", "affordable", prov, year),
            row("para " + p1, "5200", "套", "supply_units", "affordable_for_sale", prov, year),
            row("para " + p1, "6846", "套", "supply_units", "affordable_rental_type", prov, year)]
    p2 = "全省计划改造城镇老旧小区约1100个。其中，太原市310个，大同市120个，临汾市110个。"
    exp += [row("para " + p2, "1100", "个", "renewal_communities", "old_community", prov, year, qualifier="approx"),
            row("para " + p2, "310", "个", "renewal_communities", "old_community", "太原市", year),
            row("para " + p2, "120", "个", "renewal_communities", "old_community", "大同市", year),
            row("para " + p2, "110", "个", "renewal_communities", "old_community", "临汾市", year)]
    p3 = "全省计划发放住房租赁补贴4.3万户，各市任务见表1。"
    exp += [{**row("para " + p3, "4.3", "户", "rental_subsidy_households", "all", prov, year, factor=1e4),
             "raw_unit": "万户"}]

    title = "表1 2025年全省保障性安居工程目标任务分解表（单位：套、个、户）"
    h0 = ["区域", "市", "保障性住房", "", "", "城镇老旧小区改造", "住房租赁补贴"]
    h1 = ["", "", "合计", "配售型保障性住房", "配租型保障性住房", "改造小区数", "发放户数"]
    cols = [("保障性住房 / 合计", "套", "supply_units", "affordable"),
            ("保障性住房 / 配售型保障性住房", "套", "supply_units", "affordable_for_sale"),
            ("保障性住房 / 配租型保障性住房", "套", "supply_units", "affordable_rental_type"),
            ("城镇老旧小区改造 / 改造小区数", "个", "renewal_communities", "old_community"),
            ("住房租赁补贴 / 发放户数", "户", "rental_subsidy_households", "all")]
    groups = [("晋北片区", [("大同市", 600, 420, 120, 4200), ("朔州市", 180, 150, 45, 1500),
                            ("忻州市", 220, 160, 60, 2100)]),
              ("晋中片区", [("太原市", 2100, 2600, 310, 16500), ("晋中市", 500, 560, 95, 3600),
                            ("吕梁市", 260, 300, 70, 2400), ("阳泉市", 200, 260, 55, 2300)]),
              ("晋南片区", [("长治市", 420, 820, 90, 3900), ("晋城市", 260, 360, 60, 1800),
                            ("临汾市", 300, 520, 110, 2900), ("运城市", 160, 696, 85, 2254)])]
    body, merges, grand = [], [(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 0, 4)], [0, 0, 0, 0]
    for group, cities in groups:
        first = 2 + len(body)
        sub = [0, 0, 0, 0]
        for i, (city, sale, rent, comm, subsidy) in enumerate(cities):
            figures = [sale, rent, comm, subsidy]
            sub = [a + b for a, b in zip(sub, figures)]
            body.append((group if i == 0 else "", city, f"{group} / {city}", city, figures))
        grand = [a + b for a, b in zip(grand, sub)]
        body.append(("", "小计", f"{group} / 小计", group, sub))
        merges.append((first, 0, first + len(cities), 0))
    body.append(("全省合计", "", "全省合计", prov, grand))
    merges.append((2 + len(body) - 1, 0, 2 + len(body) - 1, 1))
    assert grand == [5200, 6846, 1100, 43454]
    rows = [h0, h1]
    for c0, c1, label, region, (sale, rent, comm, subsidy) in body:
        cells = [str(sale + rent), str(sale), str(rent), str(comm), str(subsidy)]
        rows.append([c0, c1, *cells])
        for cell, (path, unit, metric, htype) in zip(cells, cols):
            exp.append(row(f"table {title} | {label} | {path} | {cell}", cell, unit, metric, htype, region, year))
    t1 = Tab(title, rows, 2, merges)
    p4 = "太原市计划筹集保障性住房4700套，发放住房租赁补贴1.65万户。"  # one city's figures, not the province's
    exp += [row("para " + p4, "4700", "套", "supply_units", "affordable", "太原市", year),
            {**row("para " + p4, "1.65", "户", "rental_subsidy_households", "all", "太原市", year, factor=1e4),
             "raw_unit": "万户"}]
    items = ["# 一、目标任务", p1, p2, p3, t1, p4,
             "# 二、工作要求", "各市要将目标任务分解落实到县（市、区）和具体项目，按月调度进展情况。"]
    return Doc("audit-shanxi-2025-affordable-housing-targets",
               "山西省住房和城乡建设厅关于下达2025年全省保障性安居工程目标任务的通知", items, exp,
               ["山西省住房和城乡建设厅", "2025年3月18日"])


# ---------------------------------------------------------------- 2. 保定: 累计 vs annual, plan vs actual, schedule

def baoding() -> Doc:
    city = "保定市"
    exp: list[dict] = []
    review = "“十四五”期间，全市累计筹集保障性住房8600套，其中2025年筹集2100套，超额完成年度任务。"
    exp += [row("para " + review, "8600", "套", "supply_units", "affordable", city, "2021-2025", "actual"),
            row("para " + review, "2100", "套", "supply_units", "affordable", city, 2025, "actual")]
    planned = "2025年度计划筹集保障性住房2000套。"
    exp += [row("para " + planned, "2000", "套", "supply_units", "affordable", city, 2025, "plan")]
    t1_title = "表1 “十四五”期间保障性住房筹集情况（单位：套）"
    years = ["2021年", "2022年", "2023年", "2024年", "2025年"]
    done = ["1500", "1600", "1700", "1700", "2100"]
    t1 = Tab(t1_title, [["项目", *years, "合计"], ["保障性住房筹集", *done, "8600"]], 1)
    for cell, header in zip(done, years):
        exp.append(row(f"table {t1_title} | 保障性住房筹集 | {header} | {cell}", cell, "套", "supply_units",
                       "affordable", city, int(header[:4]), "actual"))
    exp.append(row(f"table {t1_title} | 保障性住房筹集 | 合计 | 8600", "8600", "套", "supply_units", "affordable",
                   city, "2021-2025", "actual"))

    goal = ("“十五五”期间，全市计划供应住宅用地600公顷，筹集保障性住房6000套，改造城镇老旧小区150个。"
            "其中，配售型保障性住房2500套，保障性租赁住房3500套。")
    five = "2026-2030"
    exp += [row("para " + goal, "600", "公顷", "land_supply_residential", "all", city, five),
            row("para " + goal, "6000", "套", "supply_units", "affordable", city, five),
            row("para " + goal, "150", "个", "renewal_communities", "old_community", city, five),
            row("para " + goal, "2500", "套", "supply_units", "affordable_for_sale", city, five),
            row("para " + goal, "3500", "套", "supply_units", "affordable_rental", city, five)]
    t2_title = "表2 “十五五”期间各区保障性住房筹集计划（单位：套）"
    head = ["区", "配售型保障性住房", "保障性租赁住房", "合计"]
    body = [["竞秀区", "800", "1200", "2000"], ["莲池区", "700", "1000", "1700"], ["满城区", "300", "400", "700"],
            ["清苑区", "350", "450", "800"], ["徐水区", "350", "450", "800"], ["合计", "2500", "3500", "6000"]]
    for cells in body:
        region = city if cells[0] == "合计" else cells[0]
        for cell, header, htype in zip(cells[1:], head[1:], ["affordable_for_sale", "affordable_rental", "affordable"]):
            exp.append(row(f"table {t2_title} | {cells[0]} | {header} | {cell}", cell, "套", "supply_units", htype,
                           region, five))
    t2 = Tab(t2_title, [head, *body], 1)

    schedule = [(2026, "1300", "130", "35"), (2027, "1250", "125", "30"), (2028, "1200", "120", "30"),
                (2029, "1150", "115", "30"), (2030, "1100", "110", "25")]
    assert [sum(int(s[i]) for s in schedule) for i in (1, 2, 3)] == [6000, 600, 150]
    items = ["# 一、“十四五”住房发展回顾", review, t1, planned,
             "# 二、“十五五”发展目标", goal, "各区保障性住房筹集任务见表2。", t2,
             "# 三、年度实施计划"]
    for number, (year, units, land, communities) in zip("一二三四五", schedule):
        text = f"{year}年，全市计划筹集保障性住房{units}套，供应住宅用地{land}公顷，改造城镇老旧小区{communities}个。"
        exp += [row("para " + text, units, "套", "supply_units", "affordable", city, year),
                row("para " + text, land, "公顷", "land_supply_residential", "all", city, year),
                row("para " + text, communities, "个", "renewal_communities", "old_community", city, year)]
        items += [f"# （{number}）{year}年建设计划", text]
    return Doc("audit-baoding-2026-2030-housing-plan", "保定市“十五五”住房发展规划（2026—2030年）", items, exp,
               ["保定市住房和城乡建设局", "2026年1月15日"])


# ---------------------------------------------------------------- 3. 六安: planted errors

def luan() -> Doc:
    city, year = "六安市", 2025
    exp: list[dict] = []
    p1 = "2025年，全市计划新开工商品住房126.7万平方米，供应住宅用地150公顷。"  # the table's 合计 says 116.7
    exp += [row("para " + p1, "126.7", "万平方米", "new_start_floor_area", "commercial", city, year),
            row("para " + p1, "150", "公顷", "land_supply_residential", "all", city, year)]
    title = "表1 2025年各县区住房建设计划"
    head = ["县区", "商品住房新开工面积（万平方米）", "保障性租赁住房筹集（套）"]
    body = [["金安区", "45.2", "300"], ["裕安区", "38.6", "260"], ["叶集区", "12.4", "80"], ["霍邱县", "20.5", "120"],
            ["合计", "116.7", "820"]]  # 300+260+80+120 = 760, not 820
    for cells in body:
        region = city if cells[0] == "合计" else cells[0]
        exp.append(row(f"table {title} | {cells[0]} | {head[1]} | {cells[1]}", cells[1], "万平方米",
                       "new_start_floor_area", "commercial", region, year))
        exp.append(row(f"table {title} | {cells[0]} | {head[2]} | {cells[2]}", cells[2], "套", "supply_units",
                       "affordable_rental", region, year))
    t1 = Tab(title, [head, *body], 1)
    p2 = "全市计划改造城镇老旧小区85个。其中，金安区40个，裕安区38个，霍邱县15个。"  # 93 > 85
    exp += [row("para " + p2, "85", "个", "renewal_communities", "old_community", city, year),
            row("para " + p2, "40", "个", "renewal_communities", "old_community", "金安区", year),
            row("para " + p2, "38", "个", "renewal_communities", "old_community", "裕安区", year),
            row("para " + p2, "15", "个", "renewal_communities", "old_community", "霍邱县", year)]
    items = ["# 一、住房建设目标", p1, "各县区任务见表1。", t1, "# 二、城镇老旧小区改造", p2]
    return Doc("audit-luan-2025-annual-plan", "六安市2025年住房发展年度计划", items, exp,
               ["六安市住房和城乡建设局", "2025年2月26日"])


def main() -> None:
    docs = [shanxi(), baoding(), luan()]
    paths = [build(d) for d in docs]
    export_pdfs(paths, HERE)
    for path, d in zip(paths, docs):
        pin_pdf(path.with_suffix(".pdf"))
        print(path.name, len(d.expected), "expected facts")


if __name__ == "__main__":
    main()
