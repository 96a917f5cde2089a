"""Unseen documents of the "who, what and where" family (issue 12, round 2): who issued a document,
what kind it is, and which place each figure is about. Written blind, without running the pipeline
first; each document with its expected facts.

- places-luoyang-2025-notice: a 市人民政府办公室 notice 关于印发《…年度计划》的通知, the plan as its 附件
  after the notice text; a table by county and district with an ethnic district in its short form
  (…回族区 → …区) and a named area (…高新区).
- places-neimenggu-2025-targets: an autonomous region's target notice (two issuing bodies on one
  line), 全区 = the whole autonomous region, 盟 and 旗 names (…族自治旗), cities directly managed
  (计划单列) in the table, a 全区合计 row, two-level header.
- places-jiangjin-2025-annual-plan: a district of a 直辖市 (重庆市…区…计划): the jurisdiction is the
  district, table rows are 街道 and 镇 (outside the division table: region as written, no code).
- places-kunshan-2025-annual-plan: a county-level city (县级市) under a prefecture; its title names no
  place (the issuing bureau signs at the end), 全市 = the county-level city, the prefecture hands
  down targets to 我市, rows of 镇 (one with 市 in its name) and development zones.
- places-xinjiang-2025-targets: 新疆's target notice: rows of 地区, 自治州 in their one-character short
  forms (巴州, 克州, 博州), 伊犁州直 (the part of a prefecture its own government runs), the XPCC
  (兵团, 第八师石河子市, 第三师 with no city) and a 自治区合计 row.
- places-roundup-2025-southwest: a news roundup over provinces written in short forms (贵州, 黔南州,
  遵义, 云南), a comparison between them (与贵州相比，云南…), 全省 after a short name.

The figures are made up. Uses scripts/samples/sources/compose.py's marks (⟦written|metric|housing type|
options⟧) and scripts/samples/make_samples.py's Word builder:

    .venv/bin/python tests/data/unseen/make_places.py          # .csv, .docx and .pdf
"""
from __future__ import annotations

import csv
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path.insert(0, str(REPO / "scripts" / "samples" / "sources"))
sys.path.insert(0, str(REPO / "scripts" / "samples"))
import compose  # noqa: E402
import make_samples  # noqa: E402
from compose import COLUMNS, Column, Doc, Table, flatten, para_rows, plain, table_rows, total_row  # noqa: E402


