"""Coverage (issue 12): every number of a document is in a fact, excluded for a reason, or reported
by `planetl audit` as an `unread_number` warning; the counts are stored on `documents`."""
from __future__ import annotations

import shutil

import docx
import duckdb
import pytest
from click.testing import CliRunner

from conftest import sample
from extractors import extract
from extractors.model import Block, BlockKind, Cell, Document, Format, Table
from parsers.coverage import Reason, Status, excluded, measure, number_tokens
from parsers.facts import parse


def tokens(text: str) -> list[str]:
    return [text[s:e] for s, e in number_tokens(text)]


@pytest.mark.parametrize("text, expected", [
    ("新建1,234.5套，其中３００套", ["1,234.5", "３００"]),
    ("４，５６５元", ["４，５６５"]),
    ("2025.3.1起", ["2025.3.1"]),
    (".5万套", [".5"]),
    ("面积120m2，体积3m3", ["120", "3"]),  # the 2 of m2 is part of the unit
    ("三百套、一万三千元、百分之二十", ["三百", "一万三千", "二十"]),
    ("一户一策，五年，十四五时期", []),  # a lone numeral is an idiom; no unit after 十四五
    ("1.2026年建设计划", ["1", "2026"]),  # a list number glued to a year
    ("占比达到三成以上，一成不变", ["三"]),  # tenths are a share; 一成不变 is an idiom
])
def test_number_tokens(text, expected):
    assert tokens(text) == expected


@pytest.mark.parametrize("text, number, reason", [
    ("截至2025年3月1日", "3", Reason.DATE),
    ("截至2025.3.1", "2025.3.1", Reason.DATE),
    ("1-6月累计", "6", Reason.DATE),
    ("2026-2030年", "2030", Reason.YEAR),
    ("二〇二五年工作", "二〇二五", Reason.YEAR),
    ("建房函〔2024〕20号", "20", Reason.DOC_NUMBER),
    ("第3条规定", "3", Reason.LIST_NUMBER),
    ("见附件2", "2", Reason.LIST_NUMBER),
    ("1.加强组织领导", "1", Reason.LIST_NUMBER),
    ("（2）完善配套", "2", Reason.LIST_NUMBER),
    ("具体措施3.健全体系", "3", Reason.LIST_NUMBER),
    ("符合GB50180-2018要求", "50180", Reason.CODE),
    ("邮编：838000", "838000", Reason.CODE),
    ("联系电话：0991-2345678", "2345678", Reason.PHONE),
    ("11号街坊改造", "11", Reason.NAME),
    ("3号楼", "3", Reason.NAME),
    ("落实“1535”工作思路", "1535", Reason.NAME),
    ("60岁以上老人", "60", Reason.NAME),
    ("第5页", "5", Reason.PAGE),
])
def test_exclusion_reasons(text, number, reason):
    start = text.index(number)
    assert excluded(text, start, start + len(number)) is reason


@pytest.mark.parametrize("text, number", [
    ("综合评分为87.5", "87.5"), ("城乡收入比缩小至1.61", "1.61"), ("新建1000套", "1000"),
])
def test_a_figure_is_not_excluded(text, number):
    start = text.index(number)
    assert excluded(text, start, start + len(number)) is None


def _document() -> Document:
    cells = (Cell(0, 0, "序号"), Cell(0, 1, "区县"), Cell(0, 2, "2025年计划"), Cell(0, 3, "2024"),
             Cell(1, 0, "1"), Cell(1, 1, "甲县"), Cell(1, 2, "120"), Cell(1, 3, "87.5"))
    table = Table(2, 4, cells, header_rows=1, header_paths=("序号", "区县", "2025年计划", "2024"), row_labels=("", "甲县"))
    return Document("x.docx", "0" * 64, Format.DOCX, (
        Block(BlockKind.PARAGRAPH, 0, "2025年计划新建1000套，综合评分为87.5。"),
        Block(BlockKind.TABLE, 1, table.text(), table=table),
    ))


