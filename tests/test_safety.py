"""planetl never drops, empties or rewrites a table or view it did not create; schema comments."""
from __future__ import annotations

from contextlib import closing

import duckdb
import pytest
from click.testing import CliRunner

from conftest import lock_held, sample
from flows.cli import main
from warehouse import load as load_module

PLAN = "turpan-2024-annual-plan.docx"


def rows(db, sql: str):
    with closing(duckdb.connect(str(db), read_only=True)) as con:
        return con.execute(sql).fetchall()


def users_database(db, *statements: str) -> None:
    with closing(duckdb.connect(str(db))) as con:
        for statement in statements:
            con.execute(statement)


def objects(db):
    return rows(db, "SELECT table_name, table_type FROM information_schema.tables ORDER BY 1")


USERS_REGIONS = ("CREATE TABLE regions (code VARCHAR, name VARCHAR, population INTEGER)",
                 "INSERT INTO regions VALUES ('r1', '北区', 1200), ('r2', '南区', 800)")


@pytest.mark.parametrize("command", [["ingest", str(sample(PLAN))], ["audit"]])
def test_a_users_regions_table_is_refused_and_left_as_it_was(tmp_path, prefect_server, command):
    db = tmp_path / "mine.duckdb"
    users_database(db, *USERS_REGIONS)
    result = CliRunner().invoke(main, [*command, "--db", str(db)])
    assert result.exit_code == 1
    assert result.output.endswith(
        f"Error: {db}: holds table regions that planetl did not create, with the names of planetl's own; planetl "
        "never changes a table it did not create: give --db another file\n")
    assert rows(db, "SELECT * FROM regions ORDER BY code") == [("r1", "北区", 1200), ("r2", "南区", 800)]
    assert objects(db) == [("regions", "BASE TABLE")]  # nothing written


def test_a_database_of_other_tables_is_not_a_warehouse(tmp_path, prefect_server):
    db = tmp_path / "sales.duckdb"
    users_database(db, "CREATE TABLE sales (day DATE, amount DOUBLE)", "INSERT INTO sales VALUES ('2025-01-02', 9.5)",
                   "CREATE VIEW big_sales AS SELECT * FROM sales WHERE amount > 5")
    result = CliRunner().invoke(main, ["ingest", str(sample(PLAN)), "--db", str(db)])
    assert result.exit_code == 1
    assert result.output.endswith(
        f"Error: {db}: not a planetl warehouse: it holds view big_sales, table sales, which planetl did not create; "
        "planetl writes only to a new file or a warehouse it made: give --db another file\n")
    assert objects(db) == [("big_sales", "VIEW"), ("sales", "BASE TABLE")]
    assert rows(db, "SELECT * FROM sales")[0][1] == 9.5


def test_a_users_view_of_a_planetl_name_is_not_replaced(tmp_path):
    db = tmp_path / "mine.duckdb"
    users_database(db, "CREATE TABLE t (x INTEGER)", "CREATE VIEW indicators AS SELECT x FROM t")
    with pytest.raises(load_module.WarehouseError, match="holds view indicators that planetl did not create"):
        load_module.connect(db)
    assert rows(db, "SELECT sql FROM duckdb_views() WHERE view_name = 'indicators'") == [
        ("CREATE VIEW indicators AS SELECT x FROM t;",)]


def test_a_users_own_table_in_a_planetl_warehouse_survives_ingest_and_audit(tmp_path, prefect_server):
    db = tmp_path / "x.duckdb"
    assert CliRunner().invoke(main, ["ingest", str(sample(PLAN)), "--db", str(db)]).exit_code == 0
    users_database(db, "CREATE TABLE my_notes (fact_id VARCHAR, note VARCHAR)",
                   "INSERT INTO my_notes SELECT fact_id, 'checked' FROM facts LIMIT 3")
    assert CliRunner().invoke(main, ["ingest", str(sample("jiamusi-2026-annual-plan.docx")), "--db", str(db)]).exit_code == 0
    assert CliRunner().invoke(main, ["audit", "--db", str(db)]).exit_code == 0
    assert rows(db, "SELECT count(*), min(note) FROM my_notes") == [(3, "checked")]
    assert rows(db, "SELECT count(*) FROM documents") == [(2,)]


