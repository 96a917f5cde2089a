"""Unseen prose-heavy plans (round 2 of issue 12): a prefecture's annual plan, a county's annual plan
of short numbered items, and an excerpt of a five-year plan. Written blind (before running the
pipeline on them); the figures are made up. Each paragraph marks its figures ⟦written|metric|
housing type|options⟧ as scripts/samples/sources/compose.py does, which gives the expected-facts CSV.

    .venv/bin/python tests/data/unseen/make_prose.py     # writes <name>.docx, .pdf and .csv here
"""
from __future__ import annotations

import csv
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path[:0] = [str(REPO / "scripts" / "samples" / "sources"), str(REPO / "scripts" / "samples")]
import compose  # noqa: E402
from compose import COLUMNS, Doc, para_rows  # noqa: E402
from make_samples import build_docx, export_pdfs, pin_pdf, save_reproducible  # noqa: E402

compose.UNITS.update({"亩": ("m2", 10000 / 15), "万亩": ("m2", 100000000 / 15), "平方公里": ("m2", 1e6),
                      "万人": ("person", 1e4), "套（间）": ("unit", 1),
                      "倍": ("ratio", 1), "元/平方米": ("yuan_per_m2", 1)})



def liuzhou() -> Doc:
    doc = Doc("liuzhou-2026-annual-plan", "柳州市", 2026)
    act = "p=2025;k=actual"
    doc.items = [
        "柳州市2026年住房发展年度计划",
        "为贯彻落实国家和自治区关于构建房地产发展新模式的部署要求，以人定房、以房定地、以房定钱，促进房地产市场平稳健康发展，"
        "依据《柳州市住房发展规划》及相关政策文件，结合我市住房市场运行情况，制定本计划。",
        "一、2025年住房发展情况",
        f"2025年，全市商品住房新开工面积⟦152.3万平方米|new_start_floor_area|commercial|{act}⟧，"
        f"同比下降⟦12.6%|growth_rate|commercial|{act}⟧；"
        f"商品住房销售面积⟦208.7万平方米|sales_floor_area|commercial|{act}⟧，同比增长⟦3.1%|growth_rate|commercial|{act}⟧。",
        f"上年全市实际供应住宅用地⟦2860亩|land_supply_residential|all|{act}⟧，完成年度计划的⟦91.5%|completion_rate|all|{act}⟧。",
        f"截至2025年末，全市商品住房库存约⟦1120万平方米|inventory_floor_area|commercial|{act};q=approx⟧，"
        f"去化周期⟦22.4个月|destocking_months|commercial|{act}⟧。",
        f"全年筹集保障性租赁住房⟦3418套（间）|supply_units|affordable_rental|{act}⟧，"
        f"发放住房租赁补贴⟦6250户|rental_subsidy_households|affordable|{act}⟧，"
        f"开工改造城镇老旧小区⟦135个|renewal_communities|old_community|{act}⟧。",
        "二、2026年住房发展目标",
        "（一）住房用地供应",
        "2026年全市计划供应住宅用地⟦2350亩|land_supply_residential|all⟧，同比下降⟦17.8%|growth_rate|all⟧，"
        "其中商品住宅用地⟦1980亩|land_supply_residential|commercial⟧，保障性住房用地⟦370亩|land_supply_residential|affordable⟧。",
        "中心城区住宅用地供应规模控制在⟦1.2平方公里|land_supply_residential|all|r=中心城区;q=at_most⟧以内，"
        "新增供地优先布局在轨道交通站点周边和产业园区配套区域。",
        "（二）商品住房",
        "计划新开工商品住房⟦1.35万套|new_start_units|commercial⟧、建筑面积约⟦145万平方米|new_start_floor_area|commercial|q=approx⟧，"
        "竣工商品住房⟦160万平方米|completion_floor_area|commercial|q=approx⟧左右。",
        "全市商品住房去化周期力争控制在⟦18个月|destocking_months|commercial|q=at_most⟧以内，"
        "中心城区新建商品住房成交均价保持在⟦7500|price|commercial|r=中心城区;q=range_low;v=7500;u=yuan_per_m2;w=元/平方米⟧—"
        "⟦9000元/平方米|price|commercial|r=中心城区;q=range_high⟧区间。",
        "（三）保障性住房",
        "2026年全市计划建设筹集各类保障性住房⟦5200套|supply_units|affordable⟧，其中：配售型保障性住房⟦800套|supply_units|affordable_for_sale⟧，"
        "保障性租赁住房⟦3600套（间）|supply_units|affordable_rental⟧，公租房⟦300套|supply_units|public_rental⟧，"
        "人才住房⟦500套|supply_units|talent⟧。",
        "全年发放住房租赁补贴不少于⟦6000户|rental_subsidy_households|affordable|q=at_least⟧，"
        "对公租房保障家庭实物配租⟦一千二百户|assisted_households|public_rental|v=1200;u=household;w=户⟧。",
        "（四）城市更新",
        "计划开工改造城镇老旧小区⟦120个|renewal_communities|old_community⟧，涉及居民约⟦1.8万户|renewal_households|old_community|q=approx⟧；"
        "实施城中村改造项目⟦6个|renewal_communities|urban_village⟧，新开工安置住房⟦2400套|new_start_units|resettlement⟧。",
        "（五）资金需求",
        "经测算，2026年全市房地产项目合理融资需求约⟦185亿元|financing_demand|all|q=approx⟧，"
        "其中商品住房项目⟦150亿元|financing_demand|commercial⟧，保障性住房项目⟦35亿元|financing_demand|affordable⟧。",
        "全年计划完成住房建设投资⟦320亿元|investment|all⟧，同比增长⟦5%|growth_rate|all|q=approx⟧左右。",
        "三、各城区及县计划安排",
        "柳北区计划供应住宅用地⟦420亩|land_supply_residential|all|r=柳北区⟧，新开工商品住房⟦2600套|new_start_units|commercial|r=柳北区⟧；"
        "鱼峰区计划供应住宅用地⟦380亩|land_supply_residential|all|r=鱼峰区⟧，新开工商品住房⟦2100套|new_start_units|commercial|r=鱼峰区⟧。",
        "柳江区计划筹集保障性租赁住房⟦600套（间）|supply_units|affordable_rental|r=柳江区⟧，"
        "鹿寨县计划改造城镇老旧小区⟦15个|renewal_communities|old_community|r=鹿寨县⟧。",
        "四、保障措施",
        "各城区、各有关部门要于2026年3月底前制定具体实施方案，每季度末向市住房和城乡建设局报送计划执行情况。"
        "本计划自印发之日起施行，由柳州市住房和城乡建设局负责解释。",
    ]
    return doc


