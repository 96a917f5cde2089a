"""Files over time: the same bytes at several paths, files gone from a folder, failures superseded."""
from __future__ import annotations

import shutil
from contextlib import closing

import duckdb
import pytest

from conftest import sample
from flows.ingest import ingest_files
from warehouse import load as load_module

PLAN = "某市{year}年住房发展年度计划\n\n{year}年计划新开工商品住房{units}套。\n"


def rows(db, sql: str):
    with closing(duckdb.connect(str(db), read_only=True)) as con:
        return con.execute(sql).fetchall()


def write(path, year=2025, units=1000):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PLAN.format(year=year, units=units), encoding="utf-8")
    return path


def statuses(results):
    return [(r.source_file.rsplit("/", 1)[-1], r.status, r.n_facts) for r in results]


def test_the_same_bytes_under_another_name_is_another_location(tmp_path, prefect_server):
    folder, db = tmp_path / "plans", tmp_path / "x.duckdb"
    a = write(folder / "a.txt")
    assert statuses(ingest_files([str(folder)], str(db))) == [("a.txt", "loaded", 1)]
    shutil.copy(a, folder / "copy.txt")
    (folder / "sub").mkdir()
    shutil.copy(a, folder / "sub" / "moved.txt")
    assert statuses(ingest_files([str(folder)], str(db))) == [
        ("a.txt", "skipped", 0), ("copy.txt", "skipped", 0), ("moved.txt", "skipped", 0)]
    assert rows(db, "SELECT count(*), any_value(source_path), bool_or(absent) FROM documents") == [(1, str(a), False)]
    assert rows(db, "SELECT source_path, absent_since IS NULL, first_seen <= last_seen FROM document_locations "
                    "ORDER BY 1") == [(str(a), True, True), (str(folder / "copy.txt"), True, True),
                                      (str(folder / "sub" / "moved.txt"), True, True)]


def test_a_file_gone_from_its_folder_is_marked_absent_and_keeps_its_facts(tmp_path, prefect_server):
    folder, db = tmp_path / "plans", tmp_path / "x.duckdb"
    write(folder / "a.txt")
    b = write(folder / "b.txt", year=2026, units=2000)
    elsewhere = write(tmp_path / "other" / "c.txt", year=2027, units=3000)
    ingest_files([str(folder), str(elsewhere)], str(db))
    b_bytes = b.read_bytes()
    b.unlink()
    elsewhere.unlink()  # not in the folder ingested next: not looked for
    assert statuses(ingest_files([str(folder)], str(db))) == [("a.txt", "skipped", 0)]
    assert rows(db, "SELECT source_file, absent, n_facts FROM documents ORDER BY 1") == [
        (str(elsewhere), False, 1), (str(folder / "a.txt"), False, 1), (str(b), True, 1)]
    assert rows(db, "SELECT source_path FROM document_locations WHERE absent_since IS NOT NULL") == [(str(b),)]
    assert rows(db, "SELECT count(*) FROM facts") == [(3,)]  # kept
    # back under another name: present again
    (folder / "b-again.txt").write_bytes(b_bytes)
    assert statuses(ingest_files([str(folder)], str(db))) == [("a.txt", "skipped", 0), ("b-again.txt", "skipped", 0)]
    assert rows(db, "SELECT count(*) FROM documents WHERE absent") == [(0,)]
    assert rows(db, "SELECT source_path, absent_since IS NULL FROM document_locations WHERE source_path LIKE '%b%.txt' "
                    "ORDER BY 1") == [(str(folder / "b-again.txt"), True), (str(b), False)]


def test_a_failed_file_is_superseded_when_it_loads(tmp_path, prefect_server):
    folder, db = tmp_path / "plans", tmp_path / "x.duckdb"
    folder.mkdir()
    plan = folder / "plan.docx"
    plan.write_bytes(b"not a docx at all")
    assert [r.status for r in ingest_files([str(folder)], str(db))] == ["failed"]
    assert rows(db, "SELECT status FROM documents") == [("failed",)]
    shutil.copy(sample("turpan-2024-annual-plan.docx"), plan)  # repaired
    assert statuses(ingest_files([str(folder)], str(db))) == [("plan.docx", "replaced", 23)]
    assert rows(db, "SELECT status, source_path, error, n_facts FROM documents") == [("ok", str(plan), None, 23)]
    assert rows(db, "SELECT source_path, absent_since FROM document_locations") == [(str(plan), None)]


def test_the_same_bytes_failed_once_then_loaded_leave_one_ok_row(tmp_path, turpan):
    """A read that failed (a time limit, a reader since fixed) and the same bytes loading later."""
    db = str(tmp_path / "x.duckdb")
    failed = load_module.failed_row(tmp_path / "t.docx", "t.docx", turpan.document["doc_id"], "docx")
    with closing(load_module.connect(db)) as con:
        load_module.load_batch(con, [(failed, "t.docx: reading took longer than 120 s")])
        assert [r.status for r in load_module.load_batch(con, [(turpan.document, turpan.facts)])] == ["loaded"]
    assert rows(db, "SELECT status, error, n_facts FROM documents") == [("ok", None, 23)]
    assert rows(db, "SELECT count(*) FROM document_locations") == [(1,)]


def test_a_changed_file_keeps_the_old_version_whose_bytes_are_still_elsewhere(tmp_path, prefect_server):
    folder, db = tmp_path / "plans", tmp_path / "x.duckdb"
    a = write(folder / "a.txt")
    ingest_files([str(folder)], str(db))
    shutil.copy(a, folder / "backup.txt")
    ingest_files([str(folder)], str(db))
    write(a, units=1500)  # edited in place; the old bytes are still in backup.txt
    assert statuses(ingest_files([str(folder)], str(db))) == [("a.txt", "loaded", 1), ("backup.txt", "skipped", 0)]
    assert rows(db, "SELECT source_path, n_facts, absent FROM documents ORDER BY 1") == [
        (str(a), 1, False), (str(folder / "backup.txt"), 1, False)]
    assert rows(db, "SELECT f.value FROM facts f JOIN documents d USING (doc_id) ORDER BY 1") == [(1000.0,), (1500.0,)]
    assert rows(db, "SELECT count(*) FROM document_locations") == [(2,)]


@pytest.fixture(scope="module")
def turpan():
    from flows.worker import read

    return read(str(sample("turpan-2024-annual-plan.docx")), "turpan-2024-annual-plan.docx")


def test_a_file_the_walk_did_not_list_but_still_there_is_not_absent(tmp_path, prefect_server, monkeypatch):
    """A subfolder that could not be listed this time (permission denied): its files are not gone."""
    import flows.ingest as ingest_module

    folder, db = tmp_path / "plans", tmp_path / "x.duckdb"
    kept = write(folder / "locked" / "a.txt")
    gone = write(folder / "b.txt", units=2000)
    ingest_files([str(folder)], str(db))
    gone.unlink()
    monkeypatch.setattr(ingest_module, "find_files", lambda paths: [])
    assert ingest_files([str(folder)], str(db)) == []
    assert rows(db, "SELECT source_path, absent FROM documents ORDER BY 1") == [(str(gone), True), (str(kept), False)]
