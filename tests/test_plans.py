"""Plans, not files: every version of one plan shares documents.plan_id, decided from its content;
one of them is primary, and plan_facts holds the primary documents' facts only."""
from __future__ import annotations

import re
import shutil
import zipfile
from contextlib import closing

import duckdb
import pytest

from conftest import SAMPLES, sample
from flows.ingest import ingest_files
from warehouse import load as load_module

JIAMUSI_NEW_STARTS = ("SELECT sum(value) FROM {table} WHERE jurisdiction = '佳木斯市' AND region = jurisdiction "
                      "AND metric = 'new_start_floor_area' AND kind = 'plan' AND housing_type = 'all'")


def rows(db, sql: str, params=()):
    with closing(duckdb.connect(str(db), read_only=True)) as con:
        return con.execute(sql, list(params)).fetchall()


def plans_by_file(db) -> dict[str, tuple[str, bool]]:
    return {f.split("/")[-1]: (p, primary) for f, p, primary in rows(
        db, "SELECT source_file, plan_id, is_primary FROM documents")}


def grouping(plans: dict[str, tuple[str, bool]]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for name, (plan_id, _) in plans.items():
        groups.setdefault(plan_id, set()).add(name)
    return {frozenset(g) for g in groups.values()}


def plan_of_name(name: str) -> str:
    """What the samples' names say (the loader never looks at names): the scan and the unruled
    print are versions of the plan of the same stem."""
    return re.sub(r"-(scanned|unruled)$", "", name.rsplit(".", 1)[0])


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory, prefect_server):
    db = tmp_path_factory.mktemp("plans") / "samples.duckdb"
    results = ingest_files([str(SAMPLES)], str(db))
    assert {r.status for r in results} == {"loaded"}
    return db


def test_the_samples_are_eleven_plans_grouped_by_content(samples_db):
    plans = plans_by_file(samples_db)
    assert len(plans) == 24
    expected: dict[str, set[str]] = {}
    for name in plans:
        expected.setdefault(plan_of_name(name), set()).add(name)
    assert len(expected) == 11
    assert grouping(plans) == {frozenset(g) for g in expected.values()}
    assert {frozenset({"jiamusi-2026-annual-plan.docx", "jiamusi-2026-annual-plan.pdf",
                       "jiamusi-2026-annual-plan-scanned.pdf"}),
            frozenset({"kashgar-2025-annual-plan.docx", "kashgar-2025-annual-plan.pdf",
                       "kashgar-2025-annual-plan-unruled.pdf"})} <= grouping(plans)


def test_one_primary_per_plan_and_never_the_scan(samples_db):
    assert rows(samples_db, "SELECT count(DISTINCT plan_id), count(*) FILTER (WHERE is_primary), "
                            "count(DISTINCT plan_id) FILTER (WHERE is_primary) FROM documents") == [(11, 11, 11)]
    plans = plans_by_file(samples_db)
    assert plans["jiamusi-2026-annual-plan-scanned.pdf"][1] is False
    jiamusi = plans["jiamusi-2026-annual-plan.docx"][0]
    assert [name for name, (p, primary) in plans.items() if p == jiamusi and primary] in (
        ["jiamusi-2026-annual-plan.docx"], ["jiamusi-2026-annual-plan.pdf"])


def test_plan_facts_counts_each_plan_once(samples_db):
    assert rows(samples_db, JIAMUSI_NEW_STARTS.format(table="facts")) == [(3 * 604000.0,)]
    assert rows(samples_db, JIAMUSI_NEW_STARTS.format(table="plan_facts")) == [(604000.0,)]
    assert rows(samples_db, "SELECT count(*) FROM plan_facts") == rows(
        samples_db, "SELECT sum(n_facts) FROM documents WHERE is_primary")


def test_the_views_count_each_plan_once(samples_db):
    # the .docx, the .pdf and the scan of 佳木斯's plan: one figure in indicators, one row in city_overview
    assert rows(samples_db, JIAMUSI_NEW_STARTS.format(table="indicators")) == [(604000.0,)]
    assert rows(samples_db, "SELECT count(DISTINCT doc_id), count(DISTINCT plan_id) FROM indicators") == [(11, 11)]
    assert rows(samples_db, "SELECT period, new_starts_10k_m2, new_starts_units, investment_100m_yuan "
                            "FROM city_overview WHERE jurisdiction = '佳木斯市'") == [("2026", 60.4, 5600.0, 22.69)]
    assert rows(samples_db, "SELECT count(*), count(DISTINCT (plan_id, period)) FROM city_overview") == [(11, 11)]
    # on all twenty-four files, the conflicts are 张掖's three, each once
    assert rows(samples_db, "SELECT raw_value_a, locator_a, raw_value_b, locator_b FROM conflicts ORDER BY 2") == [
        ("3919", "t113/r22/c3", "3829", "p134"), ("3646", "t113/r8/c3", "3464", "p134"),
        ("3919", "t115/r7/c7", "3829", "p134")]