def anji() -> Doc:
    doc = Doc("anji-2025-annual-plan", "安吉县", 2025)
    act = "p=2024;k=actual"
    doc.items = [
        "安吉县2025年住房发展年度计划",
        "根据《湖州市住房发展规划》和省住房和城乡建设厅工作要求，结合我县实际，制定本计划。",
        "一、2024年计划完成情况",
        f"1. 全县实际出让住宅用地⟦386亩|land_supply_residential|all|{act}⟧。",
        f"2. 商品住房新开工⟦2150套|new_start_units|commercial|{act}⟧。",
        f"3. 商品住房竣工⟦26.8万平方米|completion_floor_area|commercial|{act}⟧。",
        f"4. 筹集保障性租赁住房⟦650套|supply_units|affordable_rental|{act}⟧。",
        f"5. 截至2024年12月底，商品住房去化周期为⟦15个月|destocking_months|commercial|{act}⟧。",
        "二、2025年住房发展目标",
        "1. 住宅用地供应。计划供应住宅用地⟦300亩|land_supply_residential|all|q=approx⟧左右。",
        "2. 其中商品住宅用地⟦260亩|land_supply_residential|commercial⟧。",
        "3. 保障性住房用地⟦40亩|land_supply_residential|affordable⟧。",
        "4. 商品住房新开工。计划新开工商品住房⟦1800套|new_start_units|commercial⟧。",
        "5. 新开工面积⟦21万平方米|new_start_floor_area|commercial⟧。",
        "6. 保障性住房。新筹集保障性租赁住房⟦500套|supply_units|affordable_rental⟧。",
        "7. 共有产权住房⟦100套|supply_units|shared_ownership⟧。",
        "8. 发放住房租赁补贴⟦120户|rental_subsidy_households|affordable|q=at_least⟧以上。",
        "9. 改造城镇老旧小区⟦8个|renewal_communities|old_community⟧，惠及居民⟦960户|renewal_households|old_community⟧。",
        "10. 完成住房建设投资⟦42亿元|investment|all⟧。",
        "11. 房地产项目合理融资需求⟦18.5亿元|financing_demand|all⟧。",
        "12. 商品住房去化周期控制在⟦12|destocking_months|commercial|q=range_low;v=12;u=month;w=个月⟧—"
        "⟦18个月|destocking_months|commercial|q=range_high⟧。",
        "13. 新增人才住房⟦二百套|supply_units|talent|v=200;u=unit;w=套⟧。",
        "三、区域分布",
        "1. 递铺街道计划供应住宅用地⟦120亩|land_supply_residential|all|r=递铺街道⟧。",
        "2. 孝丰镇计划供应住宅用地⟦45亩|land_supply_residential|all|r=孝丰镇⟧。",
        "3. 天子湖镇计划新开工商品住房⟦320套|new_start_units|commercial|r=天子湖镇⟧。",
        "四、工作要求",
        "1. 各乡镇（街道）于2025年6月底前完成年度用地出让计划的50%。",
        "2. 县住建局每月10日前汇总上月计划执行情况。",
    ]
    # "完成年度用地出让计划的50%" is a deadline's share of the plan: a figure too
    doc.items[-2] = ("1. 各乡镇（街道）于2025年6月底前完成年度用地出让计划的⟦50%|completion_rate|all|k=plan⟧。")
    return doc


