"""The `conflicts` view (every two statements of one figure within one plan that disagree beyond the
precision they are written with, across kinds and places), and a plan counted once by `indicators`
and the audit however many versions of it (.docx, .pdf) were ingested."""
from __future__ import annotations

import shutil
from contextlib import closing

import duckdb
import pytest
from click.testing import CliRunner

from conftest import sample
from flows.cli import main
from warehouse.load import connect

ZHANGYE = "zhangye-2026-2030-housing-plan"
JIAMUSI = "jiamusi-2026-annual-plan"
XIAN = "xian-2024-urban-village-renewal-plan"


@pytest.fixture(scope="module")
def samples(tmp_path_factory, prefect_server):
    """张掖 and 佳木斯 as .docx and .pdf, 西安 as .docx: ingested, then audited."""
    folder = tmp_path_factory.mktemp("plans")
    for name in (f"{ZHANGYE}.docx", f"{ZHANGYE}.pdf", f"{JIAMUSI}.docx", f"{JIAMUSI}.pdf", f"{XIAN}.docx"):
        shutil.copy(sample(name), folder)
    db = str(folder / "x.duckdb")
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(folder), "--db", db], catch_exceptions=False).exit_code == 0
    audited = runner.invoke(main, ["audit", "--db", db], catch_exceptions=False)
    assert audited.exit_code == 0
    return db, audited


def rows(db: str, sql: str, params=()):
    with closing(duckdb.connect(db, read_only=True)) as con:
        return con.execute(sql, list(params)).fetchall()


def test_the_prose_forecast_against_the_table_plan_is_a_conflict(samples):
    db, _ = samples
    assert rows(db, "SELECT housing_type, region, period_start, period_end, unit, raw_value_a, kind_a, locator_a, "
                    "raw_value_b, kind_b, locator_b, difference FROM conflicts WHERE metric = 'supply_units'") == [
        ("affordable", "张掖市", 2026, 2030, "unit", "3646", "plan", "t113/r8/c3", "3464", "forecast", "p134", -182.0)]


def test_the_conflicts_of_the_samples_are_the_known_disagreements(samples):
    db, _ = samples
    assert rows(db, "SELECT jurisdiction, metric, raw_value_a || raw_unit_a, locator_a, raw_value_b || raw_unit_b, "
                    "locator_b FROM conflicts ORDER BY metric, locator_a") == [
        ("张掖市", "renewal_units", "3919套/间", "t113/r22/c3", "3829套", "p134"),
        ("张掖市", "renewal_units", "3919套", "t115/r7/c7", "3829套", "p134"),
        ("张掖市", "supply_units", "3646套", "t113/r8/c3", "3464套", "p134"),
    ]


def test_figures_agreeing_to_their_written_precision_are_no_conflict(samples):
    db, _ = samples
    stated = rows(db, "SELECT fact_id, raw_value || raw_unit FROM plan_facts WHERE metric = 'renewal_households' "
                      "AND housing_type = 'old_community' AND period_start = 2021 AND period_end = 2025 "
                      "AND region = '张掖市' AND kind = 'actual' ORDER BY block_index")
    assert [s for _, s in stated] == ["3.3万户", "33229户"]  # 33000 ± 500 and 33229
    ids = [f for f, _ in stated]
    assert rows(db, "SELECT count(*) FROM conflicts WHERE fact_id_a IN (?, ?) OR fact_id_b IN (?, ?)", ids * 2) == [(0,)]
    assert rows(db, "SELECT conflict FROM indicators WHERE list_has_any(fact_ids, ?)", [ids]) == [(False,)]


def test_indicators_flag_both_statements_of_a_conflict(samples):
    db, _ = samples
    assert rows(db, "SELECT kind, stated_values, locators, conflict FROM indicators WHERE metric = 'supply_units' "
                    "AND housing_type = 'affordable' AND period_start = 2026 AND period_end = 2030 ORDER BY kind") == [
        ("forecast", [3464.0], ["p134"], True), ("plan", [3646.0], ["t113/r8/c3"], True)]


def test_indicators_and_city_overview_count_each_plan_once(samples):
    db, _ = samples
    where = ("WHERE jurisdiction = '佳木斯市' AND region = jurisdiction AND metric = 'new_start_floor_area' "
             "AND kind = 'plan' AND housing_type = 'all'")
    assert rows(db, f"SELECT sum(value) FROM facts {where}") == [(2 * 604000.0,)]
    assert rows(db, f"SELECT sum(value), count(DISTINCT doc_id) FROM indicators {where}") == [(604000.0, 1)]
    assert rows(db, "SELECT count(DISTINCT doc_id), count(DISTINCT plan_id) FROM indicators") == [(3, 3)]
    assert rows(db, "SELECT period, new_starts_10k_m2 FROM city_overview WHERE jurisdiction = '佳木斯市'") == [
        ("2026", 60.4)]