def luoyang() -> Doc:
    rows = [
        ["涧西区", "46.50", "620", "150", "22"],
        ["西工区", "28.30", "410", "100", "19"],
        ["老城区", "12.60", "180", "—", "27"],
        ["瀍河区", "10.80", "160", "—", "31"],
        ["洛龙区", "78.20", "760", "250", "16"],
        ["偃师区", "24.70", "220", "80", "12"],
        ["孟津区", "21.40", "200", "70", "10"],
        ["新安县", "9.60", "90", "—", "8"],
        ["宜阳县", "8.10", "80", "—", "7"],
        ["伊川县", "10.30", "100", "—", "9"],
        ["嵩县", "4.20", "40", "—", "5"],
        ["栾川县", "5.50", "60", "—", "6"],
        ["洛阳高新区", "19.80", "280", "150", "14"],
    ]
    total = total_row("合计", rows, [2, 0, 0, 0])
    t = Table(
        title="附表 2025年各县（市、区）住房发展主要指标分解表",
        header=[["县（市、区）", "商品住房新开工面积（万平方米）", "保障性租赁住房（套）", "配售型保障性住房（套）",
                 "老旧小区改造（个）"]],
        paths=["商品住房新开工面积（万平方米）", "保障性租赁住房（套）", "配售型保障性住房（套）", "老旧小区改造（个）"],
        columns=[Column("new_start_floor_area", "commercial", "万平方米"), Column("supply_units", "affordable_rental", "套"),
                 Column("new_start_units", "affordable_for_sale", "套"),
                 Column("renewal_communities", "old_community", "个")],
        rows=[*rows, total])
    tot = [plain(x) for x in total[1:]]
    doc = Doc("places-luoyang-2025-notice", "洛阳市", 2025)
    doc.items = [
        "洛阳市人民政府办公室",
        "洛政办〔2025〕17号",
        "洛阳市人民政府办公室关于印发《洛阳市2025年住房发展年度计划》的通知",
        "各县（市、区）人民政府，市人民政府有关部门，各开发区管委会：",
        "《洛阳市2025年住房发展年度计划》已经市政府研究同意，现印发给你们，请结合实际认真组织实施。",
        "洛阳市人民政府办公室",
        "2025年4月2日",
        "附件",
        "洛阳市2025年住房发展年度计划",
        "为稳定住房消费预期，推动房地产市场平稳健康发展，依据国家和省有关要求，结合我市实际，制定本计划。",
        "一、2024年住房发展回顾",
        "上年，全市商品住房销售面积⟦528.6万平方米|sales_floor_area|commercial|p=2024;k=actual⟧，"
        "新开工商品住房⟦302.4万平方米|new_start_floor_area|commercial|p=2024;k=actual⟧，"
        "筹集保障性租赁住房⟦4860套|supply_units|affordable_rental|p=2024;k=actual⟧。",
        "二、2025年住房发展目标",
        f"（一）商品住房。2025年全市计划新开工商品住房⟦{tot[0]}万平方米|new_start_floor_area|commercial⟧，"
        "其中中心城区⟦176.4万平方米|new_start_floor_area|commercial|r=中心城区⟧。",
        "（二）住宅用地。全市计划供应住宅用地⟦236公顷|land_supply_residential|all⟧，"
        "其中偃师区⟦28公顷|land_supply_residential|all|r=偃师区⟧，孟津区⟦22公顷|land_supply_residential|all|r=孟津区⟧。",
        f"（三）保障性住房。全市计划筹集保障性租赁住房⟦{tot[1]}套|supply_units|affordable_rental⟧，"
        f"新开工配售型保障性住房⟦{tot[2]}套|new_start_units|affordable_for_sale⟧，"
        "发放城镇住房保障家庭租赁补贴⟦5600户|rental_subsidy_households|affordable⟧。",
        f"（四）城市更新。全市改造城镇老旧小区⟦{tot[3]}个|renewal_communities|old_community⟧，"
        "其中瀍河回族区⟦31个|renewal_communities|old_community|r=瀍河回族区⟧、"
        "老城区⟦27个|renewal_communities|old_community|r=老城区⟧。",
        "各县（市、区）目标任务详见附表。",
        t,
        "三、保障措施",
        "各县（市、区）人民政府要压实属地责任，每季度首月10日前将计划执行情况报送市住房和城乡建设局。",
    ]
    return doc