def test_re_ingest_keeps_plan_ids(samples_db):
    before = plans_by_file(samples_db)
    results = ingest_files([str(SAMPLES)], str(samples_db))
    assert {r.status for r in results} == {"skipped"}
    assert plans_by_file(samples_db) == before


def resaved(source, target) -> None:
    """The same .docx written again: other bytes (another compression), the same content."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as new:
        for item in old.infolist():
            new.writestr(item.filename, old.read(item.filename))


def test_a_renamed_re_saved_copy_is_the_same_plan_and_the_newest_primary(tmp_path, prefect_server):
    db = tmp_path / "x.duckdb"
    original = tmp_path / "a" / "jiamusi-2026-annual-plan.docx"
    original.parent.mkdir()
    shutil.copy(sample("jiamusi-2026-annual-plan.docx"), original)
    other = tmp_path / "a" / "turpan-2024-annual-plan.docx"
    shutil.copy(sample("turpan-2024-annual-plan.docx"), other)
    ingest_files([str(original.parent)], str(db))
    copy = tmp_path / "b" / "copy of the 2026 plan.docx"
    copy.parent.mkdir()
    resaved(original, copy)
    assert copy.read_bytes() != original.read_bytes()
    assert [r.status for r in ingest_files([str(copy)], str(db))] == ["loaded"]
    plans = plans_by_file(db)
    assert plans["copy of the 2026 plan.docx"][0] == plans["jiamusi-2026-annual-plan.docx"][0]
    assert plans["turpan-2024-annual-plan.docx"][0] != plans["jiamusi-2026-annual-plan.docx"][0]
    assert [p[1] for p in (plans["copy of the 2026 plan.docx"], plans["jiamusi-2026-annual-plan.docx"],
                           plans["turpan-2024-annual-plan.docx"])] == [True, False, True]
    assert rows(db, JIAMUSI_NEW_STARTS.format(table="plan_facts")) == [(604000.0,)]


@pytest.fixture(scope="module")
def turpan():
    from flows.worker import read

    return read(str(sample("turpan-2024-annual-plan.docx")), "turpan-2024-annual-plan.docx")


def version(parsed, name: str, scale: float = 1.0, ocr: bool = False):
    """The parsed plan as another file: other bytes, another path; its figures scaled, its facts
    marked OCR if asked."""
    doc_id = f"{name:0>64}"[-64:].replace(".", "0")
    document = {**parsed.document, "doc_id": doc_id, "source_file": name, "source_path": f"/elsewhere/{name}"}
    facts = [{**f, "doc_id": doc_id, "source_file": name, "fact_id": f"{name}:{f['fact_id']}",
              "value": f["value"] * scale, "ocr": ocr} for f in parsed.facts]
    return document, facts


def test_same_title_other_figures_is_another_plan_and_a_scan_is_never_primary(tmp_path, turpan):
    db = str(tmp_path / "x.duckdb")
    with closing(load_module.connect(db)) as con:
        load_module.load_batch(con, [version(turpan, "text.docx")])
        load_module.load_batch(con, [version(turpan, "scan.pdf", ocr=True)])  # newer, but OCR
        load_module.load_batch(con, [version(turpan, "revised.docx", scale=2.0)])
        broken = load_module.failed_row(tmp_path / "broken.pdf", "broken.pdf", "0" * 64, "pdf")
        load_module.load_batch(con, [(broken, "broken.pdf: not a PDF")])
    plans = plans_by_file(db)
    assert plans["scan.pdf"][0] == plans["text.docx"][0]
    assert plans["revised.docx"][0] != plans["text.docx"][0]
    assert {name: primary for name, (_, primary) in plans.items()} == {
        "text.docx": True, "scan.pdf": False, "revised.docx": True, "broken.pdf": False}
    assert plans["broken.pdf"][0] is None


def test_a_few_misread_figures_still_match_but_not_many(tmp_path, turpan):
    n = len(turpan.facts)
    assert n == 23
    db = str(tmp_path / "x.duckdb")
    with closing(load_module.connect(db)) as con:
        load_module.load_batch(con, [version(turpan, "text.docx")])
        for name, misread in (("one-misread.pdf", 1), ("five-misread.pdf", 5)):
            document, facts = version(turpan, name, ocr=True)
            facts = [{**f, "value": f["value"] + 7} if i < misread else f for i, f in enumerate(facts)]
            load_module.load_batch(con, [(document, facts)])
    plans = plans_by_file(db)
    assert plans["one-misread.pdf"][0] == plans["text.docx"][0]  # 22 of 23 agree
    assert plans["five-misread.pdf"][0] != plans["text.docx"][0]  # 18 of 23


def test_replacing_the_only_version_at_its_path_keeps_the_plan(tmp_path, turpan):
    db = str(tmp_path / "x.duckdb")
    with closing(load_module.connect(db)) as con:
        first, facts = version(turpan, "plan.docx")
        load_module.load_batch(con, [(first, facts)])
        plan_id = rows_in(con, "SELECT plan_id FROM documents")
        edited, edited_facts = version(turpan, "plan.docx", scale=3.0)
        edited = {**edited, "doc_id": "e" * 64}
        edited_facts = [{**f, "doc_id": "e" * 64, "fact_id": "e" + f["fact_id"]} for f in edited_facts]
        assert load_module.load_batch(con, [(edited, edited_facts)])[0].status == "replaced"
        assert rows_in(con, "SELECT plan_id, is_primary, doc_id FROM documents") == [(plan_id[0][0], True, "e" * 64)]
        assert rows_in(con, "SELECT doc_id, count(*) FROM planetl_figures GROUP BY 1") == [("e" * 64, 23)]


def rows_in(con, sql: str):
    return con.execute(sql).fetchall()


def test_a_warehouse_from_before_plan_ids_gets_them_on_the_next_load(tmp_path, turpan):
    db = str(tmp_path / "x.duckdb")
    with closing(load_module.connect(db)) as con:
        load_module.load_batch(con, [version(turpan, "text.docx")])
        con.execute("ALTER TABLE documents DROP COLUMN plan_id")
        con.execute("ALTER TABLE documents DROP COLUMN is_primary")
    with closing(load_module.connect(db)) as con:  # the columns come back, empty
        assert rows_in(con, "SELECT plan_id, is_primary FROM documents") == [(None, False)]
        load_module.load_batch(con, [version(turpan, "copy.pdf")])
    plans = plans_by_file(db)
    assert plans["copy.pdf"][0] == plans["text.docx"][0] is not None
    assert sorted(primary for _, primary in plans.values()) == [False, True]


def test_a_warehouse_from_before_planetl_figures_matches_and_ranks_from_its_facts(tmp_path, turpan):
    db = str(tmp_path / "x.duckdb")
    with closing(load_module.connect(db)) as con:
        load_module.load_batch(con, [version(turpan, "text.pdf")])
        load_module.load_batch(con, [version(turpan, "scan.docx", ocr=True)])
        con.execute("DROP TABLE planetl_figures")
        con.execute("DELETE FROM planetl_objects WHERE name = 'planetl_figures'")
        con.execute("ALTER TABLE documents DROP COLUMN n_facts_ocr")
    with closing(load_module.connect(db)) as con:  # brought up to date: OCR counted from the facts
        assert rows_in(con, "SELECT source_file, n_facts_ocr FROM documents ORDER BY 1") == [("scan.docx", 23),
                                                                                            ("text.pdf", 0)]
        assert rows_in(con, "SELECT count(*) FROM planetl_figures") == [(0,)]
        load_module.load_batch(con, [version(turpan, "copy.pdf")])  # matched against figures read from facts
        kept = rows_in(con, "SELECT source_file, count(*) FROM planetl_figures JOIN documents USING (doc_id) "
                            "GROUP BY 1 ORDER BY 1")
    assert kept == [("copy.pdf", 23), ("scan.docx", 23), ("text.pdf", 23)]
    plans = plans_by_file(db)
    assert len({plan_id for plan_id, _ in plans.values()}) == 1
    # the scan ranks last although .docx: its OCR count came from the facts
    assert {name: primary for name, (_, primary) in plans.items()} == {
        "text.pdf": False, "scan.docx": False, "copy.pdf": True}