def yancheng() -> Doc:
    doc = Doc("yancheng-2026-2030-housing-plan-excerpt", "盐城市", 2025)
    rev = "p=2021-2025;k=actual"
    five = "p=2026-2030"
    doc.items = [
        "盐城市“十五五”住房发展规划（2026—2030年）（摘要）",
        "一、“十四五”时期住房发展回顾",
        f"“十四五”期间，全市累计供应住宅用地⟦2.1万亩|land_supply_residential|all|{rev}⟧，"
        f"商品住房累计销售⟦3210万平方米|sales_floor_area|commercial|{rev}⟧，"
        f"累计建设筹集保障性租赁住房⟦4.6万套（间）|supply_units|affordable_rental|{rev}⟧。",
        f"五年间共改造城镇老旧小区⟦612个|renewal_communities|old_community|{rev}⟧，惠及居民⟦12.3万户|renewal_households|old_community|{rev}⟧，"
        f"完成棚户区改造⟦2.4万套|renewal_units|shantytown|{rev}⟧。",
        "2025年末，全市城镇居民人均住房建筑面积达到⟦45.6平方米|per_capita_floor_area|all|p=2025;k=actual⟧，"
        "常住人口城镇化率⟦68.2%|urbanisation_rate|all|p=2025;k=actual⟧。",
        "二、“十五五”住房发展目标",
        "到2030年，全市城镇居民人均住房建筑面积达到⟦48平方米|per_capita_floor_area|all|p=2030;q=approx⟧左右，"
        "常住人口城镇化率达到⟦72%|urbanisation_rate|all|p=2030⟧。",
        f"“十五五”期间，全市计划供应住宅用地⟦1.5万亩|land_supply_residential|all|{five}⟧，"
        f"年均约⟦3000亩|land_supply_residential|all|{five};q=approx⟧。",
        f"新增商品住房供应⟦2000万平方米|supply_floor_area|commercial|{five}⟧，建设筹集保障性住房⟦3万套|supply_units|affordable|{five}⟧，"
        f"其中配售型保障性住房⟦0.8万套|supply_units|affordable_for_sale|{five}⟧、"
        f"保障性租赁住房⟦2.2万套（间）|supply_units|affordable_rental|{five}⟧。",
        f"完成城镇老旧小区改造⟦420个|renewal_communities|old_community|{five}⟧，"
        f"实施城中村改造⟦35个|renewal_communities|urban_village|{five}⟧。",
        f"预计“十五五”期间全市新增城镇人口约⟦25万人|population|all|{five};k=forecast;q=approx⟧。",
        "分年度看，2026年计划供应住宅用地⟦3500亩|land_supply_residential|all|p=2026⟧，"
        "2027年⟦3200亩|land_supply_residential|all|p=2027⟧，"
        "2028年至2030年每年控制在⟦2800亩|land_supply_residential|all|p=2028-2030;q=at_most⟧以内。",
        "到2030年，全市商品住房去化周期保持在⟦12|destocking_months|commercial|p=2030;q=range_low;v=12;u=month;w=个月⟧至"
        "⟦18个月|destocking_months|commercial|p=2030;q=range_high⟧的合理区间。",
        "到“十五五”末，全市住房租赁补贴发放户数不低于⟦8000户|rental_subsidy_households|affordable|p=2030;q=at_least⟧。",
        f"其中市区供应住宅用地⟦0.9万亩|land_supply_residential|all|r=市区;{five}⟧。",
        "2029年、2030年分别计划新开工保障性住房⟦4000套|new_start_units|affordable|p=2029⟧和⟦3500套|new_start_units|affordable|p=2030⟧。",
    ]
    return doc