def neimenggu() -> Doc:
    rows = [
        ["呼和浩特市", "500", "3200", "180", "24600", "3600"],
        ["包头市", "420", "2600", "160", "21800", "3100"],
        ["呼伦贝尔市", "150", "600", "110", "11900", "1800"],
        ["兴安盟", "80", "300", "70", "7400", "1100"],
        ["通辽市", "200", "900", "120", "13600", "2000"],
        ["赤峰市", "240", "1100", "150", "17200", "2500"],
        ["锡林郭勒盟", "90", "400", "80", "8300", "1200"],
        ["乌兰察布市", "110", "500", "100", "10500", "1500"],
        ["鄂尔多斯市", "300", "1300", "90", "9800", "1400"],
        ["巴彦淖尔市", "100", "400", "90", "9200", "1300"],
        ["乌海市", "60", "200", "50", "5600", "700"],
        ["阿拉善盟", "30", "100", "20", "2100", "300"],
        ["满洲里市", "40", "150", "25", "2600", "400"],
        ["二连浩特市", "20", "80", "10", "1100", "200"],
    ]
    total = total_row("全区合计", rows, [0, 0, 0, 0, 0])
    t = Table(
        title="2025年全区城镇保障性安居工程计划任务表",
        header=[["盟市", "配售型保障性住房新开工（套）", "保障性租赁住房筹集（套（间））", "城镇老旧小区改造",
                 "城镇住房保障家庭租赁补贴（户）"],
                ["", "", "", "小区数（个）", "户数（户）", ""]],
        paths=["配售型保障性住房新开工（套）", "保障性租赁住房筹集（套（间））", "城镇老旧小区改造 / 小区数（个）",
               "城镇老旧小区改造 / 户数（户）", "城镇住房保障家庭租赁补贴（户）"],
        columns=[Column("new_start_units", "affordable_for_sale", "套"),
                 Column("supply_units", "affordable_rental", "套（间）"),
                 Column("renewal_communities", "old_community", "个"),
                 Column("renewal_households", "old_community", "户"),
                 Column("rental_subsidy_households", "affordable", "户")],
        rows=[*rows, total], totals=("全区合计",))
    tot = total[1:]
    doc = Doc("places-neimenggu-2025-targets", "内蒙古自治区", 2025)
    doc.items = [
        "内蒙古自治区住房和城乡建设厅  内蒙古自治区财政厅",
        "内建保〔2025〕41号",
        "关于下达2025年全区城镇保障性安居工程计划任务的通知",
        "各盟市住房和城乡建设局、财政局，满洲里市、二连浩特市住房和城乡建设局、财政局：",
        "根据国家下达我区的年度任务，经自治区人民政府同意，现将2025年全区城镇保障性安居工程计划任务下达你们，"
        "请抓紧分解落实到旗县（市、区）和具体项目。",
        "一、年度任务",
        f"2025年，全区计划新开工配售型保障性住房⟦{tot[0]}套|new_start_units|affordable_for_sale⟧，"
        f"筹集保障性租赁住房⟦{tot[1]}套（间）|supply_units|affordable_rental⟧，"
        f"改造城镇老旧小区⟦{tot[2]}个|renewal_communities|old_community⟧、"
        f"惠及居民⟦{tot[3]}户|renewal_households|old_community⟧，"
        f"为⟦{tot[4]}户|rental_subsidy_households|affordable⟧城镇住房保障家庭发放租赁补贴。",
        "上年全区共改造城镇老旧小区⟦1418个|renewal_communities|old_community|p=2024;k=actual⟧，"
        "超额完成国家下达任务。",
        "呼伦贝尔市鄂温克族自治旗改造城镇老旧小区⟦12个|renewal_communities|old_community|r=鄂温克族自治旗⟧，"
        "兴安盟科尔沁右翼前旗改造⟦9个|renewal_communities|old_community|r=科尔沁右翼前旗⟧，"
        "列入自治区重点督办项目。",
        "阿拉善盟阿拉善左旗计划筹集保障性租赁住房⟦60套（间）|supply_units|affordable_rental|r=阿拉善左旗⟧。",
        "二、资金安排",
        "自治区本级财政安排城镇保障性安居工程补助资金⟦4.6亿元|housing_subsidy|affordable⟧，"
        "按任务量、绩效评价结果等因素分配到各盟市。",
        "三、工作要求",
        "各盟市要在5月底前将任务分解到旗县（市、区），10月底前老旧小区改造项目开工率达到"
        "⟦90%|completion_rate|old_community|q=at_least⟧以上。",
        "附件：2025年全区城镇保障性安居工程计划任务表",
        t,
        "内蒙古自治区住房和城乡建设厅",
        "2025年3月25日",
    ]
    return doc


