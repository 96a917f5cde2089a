"""The metric of a figure (issue 12, "metric named from the header words"): analysts compare cities by
metric, so a figure under the wrong one lands in the wrong comparison. Rules: a table column naming only
a housing type holds the measure the document's text states for that type; a renewal word of a title
does not measure dwellings a plan builds; a remark column says nothing of a row's measure; completion
rates, change rates of a price, coverage rates and shares; households reached by a renewal or a
subsidy; buildings, sales, funds and dwelling sizes. The texts are made up."""
from __future__ import annotations

import pytest

from extractors.model import Block, BlockKind, Cell, Document, Format
from extractors.tables import build_table
from extractors.txt import extract
from parsers.catalog import metrics
from parsers.facts import parse
from parsers.meta import DocumentInfo

ANNUAL = "示例市2025年住房发展年度计划"
NOTICE = DocumentInfo("示例州2025年城镇保障性安居工程目标任务", "示例州", "other", 2025, 2025, None)


def prose_metric(tmp_path, line: str, raw: str, title: str = ANNUAL) -> str:
    path = tmp_path / "plan.txt"
    path.write_text(f"{title}\n{line}\n", encoding="utf-8")
    found = [f.metric for f in parse(extract(path)) if f.quantity.raw_value + f.quantity.raw_unit == raw]
    assert len(found) == 1, found
    return found[0]


def table_metrics(rows, title: str, paragraphs=(), info: DocumentInfo = NOTICE) -> dict[tuple[str, str], str]:
    """(row label, header) → metric of a one-table document with `paragraphs` before it."""
    cells = [Cell(r, c, text) for r, row in enumerate(rows) for c, text in enumerate(row)]
    table = build_table(cells, title)
    blocks = [Block(BlockKind.PARAGRAPH, i, text, None, ()) for i, text in enumerate(paragraphs)]
    blocks.append(Block(BlockKind.TABLE, len(blocks), table.text(), None, (), table))
    facts = parse(Document("plan.docx", "0" * 64, Format.DOCX, tuple(blocks)), info)
    out = {}
    for f in facts:
        if f.source.quote.count(" | ") != 2:
            continue  # a figure of the text
        label, header, _ = f.source.quote.split(" | ")
        out[(label, header)] = f.metric
    return out


def test_every_metric_has_a_definition_and_a_base_unit():
    for code, m in metrics().items():
        assert m.definition.strip(), code
        assert code == "other" or m.base_unit, code
    assert metrics()["completion_rate"].base_unit == "percent"
    assert metrics()["sales_units"].base_unit == "unit"


# ---- a column naming only a housing type and a unit ----------------------------------------------------

TASKS = [["县（市）", "配售型保障性住房（套）", "保障性租赁住房（套）"],
         ["甲县", "120", "300"],
         ["合计", "120", "300"]]


def test_a_housing_type_column_holds_the_measure_the_text_states_for_the_type():
    got = table_metrics(TASKS, "附件 2025年城镇保障性安居工程目标任务表",
                        ["2025年，全州计划新开工配售型保障性住房120套，筹集保障性租赁住房300套。"])
    assert got[("甲县", "配售型保障性住房（套）")] == "new_start_units"
    assert got[("甲县", "保障性租赁住房（套）")] == "supply_units"
    assert got[("合计", "配售型保障性住房（套）")] == "new_start_units"


def test_a_housing_type_column_the_text_says_nothing_of_holds_dwellings_supplied():
    got = table_metrics(TASKS, "附件 2025年城镇保障性安居工程目标任务表", ["各地要按时完成目标任务。"])
    assert got[("甲县", "配售型保障性住房（套）")] == "supply_units"
    assert got[("甲县", "保障性租赁住房（套）")] == "supply_units"


def test_the_title_measure_word_comes_before_the_texts():
    got = table_metrics(TASKS, "表2 2025年各县保障性住房筹集计划", ["全州计划新开工配售型保障性住房120套。"])
    assert got[("甲县", "配售型保障性住房（套）")] == "supply_units"


def test_a_renewal_title_does_not_measure_the_resettlement_dwellings_a_plan_builds():
    rows = [["项目", "涉及户数（户）", "安置住房（套）"], ["东关片区", "500", "310"]]
    got = table_metrics(rows, "表1 2025年城中村改造项目计划表",
                        ["推进城中村改造安置住房建设。", "全市计划新开工安置住房310套。", "全市城中村改造安置住房分三年建成。"])
    assert got[("东关片区", "安置住房（套）")] == "new_start_units"
    assert got[("东关片区", "涉及户数（户）")] == "renewal_households"