def test_a_table_a_newer_planetl_would_create_but_the_user_made_is_refused(tmp_path):
    db = tmp_path / "x.duckdb"
    load_module.connect(db).close()
    users_database(db, "DROP TABLE document_locations", "DELETE FROM planetl_objects WHERE name = 'document_locations'",
                   "CREATE TABLE document_locations (shelf VARCHAR)", "INSERT INTO document_locations VALUES ('A3')")
    with pytest.raises(load_module.WarehouseError, match="holds table document_locations that planetl did not create"):
        load_module.connect(db)
    assert rows(db, "SELECT * FROM document_locations") == [("A3",)]


def test_a_warehouse_of_an_older_planetl_is_adopted(tmp_path, turpan):
    """Made before planetl recorded its tables (no planetl_objects), before document_locations and
    documents.absent: opened, kept, brought up to date."""
    db = tmp_path / "old.duckdb"
    with closing(load_module.connect(db)) as con:
        load_module.load_batch(con, [(turpan.document, turpan.facts)])
    users_database(db, "DROP TABLE planetl_objects", "DROP TABLE planetl_meta", "DROP TABLE document_locations",
                   "ALTER TABLE documents DROP COLUMN absent", "COMMENT ON TABLE facts IS NULL",
                   "CREATE TABLE my_notes (note VARCHAR)", "INSERT INTO my_notes VALUES ('mine')")
    with closing(load_module.connect(db)):
        pass
    assert rows(db, "SELECT count(*), sum(n_facts), bool_or(absent) FROM documents") == [(1, 23, False)]
    assert rows(db, "SELECT count(*) FROM facts") == [(23,)]
    assert rows(db, "SELECT doc_id, source_path, absent_since FROM document_locations") == [
        (turpan.document["doc_id"], turpan.document["source_path"], None)]
    assert ("documents", "table") in rows(db, "SELECT name, kind FROM planetl_objects")
    assert ("my_notes",) not in rows(db, "SELECT name FROM planetl_objects")
    assert rows(db, "SELECT * FROM my_notes") == [("mine",)]
    assert rows(db, "SELECT comment FROM duckdb_tables() WHERE table_name = 'facts'")[0][0].startswith("One row per figure")


def test_an_empty_duckdb_file_becomes_a_warehouse(tmp_path):
    db = tmp_path / "empty.duckdb"
    duckdb.connect(str(db)).close()
    load_module.connect(db).close()
    assert ("facts", "BASE TABLE") in objects(db)


def test_every_planetl_table_view_and_column_has_a_comment(tmp_path):
    db = tmp_path / "x.duckdb"
    load_module.connect(db).close()
    names = [r[0] for r in rows(db, "SELECT name FROM planetl_objects ORDER BY 1")]
    assert {"documents", "facts", "plan_facts", "indicators", "document_locations", "planetl_objects"} <= set(names)
    assert rows(db, "SELECT table_name FROM duckdb_tables() WHERE comment IS NULL "
                    "UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal AND comment IS NULL") == []
    missing = rows(db, "SELECT table_name || '.' || column_name FROM duckdb_columns() "
                       "WHERE database_name = current_database() AND schema_name = 'main' AND comment IS NULL ORDER BY 1")
    assert missing == []
    assert rows(db, "SELECT comment FROM duckdb_columns() WHERE table_name = 'facts' AND column_name = 'value'") == [
        ("the figure in its base unit",)]
    assert rows(db, "SELECT comment FROM duckdb_columns() WHERE table_name = 'plan_facts' AND column_name = 'value'") == [
        ("the figure in its base unit",)]


def test_opening_an_up_to_date_warehouse_writes_nothing(tmp_path):
    db = tmp_path / "x.duckdb"
    load_module.connect(db).close()
    before = db.stat().st_mtime_ns
    load_module.connect(db).close()
    assert db.stat().st_mtime_ns == before


def test_a_waiting_command_says_once_what_it_waits_for(tmp_path, monkeypatch, capsys):
    db = tmp_path / "x.duckdb"
    load_module.connect(db).close()
    with lock_held(db) as holder:
        monkeypatch.setenv("PLANETL_LOCK_WAIT", "1.5")
        with pytest.raises(load_module.WarehouseError, match="another planetl process is using this warehouse"):
            load_module.connect(db, read_only=True)
        assert capsys.readouterr().err == (
            f"{db}: waiting for the warehouse lock held by process {holder.pid} (an ingest?); up to 1.5 s "
            "(PLANETL_LOCK_WAIT)\n")


@pytest.fixture(scope="module")
def turpan():
    from flows.worker import read

    return read(str(sample(PLAN)), PLAN)