def jiangjin() -> Doc:
    rows = [
        ["几江街道", "8.60", "150", "9"],
        ["德感街道", "10.40", "180", "6"],
        ["鼎山街道", "12.20", "200", "7"],
        ["双福街道", "21.50", "320", "4"],
        ["圣泉街道", "6.30", "100", "3"],
        ["珞璜镇", "7.80", "120", "3"],
        ["白沙镇", "3.20", "40", "5"],
        ["支坪镇", "2.60", "30", "2"],
        ["油溪镇", "2.10", "20", "3"],
        ["江津综合保税区", "3.30", "40", "—"],
    ]
    total = total_row("合计", rows, [2, 0, 0])
    t = Table(
        title="表1 2025年街镇住房发展计划表（单位：万平方米、套（间）、个）",
        header=[["街镇", "商品住房新开工面积", "保障性租赁住房筹集", "老旧小区改造"]],
        paths=["商品住房新开工面积", "保障性租赁住房筹集", "老旧小区改造"],
        columns=[Column("new_start_floor_area", "commercial", "万平方米"),
                 Column("supply_units", "affordable_rental", "套（间）"),
                 Column("renewal_communities", "old_community", "个")],
        rows=[*rows, total])
    tot = [plain(x) for x in total[1:]]
    doc = Doc("places-jiangjin-2025-annual-plan", "江津区", 2025)
    doc.items = [
        "重庆市江津区2025年住房发展年度计划",
        "重庆市江津区住房和城乡建设委员会",
        "一、发展基础",
        "2024年，全区商品住房新开工面积⟦86.4万平方米|new_start_floor_area|commercial|p=2024;k=actual⟧，"
        "销售面积⟦102.7万平方米|sales_floor_area|commercial|p=2024;k=actual⟧，"
        "年末商品住房去化周期⟦21.5个月|destocking_months|commercial|p=2024;k=actual⟧。",
        "二、年度目标",
        f"2025年，全区计划供应住宅用地⟦52.8公顷|land_supply_residential|all⟧，"
        f"新开工商品住房⟦{tot[0]}万平方米|new_start_floor_area|commercial⟧，"
        f"筹集保障性租赁住房⟦{tot[1]}套（间）|supply_units|affordable_rental⟧，"
        f"改造城镇老旧小区⟦{tot[2]}个|renewal_communities|old_community⟧。",
        "其中，双福街道计划新开工商品住房⟦21.5万平方米|new_start_floor_area|commercial|r=双福街道⟧，"
        "珞璜镇计划筹集保障性租赁住房⟦120套（间）|supply_units|affordable_rental|r=珞璜镇⟧。",
        "力争年末全区商品住房去化周期降至⟦18个月|destocking_months|commercial|q=at_most⟧以内。",
        "各街镇年度目标见表1。",
        t,
        "三、保障措施",
        "各街镇要建立项目台账，按月向区住房城乡建委报送计划执行情况。",
        "重庆市江津区住房和城乡建设委员会",
        "2025年3月10日",
    ]
    return doc


def kunshan() -> Doc:
    rows = [
        ["玉山镇", "38.50", "900", "21"],
        ["周市镇", "22.40", "420", "8"],
        ["陆家镇", "9.60", "180", "5"],
        ["张浦镇", "11.20", "200", "6"],
        ["千灯镇", "8.30", "120", "4"],
        ["淀山湖镇", "5.10", "60", "2"],
        ["巴城镇", "7.80", "100", "3"],
        ["昆山开发区", "26.70", "520", "9"],
        ["昆山高新区", "24.10", "480", "7"],
        ["花桥经济开发区", "18.30", "380", "4"],
    ]
    total = total_row("合计", rows, [2, 0, 0])
    t = Table(
        title="2025年各区镇住房发展计划表",
        header=[["区镇", "商品住房新开工（万平方米）", "保障性租赁住房（套）", "老旧小区改造（个）"]],
        paths=["商品住房新开工（万平方米）", "保障性租赁住房（套）", "老旧小区改造（个）"],
        columns=[Column("new_start_floor_area", "commercial", "万平方米"),
                 Column("supply_units", "affordable_rental", "套"),
                 Column("renewal_communities", "old_community", "个")],
        rows=[*rows, total])
    tot = [plain(x) for x in total[1:]]
    doc = Doc("places-kunshan-2025-annual-plan", "昆山市", 2025)
    doc.items = [
        "2025年度住房发展计划",
        "为促进全市房地产市场平稳健康发展，满足居民刚性和改善性住房需求，制定本计划。",
        "一、上年执行情况",
        "上年全市商品住房新开工⟦168.2万平方米|new_start_floor_area|commercial|p=2024;k=actual⟧，"
        "筹集保障性租赁住房⟦3350套|supply_units|affordable_rental|p=2024;k=actual⟧，"
        "占苏州全市筹集总量的⟦17.6%|share|affordable_rental|p=2024;k=actual⟧。",
        "二、年度目标",
        f"苏州市下达我市2025年保障性租赁住房筹集任务⟦{tot[1]}套|supply_units|affordable_rental⟧。",
        f"2025年全市计划新开工商品住房⟦{tot[0]}万平方米|new_start_floor_area|commercial⟧，"
        "供应住宅用地⟦96.5公顷|land_supply_residential|all⟧，"
        f"改造老旧小区⟦{tot[2]}个|renewal_communities|old_community⟧。",
        "其中，花桥经济开发区计划供应住宅用地⟦14.2公顷|land_supply_residential|all|r=花桥经济开发区⟧，"
        "周市镇计划供应住宅用地⟦11.8公顷|land_supply_residential|all|r=周市镇⟧。",
        "各区镇具体目标见下表。",
        t,
        "三、工作措施",
        "各区镇要落实属地责任，每季度末将计划完成情况报市住房和城乡建设局。",
        "昆山市住房和城乡建设局",
        "2025年2月20日",
    ]
    return doc


