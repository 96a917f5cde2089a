"""Source texts and expected facts of the newer sample documents (issue 12).

Each document is written here once, as structured data: its paragraphs, in which every figure is
marked ⟦written quantity|metric|housing type|options⟧, and its tables, given as header rows, body
rows and a description of each value column. From that one description this script writes

- scripts/samples/sources/<name>.seed: the document in the flattened plain-text form that
  extractors/txt.py reads and scripts/samples/make_samples.py turns into .docx and .pdf (a tab before each
  table cell, rows separated by a blank line, the table ending at two blank lines); the marks are
  removed, so the text is what the document says;
- tests/expected/<name>.csv: one row per figure of the document, in the columns of the seeds'
  expected facts, with `where` = "para <sentence>" or "table <title> | <row> | <header path> | <cell>".

Options of a mark (after the third field, separated by ";"): r=region, p=period ("2024" or
"2021-2025"), k=kind, q=qualifier, v=value and u=base unit (for quantities written in words, e.g.
三成), w=raw unit when the written text has none. Defaults: the document's jurisdiction, its year,
plan, exact. The figures were made up for these samples; totals rows are computed from the rows.

    .venv/bin/python scripts/samples/sources/compose.py        # rewrite the .seed and expected .csv files
"""
from __future__ import annotations

import csv
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
EXPECTED = REPO / "tests" / "expected"
COLUMNS = ["where", "raw_value", "raw_unit", "value", "unit", "qualifier", "metric", "housing_type", "region",
           "period_start", "period_end", "kind"]

# written unit -> (base unit, factor); the longest match wins
UNITS = {
    "万平方米": ("m2", 10000), "平方米": ("m2", 1), "公顷": ("m2", 10000), "万套（间）": ("unit", 10000),
    "套（间）": ("unit", 1), "万套": ("unit", 10000), "套": ("unit", 1), "万户": ("household", 10000),
    "户": ("household", 1), "个": ("item", 1), "栋": ("item", 1), "亿元": ("yuan", 1e8), "万元": ("yuan", 1e4),
    "元/平方米": ("yuan_per_m2", 1), "%": ("percent", 1), "个百分点": ("percent", 1), "个月": ("month", 1),
}
QUANTITY = re.compile(r"^(?P<num>\d[\d,]*(?:\.\d+)?)(?P<unit>.*)$")
MARK = re.compile(r"⟦([^⟧]*)⟧")


def number_text(value: float, decimals: int = 0) -> str:
    return f"{value:.{decimals}f}"


def plain(text: str) -> str:
    """A decimal as prose writes it, without trailing zeros (179.00 -> 179, 273.60 -> 273.6)."""
    return text.rstrip("0").rstrip(".") if "." in text else text


def fmt_value(x: float) -> str:
    """A base-unit value as the expected files write it: integers without a decimal point."""
    x = round(x, 6)
    return str(int(x)) if x == int(x) else repr(x)


def quantity(text: str, unit_override: str | None = None) -> tuple[str, str, str, str]:
    """raw value, raw unit, value, base unit of a written quantity such as 1,256套 or 3.5万平方米."""
    m = QUANTITY.match(text)
    assert m, f"not a quantity: {text!r}"
    raw_unit = unit_override if unit_override is not None else m.group("unit")
    base, factor = UNITS[raw_unit]
    value = float(m.group("num").replace(",", "")) * factor
    return m.group("num"), raw_unit, fmt_value(value), base


@dataclass
class Column:
    metric: str
    housing_type: str
    unit: str | None = None  # the written unit when the cells carry none
    kind: str | None = None
    period: str | None = None


@dataclass
class Table:
    title: str
    header: list[list[str]]  # flattened header rows (a merged cell written once)
    paths: list[str]  # the header path of each value column
    columns: list[Column]
    rows: list[list[str]]  # body rows, label cells first
    label_cols: int = 1  # cells before the first value column
    row_label: int = 0  # which label cell names the row
    region_col: int | None = 0  # which label cell names the region (None: the jurisdiction)
    totals: tuple[str, ...] = ("合计",)
    row_htypes: dict[str, str] | None = None  # housing type by row label, when the rows name it
    note: str | None = None


@dataclass
class Doc:
    name: str
    jurisdiction: str | None
    year: int
    items: list = field(default_factory=list)


def sentences(text: str) -> list[str]:
    return [s for s in re.findall(r"[^。；]*[。；]?", text) if s]