def nanyang() -> Doc:
    """A prefecture's plan in other wording: 较上年/比上年 changes, a land figure with its 亩 equivalent
    in an aside, 由…缩短至…, years that describe the object (2000年底前建成), a quarter's figure, 预计."""
    doc = Doc("nanyang-2025-annual-plan", "南阳市", 2025)
    act = "p=2024;k=actual"
    doc.items = [
        "南阳市2025年度住房发展计划",
        "为加快构建房地产发展新模式，推动“人、房、地、钱”要素联动，根据国家和省有关工作要求，结合我市住房需求变化和存量住房情况，"
        "编制本计划。",
        "一、上年度计划执行情况",
        f"2024年，全市新建商品住房销售面积⟦486.2万平方米|sales_floor_area|commercial|{act}⟧，比上年下降⟦9.7%|growth_rate|commercial|{act}⟧；"
        f"房地产开发投资完成⟦312亿元|investment|all|{act}⟧，较上年增长⟦2.4%|growth_rate|all|{act}⟧。",
        f"去年全市出让住宅用地⟦2.6平方公里|land_supply_residential|all|{act}⟧，"
        f"筹集保障性租赁住房⟦1,250套|supply_units|affordable_rental|{act}⟧。",
        "二、2025年住房发展目标",
        "（一）用地供应。2025年全市计划供应住宅用地⟦3.2平方公里|land_supply_residential|all⟧"
        "（约⟦4800亩|land_supply_residential|all|q=approx⟧），其中市区⟦2.1平方公里|land_supply_residential|all|r=市区⟧，"
        "各县（市）⟦1.1平方公里|land_supply_residential|all|r=各县（市）⟧。"
        "一季度计划供应住宅用地⟦600亩|land_supply_residential|all⟧。",
        "（二）商品住房。全年新建商品住房约⟦0.85万套|supply_units|commercial|q=approx⟧；"
        "商品住房去化周期由上年末的⟦20.5个月|destocking_months|commercial|{act}⟧缩短至⟦16个月|destocking_months|commercial|q=approx⟧左右。".replace("{act}", act),
        "预计2025年全市商品住房销售面积约⟦520万平方米|sales_floor_area|commercial|k=forecast;q=approx⟧。",
        "新建商品住房套型以⟦90|dwelling_size|commercial|k=standard;q=range_low;v=90;u=m2;w=平方米⟧至"
        "⟦120平方米|dwelling_size|commercial|k=standard;q=range_high⟧为主。",
        "（三）保障性住房。计划筹集配售型保障性住房⟦1200套|supply_units|affordable_for_sale⟧"
        "（其中宛城区⟦800套|supply_units|affordable_for_sale|r=宛城区⟧、卧龙区⟦400套|supply_units|affordable_for_sale|r=卧龙区⟧），"
        "新增筹集公租房⟦一百五十套|supply_units|public_rental|v=150;u=unit;w=套⟧。",
        "保障性租赁住房中，建筑面积⟦70平方米|dwelling_size|affordable_rental|k=standard;q=at_most⟧以下的小户型占比不低于⟦百分之七十|share|affordable_rental|k=standard;q=at_least;v=70;u=percent⟧。",
        "向符合条件的⟦3500户|rental_subsidy_households|affordable⟧城镇住房困难家庭发放租赁补贴，"
        "补贴资金约⟦1260万元|housing_subsidy|affordable|q=approx⟧。",
        "（四）城市更新。改造2000年底前建成的城镇老旧小区⟦85个|renewal_communities|old_community⟧，"
        "惠及居民⟦1.06万户|renewal_households|old_community⟧；"
        "启动城中村改造项目⟦3个|renewal_communities|urban_village⟧，涉及群众约⟦2100户|renewal_households|urban_village|q=approx⟧，"
        "建设安置房⟦1500套|supply_units|resettlement⟧。",
        "（五）融资需求。经测算，全市房地产项目2025年合理融资需求为⟦215亿元|financing_demand|all⟧，"
        "其中镇平县⟦68亿元|financing_demand|all|r=镇平县⟧，西峡县⟦9.5亿元|financing_demand|all|r=西峡县⟧。",
        "（六）价格调控。新建商品住房价格涨幅控制在⟦5%|price_change|commercial|k=standard;q=at_most⟧以内。",
        "三、实施要求",
        "各县（市、区）要在2025年4月30日前将年度计划分解到具体项目和地块，市住房和城乡建设局每半年通报一次计划执行情况。",
    ]
    return doc


