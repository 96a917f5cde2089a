"""What a document is: its jurisdiction from the title or the issuing body, its type from the
doc_types catalog, and the doc_types table of the warehouse (also in a warehouse made before it)."""
from __future__ import annotations

import csv
from importlib import resources

import duckdb
import pytest

from extractors import extract
from parsers.meta import describe, doc_type_of, doc_types
from warehouse.load import WarehouseError, _check_doc_types, connect


def info_of(tmp_path, text: str):
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    return describe(extract(path))


def test_provincial_notice_jurisdiction_from_the_issuing_body(tmp_path):
    info = info_of(tmp_path, "黔建保〔2025〕12号\n\n关于下达2025年全省保障性安居工程目标任务的通知\n\n各市（州）住房城乡建设局：\n"
                             "现将2025年目标任务下达给你们。\n\n贵州省住房和城乡建设厅  贵州省财政厅\n2025年3月1日\n")
    assert (info.title, info.jurisdiction, info.jurisdiction_code, info.doc_type, info.period_start, info.period_end) == (
        "关于下达2025年全省保障性安居工程目标任务的通知", "贵州省", "520000", "target_notice", 2025, 2025)


def test_provincial_notice_jurisdiction_from_the_title(tmp_path):
    info = info_of(tmp_path, "广西壮族自治区住房和城乡建设厅关于下达2025年城镇保障性安居工程目标任务的通知\n各市住房城乡建设局：\n")
    assert (info.jurisdiction, info.jurisdiction_code, info.doc_type) == ("广西壮族自治区", "450000", "target_notice")


def test_a_document_number_and_a_sentence_naming_a_body_are_no_issuer(tmp_path):
    info = info_of(tmp_path, "黔建保〔2025〕12号\n关于做好住房保障工作的通知\n据湖南省住房和城乡建设厅发布，今年计划新开工1000套。\n")
    assert (info.jurisdiction, info.doc_type) == (None, "notice")


@pytest.mark.parametrize("title, code", [
    ("株洲市2025年住房建设计划", "annual_plan"),
    ("株洲市2025年度住房建设计划", "annual_plan"),
    ("株洲市2025年住房发展年度计划", "annual_plan"),
    ("株洲市2026—2030年住房建设计划", "five_year_plan"),
    ("株洲市2025年城镇老旧小区改造计划", "renovation_plan"),
    ("株洲市城中村改造实施方案", "renovation_plan"),
    ("株洲市“十五五”城镇住房发展规划", "five_year_plan"),
    ("第十师北屯市规划建设保障性住房实施方案（征求意见稿）", "implementation_scheme"),
    ("关于下达2025年全省保障性安居工程目标任务的通知", "target_notice"),
    ("关于做好住房保障工作的通知", "notice"),
    ("会议纪要", "other"),
])
def test_doc_type_of_a_title(title, code):
    from parsers.periods import YEAR_RANGE
    m = YEAR_RANGE.search(title)
    assert doc_type_of(title, *((int(m.group(1)), int(m.group(2))) if m else (None, None))) == code


def test_a_notice_carrying_a_plan_is_typed_by_the_plan(tmp_path):
    info = info_of(tmp_path, "关于印发《株洲市2025年住房建设计划》的通知\n各区住房城乡建设局：\n现将计划印发给你们。\n"
                             "附件：株洲市2025年住房建设计划\n")
    assert (info.title, info.jurisdiction, info.jurisdiction_code, info.doc_type, info.period_start) == (
        "株洲市2025年住房建设计划", "株洲市", "430200", "annual_plan", 2025)


def test_doc_types_catalog_keeps_the_old_codes():
    codes = [t.code for t in doc_types()]
    assert {"annual_plan", "five_year_plan", "implementation_scheme", "other", "target_notice", "renovation_plan",
            "notice", "statistical_report"} == set(codes)
    assert codes[-1] == "other"