def para_rows(doc: Doc, marked: str) -> tuple[str, list[dict]]:
    """The plain paragraph and the expected rows of its marked figures."""
    plain = MARK.sub(lambda m: m.group(1).split("|")[0], marked)
    rows = []
    for sentence in sentences(marked):
        where = "para " + MARK.sub(lambda m: m.group(1).split("|")[0], sentence).strip()
        for m in MARK.finditer(sentence):
            written, metric, htype, *rest = m.group(1).split("|")
            opts = dict(o.split("=", 1) for o in (rest[0].split(";") if rest and rest[0] else []))
            if "v" in opts:
                raw_value, raw_unit, value, unit = written, opts.get("w", ""), opts["v"], opts["u"]
            else:
                raw_value, raw_unit, value, unit = quantity(written, opts.get("w"))
            period = opts.get("p", str(doc.year))
            start, _, end = period.partition("-")
            rows.append(dict(where=where, raw_value=raw_value, raw_unit=raw_unit, value=value, unit=unit,
                             qualifier=opts.get("q", "exact"), metric=metric, housing_type=htype,
                             region=opts.get("r", doc.jurisdiction or ""), period_start=start,
                             period_end=end or start, kind=opts.get("k", "plan")))
    return plain, rows


def table_rows(doc: Doc, t: Table) -> list[dict]:
    out = []
    for row in t.rows:
        if row[0] in t.totals:  # a totals row; its label may span all label columns
            label, region, values = row[0], doc.jurisdiction, row[len(row) - len(t.columns):]
        else:
            label, values = row[t.row_label], row[t.label_cols:]
            region = doc.jurisdiction if t.region_col is None else row[t.region_col]
        for cell, path, col in zip(values, t.paths, t.columns):
            if not re.match(r"^\d", cell):
                continue  # "—": no figure
            raw_value, raw_unit, value, unit = quantity(cell, col.unit)
            period = col.period or str(doc.year)
            start, _, end = period.partition("-")
            out.append(dict(where=f"table {t.title} | {label} | {path} | {cell}", raw_value=raw_value,
                            raw_unit=raw_unit, value=value, unit=unit, qualifier="exact", metric=col.metric,
                            housing_type=t.row_htypes[label] if t.row_htypes else col.housing_type, region=region, period_start=start,
                            period_end=end or start, kind=col.kind or "plan"))
    return out


def flatten(t: Table) -> list[str]:
    lines = [t.title, ""]
    for row in [*t.header, *t.rows]:
        lines.extend("\t" + cell for cell in row)
        lines.append("")
    if t.note:
        lines.extend(["\t" + t.note, ""])
    lines.append("")
    return lines


