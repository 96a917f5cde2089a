"""Unseen documents of FAMILIES the samples do not cover (issue 12, round 3), written blind:

- zhangzhou-affordable-for-sale-scheme: a 配售型保障性住房实施方案 with no year in its title; its figures are
  mostly standards (准入 thresholds, 套型 sizes, price and rent ratios, 元/月, 周岁), a few plan figures.
- jiujiang-2026-2030-housing-plan: a 十五五 住房发展规划 with 现状 → 目标 → 任务 → 保障措施 chapters and an
  indicator table 2025年现状值 | 2030年目标值 | 属性（预期性/约束性）.
- taian-2025-2027-old-community-action-plan: a 城镇老旧小区改造三年行动方案 (2025—2027年): yearly targets
  in prose, a county table by year (2025年 | 2026年 | 2027年 | 合计) and a table with one row per year.
- wuhu-2024-housing-development-report: 2024年…住房发展情况 published in 2025, a 统计公报-like report whose
  figures are the actuals of 2024 (全年完成…，同比增长…%；截至年末…), a county table with negative changes.

Paragraph figures are marked ⟦written|metric|housing type|options⟧ as in scripts/samples/sources/compose.py. The
figures are made up; totals are the sums of their rows.

    .venv/bin/python tests/data/unseen/make_families.py
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path[:0] = [str(HERE), str(REPO / "scripts" / "samples" / "sources"), str(REPO / "scripts" / "samples")]
import compose  # noqa: E402
import make_tables  # noqa: E402
from make_samples import export_pdfs, pin_pdf  # noqa: E402
from make_tables import Doc, Tab, build, row  # noqa: E402

EXTRA = {"亩": ("m2", 10000 / 15), "万亩": ("m2", 1e8 / 15), "套（间）": ("unit", 1), "万套（间）": ("unit", 1e4),
         "部": ("item", 1), "份": ("item", 1), "万份": ("item", 1e4), "家": ("item", 1), "万个": ("item", 1e4),
         "元/月": ("yuan", 1), "笔": ("item", 1), "栋": ("item", 1), "个百分点": ("percent", 1), "万人": ("person", 1e4), "亿元": ("yuan", 1e8), "年": ("year", 1), "周岁": ("year", 1), "元/平方米": ("yuan_per_m2", 1), "公里": ("m", 1000),
         "元": ("yuan", 1), "万元": ("yuan", 1e4), "亿平方米": ("m2", 1e8), "年": ("year", 1), "万套": ("unit", 1e4), "万户": ("household", 1e4), "平方米": ("m2", 1), "万平方米": ("m2", 1e4)}
compose.UNITS.update(EXTRA)
make_tables.UNITS.update(EXTRA)


def prose(name: str, jurisdiction: str, year: int, items: list) -> tuple[list, list[dict]]:
    """Plain paragraphs (tables and headings passed through) and the expected rows of their marks."""
    cdoc = compose.Doc(name, jurisdiction, year)
    out, exp = [], []
    for item in items:
        if isinstance(item, str) and not item.startswith("# "):
            plain, rows = compose.para_rows(cdoc, item)
            for r in rows:  # a figure with its value given (2倍) keeps its unit apart
                if r["raw_unit"] and r["raw_value"].endswith(r["raw_unit"]):
                    r["raw_value"] = r["raw_value"][: -len(r["raw_unit"])]
            out.append(plain)
            exp += rows
        else:
            out.append(item)
    return out, exp


# ---------------------------------------------------------------- 1. 漳州: 配售型保障性住房实施方案 (standards)

def zhangzhou() -> Doc:
    city = "漳州市"
    std = "k=standard;p="
    items = [
        "为贯彻落实党中央、国务院关于规划建设保障性住房的决策部署，加快解决工薪收入群体住房困难，推动建立房地产业发展新模式，"
        "结合我市实际，制定本方案。",
        "# 一、总体要求",
        "坚持以需定建、以人定房，按照保本微利原则，在中心城区先行推进配售型保障性住房建设。"
        "2025—2027年全市计划筹集配售型保障性住房⟦3000套|supply_units|affordable_for_sale|p=2025-2027⟧，"
        "其中2025年筹集⟦1000套|supply_units|affordable_for_sale|p=2025⟧。",
        "2025年芗城区筹集⟦600套|supply_units|affordable_for_sale|p=2025;r=芗城区⟧，"
        "龙文区筹集⟦400套|supply_units|affordable_for_sale|p=2025;r=龙文区⟧。",
        "# 二、保障对象和准入条件",
        "（一）住房条件。申请家庭在中心城区无自有住房，或家庭人均住房建筑面积低于"
        f"⟦15平方米|per_capita_floor_area|affordable_for_sale|{std};q=at_most⟧。",
        "（二）收入条件。工薪收入群体家庭人均月收入不高于"
        f"⟦4500元|other|affordable_for_sale|{std};q=at_most⟧；单身申请人月收入在"
        f"⟦6000元/月|other|affordable_for_sale|{std};q=at_most⟧以下。",
        "（三）引进人才。经认定的高层次人才和急需紧缺人才不受收入条件限制；本科及以上学历的青年人才年龄在"
        f"⟦35周岁|other|affordable_for_sale|{std};q=at_most⟧以下，且在本市连续缴纳社会保险"
        f"⟦12个月|other|affordable_for_sale|{std};q=at_least⟧以上。",
        "# 三、建设标准",
        "配售型保障性住房以套型建筑面积"
        f"⟦60|dwelling_size|affordable_for_sale|{std};q=range_low;v=60;u=m2;w=平方米⟧—"
        f"⟦90平方米|dwelling_size|affordable_for_sale|{std};q=range_high⟧的中小户型为主，"
        f"单套建筑面积原则上不超过⟦120平方米|dwelling_size|affordable_for_sale|{std};q=at_most⟧。",
        "# 四、配售价格和租金",
        "配售价格按照基本覆盖划拨土地成本和建安成本、加适度合理利润的原则测算确定，利润率不超过"
        f"⟦5%|other|affordable_for_sale|{std};q=at_most⟧，"
        f"配售价格原则上不高于同地段商品住房市场价格的⟦60%|share|affordable_for_sale|{std};q=at_most⟧。",
        "暂未配售的房源可转作保障性租赁住房，租金按同地段同品质市场租金的"
        f"⟦80%|share|affordable_rental|{std}⟧确定。",
        "家庭年收入不高于本市上年度城镇居民人均可支配收入的"
        f"⟦2倍|other|affordable_for_sale|{std};q=at_most;v=2;u=ratio;w=倍⟧。",
        "购房人申请住房公积金贷款的，首付款比例不低于"
        f"⟦20%|share|affordable_for_sale|{std};q=at_least⟧，贷款额度最高⟦80万元|loans_issued|affordable_for_sale|{std};q=at_most⟧。"
        f"符合条件的申请家庭轮候期限一般不超过⟦2年|waiting_time|affordable_for_sale|{std};q=at_most⟧。",
        "# 五、封闭管理",
        "配售型保障性住房实施严格的封闭管理，不得上市交易；购房人确需转让的，由市住房保障机构按规定回购。",
        "# 六、保障措施",
        "市住房和城乡建设局会同市发展改革委、市财政局、市自然资源局等部门建立工作协调机制，每半年通报一次工作进展。"
        "本方案自印发之日起施行，由市住房和城乡建设局负责解释。",
    ]
    body, exp = prose("zhangzhou", city, 2025, items)
    return Doc("zhangzhou-affordable-for-sale-scheme", "漳州市配售型保障性住房实施方案（试行）", body, exp,
               ["漳州市人民政府办公室", "2025年3月28日"])


# ---------------------------------------------------------------- 2. 九江: 十五五 住房发展规划 with an indicator table

def jiujiang() -> Doc:
    city = "九江市"
    rev = "p=2021-2025;k=actual"
    five = "p=2026-2030"
    items_a = [
        "为科学引导全市住房发展，依据《九江市国民经济和社会发展第十五个五年规划纲要》和国土空间总体规划，编制本规划。"
        "规划期限为2026—2030年。",
        "# 第一章 发展现状",
        f"“十四五”期间，全市累计供应住宅用地⟦1.86万亩|land_supply_residential|all|{rev}⟧，"
        f"新建商品住房销售⟦2650万平方米|sales_floor_area|commercial|{rev}⟧，"
        f"建设筹集保障性租赁住房⟦3.1万套（间）|supply_units|affordable_rental|{rev}⟧，"
        f"改造城镇老旧小区⟦986个|renewal_communities|old_community|{rev}⟧。",
        "“十四五”期间年均供应住宅用地约⟦3720亩|land_supply_residential|all|p=2021-2025;k=actual;q=approx⟧。"
        "其中，2025年全市新建商品住房销售⟦418万平方米|sales_floor_area|commercial|p=2025;k=actual⟧，"
        "较2020年下降⟦31.5%|growth_rate|commercial|p=2025;k=actual⟧。",
        "2025年末，全市城镇居民人均住房建筑面积⟦42.8平方米|per_capita_floor_area|all|p=2025;k=actual⟧，"
        "城镇住房成套率⟦93.5%|coverage_rate|all|p=2025;k=actual⟧。",
        "# 第二章 发展目标",
        "到2030年，全市城镇居民人均住房建筑面积达到⟦45平方米|per_capita_floor_area|all|p=2030;q=approx⟧左右，"
        "住房租赁补贴发放户数达到⟦6500户|rental_subsidy_households|affordable|p=2030⟧。主要指标见表1。",
        "到“十五五”末，全市城镇住房总量达到⟦1.6亿平方米|housing_stock_floor_area|all|p=2030;q=approx⟧左右。",
    ]
    t_title = "表1 九江市“十五五”住房发展主要指标"
    head = ["序号", "指标", "单位", "2025年现状值", "2030年目标值", "属性"]
    indicators = [  # label, unit, now, target, metric, htype, target period, target qualifier
        ("城镇居民人均住房建筑面积", "平方米", "42.8", "45", "per_capita_floor_area", "all", "2030", "exact"),
        ("城镇住房成套率", "%", "93.5", "96", "coverage_rate", "all", "2030", "exact"),
        ("“十五五”期间新增保障性住房", "套", "—", "24000", "supply_units", "affordable", "2026-2030", "exact"),
        ("“十五五”期间改造城镇老旧小区", "个", "—", "420", "renewal_communities", "old_community", "2026-2030", "exact"),
        ("住房租赁补贴发放户数", "户", "5200", "6500", "rental_subsidy_households", "affordable", "2030", "exact"),
        ("商品住房去化周期", "个月", "19.6", "≤18", "destocking_months", "commercial", "2030", "at_most"),
        ("常住人口城镇化率", "%", "66.4", "70", "urbanisation_rate", "all", "2030", "exact"),
    ]
    rows = [head]
    exp_t = []
    for i, (label, unit, now, target, metric, htype, period, q) in enumerate(indicators, 1):
        rows.append([str(i), label, unit, now, target, "约束性" if "十五五" in label else "预期性"])
        if now != "—":
            exp_t.append(row(f"table {t_title} | {label} | 2025年现状值 | {now}", now, unit, metric, htype, city, 2025,
                             "actual"))
        exp_t.append(row(f"table {t_title} | {label} | 2030年目标值 | {target}", target.lstrip("≤"), unit, metric,
                         htype, city, period, "plan", q))
    items_b = [
        "# 第三章 主要任务",
        f"（一）优化住房用地供应。“十五五”期间，全市计划供应住宅用地⟦1.45万亩|land_supply_residential|all|{five}⟧，"
        f"其中中心城区⟦0.82万亩|land_supply_residential|all|{five};r=中心城区⟧。"
        "分年度看，2026年至2030年分别计划供应住宅用地⟦3300亩|land_supply_residential|all|p=2026⟧、"
        "⟦3100亩|land_supply_residential|all|p=2027⟧、⟦2900亩|land_supply_residential|all|p=2028⟧、"
        "⟦2700亩|land_supply_residential|all|p=2029⟧和⟦2500亩|land_supply_residential|all|p=2030⟧。",
        f"（二）加大保障性住房供给。规划期内建设筹集保障性住房⟦2.4万套|supply_units|affordable|{five}⟧，"
        f"其中配售型保障性住房⟦0.9万套|supply_units|affordable_for_sale|{five}⟧、"
        f"保障性租赁住房⟦1.5万套（间）|supply_units|affordable_rental|{five}⟧。"
        f"浔阳区、濂溪区分别筹集⟦6000套|supply_units|affordable|{five};r=浔阳区⟧和"
        f"⟦5000套|supply_units|affordable|{five};r=濂溪区⟧。",
        f"（三）推进城市更新。改造城镇老旧小区⟦420个|renewal_communities|old_community|{five}⟧，"
        f"惠及居民约⟦6.5万户|renewal_households|old_community|{five};q=approx⟧；"
        f"实施城中村改造⟦28个|renewal_communities|urban_village|{five}⟧。",
        "# 第四章 保障措施",
        "加强组织领导，建立规划实施年度评估制度，2028年开展中期评估，2030年开展总结评估。"
        "各县（市、区）要依据本规划编制住房发展年度计划，报市住房和城乡建设局备案。",
    ]
    t2_title = "表2 “十五五”各县（市、区）保障性住房建设任务（单位：套）"
    head2 = ["县（市、区）", "配售型保障性住房", "保障性租赁住房", "合计"]
    body2 = [["浔阳区", "2400", "3600", "6000"], ["濂溪区", "2000", "3000", "5000"], ["柴桑区", "1200", "2300", "3500"],
             ["瑞昌市", "1000", "1800", "2800"], ["共青城市", "800", "1700", "2500"], ["庐山市", "700", "1300", "2000"],
             ["修水县", "500", "700", "1200"], ["都昌县", "400", "600", "1000"], ["合计", "9000", "15000", "24000"]]
    for cells in body2:
        region = city if cells[0] == "合计" else cells[0]
        for cell, header, htype in zip(cells[1:], head2[1:], ("affordable_for_sale", "affordable_rental", "affordable")):
            exp_t.append(row(f"table {t2_title} | {cells[0]} | {header} | {cell}", cell, "套", "supply_units", htype,
                             region, "2026-2030"))
    items_b.insert(3, "各县（市、区）保障性住房建设任务见表2。")
    items_b.insert(4, Tab(t2_title, [head2, *body2], 1))
    a, exp_a = prose("jiujiang", city, 2025, items_a)
    b, exp_b = prose("jiujiang", city, 2025, items_b)
    return Doc("jiujiang-2026-2030-housing-plan", "九江市“十五五”住房发展规划（2026—2030年）",
               [*a, Tab(t_title, rows, 1), *b], exp_a + exp_t + exp_b, ["九江市人民政府", "2025年12月26日"])


# ---------------------------------------------------------------- 3. 泰安: 老旧小区改造三年行动方案 2025—2027

def taian() -> Doc:
    city = "泰安市"
    three = "p=2025-2027"
    items_a = [
        "为深入推进城市更新行动，持续改善群众居住条件，根据国家和省关于城镇老旧小区改造工作的部署，结合我市实际，制定本方案。",
        "# 一、工作基础",
        "“十四五”以来，全市累计改造城镇老旧小区⟦826个|renewal_communities|old_community|p=2021-2024;k=actual⟧，"
        "惠及居民⟦11.4万户|renewal_households|old_community|p=2021-2024;k=actual⟧。",
        "# 二、目标任务",
        f"2025—2027年，全市计划改造2000年底前建成的城镇老旧小区⟦360个|renewal_communities|old_community|{three}⟧，"
        f"涉及居民⟦5.2万户|renewal_households|old_community|{three}⟧，"
        f"建筑面积⟦486万平方米|renewal_floor_area|old_community|{three}⟧，"
        f"总投资约⟦42亿元|investment|old_community|{three};q=approx⟧。",
        "其中，2025年改造⟦150个|renewal_communities|old_community|p=2025⟧，惠及居民"
        "⟦2.15万户|renewal_households|old_community|p=2025⟧；2026年改造⟦120个|renewal_communities|old_community|p=2026⟧；"
        "2027年改造⟦90个|renewal_communities|old_community|p=2027⟧。",
        f"三年累计改造老旧管网⟦260公里|other|old_community|{three}⟧，加装电梯⟦300部|other|old_community|{three}⟧，"
        f"增设停车位⟦1.2万个|other|old_community|{three}⟧。"
        "到2027年底，改造小区物业服务覆盖率达到⟦90%|coverage_rate|old_community|p=2027;q=at_least⟧以上。",
        "截至2024年底，全市尚有2000年底前建成的老旧小区"
        "⟦612个|renewal_communities|old_community|p=2024;k=actual⟧待改造。",
        "对改造任务较重的新泰市、肥城市，市级财政分别给予"
        f"⟦3000万元|award_funds|old_community|{three};r=新泰市⟧和⟦2500万元|award_funds|old_community|{three};r=肥城市⟧奖补资金。",
        f"中央和省级补助资金按每户不超过⟦1.5万元|housing_subsidy|old_community|{three};k=standard;q=at_most⟧的标准安排，"
        f"居民出资比例原则上不低于改造费用的⟦10%|share|old_community|{three};k=standard;q=at_least⟧。",
        "各县（市、区）年度改造任务见表1，分年度任务见表2。",
    ]
    t1_title = "表1 2025—2027年各县（市、区）城镇老旧小区改造任务（单位：个）"
    head = ["县（市、区）", "2025年", "2026年", "2027年", "合计"]
    body = [["泰山区", "35", "28", "20", "83"], ["岱岳区", "30", "25", "18", "73"], ["新泰市", "28", "22", "17", "67"],
            ["肥城市", "25", "20", "15", "60"], ["宁阳县", "17", "13", "10", "40"], ["东平县", "15", "12", "10", "37"],
            ["合计", "150", "120", "90", "360"]]
    exp_t = []
    for cells in body:
        region = city if cells[0] == "合计" else cells[0]
        for cell, header, period in zip(cells[1:], head[1:], ("2025", "2026", "2027", "2025-2027")):
            exp_t.append(row(f"table {t1_title} | {cells[0]} | {header} | {cell}", cell, "个", "renewal_communities",
                             "old_community", region, period))
    t2_title = "表2 城镇老旧小区改造分年度任务"
    head2 = ["年度", "小区数（个）", "户数（户）", "建筑面积（万平方米）", "总投资（亿元）"]
    cols2 = [("个", "renewal_communities"), ("户", "renewal_households"), ("万平方米", "renewal_floor_area"),
             ("亿元", "investment")]
    body2 = [["2025年", "150", "21500", "200.5", "17.5"], ["2026年", "120", "17300", "160.3", "14.0"],
             ["2027年", "90", "13200", "125.2", "10.5"], ["合计", "360", "52000", "486.0", "42.0"]]
    for cells in body2:
        period = "2025-2027" if cells[0] == "合计" else cells[0][:4]
        for cell, header, (unit, metric) in zip(cells[1:], head2[1:], cols2):
            exp_t.append(row(f"table {t2_title} | {cells[0]} | {header} | {cell}", cell, unit, metric, "old_community",
                             city, period))
    items_b = [
        "# 三、保障措施",
        "各县（市、区）政府是老旧小区改造的责任主体，要于每年3月底前确定当年改造项目清单，市住房和城乡建设局每季度调度一次进展。",
    ]
    a, exp_a = prose("taian", city, 2025, items_a)
    b, exp_b = prose("taian", city, 2025, items_b)
    return Doc("taian-2025-2027-old-community-action-plan", "泰安市城镇老旧小区改造三年行动方案（2025—2027年）",
               [*a, Tab(t1_title, [head, *body], 1), Tab(t2_title, [head2, *body2], 1), *b], exp_a + exp_t + exp_b,
               ["泰安市人民政府办公室", "2025年4月15日"])


# ---------------------------------------------------------------- 4. 芜湖: 2024年住房发展情况 (a report of actuals)

def wuhu() -> Doc:
    city = "芜湖市"
    act = "p=2024;k=actual"
    items_a = [
        "2024年，全市住房和城乡建设系统坚持稳中求进，统筹推进房地产市场平稳健康发展和住房保障体系建设。现将全年住房发展情况公布如下。",
        "# 一、房地产开发投资",
        f"全年完成房地产开发投资⟦356.2亿元|investment|all|{act}⟧，同比下降⟦8.4%|growth_rate|all|{act}⟧。"
        f"其中住宅投资⟦268.5亿元|investment|all|{act}⟧，同比下降⟦6.1%|growth_rate|all|{act}⟧。",
        "# 二、商品住房市场",
        f"全年新建商品住房销售面积⟦412.6万平方米|sales_floor_area|commercial|{act}⟧，同比下降⟦5.3%|growth_rate|commercial|{act}⟧；"
        f"成交均价⟦9863元/平方米|price|commercial|{act}⟧，比上年下降⟦2.7%|price_change|commercial|{act}⟧。",
        f"全年商品房（含非住宅）销售面积⟦508.3万平方米|sales_floor_area|all|{act}⟧。"
        f"1—12月，全市二手住房成交⟦2.86万套|other|commercial|{act}⟧，同比增长⟦12.4%|growth_rate|commercial|{act}⟧。"
        f"四季度，新建商品住房月均成交⟦2860套|other|commercial|{act}⟧，环比增长⟦9.6%|growth_rate|commercial|{act}⟧。",
        f"截至年末，全市新建商品住房库存面积⟦598.4万平方米|inventory_floor_area|commercial|{act}⟧，"
        f"去化周期⟦17.4个月|destocking_months|commercial|{act}⟧，较上年末缩短⟦1.9个月|destocking_months|commercial|{act}⟧。",
        "# 三、住房保障",
        f"全年筹集保障性租赁住房⟦6120套（间）|supply_units|affordable_rental|{act}⟧，"
        f"完成年度目标任务的⟦102%|share|affordable_rental|{act}⟧；"
        f"开工建设配售型保障性住房⟦860套|new_start_units|affordable_for_sale|{act}⟧；"
        f"向⟦4380户|rental_subsidy_households|affordable|{act}⟧城镇住房困难家庭发放租赁补贴"
        f"⟦1570万元|housing_subsidy|affordable|{act}⟧。",
        f"截至年末，全市累计建成保障性租赁住房⟦3.8万套（间）|housing_stock_units|affordable_rental|{act}⟧；"
        f"城镇居民人均住房建筑面积⟦43.2平方米|per_capita_floor_area|all|{act}⟧，比上年增加⟦0.6平方米|per_capita_floor_area|all|{act}⟧。"
        f"全年发放个人住房公积金贷款⟦68.5亿元|loans_issued|all|{act}⟧，与上年基本持平。",
        "# 四、住房租赁市场",
        f"截至年末，全市纳入监管的住房租赁企业⟦86家|enterprises|market_rental|{act}⟧，"
        f"运营房源⟦2.3万套（间）|housing_stock_units|market_rental|{act}⟧；"
        f"全年网签备案住房租赁合同⟦4.12万份|other|market_rental|{act}⟧，同比增长⟦15.8%|growth_rate|market_rental|{act}⟧。",
        "# 五、城市更新",
        f"全年新开工改造城镇老旧小区⟦132个|renewal_communities|old_community|{act}⟧，"
        f"惠及居民⟦2.56万户|renewal_households|old_community|{act}⟧；"
        f"实施城中村改造项目⟦5个|renewal_communities|urban_village|{act}⟧。",
        "各县市区新建商品住房销售情况见表1。",
    ]
    t_title = "表1 2024年各县市区新建商品住房销售情况"
    head = ["县市区", "销售面积（万平方米）", "同比增减（%）", "成交均价（元/平方米）"]
    body = [["镜湖区", "62.4", "-7.8", "12560"], ["弋江区", "58.1", "-3.2", "11240"], ["鸠江区", "96.7", "-6.5", "10380"],
            ["湾沚区", "41.3", "2.4", "7650"], ["繁昌区", "35.9", "-9.1", "7120"], ["南陵县", "30.2", "-4.6", "6580"],
            ["无为市", "88.0", "-3.9", "6910"], ["全市", "412.6", "-5.3", "9863"]]
    cols = [("万平方米", "sales_floor_area"), ("%", "growth_rate"), ("元/平方米", "price")]
    exp_t = []
    for cells in body:
        region = city if cells[0] == "全市" else cells[0]
        for cell, header, (unit, metric) in zip(cells[1:], head[1:], cols):
            exp_t.append(row(f"table {t_title} | {cells[0]} | {header} | {cell}", cell, unit, metric, "commercial",
                             region, 2024, "actual"))
    items_b = [
        "# 六、2025年工作安排",
        "2025年，全市计划筹集保障性租赁住房⟦3000套（间）|supply_units|affordable_rental|p=2025⟧，"
        "改造城镇老旧小区⟦100个|renewal_communities|old_community|p=2025⟧。"
        "预计2025年全市商品住房销售面积⟦400万平方米|sales_floor_area|commercial|p=2025;k=forecast;q=approx⟧左右。",
    ]
    a, exp_a = prose("wuhu", city, 2024, items_a)
    b, exp_b = prose("wuhu", city, 2024, items_b)
    return Doc("wuhu-2024-housing-development-report", "2024年芜湖市住房发展情况",
               [*a, Tab(t_title, [head, *body], 1), *b], exp_a + exp_t + exp_b, ["芜湖市住房和城乡建设局", "2025年2月18日"])


# ---------------------------------------------------------------- 5. 宝鸡: a half-year market report (actuals of 2025)

def baoji() -> Doc:
    city = "宝鸡市"
    act = "k=actual"
    items_a = [
        "今年以来，全市认真落实房地产市场平稳健康发展各项政策措施，房地产市场总体平稳。现将上半年运行情况通报如下。",
        "# 一、新建商品房市场",
        f"上半年，全市完成房地产开发投资⟦86.4亿元|investment|all|{act}⟧，同比下降⟦4.2%|growth_rate|all|{act}⟧。"
        f"1—6月，全市新建商品住房销售面积⟦96.8万平方米|sales_floor_area|commercial|{act}⟧，"
        f"同比增长⟦1.6%|growth_rate|commercial|{act}⟧；销售额⟦62.3亿元|other|commercial|{act}⟧。",
        f"6月份，新建商品住房成交⟦1520套|other|commercial|{act}⟧，环比增长⟦18.7%|growth_rate|commercial|{act}⟧。",
        f"截至6月底，全市新建商品住房可售面积⟦412.5万平方米|inventory_floor_area|commercial|{act}⟧，"
        f"按近6个月平均销售速度测算，去化周期为⟦25.6个月|destocking_months|commercial|{act}⟧。",
        "# 二、二手房市场和住房公积金",
        f"上半年全市二手住房网签⟦4260套|other|commercial|{act}⟧，同比增长⟦23.5%|growth_rate|commercial|{act}⟧，"
        f"成交均价⟦5480元/平方米|price|commercial|{act}⟧。"
        f"归集住房公积金⟦28.6亿元|provident_fund|all|{act}⟧，发放个人住房贷款⟦3120笔|loans_issued|all|{act}⟧、"
        f"⟦14.2亿元|loans_issued|all|{act}⟧。",
        "# 三、下半年工作",
        "下半年，全市计划再筹集保障性租赁住房⟦800套（间）|supply_units|affordable_rental⟧。各区县新建商品住房销售情况见附表。",
    ]
    t_title = "附表 2025年上半年各区县新建商品住房销售情况"
    head = ["区县", "销售面积（万平方米）", "同比（%）", "销售套数（套）"]
    body = [["渭滨区", "21.6", "5.2", "1850"], ["金台区", "24.3", "-3.1", "2080"], ["陈仓区", "15.2", "2.8", "1310"],
            ["凤翔区", "9.8", "-12.3", "860"], ["岐山县", "8.7", "4.5", "760"], ["扶风县", "7.9", "6.1", "690"],
            ["眉县", "9.3", "-1.8", "820"], ["全市", "96.8", "1.6", "8370"]]
    cols = [("万平方米", "sales_floor_area"), ("%", "growth_rate"), ("套", "other")]
    exp_t = []
    for cells in body:
        region = city if cells[0] == "全市" else cells[0]
        for cell, header, (unit, metric) in zip(cells[1:], head[1:], cols):
            exp_t.append(row(f"table {t_title} | {cells[0]} | {header} | {cell}", cell, unit, metric, "commercial",
                             region, 2025, "actual"))
    a, exp_a = prose("baoji", city, 2025, items_a)
    return Doc("baoji-2025-h1-market-report", "宝鸡市2025年上半年房地产市场运行情况", [*a, Tab(t_title, [head, *body], 1)],
               exp_a + exp_t, ["宝鸡市住房和城乡建设局", "2025年7月18日"])


# ---------------------------------------------------------------- 6. 湛江: 城中村改造三年行动计划 with year groups

def zhanjiang() -> Doc:
    city = "湛江市"
    three = "p=2024-2026"
    items_a = [
        "为稳步推进城中村改造，改善群众居住条件，根据国家和省有关部署，结合我市实际，制定本行动计划。",
        "# 一、工作基础",
        "2023年，全市完成城中村改造项目⟦3个|renewal_communities|urban_village|p=2023;k=actual⟧。",
        "# 二、目标任务",
        f"2024—2026年，全市计划实施城中村改造项目⟦24个|renewal_communities|urban_village|{three}⟧，"
        f"涉及群众⟦1.86万户|renewal_households|urban_village|{three}⟧，"
        f"计划建设安置住房⟦1.2万套|supply_units|resettlement|{three}⟧，总投资⟦210亿元|investment|urban_village|{three}⟧。"
        "其中2024年启动⟦6个|renewal_communities|urban_village|p=2024⟧、2025年⟦9个|renewal_communities|urban_village|p=2025⟧、"
        "2026年⟦9个|renewal_communities|urban_village|p=2026⟧。",
        f"安置住房建成后，可用作保障性住房的比例不低于⟦20%|share|resettlement|{three};k=standard;q=at_least⟧。",
        "各区分年度任务见表1。",
    ]
    t_title = "表1 城中村改造分年度任务"
    h0 = ["区", "2024年", "", "2025年", "", "2026年", "", "合计", ""]
    h1 = ["", "项目（个）", "户数（户）", "项目（个）", "户数（户）", "项目（个）", "户数（户）", "项目（个）", "户数（户）"]
    body = [["赤坎区", "2", "1200", "3", "1500", "2", "1100", "7", "3800"],
            ["霞山区", "2", "1500", "3", "2100", "3", "1800", "8", "5400"],
            ["麻章区", "1", "900", "2", "1600", "2", "1500", "5", "4000"],
            ["坡头区", "1", "1100", "1", "1500", "2", "2800", "4", "5400"],
            ["合计", "6", "4700", "9", "6700", "9", "7200", "24", "18600"]]
    exp_t = []
    for cells in body:
        region = city if cells[0] == "合计" else cells[0]
        for i, cell in enumerate(cells[1:]):
            group = ("2024年", "2025年", "2026年", "合计")[i // 2]
            period = "2024-2026" if group == "合计" else group[:4]
            unit, metric = (("个", "renewal_communities"), ("户", "renewal_households"))[i % 2]
            exp_t.append(row(f"table {t_title} | {cells[0]} | {group} / {h1[i + 1]} | {cell}", cell, unit, metric,
                             "urban_village", region, period))
    merges = [(0, 0, 1, 0), (0, 1, 0, 2), (0, 3, 0, 4), (0, 5, 0, 6), (0, 7, 0, 8)]
    items_b = ["# 三、保障措施", "各区政府要落实主体责任，每月5日前报送上月工作进展。"]
    a, exp_a = prose("zhanjiang", city, 2024, items_a)
    b, exp_b = prose("zhanjiang", city, 2024, items_b)
    return Doc("zhanjiang-2024-2026-urban-village-action-plan", "湛江市城中村改造三年行动计划（2024—2026年）",
               [*a, Tab(t_title, [h0, h1, *body], 2, merges), *b], exp_a + exp_t + exp_b,
               ["湛江市人民政府办公室", "2024年5月20日"])


# ---------------------------------------------------------------- 7. 绍兴: 保障性租赁住房实施方案 (standards, no year)

def shaoxing() -> Doc:
    city = "绍兴市"
    std = "k=standard;p="
    items = [
        "为加快发展保障性租赁住房，着力解决新市民、青年人等群体住房困难问题，结合我市实际，制定本实施方案。",
        "# 一、发展目标",
        "“十五五”期间，全市计划筹集保障性租赁住房⟦3万套（间）|supply_units|affordable_rental|p=2026-2030⟧，"
        "其中2025年筹集⟦6000套（间）|supply_units|affordable_rental|p=2025⟧。"
        "越城区、柯桥区、上虞区2025年分别筹集⟦2000套（间）|supply_units|affordable_rental|p=2025;r=越城区⟧、"
        "⟦1800套（间）|supply_units|affordable_rental|p=2025;r=柯桥区⟧和⟦1200套（间）|supply_units|affordable_rental|p=2025;r=上虞区⟧。",
        "# 二、基础制度",
        "保障性租赁住房以建筑面积不超过"
        f"⟦70平方米|dwelling_size|affordable_rental|{std};q=at_most⟧的小户型为主，"
        f"租金不高于同地段同品质市场租赁住房租金的⟦90%|share|affordable_rental|{std};q=at_most⟧，"
        f"年租金涨幅不超过⟦5%|price_change|affordable_rental|{std};q=at_most⟧。",
        "利用非居住存量房屋改建的，改建后的项目运营期限不少于"
        f"⟦10年|other|affordable_rental|{std};q=at_least⟧。",
        "# 三、支持政策",
        f"对新建项目，按每平方米⟦200元|housing_subsidy|affordable_rental|{std};v=200;u=yuan_per_m2;w=元⟧给予补助，"
        f"单个项目最高不超过⟦500万元|housing_subsidy|affordable_rental|{std};q=at_most⟧。",
        "项目用水、用电、用气价格按照居民标准执行。本方案自印发之日起施行。",
    ]
    body, exp = prose("shaoxing", city, 2025, items)
    return Doc("shaoxing-affordable-rental-scheme", "绍兴市加快发展保障性租赁住房实施方案", body, exp,
               ["绍兴市人民政府办公室", "2025年6月3日"])


# ---------------------------------------------------------------- 8. 南充: 十五五 plan with 2020 | 2025 | 2030 columns

def nanchong() -> Doc:
    city = "南充市"
    rev = "p=2021-2025;k=actual"
    five = "p=2026-2030"
    items_a = [
        "为引导全市住房高质量发展，依据国家、省有关规定和《南充市国土空间总体规划》，编制本规划，规划期限为2026—2030年。",
        "# 第一章 发展基础",
        f"“十四五”期间，全市商品住房累计销售⟦1860万平方米|sales_floor_area|commercial|{rev}⟧，"
        f"年均⟦372万平方米|sales_floor_area|commercial|{rev}⟧。",
        "“十四五”末（2025年），全市城镇常住人口⟦312万人|population|all|p=2025;k=actual⟧，"
        "城镇化率⟦55.6%|urbanisation_rate|all|p=2025;k=actual⟧，较2020年提高⟦6.2个百分点|urbanisation_rate|all|p=2025;k=actual⟧。"
        "2025年，全市房地产业增加值⟦215.6亿元|other|all|p=2025;k=actual⟧，占GDP比重⟦5.8%|share|all|p=2025;k=actual⟧。",
        "# 第二章 总体要求",
        "到2030年，全市城镇保障性住房覆盖率达到⟦25%|coverage_rate|affordable|p=2030;q=at_least⟧以上，"
        "城镇居民人均住房建筑面积稳定在⟦45|per_capita_floor_area|all|p=2030;q=range_low;v=45;u=m2;w=平方米⟧—"
        "⟦48平方米|per_capita_floor_area|all|p=2030;q=range_high⟧。",
        f"规划期内年均供应住宅用地约⟦2600亩|land_supply_residential|all|{five};q=approx⟧，"
        f"累计供应⟦1.3万亩|land_supply_residential|all|{five}⟧。主要指标见表1。",
    ]
    t_title = "表1 南充市城镇住房发展主要指标"
    head = ["类别", "指标", "单位", "2020年", "2025年", "2030年", "属性"]
    body = [
        ["住房供应", "新增商品住房供应面积（“十五五”累计）", "万平方米", "—", "—", "1500", "预期性"],
        ["", "住宅用地供应（“十五五”累计）", "亩", "—", "—", "13000", "预期性"],
        ["住房保障", "保障性住房覆盖率", "%", "18.2", "21.5", "25", "预期性"],
        ["", "新增保障性住房（“十五五”累计）", "套", "—", "—", "18000", "约束性"],
        ["居住品质", "城镇居民人均住房建筑面积", "平方米", "40.1", "43.5", "45", "预期性"],
        ["", "城镇老旧小区改造（“十五五”累计）", "个", "—", "—", "350", "约束性"],
    ]
    metrics = [("supply_floor_area", "commercial"), ("land_supply_residential", "all"), ("coverage_rate", "affordable"),
               ("supply_units", "affordable"), ("per_capita_floor_area", "all"), ("renewal_communities", "old_community")]
    exp_t = []
    group = ""
    for cells, (metric, htype) in zip(body, metrics):
        group = cells[0] or group
        label, unit = cells[1], cells[2]
        for cell, header in zip(cells[3:6], head[3:6]):
            if cell == "—":
                continue
            year = int(header[:4])
            period = "2026-2030" if "累计" in label else year
            exp_t.append(row(f"table {t_title} | {group} / {label} | {header} | {cell}", cell, unit, metric, htype, city,
                             period, "actual" if year < 2026 else "plan"))
    merges = [(1, 0, 2, 0), (3, 0, 4, 0), (5, 0, 6, 0)]
    items_b = [
        "# 第三章 主要任务",
        "（一）优化住房供应布局。南充市中心城区（顺庆区、高坪区、嘉陵区）规划期内供应住宅用地"
        f"⟦7800亩|land_supply_residential|all|{five};r=中心城区⟧，占全市的⟦60%|share|all|{five};r=中心城区⟧；"
        f"阆中市、南部县分别供应⟦1500亩|land_supply_residential|all|{five};r=阆中市⟧和"
        f"⟦1200亩|land_supply_residential|all|{five};r=南部县⟧。",
        "（二）加快保障性住房建设。2026年、2027年分别新开工保障性住房⟦4000套|new_start_units|affordable|p=2026⟧、"
        "⟦3800套|new_start_units|affordable|p=2027⟧，此后每年不少于⟦3000套|new_start_units|affordable|p=2028-2030;q=at_least⟧。",
        "# 第四章 保障措施",
        "强化规划实施监测评估，市住房城乡建设局会同有关部门每年开展一次实施情况评估。",
    ]
    a, exp_a = prose("nanchong", city, 2025, items_a)
    b, exp_b = prose("nanchong", city, 2025, items_b)
    return Doc("nanchong-2026-2030-housing-plan", "南充市“十五五”城镇住房发展规划（2026—2030年）",
               [*a, Tab(t_title, [head, *body], 1, merges), *b], exp_a + exp_t + exp_b,
               ["南充市人民政府", "2026年2月10日"])


# ---------------------------------------------------------------- 9. 潍坊: 老旧小区改造计划 with a project list

def weifang() -> Doc:
    city = "潍坊市"
    items_a = [
        "为持续推进城镇老旧小区改造，提升居民居住品质，根据省住房和城乡建设厅工作部署，制定本计划。",
        "# 一、改造任务",
        "2024年全市已完成改造城镇老旧小区⟦102个|renewal_communities|old_community|p=2024;k=actual⟧。"
        "2025年全市计划改造城镇老旧小区⟦86个|renewal_communities|old_community⟧、⟦1.42万户|renewal_households|old_community⟧，"
        "首批⟦5个|renewal_communities|old_community⟧小区见附表。",
        "# 二、资金筹措",
        "改造资金由政府与居民合理共担，居民出资比例不低于⟦5%|share|old_community|k=standard;q=at_least⟧；"
        "中央补助资金按每户⟦1.2万元|housing_subsidy|old_community|k=standard⟧标准测算。",
    ]
    t_title = "附表 2025年首批城镇老旧小区改造项目"
    head = ["序号", "县市区", "小区名称", "建成年份", "楼栋数（栋）", "户数（户）", "建筑面积（万平方米）", "改造内容",
            "总投资（万元）"]
    body = [
        ["1", "奎文区", "东风街小区", "1995", "12", "480", "3.6", "更换供水管网1.2公里，加装电梯4部", "1850"],
        ["2", "奎文区", "胜利东街宿舍", "1998", "8", "296", "2.1", "外墙保温改造，新增停车位60个", "960"],
        ["3", "潍城区", "向阳路小区", "1992", "15", "620", "4.8", "雨污分流改造2.5公里", "2300"],
        ["4", "寿光市", "建新街小区", "1999", "6", "210", "1.5", "屋面防水，加装电梯2部", "720"],
        ["5", "青州市", "范公亭西小区", "1996", "9", "350", "2.7", "燃气管网改造0.8公里", "1100"],
        ["合计", "", "", "", "50", "1956", "14.7", "", "6930"],
    ]
    cols = {4: ("栋", "renewal_buildings"), 5: ("户", "renewal_households"), 6: ("万平方米", "renewal_floor_area"),
            8: ("万元", "investment")}
    exp_t = []
    for cells in body:
        total = cells[0] == "合计"
        region = city if total else cells[1]
        label = "合计" if total else f"{cells[1]} / {cells[2]}"
        for c, (unit, metric) in cols.items():
            exp_t.append(row(f"table {t_title} | {label} | {head[c]} | {cells[c]}", cells[c], unit, metric,
                             "old_community", region, 2025))
        if not total:
            content = cells[7]
            for part in content.split("，"):
                for raw, unit in (("1.2", "公里"), ("4", "部"), ("60", "个"), ("2.5", "公里"), ("2", "部"), ("0.8", "公里")):
                    if part.endswith(raw + unit):
                        exp_t.append(row(f"table {t_title} | {label} | 改造内容 | {content}", raw, unit, "other",
                                         "old_community", region, 2025))
    merges = [(6, 0, 6, 3)]
    a, exp_a = prose("weifang", city, 2025, items_a)
    return Doc("weifang-2025-old-community-renewal-plan", "潍坊市2025年城镇老旧小区改造计划",
               [*a, Tab(t_title, [head, *body], 1, merges)], exp_a + exp_t, ["潍坊市住房和城乡建设局", "2025年3月5日"])


# ---------------------------------------------------------------- 10. 吉林省: a province's report of 2024 with a 市（州） table

def jilin() -> Doc:
    prov = "吉林省"
    items_a = [
        "2024年，全省各地认真落实国家关于城镇保障性安居工程的决策部署，各项目标任务全面完成。现将实施情况通报如下。",
        "# 一、总体情况",
        "2024年，全省城镇保障性安居工程计划新开工各类棚户区改造⟦1.2万套|new_start_units|shantytown|k=plan⟧，"
        "实际新开工⟦1.26万套|new_start_units|shantytown|k=actual⟧，完成年度计划的⟦105%|share|shantytown|k=actual⟧。",
        "全省筹集保障性租赁住房⟦2.35万套（间）|supply_units|affordable_rental|k=actual⟧，"
        "其中长春市⟦1.42万套（间）|supply_units|affordable_rental|k=actual;r=长春市⟧，"
        "吉林市⟦0.38万套（间）|supply_units|affordable_rental|k=actual;r=吉林市⟧。",
        "延边朝鲜族自治州改造城镇老旧小区⟦186个|renewal_communities|old_community|k=actual;r=延边朝鲜族自治州⟧，"
        "惠及居民⟦2.9万户|renewal_households|old_community|k=actual;r=延边朝鲜族自治州⟧。",
        "全省累计发放城镇住房保障家庭租赁补贴⟦3.6万户|rental_subsidy_households|affordable|k=actual⟧、"
        "⟦2.1亿元|housing_subsidy|affordable|k=actual⟧。各市（州）保障性租赁住房筹集情况见表1。",
    ]
    t_title = "表1 2024年各市（州）保障性租赁住房筹集情况（单位：套（间））"
    head = ["市（州）", "年度计划", "实际筹集", "完成率（%）"]
    body = [["长春市", "13000", "14200", "109.2"], ["吉林市", "3600", "3800", "105.6"], ["四平市", "1200", "1150", "95.8"],
            ["延边朝鲜族自治州", "2400", "2600", "108.3"], ["松原市", "1300", "1750", "134.6"],
            ["全省", "21500", "23500", "109.3"]]
    exp_t = []
    for cells in body:
        region = prov if cells[0] == "全省" else cells[0]
        for cell, header, (unit, metric, kind) in zip(cells[1:], head[1:], (("套（间）", "supply_units", "plan"),
                                                                          ("套（间）", "supply_units", "actual"),
                                                                          ("%", "share", "actual"))):
            exp_t.append(row(f"table {t_title} | {cells[0]} | {header} | {cell}", cell, unit, metric, "affordable_rental",
                             region, 2024, kind))
    items_b = ["# 二、2025年工作安排",
               "2025年，全省计划筹集保障性租赁住房⟦2万套（间）|supply_units|affordable_rental|p=2025⟧。"]
    a, exp_a = prose("jilin", prov, 2024, items_a)
    b, exp_b = prose("jilin", prov, 2024, items_b)
    return Doc("jilin-2024-affordable-housing-report", "2024年吉林省城镇保障性安居工程实施情况",
               [*a, Tab(t_title, [head, *body], 1), *b], exp_a + exp_t + exp_b, ["吉林省住房和城乡建设厅", "2025年1月22日"])


# ---------------------------------------------------------------- 11. 长兴县: a county's 十五五 plan with a yearly table

def changxing() -> Doc:
    county = "长兴县"
    rev = "p=2021-2025;k=actual"
    five = "p=2026-2030"
    items_a = [
        "为推动全县住房高质量发展，根据《长兴县国民经济和社会发展第十五个五年规划纲要》，编制本规划。",
        "# 一、“十四五”发展回顾",
        f"全县累计供应住宅用地⟦3860亩|land_supply_residential|all|{rev}⟧，建设筹集保障性租赁住房"
        f"⟦5200套（间）|supply_units|affordable_rental|{rev}⟧。",
        "截至2025年底，全县城镇住房总套数⟦18.6万套|housing_stock_units|all|p=2025;k=actual⟧。",
        "# 二、发展目标",
        "城镇居民人均住房建筑面积由2025年的⟦52.3平方米|per_capita_floor_area|all|p=2025;k=actual⟧"
        "提高到2030年的⟦55平方米|per_capita_floor_area|all|p=2030⟧。",
        f"“十五五”期间，全县计划供应住宅用地⟦3000亩|land_supply_residential|all|{five}⟧，"
        f"新建商品住房⟦260万平方米|supply_floor_area|commercial|{five}⟧，"
        f"建设筹集保障性住房⟦3000套|supply_units|affordable|{five}⟧。分年度计划见表1。",
    ]
    t_title = "表1 “十五五”分年度住房建设计划"
    head = ["年度", "住宅用地供应（亩）", "商品住房（万平方米）", "保障性住房（套）"]
    body = [["2026年", "700", "58", "700"], ["2027年", "650", "55", "650"], ["2028年", "600", "52", "600"],
            ["2029年", "550", "50", "550"], ["2030年", "500", "45", "500"], ["合计", "3000", "260", "3000"]]
    cols = [("亩", "land_supply_residential", "all"), ("万平方米", "supply_floor_area", "commercial"),
            ("套", "supply_units", "affordable")]
    exp_t = []
    for cells in body:
        period = "2026-2030" if cells[0] == "合计" else cells[0][:4]
        for cell, header, (unit, metric, htype) in zip(cells[1:], head[1:], cols):
            exp_t.append(row(f"table {t_title} | {cells[0]} | {header} | {cell}", cell, unit, metric, htype, county,
                             period))
    items_b = [
        "# 三、保障措施",
        "雉城街道、泗安镇等重点区域要率先落实规划任务，县住房和城乡建设局每年对规划实施情况进行评估。",
    ]
    a, exp_a = prose("changxing", county, 2025, items_a)
    b, exp_b = prose("changxing", county, 2025, items_b)
    return Doc("changxing-2026-2030-housing-plan", "长兴县“十五五”住房发展规划（2026—2030年）",
               [*a, Tab(t_title, [head, *body], 1), *b], exp_a + exp_t + exp_b, ["长兴县人民政府", "2025年12月30日"])


DOCS = [zhangzhou, jiujiang, taian, wuhu, baoji, zhanjiang, shaoxing, nanchong, weifang, jilin, changxing]


def main() -> None:
    paths = [build(make()) for make in DOCS]
    export_pdfs(paths, HERE)
    for path in paths:
        pin_pdf(path.with_suffix(".pdf"))
        print(path.name, sum(1 for _ in open(path.with_suffix(".csv"), encoding="utf-8")) - 1, "expected facts")


if __name__ == "__main__":
    main()