def test_warehouse_lists_the_doc_types(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    rows = con.execute("SELECT code, name_zh, name_en, description FROM doc_types ORDER BY code").fetchall()
    con.close()
    text = resources.files("parsers").joinpath("data").joinpath("doc_types.csv").read_text(encoding="utf-8")
    assert rows == sorted((r["code"], r["name_zh"], r["name_en"], r["description"]) for r in csv.DictReader(text.splitlines()))
    with pytest.raises(WarehouseError, match="not a code of doc_types"):
        _check_doc_types([{"source_file": "x.docx", "doc_type": "plan_of_sorts"}])


OLD_DOCUMENTS = """CREATE TABLE documents (
    doc_id VARCHAR PRIMARY KEY, source_file VARCHAR NOT NULL, source_path VARCHAR NOT NULL, format VARCHAR NOT NULL,
    title VARCHAR, jurisdiction VARCHAR, jurisdiction_code VARCHAR,
    doc_type VARCHAR NOT NULL CHECK (doc_type IN ('annual_plan', 'five_year_plan', 'implementation_scheme', 'other')),
    period_start INTEGER, period_end INTEGER, pages INTEGER,
    status VARCHAR NOT NULL CHECK (status IN ('ok', 'failed')), error VARCHAR, ingested_at TIMESTAMP NOT NULL,
    n_facts INTEGER NOT NULL DEFAULT 0)"""


def test_a_warehouse_made_before_doc_types_takes_the_new_codes(tmp_path):
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute(OLD_DOCUMENTS)
    con.execute("INSERT INTO documents VALUES ('d1', 'a.docx', '/x/a.docx', 'docx', '某计划', '株洲市', '430200', "
                "'annual_plan', 2025, 2025, 3, 'ok', NULL, TIMESTAMP '2025-01-01 00:00:00', 7)")
    con.execute("CREATE TABLE notes (doc_type VARCHAR CHECK (doc_type IN ('a')))")  # not planetl's: untouched
    con.close()
    con = connect(db)
    assert con.execute("SELECT doc_id, title, doc_type, n_facts FROM documents").fetchall() == [
        ("d1", "某计划", "annual_plan", 7)]
    con.execute("INSERT INTO documents (doc_id, source_file, source_path, format, doc_type, status, ingested_at) "
                "VALUES ('d2', 'b.docx', '/x/b.docx', 'docx', 'target_notice', 'ok', now())")
    assert con.execute("SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'notes' "
                       "AND constraint_type = 'CHECK'").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
    con.close()


def test_a_roundup_is_dated_by_its_heading(tmp_path):
    info = info_of(tmp_path, "各地公布2025年住房目标 保障\n性住房建设提速\n新年伊始，多个省份公布了目标。\n")
    assert (info.title, info.jurisdiction, info.doc_type, info.period_start, info.period_end) == (
        "各地公布2025年住房目标 保障性住房建设提速", None, "other", 2025, 2025)


def test_the_xpcc_as_issuer(tmp_path):
    info = info_of(tmp_path, "新疆生产建设兵团住房和城乡建设局\n\n关于下达2025年兵团保障性安居工程任务的通知\n\n各师市住房和城乡建设局：\n"
                             "现将任务下达。\n")
    assert (info.jurisdiction, info.jurisdiction_code, info.doc_type, info.period_start) == (
        "新疆生产建设兵团", None, "target_notice", 2025)


@pytest.mark.parametrize("text, expected", [
    # a 市人民政府办公室 notice carrying the plan: jurisdiction and type from the plan in 《》
    ("南阳市人民政府办公室关于印发《南阳市2025年住房发展年度计划》的通知\n\n各县（市、区）人民政府：\n现印发给你们。\n",
     ("南阳市2025年住房发展年度计划", "南阳市", "411300", "annual_plan", 2025, 2025)),
    # a district of a municipality: the district
    ("上海市闵行区2025年住房发展年度计划\n\n全区计划供应住房1000套。\n",
     ("上海市闵行区2025年住房发展年度计划", "闵行区", "310112", "annual_plan", 2025, 2025)),
    # a county-level city whose title names no place: the bureau signing at the end
    ("2025年度住房发展计划\n\n全市计划供应住房1000套。\n\n昆山市住房和城乡建设局\n2025年2月20日\n",
     ("2025年度住房发展计划", "昆山市", "320583", "annual_plan", 2025, 2025)),
    ("第八师石河子市2025年住房发展年度计划\n\n全师市计划供应住房1000套。\n",
     ("第八师石河子市2025年住房发展年度计划", "第八师石河子市", "659001", "annual_plan", 2025, 2025)),
])
def test_who_issued_what(tmp_path, text, expected):
    info = info_of(tmp_path, text)
    assert (info.title, info.jurisdiction, info.jurisdiction_code, info.doc_type, info.period_start, info.period_end) == expected