def write(doc: Doc) -> tuple[int, int]:
    lines, rows = [], []
    for item in doc.items:
        if isinstance(item, Table):
            lines.extend(flatten(item))
            rows.extend(table_rows(doc, item))
        else:
            plain, found = para_rows(doc, item)
            lines.extend([plain, ""])
            rows.extend(found)
    (HERE / f"{doc.name}.seed").write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")
    with (EXPECTED / f"{doc.name}.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(lines), len(rows)


def total_row(label: str, rows: list[list[str]], decimals: list[int], label_cols: int = 1,
              fill: list[str] | None = None) -> list[str]:
    """The sums of the value columns (cells such as "—" count as 0)."""
    sums = []
    for c, d in enumerate(decimals):
        cells = [r[label_cols + c] for r in rows]
        sums.append(number_text(sum(float(x.replace(",", "")) for x in cells if re.match(r"^\d", x)), d))
    return [label, *(fill or []), *sums]


# ---------------------------------------------------------------- 1. provincial target notice

def hunan() -> Doc:
    names = ["长沙市", "株洲市", "湘潭市", "衡阳市", "邵阳市", "岳阳市", "常德市", "张家界市", "益阳市", "郴州市",
             "永州市", "怀化市", "娄底市", "湘西州"]
    sale = [1500, 420, 360, 450, 200, 380, 300, 80, 180, 260, 150, 160, 120, 90]
    rental = [12000, 2600, 2100, 2300, 900, 2000, 1600, 400, 1000, 1500, 800, 900, 700, 500]
    uv_projects = [18, 6, 5, 6, 2, 4, 3, 1, 2, 3, 2, 2, 2, 1]
    uv_units = [9800, 2100, 1600, 1900, 600, 1300, 1000, 300, 700, 1100, 650, 600, 550, 400]
    oc_items = [320, 150, 120, 210, 160, 170, 180, 60, 110, 140, 130, 120, 100, 80]
    oc_households = [48600, 19800, 15600, 27300, 17800, 21500, 22400, 6100, 12800, 16900, 14300, 13200, 11700, 8600]
    oc_area = [round(h * 0.0088, 2) for h in oc_households]
    subsidy = [21000, 6800, 5200, 8400, 5600, 6900, 6300, 2100, 4400, 5700, 5200, 4600, 3900, 3800]
    body = [[n, str(a), str(b), str(c), str(d), str(e), str(f), f"{g:.2f}", str(h)]
            for n, a, b, c, d, e, f, g, h in zip(names, sale, rental, uv_projects, uv_units, oc_items,
                                                 oc_households, oc_area, subsidy)]
    total = total_row("全省合计", body, [0, 0, 0, 0, 0, 0, 2, 0])
    t = Table(
        title="2025年全省保障性安居工程目标任务分解表",
        header=[["市州", "新开工配售型保障性住房", "筹集保障性租赁住房", "城中村改造", "城镇老旧小区改造",
                 "发放住房租赁补贴"],
                ["", "套", "套（间）", "个", "套", "个", "户", "万平方米", "户"]],
        paths=["新开工配售型保障性住房 / 套", "筹集保障性租赁住房 / 套（间）", "城中村改造 / 个", "城中村改造 / 套",
               "城镇老旧小区改造 / 个", "城镇老旧小区改造 / 户", "城镇老旧小区改造 / 万平方米", "发放住房租赁补贴 / 户"],
        columns=[Column("new_start_units", "affordable_for_sale", "套"),
                 Column("supply_units", "affordable_rental", "套（间）"),
                 Column("renewal_communities", "urban_village", "个"),
                 Column("renewal_units", "urban_village", "套"),
                 Column("renewal_communities", "old_community", "个"),
                 Column("renewal_households", "old_community", "户"),
                 Column("renewal_floor_area", "old_community", "万平方米"),
                 Column("rental_subsidy_households", "affordable", "户")],
        rows=[*body, total], totals=("全省合计",))
    tot = dict(zip(["sale", "rental", "uvp", "uvu", "oci", "och", "oca", "sub"], total[1:]))
    j = "湖南省"
    doc = Doc("hunan-2025-affordable-housing-targets", j, 2025)
    doc.items = [
        "湖南省住房和城乡建设厅",
        "湘建保〔2025〕8号",
        "关于下达2025年全省保障性安居工程目标任务的通知",
        "各市州住房和城乡建设局：",
        "为贯彻落实党中央、国务院关于加快构建房地产发展新模式的决策部署，扎实推进保障性住房建设、城中村改造和城镇老旧小区改造，"
        "经省人民政府同意，现将2025年全省保障性安居工程目标任务下达给你们，并就有关事项通知如下。",
        "一、上年完成情况",
        "2024年，全省新开工配售型保障性住房⟦3126套|new_start_units|affordable_for_sale|p=2024;k=actual⟧，"
        "筹集保障性租赁住房⟦4.12万套（间）|supply_units|affordable_rental|p=2024;k=actual⟧，"
        "城中村改造新开工安置住房⟦1.86万套|new_start_units|resettlement|p=2024;k=actual⟧，"
        "改造城镇老旧小区⟦2215个|renewal_communities|old_community|p=2024;k=actual⟧、"
        "惠及居民⟦31.6万户|renewal_households|old_community|p=2024;k=actual⟧，"
        "发放住房租赁补贴⟦9.8万户|rental_subsidy_households|affordable|p=2024;k=actual⟧，"
        "均超额完成国家下达的年度任务。",
        "二、2025年目标任务",
        f"2025年，全省计划新开工配售型保障性住房⟦{tot['sale']}套|new_start_units|affordable_for_sale⟧，"
        f"筹集保障性租赁住房⟦{tot['rental']}套（间）|supply_units|affordable_rental⟧；"
        f"实施城中村改造项目⟦{tot['uvp']}个|renewal_communities|urban_village⟧，"
        f"新开工安置住房⟦{tot['uvu']}套|new_start_units|resettlement⟧；"
        f"改造城镇老旧小区⟦{tot['oci']}个|renewal_communities|old_community⟧，"
        f"涉及居民⟦{tot['och']}户|renewal_households|old_community⟧、"
        f"建筑面积⟦{tot['oca']}万平方米|renewal_floor_area|old_community⟧；"
        f"发放住房租赁补贴⟦{tot['sub']}户|rental_subsidy_households|affordable⟧。"
        "各市州具体任务见附件。",
        "其中，湘西土家族苗族自治州新开工配售型保障性住房"
        "⟦90套|new_start_units|affordable_for_sale|r=湘西土家族苗族自治州⟧，"
        "改造城镇老旧小区⟦80个|renewal_communities|old_community|r=湘西土家族苗族自治州⟧，"
        "中央财政支持的城中村改造项目⟦1个|renewal_communities|urban_village|r=湘西土家族苗族自治州⟧。",
        "三、工作要求",
        "（一）加快项目开工。各市州要在4月底前将任务分解落实到具体项目，6月底前城镇老旧小区改造项目开工率达到"
        "⟦50%|share|old_community|q=at_least⟧以上，9月底前配售型保障性住房项目全部开工。",
        "（二）强化资金保障。积极争取中央预算内投资和超长期特别国债资金支持，省级财政安排补助资金"
        "⟦6.5亿元|housing_subsidy|affordable⟧，重点支持任务较重的市州。",
        "（三）严格监督考核。省住房和城乡建设厅将按月调度任务进展，每季度通报一次，年底进行考核。",
        "联系人：保障处 李明，联系电话：0731-88950123。",
        "附件：2025年全省保障性安居工程目标任务分解表",
        "湖南省住房和城乡建设厅",
        "2025年3月18日",
        t,
    ]
    return doc


# ---------------------------------------------------------------- 2. city 住房建设计划, units in the title

def yichang() -> Doc:
    rows = [
        ["西陵区", "18.60", "22.40", "400", "860", "9.20", "1.50"],
        ["伍家岗区", "32.50", "28.10", "600", "1200", "16.80", "2.10"],
        ["点军区", "12.30", "9.60", "200", "300", "7.60", "0.80"],
        ["猇亭区", "6.80", "5.20", "—", "260", "4.10", "0.60"],
        ["夷陵区", "28.40", "24.70", "300", "540", "15.30", "1.20"],
        ["宜昌高新区", "24.20", "19.80", "300", "900", "12.60", "1.40"],
        ["宜都市", "14.60", "13.20", "100", "220", "9.40", "0.50"],
        ["枝江市", "11.80", "12.50", "100", "180", "8.70", "0.40"],
        ["当阳市", "9.70", "10.30", "—", "150", "6.90", "0.30"],
        ["远安县", "4.20", "3.90", "—", "60", "3.10", "—"],
        ["兴山县", "3.60", "3.40", "—", "50", "2.80", "—"],
        ["秭归县", "5.10", "4.60", "—", "80", "3.60", "0.20"],
        ["长阳土家族自治县", "4.80", "4.30", "—", "70", "3.40", "0.20"],
        ["五峰土家族自治县", "2.40", "2.10", "—", "30", "1.90", "—"],
    ]
    total = total_row("合计", rows, [2, 2, 0, 0, 2, 2])
    t = Table(
        title="表1 2025年住房建设计划分解表（单位：万平方米、套、公顷）",
        header=[["县（市、区）", "商品住房", "保障性住房", "住宅用地供应"],
                ["", "新开工面积", "竣工面积", "配售型保障性住房", "保障性租赁住房", "商品住宅用地", "保障性住房用地"]],
        paths=["商品住房 / 新开工面积", "商品住房 / 竣工面积", "保障性住房 / 配售型保障性住房",
               "保障性住房 / 保障性租赁住房", "住宅用地供应 / 商品住宅用地", "住宅用地供应 / 保障性住房用地"],
        columns=[Column("new_start_floor_area", "commercial", "万平方米"),
                 Column("completion_floor_area", "commercial", "万平方米"),
                 Column("supply_units", "affordable_for_sale", "套"),
                 Column("supply_units", "affordable_rental", "套"),
                 Column("land_supply_residential", "commercial", "公顷"),
                 Column("land_supply_residential", "affordable", "公顷")],
        rows=[*rows, total])
    tot = [plain(x) for x in total[1:]]
    doc = Doc("yichang-2025-housing-construction-plan", "宜昌市", 2025)
    doc.items = [
        "宜昌市2025年住房建设计划",
        "为稳定住房消费预期，促进房地产市场平稳健康发展，根据《宜昌市住房发展规划（2021—2025年）》和省住房和城乡建设厅有关要求，"
        "结合我市实际，制定本计划。",
        "一、2024年计划执行情况",
        "上年全市完成商品住房新开工面积⟦186.5万平方米|new_start_floor_area|commercial|p=2024;k=actual⟧，"
        "竣工面积⟦212.3万平方米|completion_floor_area|commercial|p=2024;k=actual⟧，"
        "销售面积⟦241.7万平方米|sales_floor_area|commercial|p=2024;k=actual⟧。",
        "去年全市筹集保障性租赁住房⟦3260套|supply_units|affordable_rental|p=2024;k=actual⟧，"
        "供应住宅用地⟦138.6公顷|land_supply_residential|all|p=2024;k=actual⟧，"
        "年末商品住房去化周期⟦14.2个月|destocking_months|commercial|p=2024;k=actual⟧。",
        "二、2025年住房建设目标",
        f"2025年全市计划新开工商品住房⟦{tot[0]}万平方米|new_start_floor_area|commercial⟧，"
        f"竣工商品住房⟦{tot[1]}万平方米|completion_floor_area|commercial⟧。",
        f"计划建设筹集配售型保障性住房⟦{tot[2]}套|supply_units|affordable_for_sale⟧、"
        f"保障性租赁住房⟦{tot[3]}套|supply_units|affordable_rental⟧。",
        f"计划供应住宅用地⟦{plain(f'{float(tot[4]) + float(tot[5]):.2f}')}公顷|land_supply_residential|all⟧，"
        f"其中商品住宅用地⟦{tot[4]}公顷|land_supply_residential|commercial⟧，"
        f"保障性住房用地⟦{tot[5]}公顷|land_supply_residential|affordable⟧。",
        "新建商品住房套型建筑面积以⟦90|dwelling_size|commercial|k=standard;q=range_low;w=平方米⟧—"
        "⟦144平方米|dwelling_size|commercial|k=standard;q=range_high⟧为主，"
        "中心城区商品住房库存去化周期控制在⟦18个月|destocking_months|commercial|q=at_most;r=中心城区⟧以内。",
        "各县（市、区）计划分解见表1。",
        t,
        "三、保障措施",
        "各地要按照“以需定建”的原则，将年度计划落实到项目和地块，每季度末将计划执行情况报市住房和城市更新局。",
        "宜昌市住房和城市更新局",
        "2025年2月26日",
    ]
    return doc


# ---------------------------------------------------------------- 3. county plan, inline units

def wenchuan() -> Doc:
    rows = [
        ["商品住房", "286套", "320套", "3.5万平方米", "2.1公顷"],
        ["保障性租赁住房", "96套", "120套", "0.72万平方米", "0.6公顷"],
        ["配售型保障性住房", "—", "60套", "0.54万平方米", "0.3公顷"],
        ["安置住房", "74套", "86套", "0.9万平方米", "0.8公顷"],
    ]
    sums = [sum(int(r[c][:-1]) for r in rows if r[c] != "—") for c in (1, 2)]
    area = sum(float(r[3][:-4]) for r in rows)
    land = sum(float(r[4][:-2]) for r in rows)
    total = ["合计", f"{sums[0]}套", f"{sums[1]}套", f"{area:.2f}".rstrip("0").rstrip(".") + "万平方米",
             f"{land:.1f}公顷"]
    t = Table(
        title="表1 汶川县2025年住房建设主要指标",
        header=[["项目", "2024年完成", "2025年计划套数", "2025年计划建筑面积", "2025年计划用地面积"]],
        paths=["2024年完成", "2025年计划套数", "2025年计划建筑面积", "2025年计划用地面积"],
        columns=[Column("supply_units", "", kind="actual", period="2024"), Column("supply_units", ""),
                 Column("supply_floor_area", ""), Column("land_supply_residential", "")],
        rows=[*rows, total], region_col=None, row_htypes={"商品住房": "commercial", "保障性租赁住房": "affordable_rental",
              "配售型保障性住房": "affordable_for_sale", "安置住房": "resettlement", "合计": "all"})
    doc = Doc("wenchuan-2025-annual-plan", "汶川县", 2025)
    doc.items = [
        "汶川县2025年住房发展年度计划",
        "为落实《阿坝藏族羌族自治州住房发展规划》，稳步推进我县住房建设，满足城乡居民基本住房需求，根据州住房和城乡建设局工作部署，"
        "结合全县住房市场实际，编制本计划。",
        "一、2024年住房发展情况",
        "截至2024年底，全县商品住房可售库存⟦1,256套|inventory_units|commercial|p=2024;k=actual⟧，"
        "去化周期约⟦19个月|destocking_months|commercial|p=2024;k=actual;q=approx⟧。",
        "2024年全县完成住房建设投资⟦3.9亿元|investment|all|p=2024;k=actual⟧，"
        "发放城镇住房保障家庭租赁补贴⟦142户|rental_subsidy_households|affordable|p=2024;k=actual⟧。",
        "二、2025年住房建设目标",
        "2025年全县计划供应住宅用地约⟦3.8公顷|land_supply_residential|all|q=approx⟧，"
        "建设各类住房⟦586套|supply_units|all⟧，完成住房建设投资⟦4.6亿元|investment|all⟧。",
        "保障性租赁住房中，面向新市民、青年人的小户型（⟦70平方米|dwelling_size|affordable_rental|q=at_most;k=standard⟧以下）占比不低于"
        "⟦百分之二十|share|affordable_rental|q=at_least;k=standard;v=20;u=percent⟧。",
        "计划改造城镇老旧小区⟦12个|renewal_communities|old_community⟧、⟦1,048户|renewal_households|old_community⟧，"
        "其中约⟦三成|share|old_community|q=approx;v=30;u=percent⟧小区同步实施加装电梯。",
        "发放城镇住房保障家庭租赁补贴不少于⟦150户|rental_subsidy_households|affordable|q=at_least⟧。",
        "预计全年新建商品住房成交均价在⟦3000|price|commercial|k=forecast;q=range_low;w=元/平方米⟧-"
        "⟦4500元/平方米|price|commercial|k=forecast;q=range_high⟧之间。",
        "各类住房建设指标见表1。",
        t,
        "三、保障措施",
        "县住房和城乡建设局牵头，县自然资源局、县发展和改革局等部门配合，按季度调度计划执行情况。",
        "汶川县住房和城乡建设局",
        "2025年3月5日",
    ]
    return doc


# ---------------------------------------------------------------- 4. long list of old communities

def ganzhou() -> Doc:
    rng = random.Random(20250401)
    counties = ["章贡区", "南康区", "赣县区", "信丰县", "大余县", "上犹县", "崇义县", "安远县", "定南县", "全南县",
                "宁都县", "于都县", "兴国县", "会昌县", "寻乌县", "石城县", "瑞金市", "龙南市"]
    counts = [9, 6, 5, 4, 3, 3, 3, 3, 3, 3, 5, 5, 4, 3, 3, 3, 4, 4]
    stems = ["红旗大道", "文清路", "健康路", "八一四大道", "长征大道", "沿江路", "东门", "南门", "新华路", "人民路",
             "胜利路", "解放路", "建设路", "振兴路", "中山路", "和平路", "阳明路", "章江路"]
    kinds = ["{s}{n}号院", "{s}小区", "{s}{n}号街坊", "原县糖厂宿舍", "原县粮食局家属院", "{s}片区", "供电公司{n}号楼小区",
             "原县农机厂宿舍", "{s}商住小区", "县医院老宿舍区", "原县百货公司宿舍", "{s}{n}栋住宅区"]
    rows, names = [], set()
    for county, n in zip(counties, counts):
        for _ in range(n):
            while True:
                pattern = rng.choice(kinds)
                name = pattern.format(s=rng.choice(stems), n=rng.randint(1, 28))
                if (county, name) not in names:
                    names.add((county, name))
                    break
            buildings = rng.randint(2, 24)
            households = buildings * rng.randint(12, 42)
            area = households * rng.uniform(68, 96) / 1e4
            invest = area * rng.uniform(260, 420)
            rows.append([county, name, str(buildings), f"{households:,}" if rng.random() < 0.3 else str(households),
                         f"{area:.2f}", f"{invest:,.2f}" if invest >= 1000 and rng.random() < 0.5 else f"{invest:.2f}"])
    body = [[str(i + 1), *r] for i, r in enumerate(rows)]
    n_total = len(body)
    total = total_row("合计", body, [0, 0, 2, 2], label_cols=3)  # 合计 spans the three label columns
    total[2] = f"{int(total[2]):,}"
    total[4] = f"{float(total[4]):,.2f}"
    t = Table(
        title="附件 赣州市2025年城镇老旧小区改造计划项目表",
        header=[["序号", "县（市、区）", "小区名称", "楼栋数（栋）", "户数（户）", "建筑面积（万平方米）", "总投资（万元）"]],
        paths=["楼栋数（栋）", "户数（户）", "建筑面积（万平方米）", "总投资（万元）"],
        columns=[Column("renewal_buildings", "old_community", "栋"),
                 Column("renewal_households", "old_community", "户"),
                 Column("renewal_floor_area", "old_community", "万平方米"),
                 Column("investment", "old_community", "万元")],
        rows=[*body, total], label_cols=3, row_label=2, region_col=1)
    doc = Doc("ganzhou-2025-old-community-renewal-plan", "赣州市", 2025)
    tb, th, ta, ti = total[1:5]
    doc.items = [
        "赣州市2025年城镇老旧小区改造计划",
        "为贯彻落实国务院办公厅《关于全面推进城镇老旧小区改造工作的指导意见》和省政府有关工作部署，持续改善群众居住条件，"
        "结合各县（市、区）摸底申报情况，制定本计划。",
        "一、上年工作情况",
        "2024年全市开工改造城镇老旧小区⟦86个|renewal_communities|old_community|p=2024;k=actual⟧，"
        "惠及居民⟦2.46万户|renewal_households|old_community|p=2024;k=actual⟧，"
        "完成投资⟦7.35亿元|investment|old_community|p=2024;k=actual⟧。",
        "二、2025年改造任务",
        f"2025年全市计划改造城镇老旧小区⟦{n_total}个|renewal_communities|old_community⟧，"
        f"涉及楼栋⟦{tb}栋|renewal_buildings|old_community⟧、居民⟦{th}户|renewal_households|old_community⟧，"
        f"建筑面积⟦{ta}万平方米|renewal_floor_area|old_community⟧，"
        f"总投资⟦{ti}万元|investment|old_community⟧。",
        "改造内容分为基础类、完善类和提升类，优先实施供水、排水、供电、燃气等基础类改造，具备条件的小区同步加装电梯、"
        "建设充电设施。",
        "三、工作要求",
        "各县（市、区）要于2025年5月底前完成项目初步设计审查，10月底前全部开工，年底前完成改造任务的"
        "⟦60%|share|old_community|q=at_least⟧以上。",
        "具体项目见附件。",
        t,
        "赣州市住房和城乡建设局",
        "2025年4月1日",
    ]
    return doc


# ---------------------------------------------------------------- 5. 城中村改造 plan, unit-only header row

def xian() -> Doc:
    rows = [
        ["新城区", "2", "1860", "2400", "21.60", "18.50"],
        ["碑林区", "1", "920", "1200", "10.80", "9.60"],
        ["莲湖区", "2", "1540", "1900", "17.10", "15.20"],
        ["雁塔区", "4", "3980", "5200", "46.80", "42.30"],
        ["未央区", "5", "4620", "6100", "54.90", "47.80"],
        ["灞桥区", "3", "2750", "3500", "31.50", "26.40"],
        ["长安区", "4", "3310", "4300", "38.70", "31.60"],
        ["临潼区", "1", "860", "1000", "9.00", "7.20"],
        ["高陵区", "1", "740", "900", "8.10", "6.30"],
        ["鄠邑区", "1", "650", "800", "7.20", "5.50"],
        ["西咸新区", "3", "2480", "3100", "27.90", "23.40"],
    ]
    total = total_row("全市合计", rows, [0, 0, 0, 2, 2])
    t = Table(
        title="表1 2024年城中村改造项目计划表",
        header=[["区（开发区）", "城中村改造项目", "涉及户数", "新开工安置住房", "计划投资"],
                ["", "个", "户", "套", "万平方米", "亿元"]],
        paths=["城中村改造项目 / 个", "涉及户数 / 户", "新开工安置住房 / 套", "新开工安置住房 / 万平方米", "计划投资 / 亿元"],
        columns=[Column("renewal_communities", "urban_village", "个"),
                 Column("renewal_households", "urban_village", "户"),
                 Column("new_start_units", "resettlement", "套"),
                 Column("new_start_floor_area", "resettlement", "万平方米"),
                 Column("investment", "urban_village", "亿元")],
        rows=[*rows, total], totals=("全市合计",))
    tot = [plain(x) for x in total[1:]]
    doc = Doc("xian-2024-urban-village-renewal-plan", "西安市", 2024)
    doc.items = [
        "西安市2024年城中村改造工作计划",
        "为深入贯彻国务院《关于在超大特大城市积极稳步推进城中村改造的指导意见》，统筹推进城中村改造与保障性住房建设，"
        "结合我市实际，制定本计划。",
        "一、工作基础",
        "2023年全市启动城中村改造项目⟦21个|renewal_communities|urban_village|p=2023;k=actual⟧，"
        "完成征收⟦1.6万户|renewal_households|urban_village|p=2023;k=actual⟧，"
        "新开工安置住房⟦2.3万套|new_start_units|resettlement|p=2023;k=actual⟧。",
        "二、2024年目标任务",
        f"今年全市计划实施城中村改造项目⟦{tot[0]}个|renewal_communities|urban_village⟧，"
        f"涉及群众⟦{tot[1]}户|renewal_households|urban_village⟧；"
        f"新开工安置住房⟦{tot[2]}套|new_start_units|resettlement⟧、"
        f"⟦{tot[3]}万平方米|new_start_floor_area|resettlement⟧；"
        f"计划完成投资⟦{tot[4]}亿元|investment|urban_village⟧。",
        "安置住房中用作保障性住房的比例不低于"
        "⟦30%|share|resettlement|q=at_least;k=standard⟧。",
        "到“十四五”末，全市累计完成城中村改造项目"
        "⟦120个|renewal_communities|urban_village|p=2025⟧，"
        "城中村改造安置住房回迁率达到⟦90%|share|resettlement|p=2025⟧。",
        "明年计划新启动城中村改造项目⟦25个|renewal_communities|urban_village|p=2025⟧，"
        "新开工安置住房⟦3万套|new_start_units|resettlement|p=2025⟧。",
        "各区（开发区）任务见表1。",
        t,
        "三、保障措施",
        "市城中村改造工作领导小组办公室每月调度项目进展，对工作滞后的区（开发区）进行约谈。",
        "西安市住房和城乡建设局",
        "2024年3月12日",
    ]
    return doc


# ---------------------------------------------------------------- 6. news roundup, no jurisdiction

def roundup() -> Doc:
    doc = Doc("roundup-2025-housing-targets", None, 2025)
    doc.items = [
        "多地晒出2025年住房发展“任务单” 保障性住房建设提速",
        "新年伊始，多个省份和城市相继公布2025年住房发展目标，加快构建房地产发展新模式成为共同主题。",
        "广东省住房和城乡建设厅日前发布，今年全省计划筹集保障性租赁住房"
        "⟦12万套（间）|supply_units|affordable_rental|r=广东省⟧，"
        "新开工配售型保障性住房⟦1.5万套|new_start_units|affordable_for_sale|r=广东省⟧。",
        "其中，广州市计划供应住宅用地⟦500公顷|land_supply_residential|all|r=广州市⟧，"
        "推进城中村改造项目⟦20个|renewal_communities|urban_village|r=广州市⟧；"
        "深圳市计划建设筹集保障性住房⟦6.5万套（间）|supply_units|affordable|r=深圳市⟧。",
        "浙江省提出，今年将改造城镇老旧小区⟦600个|renewal_communities|old_community|r=浙江省;q=at_least⟧以上，"
        "筹集保障性租赁住房⟦10万套（间）|supply_units|affordable_rental|r=浙江省⟧。",
        "去年，浙江省共改造老旧小区⟦628个|renewal_communities|old_community|r=浙江省;p=2024;k=actual⟧。",
        "杭州市计划新开工配售型保障性住房⟦3000套|new_start_units|affordable_for_sale|r=杭州市⟧，"
        "筹集保障性租赁住房⟦3万套（间）|supply_units|affordable_rental|r=杭州市⟧。",
        "四川省今年计划改造城镇老旧小区⟦4000个|renewal_communities|old_community|r=四川省⟧，"
        "成都市计划供应住宅用地约⟦600公顷|land_supply_residential|all|r=成都市;q=approx⟧。",
        "业内人士表示，各地目标更加注重“以需定建”，保障性住房供给结构将进一步优化。",
        "（本报记者 王晓）",
    ]
    return doc


def main() -> None:
    for make in (hunan, yichang, wenchuan, ganzhou, xian, roundup):
        doc = make()
        n_lines, n_rows = write(doc)
        print(f"{doc.name}: {n_lines} lines, {n_rows} expected facts")


if __name__ == "__main__":
    main()
