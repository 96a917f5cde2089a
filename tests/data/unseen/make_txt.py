"""Unseen documents in ordinary plain text (issue 12, round 4): plans as users save them from a web page
into a .txt, not the flattened Word-to-text form of the seeds.

- txt-quanzhou-2025-annual-plan.txt: UTF-8 with a BOM, CRLF line ends, one paragraph per line (indented with
  full-width spaces), a table as columns aligned with spaces (Chinese characters two columns wide) under
  a title line.
- txt-guilin-2026-annual-plan.txt: GBK, paragraphs hard-wrapped at 35 characters (a number may break across
  two lines), each paragraph's first line indented, no blank lines between paragraphs; a table with |
  separators and a |---| rule under its header.
- txt-jingzhou-2025-affordable-housing-plan.txt: GB18030, CRLF, hard-wrapped at 33 characters with blank lines
  between paragraphs and no indentation; a tab-separated table.

The figures are made up; totals are the sums of their rows. The expected facts (<name>.csv) were written
before the pipeline read the files.

    .venv/bin/python tests/data/unseen/make_txt.py
"""
from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
COLUMNS = ["where", "raw_value", "raw_unit", "value", "unit", "qualifier", "metric", "housing_type", "region",
           "period_start", "period_end", "kind"]
UNITS = {"万平方米": ("m2", 1e4), "公顷": ("m2", 1e4), "套（间）": ("unit", 1), "万套": ("unit", 1e4), "套": ("unit", 1),
         "户": ("household", 1), "万户": ("household", 1e4), "个": ("item", 1), "亿元": ("yuan", 1e8),
         "个月": ("month", 1), "%": ("percent", 1)}


def fmt(x: float) -> str:
    x = round(x, 6)
    return str(int(x)) if x == int(x) else repr(x)


def row(where, raw, unit, metric, htype, region, period, kind="plan", qualifier="exact"):
    base, f = UNITS[unit]
    start, _, end = str(period).partition("-")
    return dict(where=where, raw_value=raw, raw_unit=unit, value=fmt(float(raw) * f), unit=base, qualifier=qualifier,
                metric=metric, housing_type=htype, region=region, period_start=start, period_end=end or start, kind=kind)


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, n: int, right: bool = False) -> str:
    fill = " " * max(0, n - width(text))
    return fill + text if right else text + fill


def wrap(text: str, n: int, indent: str = "") -> list[str]:
    text = indent + text
    return [text[i:i + n] for i in range(0, len(text), n)]


def table_rows(title, header, rows, metrics, exp, year, city):
    """Expected facts of a table: metrics[c] = (metric, housing type, unit) for each value column."""
    for r in rows:
        region = city if "合计" in r[0] else r[0]
        for c, (metric, htype, unit) in enumerate(metrics, start=1):
            exp.append(row(f"table {title} | {r[0]} | {header[c]}", r[c], unit, metric, htype, region, year))