def test_every_number_is_a_fact_excluded_or_unread():
    document = _document()
    fact_spans = [("p0", 9, 14), ("t1/r1/c2", 0, 3)]  # 1000套, and the cell 120
    coverage = measure(document, fact_spans)
    assert [(t.locator, t.text, t.status, t.reason) for t in coverage.tokens] == [
        ("p0", "2025", Status.EXCLUDED, Reason.YEAR), ("p0", "1000", Status.FACT, None),
        ("p0", "87.5", Status.UNREAD, None),
        ("t1/r0/c2", "2025", Status.EXCLUDED, Reason.YEAR), ("t1/r0/c3", "2024", Status.EXCLUDED, Reason.YEAR),
        ("t1/r1/c0", "1", Status.EXCLUDED, Reason.SERIAL),
        ("t1/r1/c2", "120", Status.FACT, None), ("t1/r1/c3", "87.5", Status.UNREAD, None),
    ]
    assert coverage.counts() == {"n_numbers": 8, "n_numbers_in_facts": 2, "n_numbers_excluded": 4,
                                 "n_numbers_unread": 2}
    assert [t.quote for t in coverage.unread] == ["2025年计划新建1000套，综合评分为87.5。", "甲县 | 2024 | 87.5"]


@pytest.fixture(scope="module")
def zhangye():
    document = extract(sample("zhangye-2026-2030-housing-plan.docx"))
    facts = parse(document)
    return measure(document, [(f.source.locator, f.source.char_start, f.source.char_end) for f in facts])


def test_counts_add_up_and_every_fact_number_counts(zhangye):
    counts = zhangye.counts()
    assert counts["n_numbers"] == counts["n_numbers_in_facts"] + counts["n_numbers_excluded"] + counts["n_numbers_unread"]
    assert counts["n_numbers_in_facts"] >= 500


@pytest.mark.parametrize("quoted, number, reason", [
    ("张政办发〔2025〕61号", "61", Reason.DOC_NUMBER),
    ("GB50180-2018", "2018", Reason.CODE),
    ("1.2026年建设计划", "1", Reason.LIST_NUMBER),
    ("1.2026年建设计划", "2026", Reason.YEAR),
    ("“5+5+1”条件", "5", Reason.NAME),
])
def test_sample_numbers_are_excluded_with_their_reason(zhangye, quoted, number, reason):
    found = {t.reason for t in zhangye.tokens if quoted in t.quote and t.text == number}
    assert found == {reason}


def _plan(path):
    d = docx.Document()
    d.add_paragraph("某县2025年住房发展年度计划")
    d.add_paragraph("2025年计划新建保障性住房1000套，项目综合评分为87.5。联系电话：0991-2345678。")
    d.save(path)
    return path


def test_ingest_stores_the_counts_and_audit_warns_of_each_unread_number(tmp_path, prefect_server):
    from flows.cli import main

    folder = tmp_path / "plans"
    folder.mkdir()
    _plan(folder / "plan.docx")
    shutil.copy(sample("beitun-affordable-housing-scheme.docx"), folder)  # almost no figures: still ok
    db = str(tmp_path / "x.duckdb")
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(folder), "--db", db], catch_exceptions=False).exit_code == 0
    result = runner.invoke(main, ["audit", "--db", db], catch_exceptions=False)
    assert result.exit_code == 0
    con = duckdb.connect(db, read_only=True)
    try:
        docs = con.execute("select source_file, status, n_facts, n_numbers, n_numbers_in_facts, n_numbers_excluded, "
                           "n_numbers_unread from documents order by 1").fetchall()
        warnings = con.execute("select severity, message, quotes, locators, pages from findings "
                               "where \"check\" = 'unread_number' and source_file like '%plan.docx'").fetchall()
        beitun = con.execute("select count(*) from findings where \"check\" = 'unread_number' "
                             "and source_file like '%beitun%'").fetchone()[0]
    finally:
        con.close()
    assert [d[:2] for d in docs] == [(str(folder / "beitun-affordable-housing-scheme.docx"), "ok"),
                                     (str(folder / "plan.docx"), "ok")]
    # 2025 (title), 2025 (year), 1000 (fact), 87.5 (unread), 0991 and 2345678 (phone)
    assert docs[1][2:] == (1, 6, 1, 4, 1)
    assert docs[0][3] == docs[0][4] + docs[0][5] + docs[0][6] and docs[0][6] == beitun
    assert warnings == [("warning", "p1: the number 87.5 (characters 27-31) is in no fact and not excluded",
                         ["2025年计划新建保障性住房1000套，项目综合评分为87.5。"], ["p1"], [None])]
    assert "warning unread_number" in result.output
    assert "87.5 at p1: 2025年计划新建保障性住房1000套，项目综合评分为87.5。" in result.output