def test_a_remark_column_says_nothing_of_the_measure():
    rows = [["县区", "2025年计划（套）", "备注"], ["甲区", "420", "6月前开工"]]
    got = table_metrics(rows, "表1 2025年各县区住房供应计划表", info=DocumentInfo(ANNUAL, "示例市", "annual_plan", 2025, 2025, None))
    assert got[("甲区 / 6月前开工", "2025年计划（套）")] == "supply_units"


def test_a_unit_statement_in_the_title_is_no_measure():
    rows = [["县区", "2025年", "2026年"], ["甲区", "35", "28"]]
    got = table_metrics(rows, "表1 2025—2026年各县区城镇老旧小区改造任务（单位：个）")
    assert got[("甲区", "2025年")] == "renewal_communities"


# ---- prose --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line, raw, expected", [
    # a share of a plan or task done
    ("上年全县实际出让住宅用地500亩，完成年度计划的88.2%。", "88.2%", "completion_rate"),
    ("其中，1-3月已完成投资2.1亿元，占年度计划的21.4%。", "21.4%", "completion_rate"),
    ("各县要于10月底前全部开工，年底前完成改造任务的70%以上。", "70%", "completion_rate"),
    ("6月底前老旧小区改造项目开工率达到80%以上。", "80%", "completion_rate"),
    ("保障性住房占新增住房供应的比例达到25%。", "25%", "share"),
    # completion: 交付使用 after the figure (a date between), 累计建成; 建成的 only dates a thing
    ("一期安置房260套已于2024.10.15交付使用。", "260套", "completion_units"),
    ("截至2025年3月底，全市累计建成安置住房5000套。", "5000套", "completion_units"),
    ("计划改造2000年底前建成的城镇老旧小区30个。", "30个", "renewal_communities"),
    # change rates: of a measure, of a price; constant prices are no price
    ("全年计划供应住宅用地800亩，较上年减少8.1%。", "8.1%", "growth_rate"),
    ("商品住房成交均价8000元/平方米，比上年下降1.5%。", "1.5%", "price_change"),
    ("地区生产总值500亿元，按不变价格计算同比增长6.0%。", "6.0%", "growth_rate"),
    ("保障性住房占比由20%增加到30%。", "30%", "share"),
    # funds
    ("市财政安排老旧小区改造专项资金2.5亿元。", "2.5亿元", "investment"),
    ("向困难家庭发放租赁补贴，补贴资金约500万元。", "500万元", "housing_subsidy"),
    # one dwelling's size
    ("安置房建筑面积每套控制在100平方米以内。", "100平方米", "dwelling_size"),
    # rates with no measure word
    ("新建建筑100%执行绿色建筑标准。", "100%", "coverage_rate"),
    ("配售价格原则上不高于同地段商品住房市场价格的70%。", "70%", "share"),
    ("对住房租赁企业，按租金收入的4%征收房产税。", "4%", "other"),
    ("计划改造老旧小区10个，其中约四成小区同步加装电梯。", "四成", "share"),
    ("城镇住房成套率达到95%。", "95%", "coverage_rate"),
    ("年底前公租房分配率达到95%以上。", "95%", "coverage_rate"),
    # households: by what they are given, by the work that reaches them
    ("全年为3000户城镇住房困难家庭发放租赁补贴。", "3000户", "rental_subsidy_households"),
    ("全年计划改造城镇老旧小区20个，惠及居民3000户。", "3000户", "renewal_households"),
    ("全市累计发放住房租赁补贴1.2亿元，惠及2.1万户低收入家庭。", "2.1万户", "rental_subsidy_households"),
    ("全年发放住房租赁补贴800户，对公租房保障家庭实物配租900户。", "900户", "assisted_households"),
    ("为500户住房困难家庭实施实物配租。", "500户", "assisted_households"),
    # counted things
    ("全市实施老旧小区改造50个小区、320栋，完成投资3亿元。", "320栋", "renewal_buildings"),
    ("改造老旧小区30个、1.2万户，加装电梯150部。", "150部", "other"),
    ("改造老旧小区30个、1.2万户，加装电梯150部。", "30个", "renewal_communities"),
    ("全年计划新开工保障性住房1000套，年底前竣工率达到60%。", "60%", "completion_rate"),
    ("商品房累计销售300万平方米、2.1万套。", "2.1万套", "sales_units"),
    ("商品房销售量300万平方米。", "300万平方米", "sales_floor_area"),
    # a list item after the figure is the next figure's
    ("计划建设筹集保障性住房900套，其中保障性租赁住房400套、棚户区改造安置住房500套。", "400套", "supply_units"),
    ("开工建设配售型保障性住房860套。", "860套", "new_start_units"),
])
def test_prose_metric(tmp_path, line, raw, expected):
    assert prose_metric(tmp_path, line, raw) == expected
