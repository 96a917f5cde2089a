"""`planetl export`: a table, view or query result to csv, parquet, json or xlsx, every value unchanged."""
from __future__ import annotations

import json
import os

import duckdb
import pytest
from click.testing import CliRunner

from conftest import sample
from flows.cli import main
from flows.worker import read
from warehouse.export import ExportError, export
from warehouse.load import connect, load_document

SAMPLES = ("turpan-2024-annual-plan.docx", "kashgar-2025-annual-plan.docx",
           "beitun-affordable-housing-scheme.docx", "beitun-affordable-housing-scheme.pdf")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    db = tmp_path_factory.mktemp("export") / "plans.duckdb"
    con = connect(db)
    try:
        for name in SAMPLES:
            parsed = read(str(sample(name)), name)
            load_document(con, parsed.document, parsed.facts)
    finally:
        con.close()
    return db


def run(*args: str):
    return CliRunner().invoke(main, ["export", *map(str, args)], catch_exceptions=False)


def query(sql: str, params=None):
    con = duckdb.connect()
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def facts_of(db, table: str = "facts"):
    """The table's rows (ordered) and its (name, type) columns."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        cols = [(r[0], r[1]) for r in con.execute(f"DESCRIBE {table}").fetchall()]
        rows = con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
    finally:
        con.close()
    return rows, cols


def typed(cols) -> str:
    return "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in cols) + "}"


def test_the_warehouse_has_what_the_round_trips_need(db):
    rows, cols = facts_of(db)
    assert len(rows) > 20
    names = [c for c, _ in cols]
    page = names.index("page")
    assert any(r[page] is None for r in rows) and any(r[page] is not None for r in rows)  # NULLs and numbers
    assert {kind for _, kind in cols} >= {"VARCHAR", "INTEGER", "DOUBLE", "BOOLEAN"}


def test_csv_round_trips_every_column_of_facts(db, tmp_path):
    out = tmp_path / "facts.csv"
    result = run("--format", "csv", "-o", out, "--db", db)
    assert result.exit_code == 0, result.output
    rows, cols = facts_of(db)
    assert f"{len(rows)} rows of facts into {out} (csv)" in result.stderr
    back = query(f"SELECT * FROM read_csv(?, header = true, columns = {typed(cols)}) ORDER BY ALL", [str(out)])
    assert back == rows
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header == ",".join(c for c, _ in cols)
    assert not out.read_bytes().startswith(b"\xef\xbb\xbf")


def test_parquet_round_trips_every_column_of_facts_types_included(db, tmp_path):
    out = tmp_path / "facts.parquet"
    assert run("--table", "facts", "--format", "parquet", "-o", out, "--db", db).exit_code == 0
    rows, cols = facts_of(db)
    assert [(r[0], r[1]) for r in query("DESCRIBE SELECT * FROM read_parquet(?)", [str(out)])] == cols
    assert query("SELECT * FROM read_parquet(?) ORDER BY ALL", [str(out)]) == rows


def test_parquet_round_trips_the_documents_table(db, tmp_path):
    out = tmp_path / "documents.parquet"  # timestamps, dates, booleans, NULLs
    assert run("--table", "documents", "-o", out, "--db", db).exit_code == 0  # format from the file name
    rows, cols = facts_of(db, "documents")
    assert len(rows) == len(SAMPLES)
    assert [(r[0], r[1]) for r in query("DESCRIBE SELECT * FROM read_parquet(?)", [str(out)])] == cols
    assert query("SELECT * FROM read_parquet(?) ORDER BY ALL", [str(out)]) == rows


def test_json_round_trips_every_column_of_facts(db, tmp_path):
    out = tmp_path / "facts.json"
    assert run("--format", "json", "-o", out, "--db", db).exit_code == 0
    rows, cols = facts_of(db)
    records = json.loads(out.read_text(encoding="utf-8"))  # one JSON array of objects
    assert len(records) == len(rows) and list(records[0]) == [c for c, _ in cols]
    back = query(f"SELECT * FROM read_json(?, columns = {typed(cols)}) ORDER BY ALL", [str(out)])
    assert back == rows


def test_xlsx_has_the_header_and_every_row(db, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "facts.xlsx"
    result = run("--format", "xlsx", "-o", out, "--db", db)
    assert result.exit_code == 0, result.output
    rows, cols = facts_of(db)
    sheet = load_workbook(out, read_only=True).active
    cells = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert cells[0] == [c for c, _ in cols]
    assert len(cells) == len(rows) + 1
    # rows are ordered by fact_id (unique, the first column); xlsx has no empty text: '' reads back as empty
    assert sorted(cells[1:]) == [[None if v == "" else v for v in r] for r in rows]


def test_sql_result_is_exported(db, tmp_path):
    out = tmp_path / "by_metric.csv"
    sql = "SELECT metric, count(*) AS n, sum(value) AS total FROM facts GROUP BY metric ORDER BY metric; -- by metric"
    result = run("--sql", sql, "--format", "csv", "-o", out, "--db", db)
    assert result.exit_code == 0, result.output
    con = duckdb.connect(str(db), read_only=True)
    expected = con.execute(sql).fetchall()
    con.close()
    back = query("SELECT * FROM read_csv(?, header = true, columns = {'metric': 'VARCHAR', 'n': 'BIGINT', "
                 "'total': 'DOUBLE'}) ORDER BY metric", [str(out)])
    assert back == expected and len(back) > 1
    assert f"{len(expected)} rows of the query into {out} (csv)" in result.stderr


SPECIAL = "SELECT [1, 2] AS l, NULL::INTEGER AS n, '' AS e, '=1+1' AS f, {'a': 'x'} AS s, 2.5::DOUBLE AS d"


def test_csv_writes_lists_as_json_and_null_as_empty(db, tmp_path):
    out = tmp_path / "special.csv"
    assert run("--sql", SPECIAL, "--format", "csv", "-o", out, "--db", db).exit_code == 0
    assert out.read_text(encoding="utf-8") == 'l,n,e,f,s,d\n"[1,2]",,"",=1+1,"{""a"":""x""}",2.5\n'


def test_xlsx_keeps_text_as_text(db, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "special.xlsx"
    assert run("--sql", SPECIAL, "-o", out, "--db", db).exit_code == 0
    sheet = load_workbook(out).active
    cells = list(sheet.iter_rows(values_only=True))
    assert cells == [("l", "n", "e", "f", "s", "d"), ("[1, 2]", None, None, "=1+1", '{"a": "x"}', 2.5)]
    assert sheet["D2"].data_type == "s"  # text, not a formula


def test_excel_flag_adds_the_bom(db, tmp_path):
    plain, bom = tmp_path / "plain.csv", tmp_path / "bom.csv"
    assert run("-o", plain, "--db", db).exit_code == 0
    assert run("-o", bom, "--excel", "--db", db).exit_code == 0
    assert bom.read_bytes() == b"\xef\xbb\xbf" + plain.read_bytes()
    result = run("-o", tmp_path / "x.parquet", "--excel", "--db", db)
    assert result.exit_code != 0 and "--excel applies to --format csv only" in result.output
    assert not (tmp_path / "x.parquet").exists()


def test_missing_warehouse_is_an_error_and_creates_nothing(tmp_path):
    db, out = tmp_path / "none.duckdb", tmp_path / "facts.csv"
    result = run("-o", out, "--db", db)
    assert result.exit_code == 1
    assert f"{db}: no such warehouse" in result.output
    assert sorted(os.listdir(tmp_path)) == []


def test_existing_file_is_kept_unless_force(db, tmp_path):
    out = tmp_path / "facts.csv"
    out.write_text("keep me", encoding="utf-8")
    result = run("-o", out, "--db", db)
    assert result.exit_code == 1 and "already exists; give --force to replace it" in result.output
    assert out.read_text(encoding="utf-8") == "keep me"
    result = run("-o", out, "--db", db, "--force")
    assert result.exit_code == 0, result.output
    rows, _ = facts_of(db)
    assert query("SELECT count(*) FROM read_csv(?)", [str(out)]) == [(len(rows),)]
    assert sorted(os.listdir(tmp_path)) == ["facts.csv"]  # no temporary file left behind


def test_errors_leave_no_file(db, tmp_path):
    result = run("--table", "no_such_table", "-o", tmp_path / "a.csv", "--db", db)
    assert result.exit_code == 1 and "no_such_table: no such table or view in the warehouse" in result.output
    result = run("--sql", "SELECT * FROM no_such_table", "-o", tmp_path / "b.parquet", "--db", db)
    assert result.exit_code == 1 and "no_such_table" in result.output
    for sql in ("SELECT 1; SELECT 2", f"COPY facts TO '{tmp_path / 'e.csv'}'", ""):
        result = run("--sql", sql, "-o", tmp_path / "b.csv", "--db", db)
        assert result.exit_code == 1
        assert "--sql takes one query (SELECT, FROM, WITH, VALUES …), nothing else" in result.output
    result = run("--table", "facts", "--sql", "SELECT 1", "-o", tmp_path / "c.csv", "--db", db)
    assert result.exit_code == 2 and "give one of --table NAME or --sql SQL" in result.output
    result = run("-o", tmp_path / "d.txt", "--db", db)
    assert result.exit_code == 2
    assert sorted(os.listdir(tmp_path)) == []


def test_export_opens_the_warehouse_read_only(db, tmp_path):
    before = (db.stat().st_mtime_ns, db.read_bytes())
    reader = duckdb.connect(str(db), read_only=True)  # another reader does not block export
    try:
        assert run("--table", "metrics", "-o", tmp_path / "metrics.json", "--db", db).exit_code == 0
    finally:
        reader.close()
    assert (db.stat().st_mtime_ns, db.read_bytes()) == before
    assert not os.path.exists(f"{db}.wal")


def test_export_function_never_replaces_without_force(db, tmp_path):
    out = tmp_path / "facts.parquet"
    out.write_bytes(b"keep")
    con = connect(db, read_only=True)
    try:
        with pytest.raises(ExportError, match="already exists"):
            export(con, out, "parquet")
        assert out.read_bytes() == b"keep"
        rows, _ = facts_of(db)
        assert export(con, out, "parquet", force=True) == len(rows)
    finally:
        con.close()
    assert query("SELECT count(*) FROM read_parquet(?)", [str(out)]) == [(len(rows),)]
    assert sorted(os.listdir(tmp_path)) == ["facts.parquet"]


def test_dry_run_counts_and_writes_nothing(db, tmp_path):
    out = tmp_path / "facts.xlsx"
    result = run("-o", out, "--db", db, "--dry-run")
    assert result.exit_code == 0, result.output
    rows, _ = facts_of(db)
    assert f"would write {len(rows)} rows of facts into {out} (xlsx); nothing written" in result.stderr
    assert sorted(os.listdir(tmp_path)) == []


def run_query(*args: str, input: str | None = None):
    return CliRunner().invoke(main, ["query", *map(str, args)], input=input, catch_exceptions=False)


@pytest.mark.parametrize("fmt", ["csv", "parquet", "json", "xlsx"])
def test_query_o_writes_what_export_writes(db, tmp_path, fmt):
    mine, theirs = tmp_path / f"q.{fmt}", tmp_path / "e" / f"e.{fmt}"
    theirs.parent.mkdir()
    result = run_query("select * from facts order by fact_id", "-o", mine, "--db", db)
    assert result.exit_code == 0, result.output
    rows, _ = facts_of(db)
    assert result.stderr == f"{len(rows)} rows into {mine} ({fmt})\n"
    assert run("--sql", "select * from facts order by fact_id", "-o", theirs, "--db", db).exit_code == 0
    if fmt == "xlsx":  # a zip with its own time stamps: compare the cells
        from openpyxl import load_workbook

        def cells(path):
            return list(load_workbook(path, read_only=True).active.iter_rows(values_only=True))

        assert cells(mine) == cells(theirs) and len(cells(mine)) == len(rows) + 1
    else:
        assert mine.read_bytes() == theirs.read_bytes()
    assert sorted(os.listdir(tmp_path)) == ["e", f"q.{fmt}"]  # no temporary folder left behind


def test_query_o_round_trips_every_column_of_facts_through_parquet(db, tmp_path):
    out = tmp_path / "facts.parquet"
    assert run_query("select * from facts", "-o", out, "--db", db).exit_code == 0
    rows, cols = facts_of(db)
    assert [(r[0], r[1]) for r in query("DESCRIBE SELECT * FROM read_parquet(?)", [str(out)])] == cols
    assert query("SELECT * FROM read_parquet(?) ORDER BY ALL", [str(out)]) == rows


def test_query_o_keeps_an_existing_file_unless_force_and_adds_the_bom_for_excel(db, tmp_path):
    out = tmp_path / "special.csv"
    out.write_text("keep me", encoding="utf-8")
    result = run_query(SPECIAL, "-o", out, "--db", db)
    assert (result.exit_code, result.output) == (1, f"Error: {out}: already exists; give --force to replace it\n")
    assert out.read_text(encoding="utf-8") == "keep me"
    assert run_query("-", "-o", out, "--excel", "--force", "--db", db, input=SPECIAL).exit_code == 0
    assert out.read_bytes() == b"\xef\xbb\xbf" + 'l,n,e,f,s,d\n"[1,2]",,"",=1+1,"{""a"":""x""}",2.5\n'.encode()
    assert sorted(os.listdir(tmp_path)) == ["special.csv"]


def test_query_o_cannot_write_any_other_file(db, tmp_path):
    out, other = tmp_path / "out.csv", tmp_path / "other.csv"
    for sql in (f"copy (select 1) to '{other}'", f"select * from read_csv('{db}')",
                f"attach '{tmp_path / 'x.duckdb'}' as x", "set allowed_directories = ['/']"):
        result = run_query(sql, "-o", out, "--db", db)
        assert result.exit_code == 1, sql
    assert sorted(os.listdir(tmp_path)) == []


def test_query_o_needs_a_format_it_can_write(db, tmp_path):
    result = run_query("select 1", "-o", tmp_path / "x.txt", "--db", db)
    assert result.exit_code == 2 and "-o writes --format csv|json|parquet|xlsx" in result.output
    result = run_query("select 1", "--format", "parquet", "--db", db)
    assert result.exit_code == 2 and "--format parquet writes a file: give -o FILE" in result.output
    assert sorted(os.listdir(tmp_path)) == []