def test_a_number_in_a_row_label_is_part_of_the_name():
    cells = (Cell(0, 0, "小区名称"), Cell(0, 1, "户数（户）"), Cell(1, 0, "胜利路28栋住宅区"), Cell(1, 1, "120"))
    table = Table(2, 2, cells, header_rows=1, header_paths=("小区名称", "户数（户）"), row_labels=("", "胜利路28栋住宅区"))
    document = Document("x.docx", "0" * 64, Format.DOCX, (Block(BlockKind.TABLE, 0, table.text(), table=table),))
    coverage = measure(document, [])
    assert [(t.locator, t.text, t.status, t.reason) for t in coverage.tokens] == [
        ("t0/r1/c0", "28", Status.EXCLUDED, Reason.NAME), ("t0/r1/c1", "120", Status.UNREAD, None)]


@pytest.mark.parametrize("text, number", [
    ("商品住房销售面积2019.5万平方米", "2019.5"),  # a figure like a date 2019.5: a unit follows
    ("完成投资2024.12亿元", "2024.12"),
    ("户均补助标准为1900-2000元", "1900"),  # a range like a span of years: a unit follows
    ("户均补助标准为1900-2000元", "2000"),
    ("按〔2025〕 2000套下达", "2000"),  # digits after a document number's bracket need their 号
    ("传真：0771-2826543、1200套", "1200"),  # a figure after a phone number, not another phone
    ("联系电话：0771-2826543 1200套", "1200"),
    ("热线：12345，受理诉求12000件", "12000"),
    ("第3批次城中村改造安置住房1200套", "1200"),
    ("3号地块供应居住用地45亩", "45"),
    ("1-2月完成投资3.5亿元", "3.5"),
    ("截至2025-03-18累计建成1200套", "1200"),
    ("一期工程800套", "800"),
    ("较上年增长12.5%", "12.5"),
    ("户型建筑面积90M2以下", "90"),  # an area in capitals is no code (5G, 3A)
    ("发行REITs 12.5亿元", "12.5"),  # Latin letters, a space, then an amount
    ("REITs12.5亿元", "12.5"),
    ("EPC 1200套", "1200"),
])
def test_a_figure_beside_an_exclusion_is_not_excluded(text, number):
    start = text.index(number)
    assert excluded(text, start, start + len(number)) is None


@pytest.mark.parametrize("text, number, reason", [
    ("截至2025.3，完成", "2025.3", Reason.DATE),
    ("户均补助1900-2000元，2026-2030规划期内", "2030", Reason.YEAR),
    ("电话：0771-2826543转8001", "8001", Reason.PHONE),
    ("服务热线400-123-4567", "4567", Reason.PHONE),
    ("电话：12345、12346", "12346", Reason.PHONE),
    ("账号：6222 0212 3456 7890", "7890", Reason.CODE),
    ("证书编号：No.123", ".123", Reason.CODE),
    ("统一社会信用代码：11450900MB1234567X", "1234567", Reason.CODE),
    ("〔2025〕第12号", "12", Reason.DOC_NUMBER),
    ("B1地块供应45亩", "1", Reason.CODE),
    ("5G基站", "5", Reason.CODE),
])
def test_more_non_figures_are_excluded(text, number, reason):
    start = text.index(number)
    assert excluded(text, start, start + len(number)) is reason


def test_a_scanned_page_with_its_page_number_as_text_is_still_read():
    """Page 2 of the PDF is a picture of text with only its footer (— 2 —) as text: OCR reads it
    (it used to be taken for a text page and its four figures were lost without a word)."""
    from pathlib import Path

    if shutil.which("tesseract") is None:
        pytest.skip("tesseract is not installed")
    document = extract(Path(__file__).parent / "data" / "unseen" / "huangshi-2025-scanned-page.pdf")
    facts = parse(document)
    ocr = [b for b in document.blocks if b.ocr]
    assert ocr and {b.page for b in ocr} == {2}
    assert {(f.quantity.value, f.quantity.unit) for f in facts if f.ocr} == {
        (42, "item"), (13600, "household"), (1500, "unit"), (600, "unit")}
    coverage = measure(document, [(f.source.locator, f.source.char_start, f.source.char_end) for f in facts])
    assert coverage.unread == []  # the OCR'd page number is dropped, not left as a figure