def write(name: str, lines: list[str], exp: list[dict], encoding: str, newline: str) -> None:
    (HERE / f"{name}.txt").write_bytes((newline.join(lines) + newline).encode(encoding))
    with (HERE / f"{name}.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(exp)


# ---------------------------------------------------------------- 1. 泉州: one paragraph a line, aligned columns

def quanzhou() -> None:
    city, year, exp = "泉州市", 2025, []
    paras: list[str] = []

    def para(text, *facts):
        paras.append("　　" + text)
        exp.extend(row("para " + text, *f) for f in facts)

    paras += ["泉州市2025年住房发展年度计划", ""]
    para("为促进房地产市场平稳健康发展，更好满足群众刚性和改善性住房需求，结合我市实际，制定本计划。")
    paras.append("一、住房用地供应计划")
    para("2025年全市计划供应住宅用地320公顷，其中商品住宅用地270公顷，保障性住房用地50公顷。",
         ("320", "公顷", "land_supply_residential", "all", city, year),
         ("270", "公顷", "land_supply_residential", "commercial", city, year),
         ("50", "公顷", "land_supply_residential", "affordable", city, year))
    paras.append("二、住房建设计划")
    para("2025年全市计划新开工商品住房2.8万套、建筑面积约310万平方米，竣工商品住房260万平方米。",
         ("2.8", "万套", "new_start_units", "commercial", city, year),
         ("310", "万平方米", "new_start_floor_area", "commercial", city, year, "plan", "approx"),
         ("260", "万平方米", "completion_floor_area", "commercial", city, year))
    paras.append("三、保障性住房建设计划")
    para("全年计划筹集保障性租赁住房4200套（间），发放住房租赁补贴3000户。",
         ("4200", "套（间）", "supply_units", "affordable_rental", city, year),
         ("3000", "户", "rental_subsidy_households", "affordable", city, year))
    para("计划开工改造城镇老旧小区150个，涉及居民2.1万户。",
         ("150", "个", "renewal_communities", "old_community", city, year),
         ("2.1", "万户", "renewal_households", "old_community", city, year))
    title = "表1 2025年各县（市、区）住房建设计划"
    header = ["县（市、区）", "新开工商品住房（套）", "新开工面积（万平方米）", "保障性租赁住房（套）"]
    rows = [["鲤城区", "2100", "23.5", "520"], ["丰泽区", "3400", "38.0", "880"], ["晋江市", "8600", "96.2", "1150"],
            ["石狮市", "3100", "34.6", "400"], ["南安市", "6200", "68.4", "760"], ["惠安县", "4600", "49.3", "490"],
            ["合计", "28000", "310.0", "4200"]]
    table_rows(title, header, rows, [("new_start_units", "commercial", "套"),
                                     ("new_start_floor_area", "commercial", "万平方米"),
                                     ("supply_units", "affordable_rental", "套")], exp, year, city)
    widths = [max(width(r[c]) for r in [header, *rows]) for c in range(len(header))]
    paras += ["", "　　" + title, ""]
    for i, r in enumerate([header, *rows]):
        paras.append("  " + "    ".join(pad(t, widths[c], right=c > 0 and i > 0) for c, t in enumerate(r)).rstrip())
    paras.append("")
    paras.append("四、保障措施")
    para("加强市场监测，全市商品住房去化周期控制在18个月以内。",
         ("18", "个月", "destocking_months", "commercial", city, year, "plan", "at_most"))
    paras += ["", "泉州市住房和城乡建设局", "2025年3月"]
    write("txt-quanzhou-2025-annual-plan", paras, exp, "utf-8-sig", "\r\n")


# ---------------------------------------------------------------- 2. 桂林: hard-wrapped GBK, | table

def guilin() -> None:
    city, year, exp = "桂林市", 2026, []
    lines: list[str] = ["桂林市2026年住房发展年度计划", ""]

    def para(text, *facts):
        lines.extend(wrap(text, 35, "　　"))
        exp.extend(row("para " + text, *f) for f in facts)

    para("为推动房地产市场平稳健康发展，加快构建房地产发展新模式，根据国家和省有关要求，结合我市实际，"
         "制定本计划。")
    lines.append("一、2025年住房发展情况")
    para("2025年，全市商品住房新开工面积186.4万平方米，同比下降8.2%；商品住房销售面积231.5万平方米，"
         "同比增长2.6%。",
         ("186.4", "万平方米", "new_start_floor_area", "commercial", city, 2025, "actual"),
         ("8.2", "%", "growth_rate", "commercial", city, 2025, "actual"),
         ("231.5", "万平方米", "sales_floor_area", "commercial", city, 2025, "actual"),
         ("2.6", "%", "growth_rate", "commercial", city, 2025, "actual"))
    lines.append("二、2026年住房发展目标")
    lines.append("（一）住房用地供应")
    para("2026年，全市计划供应住宅用地115公顷，其中商品住宅用地101公顷，保障性住房用地14公顷。"
         "各县（区）住宅用地供应计划见表2。",
         ("115", "公顷", "land_supply_residential", "all", city, year),
         ("101", "公顷", "land_supply_residential", "commercial", city, year),
         ("14", "公顷", "land_supply_residential", "affordable", city, year))
    title = "表2 桂林市2026年各县（区）住房用地供应计划（单位：公顷）"
    header = ["县（区）", "住宅用地", "其中：商品住宅用地", "保障性住房用地"]
    rows = [["秀峰区", "38.5", "33.0", "5.5"], ["叠彩区", "12.0", "10.8", "1.2"], ["象山区", "24.6", "21.0", "3.6"],
            ["七星区", "15.2", "13.7", "1.5"], ["临桂区", "14.7", "13.5", "1.2"], ["阳朔县", "10.0", "9.0", "1.0"],
            ["全市合计", "115.0", "101.0", "14.0"]]
    table_rows(title, header, rows, [("land_supply_residential", "all", "公顷"),
                                     ("land_supply_residential", "commercial", "公顷"),
                                     ("land_supply_residential", "affordable", "公顷")], exp, year, city)
    lines += ["", title, "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    lines.append("")
    lines.append("（二）住房建设")
    para("2026年全市计划新开工商品住房1.2万套、建筑面积约135万平方米，竣工商品住房150万平方米左右。",
         ("1.2", "万套", "new_start_units", "commercial", city, year),
         ("135", "万平方米", "new_start_floor_area", "commercial", city, year, "plan", "approx"),
         ("150", "万平方米", "completion_floor_area", "commercial", city, year, "plan", "approx"))
    lines.append("（三）保障性住房")
    para("全年计划建设筹集保障性住房2600套，其中配售型保障性住房600套，保障性租赁住房2000套（间）。",
         ("2600", "套", "supply_units", "affordable", city, year),
         ("600", "套", "supply_units", "affordable_for_sale", city, year),
         ("2000", "套（间）", "supply_units", "affordable_rental", city, year))
    para("计划开工改造城镇老旧小区96个，惠及居民1.3万户。",
         ("96", "个", "renewal_communities", "old_community", city, year),
         ("1.3", "万户", "renewal_households", "old_community", city, year))
    lines += ["", "桂林市住房和城乡建设局"]
    write("txt-guilin-2026-annual-plan", lines, exp, "gbk", "\n")


# ---------------------------------------------------------------- 3. 荆州: hard-wrapped GB18030, tab table

def jingzhou() -> None:
    city, year, exp = "荆州市", 2025, []
    lines: list[str] = ["荆州市2025年保障性住房建设计划"]

    def para(text, *facts):
        lines.append("")
        lines.extend(wrap(text, 33))
        exp.extend(row("para " + text, *f) for f in facts)

    def heading(text):
        lines.extend(["", text])

    para("为加快解决新市民、青年人和工薪收入群体住房困难问题，根据省住房和城乡建设厅有关工作安排，"
         "制定本计划。")
    heading("一、上年完成情况")
    para("2024年，全市筹集保障性租赁住房2150套（间），完成年度计划的107.5%。",
         ("2150", "套（间）", "supply_units", "affordable_rental", city, 2024, "actual"),
         ("107.5", "%", "completion_rate", "affordable_rental", city, 2024, "actual"))
    heading("二、2025年建设计划")
    para("2025年全市计划筹集保障性住房3660套，其中配售型保障性住房960套，保障性租赁住房2500套（间），"
         "公租房200套。全年保障性住房计划完成投资45.6亿元。",
         ("3660", "套", "supply_units", "affordable", city, year),
         ("960", "套", "supply_units", "affordable_for_sale", city, year),
         ("2500", "套（间）", "supply_units", "affordable_rental", city, year),
         ("200", "套", "supply_units", "public_rental", city, year),
         ("45.6", "亿元", "investment", "affordable", city, year))
    para("全年发放住房租赁补贴不少于4500户。计划实施城中村改造项目5个，新开工安置住房1800套。",
         ("4500", "户", "rental_subsidy_households", "affordable", city, year, "plan", "at_least"),
         ("5", "个", "renewal_communities", "urban_village", city, year),
         ("1800", "套", "new_start_units", "resettlement", city, year))
    title = "表1 荆州市2025年保障性住房建设计划分解表"
    header = ["县（市、区）", "配售型保障性住房（套）", "保障性租赁住房（套）", "公租房（套）"]
    rows = [["沙市区", "300", "800", "60"], ["荆州区", "260", "650", "40"], ["监利市", "120", "300", "30"],
            ["洪湖市", "80", "250", "20"], ["松滋市", "100", "200", "25"], ["公安县", "60", "180", "15"],
            ["江陵县", "40", "120", "10"], ["合计", "960", "2500", "200"]]
    table_rows(title, header, rows, [("supply_units", "affordable_for_sale", "套"),
                                     ("supply_units", "affordable_rental", "套"),
                                     ("supply_units", "public_rental", "套")], exp, year, city)
    lines += ["", title]
    lines += ["\t".join(r) for r in [header, *rows]]
    heading("三、保障措施")
    para("各地要落实用地、资金等要素保障，确保项目按期开工建设。")
    lines += ["", "荆州市住房和城乡建设局"]
    write("txt-jingzhou-2025-affordable-housing-plan", lines, exp, "gb18030", "\r\n")


if __name__ == "__main__":
    quanzhou()
    guilin()
    jingzhou()
