"""`planetl audit` on the samples: every fact grounded in its source, and the plans' known
inconsistencies reported with both sources; no figure is changed."""
from __future__ import annotations

import shutil

import duckdb
import pytest
from click.testing import CliRunner

from conftest import sample
from flows.cli import main

ZHANGYE = "zhangye-2026-2030-housing-plan.docx"


@pytest.fixture(scope="module")
def audited(tmp_path_factory, prefect_server):
    folder = tmp_path_factory.mktemp("plans")
    # the 湖南 notice: its totals add up, and a 其中 sentence on one prefecture's share of several
    # programmes is no breakdown of the province's total before it
    for name in (ZHANGYE, "kashgar-2025-annual-plan.pdf", "jiamusi-2026-annual-plan.docx",
                 "hunan-2025-affordable-housing-targets.docx"):
        shutil.copy(sample(name), folder)
    db = str(folder / "x.duckdb")
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(folder), "--db", db], catch_exceptions=False).exit_code == 0
    before = _facts_digest(db)
    result = runner.invoke(main, ["audit", "--db", db], catch_exceptions=False)
    return db, folder, result, before


def _facts_digest(db: str):
    con = duckdb.connect(db, read_only=True)
    try:
        return con.execute("select count(*), sum(hash(fact_id, value, unit, quote, locator)) from facts").fetchone()
    finally:
        con.close()


def _rows(db: str, sql: str, params: list) -> list[tuple]:
    con = duckdb.connect(db, read_only=True)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def _findings(db: str, check: str) -> list[tuple]:
    return _rows(db, 'select message, expected, stated, locators from findings where "check" = ? order by message', [check])


def test_every_fact_is_grounded_in_its_source(audited):
    db, _, result, _ = audited
    assert result.exit_code == 0
    assert _findings(db, "grounding") == []


def test_prose_against_the_table_it_repeats(audited):
    db, _, result, _ = audited
    found = _findings(db, "prose_vs_table")
    assert [(m, e, s, list(loc)) for m, e, s, loc in found] == [
        ("p134 says 3464套 (supply_units, affordable); the table at t113/r8/c3 says 3646套", 3646.0, 3464.0,
         ["p134", "t113/r8/c3"]),
        ("p134 says 3829套 (renewal_units, dilapidated); the table at t113/r22/c3 says 3919套/间", 3919.0, 3829.0,
         ["p134", "t113/r22/c3"]),
    ]
    assert "  3464套 at p134: 2.保障性住房需求:“十五五”期间，预计全市新建(筹集)保障性住房3464套" in result.output


def test_a_table_place_is_named_as_a_person_finds_it_in_word(audited):
    """Locators count blocks (t113: the 113th block); Word counts tables: block 113 is its 6th."""
    db, _, result, _ = audited
    assert "  3646套 at t113/r8/c3 (Word table 6, row 9, column 4): 住房结构 / 保障性住房建设筹集量 | 数值 | 3646" in result.output
    places = _rows(db, 'select locators, places from findings where "check" = ? order by message limit 1',
                   ["prose_vs_table"])[0]
    assert (list(places[0]), list(places[1])) == (["p134", "t113/r8/c3"], [None, "Word table 6, row 9, column 4"])


def test_a_total_against_its_listed_parts_and_the_yearly_schedule(audited):
    db, _, _, _ = audited
    parts = _findings(db, "parts_vs_total")
    assert [(e, s) for _, e, s, _ in parts] == [(3646.0, 3464.0)]  # 1200 公租房 + 2446 保租房
    schedules = {(e, s) for _, e, s, _ in _findings(db, "schedule_vs_total")}
    assert schedules == {(3646.0, 3464.0), (3829.0, 3919.0)}  # 1043+773+720+710+400; 330+1007+815+850+827


def test_a_unit_that_contradicts_the_table(audited):
    db, _, _, _ = audited
    (finding,) = [f for f in _findings(db, "unit_mismatch") if "117.279" in f[0]]
    assert finding[0] == ("p8 writes 117.279套 (unit); the table at t10/r8/c3 has 117.279 under "
                          "2025年底非成套住房 / 面积（万㎡） (m2)")


def test_a_table_total_row_against_its_rows(audited):
    db, _, _, _ = audited
    assert [(m, e, s) for m, e, s, _ in _findings(db, "table_total_row")] == [
        ("table 115: 合计 row of 新建商品住房（套）: states 16,600 unit, its 6 parts add up to 17,610 unit", 17610.0, 16600.0)]


def test_consistent_plans_have_no_findings(audited):
    db, _, _, _ = audited
    con = duckdb.connect(db, read_only=True)
    try:
        files = con.execute("select distinct source_file from findings").fetchall()
    finally:
        con.close()
    assert [f[0].split("/")[-1] for f in files] == [ZHANGYE]


def test_the_audit_never_changes_a_figure(audited):
    db, _, _, before = audited
    assert _facts_digest(db) == before


def test_a_fact_moved_away_from_its_source_is_reported(audited, tmp_path):
    db, _, _, _ = audited
    copy = str(tmp_path / "copy.duckdb")
    shutil.copy(db, copy)
    con = duckdb.connect(copy)
    con.execute("update facts set char_start = char_start + 2, char_end = char_end + 2 "
                "where raw_value = '222.64' and locator = 'p20'")
    con.close()
    result = CliRunner().invoke(main, ["audit", "--db", copy, "--doc", "kashgar-2025-annual-plan.pdf"],
                                catch_exceptions=False)
    assert "error   grounding" in result.output
    assert "p20: 222.64公顷 is not where the fact says (found '2.64公顷，其')" in result.output


def test_audit_of_an_unknown_document_says_so(audited):
    db, _, _, _ = audited
    result = CliRunner().invoke(main, ["audit", "--db", db, "--doc", "nope.docx"])
    assert result.exit_code == 1
    assert "nope.docx: no such document in the warehouse (give a doc_id or an ingested file)" in result.output