@pytest.mark.parametrize("text, page, expected", [
    ("2", 2, True), ("— 12 —", 2, True), ("第3页", 40, True), ("3/12", 3, True),
    ("1200", 2, False), ("12", 30, False), ("3.5", 3, False), ("新开工120套", 1, False),
])
def test_a_page_number_read_by_ocr(text, page, expected):
    from extractors.ocr import is_page_number

    assert is_page_number(text, page) is expected


@pytest.mark.parametrize("name", ["yulin-2025-affordable-housing-quirks.docx", "anqing-2025-urban-village-plan.docx",
                                  "anqing-2025-urban-village-plan.pdf", "dongying-2025-housing-supply-table.docx"])
def test_no_expected_figure_would_be_excluded_if_the_parsers_missed_it(name):
    """Nothing lost silently, whatever the parsers read: each expected figure of the unseen
    documents (figures beside dates, years, document and list numbers, codes and phones; figures
    such as 2019.5亩 or 2025.6万元 that look like dates) is, with no facts at all, unread, never excluded."""
    import csv
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from scoring import score

    unseen = Path(__file__).parent / "data" / "unseen"
    document = extract(unseen / name)
    with (unseen / name).with_suffix(".csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    _, pairs = score(rows, parse(document))
    spans = {(fact.source.locator, fact.source.char_start, fact.source.char_end) for _, fact in pairs if fact}
    assert len(spans) >= 0.9 * len(rows)
    blind = measure(document, [])
    excluded_figures = [(t.locator, t.text, t.reason) for t in blind.tokens if t.status is not Status.UNREAD
                        and any(loc == t.locator and s < t.end and t.start < e for loc, s, e in spans)]
    assert excluded_figures == []


def test_a_lone_number_under_a_unit_header_is_a_figure_however_it_looks():
    cells = (Cell(0, 0, "县区"), Cell(0, 1, "配套资金（万元）"), Cell(0, 2, "开工时间"), Cell(0, 3, "备注"),
             Cell(1, 0, "甲区"), Cell(1, 1, "2025.6"), Cell(1, 2, "2025.6"), Cell(1, 3, "2025.6前开工"))
    table = Table(2, 4, cells, header_rows=1, header_paths=("县区", "配套资金（万元）", "开工时间", "备注"),
                  row_labels=("", "甲区"))
    document = Document("x.docx", "0" * 64, Format.DOCX, (Block(BlockKind.TABLE, 0, table.text(), table=table),))
    assert [(t.locator, t.text, t.status, t.reason) for t in measure(document, []).tokens] == [
        ("t0/r1/c1", "2025.6", Status.UNREAD, None), ("t0/r1/c2", "2025.6", Status.EXCLUDED, Reason.DATE),
        ("t0/r1/c3", "2025.6", Status.EXCLUDED, Reason.DATE)]


def test_a_table_page_printed_sideways_is_read_upright():
    """The landscape table page turned a quarter (/Rotate 90, its text running down the page) is
    read as if upright: the same table and figures as the upright PDF, not a transposed grid."""
    from pathlib import Path

    unseen = Path(__file__).parent / "data" / "unseen"
    upright = extract(unseen / "anqing-2025-urban-village-plan.pdf")
    sideways = extract(unseen / "anqing-2025-urban-village-plan-sideways.pdf")
    assert [(b.kind, b.text, b.page) for b in sideways.blocks] == [(b.kind, b.text, b.page) for b in upright.blocks]
    table = next(b.table for b in sideways.blocks if b.kind is BlockKind.TABLE)
    assert table.header_paths[:4] == ("序号", "县（市、区）", "项目名称", "涉及户数（户）")
    values = sorted((f.quantity.value, f.quantity.unit, f.region) for f in parse(sideways))
    assert values == sorted((f.quantity.value, f.quantity.unit, f.region) for f in parse(upright))
    assert len(values) == 30
