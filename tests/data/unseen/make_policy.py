"""Unseen policy-heavy documents (round 4 of issue 12): a municipality's annual plan with district
figures (万套 and 万平方米 scales, 各区, 市级), a housing provident fund notice full of standards
(loan caps, down-payment ratios, subsidies per square metre, age limits, contribution bases) with a
few plan figures, and a county's mid-year progress notice on its 保障性安居工程 (actuals of the
document's year beside the year's targets). Written blind (the expected facts before running the
pipeline); the figures are made up. Figures are marked ⟦written|metric|housing type|options⟧ as
scripts/samples/sources/compose.py does.

    .venv/bin/python tests/data/unseen/make_policy.py     # writes <name>.docx, .pdf and .csv here
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

compose.UNITS.update({"亩": ("m2", 10000 / 15), "万户": ("household", 1e4), "套（间）": ("unit", 1),
                      "万套（间）": ("unit", 1e4), "年": ("year", 1)})


def tianjin() -> Doc:
    doc = Doc("policy-tianjin-2025-annual-plan", "天津市", 2025)
    act = "p=2024;k=actual"
    doc.items = [
        "天津市2025年住房发展年度计划",
        "为深入贯彻党中央、国务院关于构建房地产发展新模式的决策部署，坚持以人定房、以房定地、以房定钱，"
        "根据《天津市住房发展规划》，结合本市实际，制定本计划。",
        "一、2024年住房发展情况",
        f"2024年，全市完成住宅用地供应⟦486公顷|land_supply_residential|all|{act}⟧，"
        f"商品住房新开工⟦5.8万套|new_start_units|commercial|{act}⟧、建筑面积⟦692万平方米|new_start_floor_area|commercial|{act}⟧。",
        f"全年筹集保障性租赁住房⟦1.35万套（间）|supply_units|affordable_rental|{act}⟧，"
        f"开工改造城镇老旧小区⟦286个|renewal_communities|old_community|{act}⟧，"
        f"惠及居民⟦6.1万户|renewal_households|old_community|{act}⟧。",
        f"截至2024年底，全市商品住房去化周期为⟦19.6个月|destocking_months|commercial|{act}⟧。",
        "二、2025年住房发展目标",
        "（一）住房用地供应",
        "2025年全市计划供应住宅用地⟦520公顷|land_supply_residential|all⟧，"
        "其中商品住宅用地⟦430公顷|land_supply_residential|commercial⟧，保障性住房用地⟦90公顷|land_supply_residential|affordable⟧。",
        "（二）商品住房",
        "全市计划新开工商品住房⟦6.2万套|new_start_units|commercial⟧、建筑面积⟦735万平方米|new_start_floor_area|commercial⟧，"
        "竣工商品住房⟦810万平方米|completion_floor_area|commercial⟧。",
        "（三）保障性住房",
        "全市计划筹集保障性租赁住房⟦1.1万套（间）|supply_units|affordable_rental⟧，"
        "新开工配售型保障性住房⟦4500套|new_start_units|affordable_for_sale⟧，"
        "发放住房租赁补贴⟦2.3万户|rental_subsidy_households|affordable⟧。",
        "（四）城市更新",
        "全市计划开工改造城镇老旧小区⟦310个|renewal_communities|old_community⟧、"
        "建筑面积⟦1050万平方米|renewal_floor_area|old_community⟧，惠及居民⟦7.4万户|renewal_households|old_community⟧；"
        "实施城中村改造项目⟦12个|renewal_communities|urban_village⟧，新开工安置住房⟦1.6万套|new_start_units|resettlement⟧。",
        "（五）资金安排",
        "市级财政安排老旧小区改造补助资金⟦9.5亿元|housing_subsidy|old_community⟧，"
        "全市房地产项目合理融资需求约⟦1850亿元|financing_demand|all|q=approx⟧。",
        "三、各区计划安排",
        "滨海新区计划供应住宅用地⟦135公顷|land_supply_residential|all|r=滨海新区⟧，"
        "新开工商品住房⟦1.45万套|new_start_units|commercial|r=滨海新区⟧、建筑面积⟦172万平方米|new_start_floor_area|commercial|r=滨海新区⟧。",
        "武清区计划供应住宅用地⟦62公顷|land_supply_residential|all|r=武清区⟧，新开工商品住房⟦6800套|new_start_units|commercial|r=武清区⟧；"
        "静海区计划供应住宅用地⟦38公顷|land_supply_residential|all|r=静海区⟧，新开工商品住房⟦4200套|new_start_units|commercial|r=静海区⟧。",
        "西青区、东丽区、北辰区分别计划筹集保障性租赁住房⟦1800套（间）|supply_units|affordable_rental|r=西青区⟧、"
        "⟦1500套（间）|supply_units|affordable_rental|r=东丽区⟧和⟦1200套（间）|supply_units|affordable_rental|r=北辰区⟧。",
        "中心城区计划开工改造城镇老旧小区⟦168个|renewal_communities|old_community|r=中心城区⟧，"
        "占全市总数的⟦54.2%|share|old_community|r=中心城区⟧。",
        "宝坻区计划改造城镇老旧小区⟦25个|renewal_communities|old_community|r=宝坻区⟧，"
        "涉及居民⟦5600户|renewal_households|old_community|r=宝坻区⟧。",
        "四、保障措施",
        "各区要于2025年3月底前将年度计划分解到具体项目，每季度末向市住房城乡建设委报送计划执行情况。",
    ]
    return doc


def xiangyang() -> Doc:
    doc = Doc("policy-xiangyang-provident-fund-notice", "襄阳市", 2025)
    std = "p=;k=standard"
    doc.items = [
        "襄阳市关于进一步优化住房公积金政策支持缴存职工购房的通知",
        "各县（市、区）住房公积金管理部门，各缴存单位：",
        "为更好满足缴存职工刚性和改善性住房需求，促进房地产市场平稳健康发展，经市住房公积金管理委员会研究同意，"
        "现就有关事项通知如下：",
        "一、提高贷款额度",
        f"缴存职工家庭申请住房公积金个人住房贷款购买首套住房的，贷款最高额度为⟦60万元|loans_issued|all|{std};q=at_most⟧；"
        f"购买第二套住房的，贷款最高额度为⟦50万元|loans_issued|all|{std};q=at_most⟧。",
        f"符合国家生育政策的多子女家庭申请贷款的，最高贷款额度可在上述标准基础上上浮⟦20%|other|all|{std}⟧。",
        "二、降低首付比例",
        f"购买首套住房申请住房公积金贷款的，首付款比例不低于⟦15%|share|all|{std};q=at_least⟧；"
        f"购买第二套住房的，首付款比例不低于⟦20%|share|all|{std};q=at_least⟧。",
        "三、发放购房补贴",
        f"对在中心城区购买新建商品住房的缴存职工，按每平方米⟦500元|housing_subsidy|commercial|{std};r=中心城区;v=500;u=yuan_per_m2;w=元⟧"
        f"给予购房补贴，单套补贴最高不超过⟦5万元|housing_subsidy|commercial|{std};r=中心城区;q=at_most⟧。",
        f"购买新建商品住房的，按所缴契税的⟦50%|other|commercial|{std}⟧给予契税补贴。",
        "四、支持青年人才安居",
        f"年龄在⟦35周岁|other|all|{std};q=at_most;v=35;u=year;w=周岁⟧以下的全日制本科及以上学历人才首次购房的，"
        f"贷款额度可按当期最高额度的⟦1.5倍|other|all|{std};v=1.5;u=ratio;w=倍⟧确定。",
        f"新就业大学生连续缴存住房公积金满⟦6个月|other|all|{std};q=at_least;v=6;u=month;w=个月⟧的，即可申请住房公积金贷款。",
        "五、调整缴存基数",
        f"住房公积金月缴存基数上限为⟦24600元/月|other|all|{std};q=at_most;v=24600;u=yuan;w=元/月⟧，"
        f"下限为⟦1950元/月|other|all|{std};q=at_least;v=1950;u=yuan;w=元/月⟧。",
        "六、年度工作目标",
        "2025年，全市计划发放住房公积金个人住房贷款⟦50亿元|loans_issued|all⟧，归集住房公积金⟦68亿元|provident_fund|all⟧。",
        "2024年，全市实际发放住房公积金个人住房贷款⟦42.6亿元|loans_issued|all|p=2024;k=actual⟧。",
        "本通知自2025年4月1日起施行，由市住房公积金中心负责解释。",
        "襄阳市住房公积金管理委员会",
        "2025年3月20日",
    ]
    return doc


def rucheng() -> Doc:
    doc = Doc("policy-rucheng-2025-midyear-progress", "汝城县", 2025)
    act = "k=actual"
    doc.items = [
        "汝城县住房和城乡建设局关于2025年上半年全县保障性安居工程建设进展情况的通报",
        "各乡镇人民政府，县直有关单位：",
        "现将2025年上半年全县保障性安居工程建设进展情况通报如下：",
        "一、年度目标任务",
        "2025年，市下达我县开工改造城镇老旧小区⟦18个|renewal_communities|old_community⟧、"
        "⟦2160户|renewal_households|old_community⟧，筹集保障性租赁住房⟦300套|supply_units|affordable_rental⟧，"
        "棚户区改造新开工⟦420套|new_start_units|shantytown⟧，年度计划投资⟦4.2亿元|investment|all⟧。",
        "二、工作进展",
        f"截至6月底，全县老旧小区改造已开工⟦11个|renewal_communities|old_community|{act}⟧、"
        f"⟦1320户|renewal_households|old_community|{act}⟧，开工率⟦61.1%|completion_rate|old_community|{act}⟧；"
        f"保障性租赁住房已筹集⟦165套|supply_units|affordable_rental|{act}⟧，占年度任务的⟦55%|completion_rate|affordable_rental|{act}⟧；"
        f"棚户区改造已新开工⟦236套|new_start_units|shantytown|{act}⟧，开工率⟦56.2%|completion_rate|shantytown|{act}⟧。",
        f"1-6月，全县保障性安居工程累计完成投资⟦2.35亿元|investment|all|{act}⟧，占年度计划的⟦56%|completion_rate|all|{act}⟧。",
        f"上半年，全县发放住房租赁补贴⟦386户|rental_subsidy_households|affordable|{act}⟧、"
        f"⟦46.3万元|housing_subsidy|affordable|{act}⟧。",
        f"分乡镇看，卢阳镇已开工改造老旧小区⟦5个|renewal_communities|old_community|r=卢阳镇;{act}⟧，"
        f"完成投资⟦6800万元|investment|old_community|r=卢阳镇;{act}⟧。",
        "三、下一步工作",
        "下半年，全县计划再开工改造老旧小区⟦7个|renewal_communities|old_community⟧，"
        "各乡镇要倒排工期，确保年底前完成年度投资计划。",
        "汝城县住房和城乡建设局",
        "2025年7月8日",
    ]
    return doc


def shanghai() -> Doc:
    doc = Doc("policy-shanghai-2025-annual-plan", "上海市", 2025)
    std = "k=standard"
    doc.items = [
        "上海市2025年住房发展年度计划",
        "为落实《上海市住房发展“十四五”规划》，加快构建房地产发展新模式，制定本计划。",
        "一、2024年计划执行情况",
        "上年（2024年）全市新增供应保障性租赁住房⟦8.1万套（间）|supply_units|affordable_rental|p=2024;k=actual⟧，"
        "完成年度计划的⟦108%|completion_rate|affordable_rental|p=2024;k=actual⟧。",
        "二、2025年主要目标",
        "全年计划供应住宅用地⟦1300公顷|land_supply_residential|all|q=approx⟧左右，"
        "新建商品住房供应量⟦1700万平方米|supply_floor_area|commercial|q=approx⟧左右，较上年增长⟦5%|growth_rate|commercial⟧。",
        "全市计划新增供应保障性租赁住房⟦7万套（间）|supply_units|affordable_rental⟧，"
        "其中市级统筹项目⟦1.2万套（间）|supply_units|affordable_rental⟧。",
        "浦东新区、闵行区、松江区、嘉定区、青浦区分别计划新增供应保障性租赁住房"
        "⟦1.8万套（间）|supply_units|affordable_rental|r=浦东新区⟧、⟦0.9万套（间）|supply_units|affordable_rental|r=闵行区⟧、"
        "⟦0.8万套（间）|supply_units|affordable_rental|r=松江区⟧、⟦0.7万套（间）|supply_units|affordable_rental|r=嘉定区⟧和"
        "⟦0.6万套（间）|supply_units|affordable_rental|r=青浦区⟧。",
        "中心城区完成零星旧区改造⟦7万平方米|renewal_floor_area|dilapidated|r=中心城区⟧、受益居民约⟦1500户|renewal_households|dilapidated|r=中心城区;q=approx⟧。",
        "临港新片区计划供应住宅用地⟦80公顷|land_supply_residential|all|r=临港新片区⟧。",
        "全年住房公积金个人住房贷款发放额不低于⟦1200亿元|loans_issued|all|q=at_least⟧。",
        "三、政策措施",
        f"新建住宅项目应按不低于住宅建筑面积⟦5%|share|affordable_rental|{std};q=at_least⟧的比例配建保障性租赁住房。",
        f"保障性租赁住房租金年涨幅不超过⟦5%|price_change|affordable_rental|{std};q=at_most⟧。",
    ]
    return doc


def renhuai() -> Doc:
    doc = Doc("policy-renhuai-2025-housing-support-measures", "仁怀市", 2025)
    std = "k=standard"
    doc.items = [
        "仁怀市2025年促进房地产市场平稳健康发展若干措施",
        f"2024年，全市商品住房销售面积同比下降⟦18.5%|growth_rate|commercial|p=2024;k=actual⟧。"
        "为提振住房消费，结合我市实际，制定以下措施。",
        "一、发放购房补贴",
        f"在我市购买新建商品住房的，按购房合同价款的⟦1%|other|commercial|{std}⟧给予购房补贴，"
        f"单套最高不超过⟦3万元|housing_subsidy|commercial|{std};q=at_most⟧。",
        f"多子女家庭购房的，每套再给予⟦1万元|housing_subsidy|commercial|{std}⟧补贴。",
        "二、优化住房公积金政策",
        f"住房公积金贷款首付比例调整为⟦20%|share|all|{std}⟧，最高贷款额度提高至⟦70万元|loans_issued|all|{std};q=at_most⟧，"
        f"贷款期限最长可达⟦30年|waiting_time|all|{std};q=at_most⟧。",
        f"年龄在⟦35周岁|other|all|{std};q=at_most;v=35;u=year;w=周岁⟧以下的大学毕业生首次购房的，"
        f"公积金贷款额度可上浮⟦10%|other|all|{std}⟧。",
        "三、目标任务",
        "力争全年销售新建商品住房⟦1500套|sales_units|commercial|q=at_least⟧以上，"
        "去化周期控制在⟦18个月|destocking_months|commercial|q=at_most⟧以内。",
        "本措施自2025年5月1日起施行，有效期至2025年12月31日。",
    ]
    return doc


def daxing() -> Doc:
    doc = Doc("policy-daxing-2025-annual-plan", "大兴区", 2025)
    act = "p=2024;k=actual"
    doc.items = [
        "北京市大兴区2025年住房发展年度计划",
        "根据《北京市2025年住房发展年度计划》，结合我区实际，制定本计划。",
        "一、上年完成情况",
        f"上年全区供应住宅用地⟦68.5公顷|land_supply_residential|all|{act}⟧，完成市级下达任务的⟦114%|completion_rate|all|{act}⟧；"
        f"建设筹集保障性租赁住房⟦0.52万套（间）|supply_units|affordable_rental|{act}⟧。",
        f"全区商品住房网签⟦1.26万套|sales_units|commercial|{act}⟧，同比下降⟦8.7%|growth_rate|commercial|{act}⟧。",
        "二、年度目标",
        "全区计划供应住宅用地⟦60公顷|land_supply_residential|all⟧，其中租赁住房用地不少于⟦12公顷|land_supply_residential|market_rental|q=at_least⟧。",
        "新开工各类住房约⟦0.9万套|new_start_units|all|q=approx⟧、建筑面积约⟦105万平方米|new_start_floor_area|all|q=approx⟧，"
        "其中保障性住房占比不低于⟦30%|share|affordable|q=at_least⟧。",
        "计划建设筹集保障性租赁住房⟦3000套（间）|supply_units|affordable_rental⟧，竣工各类保障性住房⟦2100套|completion_units|affordable⟧。",
        "黄村镇计划改造老旧小区⟦6个|renewal_communities|old_community|r=黄村镇⟧，"
        "亦庄镇计划供应住宅用地⟦15公顷|land_supply_residential|all|r=亦庄镇⟧。",
        "三、明年安排",
        "明年全区计划供应住宅用地⟦55公顷|land_supply_residential|all|p=2026⟧左右。",
    ]
    return doc


DOCS = [tianjin, xiangyang, rucheng, shanghai, renhuai, daxing]


def main() -> None:
    for make in DOCS:
        doc = make()
        lines, rows = [], []
        for item in doc.items:
            plain, found = para_rows(doc, item)
            lines.extend([plain, ""])
            rows.extend(found)
        with tempfile.TemporaryDirectory() as tmp:
            seed = Path(tmp) / f"{doc.name}.seed"
            seed.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")
            signed = lines[-2].endswith("日")  # an issuer and a date close a notice, set to the right
            docx, _ = build_docx(seed, doc.name, lines[0], right=tuple(lines[-4:-1:2]) if signed else ())
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