def shanghang() -> Doc:
    """A county plan in yet other wording: a sales window (近12个月) that is no figure, “十四五”以来, a
    multiple (倍), a part-year actual (2025年1-3月，已出让), a range of 亩, a fraction in words, a cap
    (最高可达), a dotted date, 由…压缩至…以内, towns."""
    doc = Doc("shanghang-2025-annual-plan", "上杭县", 2025)
    act = "p=2024;k=actual"
    doc.items = [
        "上杭县2025年住房发展年度计划",
        "为稳妥有序做好住房发展工作，更好满足居民刚性和多样化改善性住房需求，结合我县实际，制定本计划。",
        "一、2024年住房发展情况",
        f"截至2024年末，全县商品住房库存面积约⟦86.5万平方米|inventory_floor_area|commercial|{act};q=approx⟧，"
        f"按近12个月平均销售速度测算，去化周期为⟦17.3个月|destocking_months|commercial|{act}⟧。",
        "“十四五”以来，全县累计筹集保障性租赁住房⟦1860套|supply_units|affordable_rental|p=2021-2024;k=actual⟧，"
        "改造城镇老旧小区⟦47个|renewal_communities|old_community|p=2021-2024;k=actual⟧。",
        f"2024年全县新建商品住房成交均价⟦6850元/平方米|price|commercial|{act}⟧，房价收入比约为⟦7.6倍|other|all|{act};q=approx⟧。",
        f"一期安置房⟦420套|completion_units|resettlement|{act}⟧已于2024.12.28交付使用。",
        "二、2025年住房发展目标",
        "2025年1-3月，全县已出让住宅用地⟦52亩|land_supply_residential|all|k=actual⟧。",
        "全年计划供应住宅用地⟦260|land_supply_residential|all|q=range_low;v=173333.333333;u=m2;w=亩⟧至"
        "⟦300亩|land_supply_residential|all|q=range_high⟧，其中保障性住房用地不少于⟦30亩|land_supply_residential|affordable|q=at_least⟧。",
        "计划新开工商品住房约⟦1500套|new_start_units|commercial|q=approx⟧，竣工商品住房⟦1800套|completion_units|commercial|q=at_least⟧以上。",
        "新增筹集保障性租赁住房⟦三百套|supply_units|affordable_rental|v=300;u=unit;w=套⟧，"
        "其中面向新市民、青年人的小户型约占⟦三分之二|share|affordable_rental|v=66.666667;u=percent;q=approx⟧。",
        "住房公积金个人住房贷款额度最高可达⟦60万元|loans_issued|all|k=standard;q=at_most⟧。",
        "计划改造2000年以前建成的城镇老旧小区⟦9个|renewal_communities|old_community⟧、⟦1120户|renewal_households|old_community⟧。",
        "预计全年商品住房销售面积⟦32万平方米|sales_floor_area|commercial|k=forecast;q=approx⟧左右。",
        f"商品住房去化周期由上年末的⟦17.3个月|destocking_months|commercial|{act}⟧压缩至⟦15个月|destocking_months|commercial|q=at_most⟧以内。",
        "蛟洋镇计划供应住宅用地⟦40亩|land_supply_residential|all|r=蛟洋镇⟧，临城镇⟦35亩|land_supply_residential|all|r=临城镇⟧。",
        "三、工作要求",
        "各乡镇要于2025年3月底前报送年度项目清单，县住建局按季度通报进展。",
    ]
    return doc


DOCS = [liuzhou, anji, yancheng, nanyang, shanghang]


def main() -> None:
    for make in DOCS:
        doc = make()
        lines, rows = [], []
        for item in doc.items:
            plain, found = para_rows(doc, item)
            lines.extend([plain, ""])
            for row in found:  # a number in words keeps its unit apart: 二百套 → 二百, 套
                if row["raw_unit"] and row["raw_value"].endswith(row["raw_unit"]):
                    row["raw_value"] = row["raw_value"][: -len(row["raw_unit"])]
            rows.extend(found)
        with tempfile.TemporaryDirectory() as tmp:
            seed = Path(tmp) / f"{doc.name}.seed"
            seed.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")
            title = lines[0]
            docx, _ = build_docx(seed, doc.name, title)
            save_reproducible(docx, HERE / f"{doc.name}.docx")
        with (HERE / f"{doc.name}.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        print(f"{doc.name}: {len(rows)} expected facts")
    docx_files = [HERE / f"{make().name}.docx" for make in DOCS]
    export_pdfs(docx_files, HERE)
    for p in docx_files:
        pin_pdf(p.with_suffix(".pdf"))


if __name__ == "__main__":
    main()