def xinjiang() -> Doc:
    rows = [
        ["乌鲁木齐市", "1200", "4600", "210", "18900"],
        ["克拉玛依市", "300", "900", "60", "5200"],
        ["哈密市", "180", "500", "70", "6100"],
        ["昌吉州", "400", "1300", "120", "10800"],
        ["伊犁州直", "380", "1200", "150", "12700"],
        ["塔城地区", "120", "400", "80", "6600"],
        ["阿勒泰地区", "90", "300", "60", "4900"],
        ["博州", "80", "260", "40", "3500"],
        ["巴州", "360", "1100", "130", "11200"],
        ["阿克苏地区", "320", "1000", "140", "12100"],
        ["克州", "60", "200", "30", "2600"],
        ["和田地区", "150", "500", "90", "7800"],
        ["兵团", "260", "800", "110", "9400"],
    ]
    total = total_row("自治区合计", rows, [0, 0, 0, 0])
    t = Table(
        title="附件 2025年城镇保障性安居工程目标任务表",
        header=[["地州市", "配售型保障性住房（套）", "保障性租赁住房（套）", "老旧小区改造（个）", "老旧小区改造惠及户数（户）"]],
        paths=["配售型保障性住房（套）", "保障性租赁住房（套）", "老旧小区改造（个）", "老旧小区改造惠及户数（户）"],
        columns=[Column("new_start_units", "affordable_for_sale", "套"),
                 Column("supply_units", "affordable_rental", "套"),
                 Column("renewal_communities", "old_community", "个"),
                 Column("renewal_households", "old_community", "户")],
        rows=[*rows, total], totals=("自治区合计",))
    tot = total[1:]
    j = "新疆维吾尔自治区"
    doc = Doc("places-xinjiang-2025-targets", j, 2025)
    doc.items = [
        "新疆维吾尔自治区住房和城乡建设厅关于下达2025年城镇保障性安居工程目标任务的通知",
        "新建房〔2025〕23号",
        "各地、州、市住房和城乡建设局，兵团住房和城乡建设局：",
        "现将2025年城镇保障性安居工程目标任务下达给你们，请于4月底前分解到县市和项目。",
        f"2025年，全区计划新开工配售型保障性住房⟦{tot[0]}套|new_start_units|affordable_for_sale⟧，"
        f"筹集保障性租赁住房⟦{tot[1]}套|supply_units|affordable_rental⟧，"
        f"改造城镇老旧小区⟦{tot[2]}个|renewal_communities|old_community⟧，"
        f"惠及居民⟦{tot[3]}户|renewal_households|old_community⟧。",
        "南疆四地州中，巴州计划改造老旧小区⟦130个|renewal_communities|old_community|r=巴州⟧，"
        "克州计划筹集保障性租赁住房⟦200套|supply_units|affordable_rental|r=克州⟧。",
        "兵团方面，第八师石河子市计划新开工配售型保障性住房⟦120套|new_start_units|affordable_for_sale|r=第八师石河子市⟧，"
        "第三师计划改造老旧小区⟦14个|renewal_communities|old_community|r=第三师⟧。",
        "自治区本级安排补助资金⟦2.8亿元|housing_subsidy|affordable⟧，支持任务较重的南疆地州。",
        t,
        "新疆维吾尔自治区住房和城乡建设厅",
        "2025年3月12日",
    ]
    return doc