def test_the_audit_finds_a_disagreement_of_the_docx_and_the_pdf_once_with_both_places(samples):
    db, audited = samples
    found = rows(db, """SELECT source_file, source_files, place_files, locators, pages FROM findings
                        WHERE "check" = 'prose_vs_table' AND stated = 3464""")
    assert len(found) == 1
    source_file, files, place_files, locators, pages = found[0]
    names = [f.rsplit("/", 1)[-1] for f in files]
    (primary,) = rows(db, "SELECT source_file FROM documents WHERE is_primary AND source_file LIKE ?", [f"%{ZHANGYE}%"])
    assert source_file == files[0] == primary[0]
    assert sorted(names) == [f"{ZHANGYE}.docx", f"{ZHANGYE}.pdf"]
    assert [f.rsplit("/", 1)[-1] for f in place_files] == [names[0], names[0], names[1], names[1]]
    assert locators == ["p134", "t113/r8/c3"] * 2
    pdf_pages = [31, 27]  # the .docx has no pages
    assert pages == (pdf_pages + [None, None] if names[0].endswith(".pdf") else [None, None] + pdf_pages)
    assert f"also in {files[1]}:" in audited.stdout
    # 张掖's findings, each once: 38 when its .docx and .pdf were audited apart
    assert "19 findings (8 errors, 11 warnings) in 5 documents of 3 plans" in audited.stderr
    assert rows(db, "SELECT count(*), count(DISTINCT plan_id), bool_and(len(doc_ids) = 2) FROM findings") == [
        (19, 1, True)]


def test_finding_ids_stay_the_same_on_a_re_audit(samples, tmp_path):
    db, _ = samples
    copy = str(tmp_path / "copy.duckdb")
    shutil.copy(db, copy)
    before = rows(copy, "SELECT finding_id FROM findings ORDER BY 1")
    result = CliRunner().invoke(main, ["audit", "--db", copy, "--doc", f"{ZHANGYE}.docx"], catch_exceptions=False)
    assert "19 findings (8 errors, 11 warnings) in 2 documents of 1 plans" in result.stderr
    assert rows(copy, "SELECT finding_id FROM findings ORDER BY 1") == before


# ------------------------------------------------ which statements the view compares, on made-up facts

def _fact(region: str, n: int, value: float, raw: str, raw_unit: str = "套", qualifier: str = "exact",
          kind: str = "plan", quote: str = "", role: str | None = None, plan: str = "p1") -> dict:
    return {"fact_id": f"{plan}-{region}-{n}", "doc_id": plan, "source_file": f"{plan}.docx", "jurisdiction": "某市",
            "region": region, "period_start": 2025, "period_end": 2025, "metric": "supply_units",
            "metric_label_zh": "筹集", "housing_type": "affordable", "kind": kind, "value": value, "unit": "unit",
            "raw_value": raw, "raw_unit": raw_unit, "qualifier": qualifier, "quote": quote or f"筹集{raw}{raw_unit}",
            "locator": f"p{n}", "block_index": n, "char_start": 0, "char_end": len(raw), "role": role}


MADE_UP = [
    _fact("不少于", 1, 1000, "1000", qualifier="at_least"), _fact("不少于", 2, 1200, "1200"),  # 1200 ≥ 1000
    _fact("少于下限", 1, 1000, "1000", qualifier="at_least"), _fact("少于下限", 2, 800, "800"),  # conflict
    _fact("区间", 1, 3100, "3100", qualifier="range_low"), _fact("区间", 1, 4100, "4100", qualifier="range_high"),
    _fact("区间", 2, 3500, "3500"), _fact("区间外", 1, 4100, "4100", qualifier="range_high"),
    _fact("区间外", 2, 5000, "5000"),  # conflict
    _fact("约数", 1, 32000, "3.2", "万套", "approx"), _fact("约数", 2, 32900, "32900"),  # 约3.2万: 2% and ± 500
    _fact("总分", 1, 1000, "1000", role="total"), _fact("总分", 2, 400, "400", role="part"),
    _fact("无角色", 1, 1000, "1000"), _fact("无角色", 2, 400, "400"),  # conflict
    _fact("一段多值", 1, 100, "100"), _fact("一段多值", 1, 200, "200"), _fact("一段多值", 2, 300, "300"),
    _fact("年均", 1, 6400, "0.64", "万套", quote="年均筹集0.64万套"), _fact("年均", 2, 32000, "3.2", "万套"),
    _fact("计划与完成", 1, 2000, "2000"), _fact("计划与完成", 2, 2100, "2100", kind="actual"),
    _fact("预测与计划", 1, 3646, "3646"), _fact("预测与计划", 2, 3464, "3464", kind="forecast"),  # conflict
    _fact("两个计划", 1, 500, "500"), _fact("两个计划", 2, 600, "600", plan="p2"),
]


def test_only_statements_that_cannot_both_be_true_conflict(tmp_path):
    with closing(connect(str(tmp_path / "x.duckdb"))) as con:
        for plan in ("p1", "p2"):
            con.execute("INSERT INTO documents (doc_id, source_file, source_path, format, doc_type, status, "
                        "ingested_at, plan_id, is_primary) VALUES (?, ?, ?, 'docx', 'annual_plan', 'ok', now(), ?, "
                        "true)", [plan, f"{plan}.docx", f"/x/{plan}.docx", plan])
        import pandas as pd

        con.register("made_up", pd.DataFrame(MADE_UP))
        con.execute("INSERT INTO facts BY NAME SELECT * FROM made_up")
        found = con.execute("SELECT region, raw_value_a, raw_value_b FROM conflicts ORDER BY region").fetchall()
    assert sorted(found) == sorted([("少于下限", "1000", "800"), ("区间外", "4100", "5000"), ("无角色", "1000", "400"),
                                    ("预测与计划", "3646", "3464")])