def roundup() -> Doc:
    doc = Doc("places-roundup-2025-southwest", None, 2025)
    doc.items = [
        "西南多地发布2025年住房发展目标",
        "近日，贵州、云南两省及多个市州陆续公布今年住房发展目标，保障性住房建设和城市更新成为重点。",
        "贵州今年计划筹集保障性租赁住房⟦1.2万套（间）|supply_units|affordable_rental|r=贵州⟧，"
        "改造城镇老旧小区⟦780个|renewal_communities|old_community|r=贵州⟧。",
        "去年，贵州共改造城镇老旧小区⟦705个|renewal_communities|old_community|r=贵州;p=2024;k=actual⟧。",
        "在市州层面，黔南州计划改造老旧小区⟦96个|renewal_communities|old_community|r=黔南州⟧，"
        "遵义计划筹集保障性租赁住房⟦2600套（间）|supply_units|affordable_rental|r=遵义⟧。",
        "云南提出，今年全省将新开工配售型保障性住房⟦3500套|new_start_units|affordable_for_sale|r=云南⟧。",
        "与贵州相比，云南今年的城中村改造任务更重，计划实施城中村改造项目"
        "⟦46个|renewal_communities|urban_village|r=云南⟧。",
        "昆明计划供应住宅用地约⟦420公顷|land_supply_residential|all|r=昆明;q=approx⟧，"
        "大理州计划改造老旧小区⟦38个|renewal_communities|old_community|r=大理州⟧。",
        "业内人士认为，两省目标兼顾了去库存与保民生，城市更新将成为稳投资的重要抓手。",
        "（记者 周宁）",
    ]
    return doc


DOCS = {  # name -> (the document, its title, options of build_docx, header specs by table title)
    "places-luoyang-2025-notice": (luoyang, "洛阳市人民政府办公室关于印发《洛阳市2025年住房发展年度计划》的通知",
                                   dict(center=["洛阳市人民政府办公室", "洛政办〔2025〕17号"], right=["2025年4月2日"],
                                        page_break=["附件"]), {}),
    "places-neimenggu-2025-targets": (neimenggu, "关于下达2025年全区城镇保障性安居工程计划任务的通知",
                                      dict(center=["内蒙古自治区住房和城乡建设厅  内蒙古自治区财政厅", "内建保〔2025〕41号"],
                                           right=["2025年3月25日"]),
                                      {"2025年全区城镇保障性安居工程计划任务表": dict(spans=[1, 1, 1, 2, 1],
                                                                                   vmerge=[0, 1, 2, 5], header_rows=2)}),
    "places-jiangjin-2025-annual-plan": (jiangjin, "重庆市江津区2025年住房发展年度计划",
                                         dict(center=["重庆市江津区住房和城乡建设委员会"], right=["2025年3月10日"]), {}),
    "places-kunshan-2025-annual-plan": (kunshan, "2025年度住房发展计划",
                                        dict(right=["昆山市住房和城乡建设局", "2025年2月20日"]), {}),
    "places-xinjiang-2025-targets": (xinjiang, "新疆维吾尔自治区住房和城乡建设厅关于下达2025年城镇保障性安居工程目标任务的通知",
                                     dict(center=["新建房〔2025〕23号"], right=["2025年3月12日"]), {}),
    "places-roundup-2025-southwest": (roundup, "西南多地发布2025年住房发展目标", dict(right=["（记者 周宁）"]), {}),
}


def main() -> None:
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, (make, title, options, specs) in DOCS.items():
            doc = make()
            lines, rows = [], []
            for item in doc.items:
                if isinstance(item, Table):
                    lines.extend(flatten(item))
                    rows.extend(table_rows(doc, item))
                else:
                    text, found = para_rows(doc, item)
                    lines.extend([text, ""])
                    rows.extend(found)
            seed = Path(tmp) / f"{name}.seed"
            seed.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")
            with (HERE / f"{name}.csv").open("w", encoding="utf-8", newline="") as f:
                writer = csv.DictWriter(f, COLUMNS, lineterminator="\n")
                writer.writeheader()
                writer.writerows(rows)
            for start, spec in specs.items():
                make_samples.HEADER_SPECS[(name, start)] = spec
            docx, _ = make_samples.build_docx(seed, name, title, **options)
            path = HERE / f"{name}.docx"
            make_samples.save_reproducible(docx, path)
            written.append(path)
            print(f"{name}: {len(rows)} expected facts")
    make_samples.export_pdfs(written, HERE)
    for path in written:
        make_samples.pin_pdf(path.with_suffix(".pdf"))


if __name__ == "__main__":
    main()
