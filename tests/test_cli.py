"""The command line, run for real on the samples through the Prefect flow."""
from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys

import duckdb
import pytest
from click.testing import CliRunner

from conftest import ROOT, SAMPLES, lock_held, sample
from flows.cli import _cell, _progress, main

ALL_SAMPLES = sorted(p.name for p in SAMPLES.iterdir() if p.suffix in (".docx", ".pdf"))


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, prefect_server):
    db = tmp_path_factory.mktemp("wh") / "x.duckdb"
    result = run("ingest", str(SAMPLES), "--db", str(db))
    return db, result


def rows(db, sql: str):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_ingest_loads_every_sample(warehouse):
    db, result = warehouse
    assert result.exit_code == 0, result.output
    assert len(ALL_SAMPLES) == 24
    loaded = rows(db, "select source_file, status, format from documents order by source_file")
    assert [(r[0].split("/")[-1], r[1]) for r in loaded] == [(name, "ok") for name in ALL_SAMPLES]
    assert "24 files: 24 loaded, 0 replaced, 0 skipped, 0 failed" in result.stderr


def test_ingest_prints_facts_per_document(warehouse):
    db, result = warehouse
    for source_file, n_facts in rows(db, "select source_file, n_facts from documents"):
        assert f"  loaded   {source_file}: {n_facts} facts" in result.stderr
    counted = rows(db, "select d.n_facts, count(f.fact_id) from documents d left join facts f using (doc_id) group by d.doc_id, d.n_facts")
    assert all(n == c for n, c in counted)
    docx_pdf = rows(db, """select replace(source_file, '.docx', ''), n_facts from documents where format = 'docx'
                           intersect select replace(source_file, '.pdf', ''), n_facts from documents where format = 'pdf'""")
    assert len(docx_pdf) == 11  # every .docx and its .pdf give the same number of facts


def test_ingest_prints_the_cross_city_overview(warehouse):
    db, result = warehouse
    lines = result.stdout.splitlines()
    con = duckdb.connect(str(db), read_only=True)
    try:
        cursor = con.execute("select * from city_overview")
        names, overview = [d[0] for d in cursor.description], cursor.fetchall()
    finally:
        con.close()
    assert lines[0].split() == names and set(lines[1]) == {"─"}
    # one line a row, NULL empty, no float noise: 60.4 and 5600, not 60.400000000000006 or 5600.0
    assert [line.split() for line in lines[2:]] == [[_cell(v) for v in row if v is not None] for row in overview]
    jiamusi = next(line for line in lines if line.startswith("佳木斯市"))
    assert jiamusi.split()[:7] == ["佳木斯市", "annual_plan", "2026", "19.94", "60.4", "5600", "22.69"]
    # the five-year plan: its five-year targets (the indicator table) and its yearly schedule
    assert [line.split()[2:4] for line in lines if line.startswith("张掖市")] == [
        ["2026", "1043"], ["2026-2030", "99.06"], ["2027", "773"], ["2028", "720"], ["2029", "710"], ["2030", "400"]]


def test_documents_are_described(warehouse):
    db, _ = warehouse
    described = rows(db, """select title, jurisdiction, doc_type, period_start, period_end from documents
                            where format = 'docx' order by jurisdiction""")
    assert described == [
        ("佳木斯市2026年住房发展年度计划", "佳木斯市", "annual_plan", 2026, 2026),
        ("吐鲁番市2024年住房发展年度计划", "吐鲁番市", "annual_plan", 2024, 2024),
        ("喀什地区2025年住房发展年度计划", "喀什地区", "annual_plan", 2025, 2025),
        ("宜昌市2025年住房建设计划", "宜昌市", "annual_plan", 2025, 2025),
        ("张掖市“十五五”城镇住房发展规划", "张掖市", "five_year_plan", 2026, 2030),
        ("汶川县2025年住房发展年度计划", "汶川县", "annual_plan", 2025, 2025),
        # a provincial notice: the issuing department's province
        ("关于下达2025年全省保障性安居工程目标任务的通知", "湖南省", "target_notice", 2025, 2025),
        ("第十师北屯市规划建设保障性住房实施方案（征求意见稿）", "第十师北屯市", "implementation_scheme", None, None),
        ("西安市2024年城中村改造工作计划", "西安市", "renovation_plan", 2024, 2024),
        ("赣州市2025年城镇老旧小区改造计划", "赣州市", "renovation_plan", 2025, 2025),
        # a news roundup: about many places, issued by none
        ("多地晒出2025年住房发展“任务单” 保障性住房建设提速", None, "other", 2025, 2025),
    ]


def test_scanned_pdf_is_read_by_ocr(warehouse):
    db, _ = warehouse
    (n, ocr), = rows(db, "select count(*), bool_and(ocr) from facts where source_file like '%scanned.pdf'")
    assert n > 0 and ocr


def test_query_answers_in_every_format(warehouse):
    db, _ = warehouse
    (count,), = rows(db, "select count(*) from facts")
    assert run("query", "select count(*) as n from facts", "--db", str(db)).stdout.splitlines()[2] == str(count)
    assert run("query", "select count(*) as n from facts", "--db", str(db), "--format", "csv").stdout == f"n\n{count}\n"
    out = run("query", "select jurisdiction from documents where format='docx' order by 1 limit 1",
              "--db", str(db), "--format", "json").stdout
    assert json.loads(out) == [{"jurisdiction": "佳木斯市"}]


def test_query_is_read_only(warehouse):
    db, _ = warehouse
    result = run("query", "delete from facts", "--db", str(db))
    assert result.exit_code == 1
    assert "read-only" in result.output


def test_query_without_a_warehouse_says_how_to_make_one(tmp_path):
    result = run("query", "select 1", "--db", str(tmp_path / "none.duckdb"))
    assert result.exit_code == 1
    assert "none.duckdb: no such warehouse; create it with `planetl ingest PATH --db" in result.output


def test_reingest_of_the_same_bytes_is_a_no_op(tmp_path, prefect_server):
    shutil.copy(sample("turpan-2024-annual-plan.docx"), tmp_path)
    db = str(tmp_path / "x.duckdb")
    first = run("ingest", str(tmp_path), "--db", db)
    ids = rows(db, "select fact_id from facts order by 1")
    second = run("ingest", str(tmp_path), "--db", db)
    assert (first.exit_code, second.exit_code) == (0, 0)
    # nothing new: its summary only
    assert second.stderr == f"1 files: 0 loaded, 0 replaced, 1 skipped, 0 failed; 0 facts into {db}\n"
    assert second.stdout == ""
    assert rows(db, "select fact_id from facts order by 1") == ids and len(ids) == 23


def test_a_changed_file_replaces_its_old_facts(tmp_path, prefect_server):
    plan = tmp_path / "plan.txt"
    plan.write_text("某某市2026年住房发展年度计划\n计划新开工住房0.56万套。\n", encoding="utf-8")
    db = str(tmp_path / "x.duckdb")
    assert run("ingest", str(plan), "--db", db).exit_code == 0
    plan.write_text("某某市2026年住房发展年度计划\n计划新开工住房0.60万套，建筑面积60万平方米。\n", encoding="utf-8")
    result = run("ingest", str(plan), "--db", db)
    assert "replaced" in result.stderr
    assert rows(db, "select count(*) from documents") == [(1,)]
    assert rows(db, "select raw_value, value from facts order by char_start") == [("0.60", 6000.0), ("60", 600000.0)]


def test_a_bad_file_is_recorded_and_the_others_still_load(tmp_path, prefect_server):
    shutil.copy(sample("kashgar-2025-annual-plan.docx"), tmp_path)
    (tmp_path / "broken.pdf").write_bytes(b"PK\x03\x04 this is a zip, not a pdf")
    db = str(tmp_path / "x.duckdb")
    result = run("ingest", str(tmp_path), "--db", db)
    assert result.exit_code == 1
    assert f"failed   {tmp_path / 'broken.pdf'}: not a PDF (it starts with PK, a .docx?)" in result.stderr
    assert rows(db, "select status, error is null from documents order by status") == [("failed", False), ("ok", True)]
    assert rows(db, "select count(*) from facts where source_file like '%broken%'") == [(0,)]
    assert rows(db, "select count(*) > 0 from facts where source_file like '%kashgar%'") == [(True,)]


def test_query_cannot_write_or_read_other_files(warehouse, tmp_path):
    db, _ = warehouse
    target = tmp_path / "out.csv"
    for sql in (f"copy (select 1) to '{target}'", f"attach '{tmp_path / 'other.duckdb'}' as other (read_write)",
                "set enable_external_access = true", "select * from read_csv('/etc/hostname')"):
        result = run("query", sql, "--db", str(db))
        assert result.exit_code == 1, sql
    assert list(tmp_path.iterdir()) == []


def test_audit_never_creates_a_warehouse(tmp_path):
    result = run("audit", "--db", str(tmp_path / "mistyped.duckdb"))
    assert result.exit_code == 1
    assert "mistyped.duckdb: no such warehouse" in result.output
    assert list(tmp_path.iterdir()) == []


def test_audit_as_json_fails_on_errors(warehouse):
    db, _ = warehouse
    result = run("audit", "--db", str(db), "--doc", "zhangye-2026-2030-housing-plan.docx", "--format", "json",
                 "--fail-on", "error")
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    assert {f["check"] for f in found if f["severity"] == "error"} == {
        "prose_vs_table", "parts_vs_total", "schedule_vs_total", "table_total_row", "unit_mismatch"}
    first = next(f for f in found if f["check"] == "prose_vs_table")
    assert [fact["locator"] for fact in first["facts"]] == ["p134", "t113/r8/c3"] * 2  # in the .pdf and the .docx
    clean = run("audit", "--db", str(db), "--doc", "jiamusi-2026-annual-plan.docx", "--fail-on", "warning")
    assert clean.exit_code == 0
    assert "0 findings (0 errors, 0 warnings) in 3 documents of 1 plans" in clean.stderr  # every version


def test_a_read_only_warehouse_is_audited_without_storing(warehouse, monkeypatch, tmp_path):
    db, _ = warehouse
    copy = tmp_path / "ro.duckdb"
    shutil.copy(db, copy)
    before = rows(copy, "select count(*), max(audited_at) from findings")
    monkeypatch.setattr("flows.cli.os.access", lambda path, mode: False)  # root may write any file: pretend not
    result = run("audit", "--db", str(copy), "--doc", "zhangye-2026-2030-housing-plan.docx")
    assert result.exit_code == 0
    assert "error   prose_vs_table" in result.stdout
    assert "ro.duckdb is read-only: the findings were printed, not stored in its findings table" in result.stderr
    assert rows(copy, "select count(*), max(audited_at) from findings") == before


def test_query_reads_its_sql_from_standard_input(warehouse):
    db, _ = warehouse
    result = CliRunner().invoke(main, ["query", "-", "--db", str(db), "--format", "csv"],
                                input="select count(*) as n\nfrom documents where format = 'docx'\n")
    assert (result.exit_code, result.stdout) == (0, "n\n11\n")


VALUES = "select [1, 2] as l, null as n, 'a,b' as s, date '2026-01-02' as d, 604000.0::double as f, '佳木斯市' as j"


def test_query_csv_and_json_write_values_as_export_does(warehouse):
    db, _ = warehouse
    csv = run("query", VALUES, "--db", str(db), "--format", "csv")
    # lists as JSON arrays, NULL as an empty field, dates ISO, the double as DuckDB writes it
    assert csv.stdout == 'l,n,s,d,f,j\n"[1,2]",,"a,b",2026-01-02,604000.0,佳木斯市\n'
    out = run("query", VALUES, "--db", str(db), "--format", "json").stdout
    assert json.loads(out) == [{"l": [1, 2], "n": None, "s": "a,b", "d": "2026-01-02", "f": 604000.0, "j": "佳木斯市"}]


def test_query_table_lines_up_cjk_text_without_float_noise(warehouse):
    db, _ = warehouse
    out = run("query", VALUES + ", 0.1::double + 0.2::double as x, 12.5 as y", "--db", str(db)).stdout
    assert out.splitlines() == [
        "l        n   s     d                 f   j            x      y",
        "─" * 62,
        "[1, 2]       a,b   2026-01-02   604000   佳木斯市   0.3   12.5",
    ]


def test_a_table_wider_than_160_columns_leaves_columns_out_and_says_which(warehouse):
    db, _ = warehouse
    sql = "select " + ", ".join(f"repeat('x', 20) as c{i}" for i in range(20))
    result = run("query", sql, "--db", str(db))
    lines = result.stdout.splitlines()
    assert lines[0].split() == [f"c{i}" for i in range(14)]
    assert [len(cell) >= 8 and set(cell) == {"x"} for cell in lines[2].split()] == [True] * 14  # wrapped, readable
    assert max(len(line) for line in lines) <= 160
    assert result.stderr == ("6 columns not shown, the table would be wider than 160: c14, c15, c16, c17, c18, c19 "
                             "(all of them: --format csv|json or -o FILE)\n")


def test_query_of_a_statement_that_is_not_a_query_as_csv_is_refused(warehouse):
    db, _ = warehouse
    result = run("query", "pragma table_info('facts')", "--db", str(db), "--format", "csv")
    assert result.exit_code == 1
    assert "take one query (SELECT, FROM, WITH, VALUES, DESCRIBE, SHOW, SUMMARIZE); for PRAGMA x" in result.output
    assert "read-only" in run("query", "delete from facts", "--db", str(db), "--format", "csv").output


@pytest.mark.parametrize("make, message", [
    (lambda p: p.mkdir(), "{db}: is a folder, not a warehouse file; give a file, e.g. --db {db}/plans.duckdb"),
    (lambda p: p.write_text("not a database, just some text"),
     "{db}: not a DuckDB file, so not a planetl warehouse; give the warehouse's file with --db (a new name makes a new one)"),
])
@pytest.mark.parametrize("command", [["query", "select 1"], ["export", "-o", "{tmp}/out.csv"], ["ingest", "{tmp}/none.txt"]])
def test_a_bad_db_is_a_one_line_error(tmp_path, make, message, command):
    db = tmp_path / "plans.duckdb"
    make(db)
    result = CliRunner().invoke(main, [a.format(tmp=tmp_path) for a in command] + ["--db", str(db)])
    assert (result.exit_code, result.output) == (1, "Error: " + message.format(db=db) + "\n")


def test_ingest_into_a_missing_folder_says_so(tmp_path):
    db = tmp_path / "nowhere" / "plans.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(tmp_path), "--db", str(db)])
    assert (result.exit_code, result.output) == (
        1, f"Error: {db}: no such folder {tmp_path / 'nowhere'} to make the warehouse in; create it first\n")
    assert not (tmp_path / "nowhere").exists()


def test_a_warehouse_planetl_may_not_open_says_permission_denied(tmp_path, monkeypatch):
    db = tmp_path / "plans.duckdb"

    def refuse(path, *args, **kwargs):
        raise duckdb.IOException(f'IO Error: Cannot open file "{path}": Permission denied')

    monkeypatch.setattr("warehouse.load._open_for_writing", refuse)  # root opens any file: pretend not
    result = CliRunner().invoke(main, ["ingest", str(tmp_path), "--db", str(db)])
    assert (result.exit_code, result.output) == (1, f"Error: {db}: permission denied; planetl may not write this file\n")


def test_a_held_warehouse_is_an_error_naming_the_setting_and_no_traceback(tmp_path):
    db = tmp_path / "x.duckdb"
    duckdb.connect(str(db)).close()
    with lock_held(db):
        env = {**os.environ, "PLANETL_LOCK_WAIT": "0.5"}
        for args in (["query", "select 1"], ["ingest", str(sample("turpan-2024-annual-plan.docx"))]):
            run_ = subprocess.run([sys.executable, "-c", "from flows.cli import main; main()", *args, "--db", str(db)],
                                  cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
            assert run_.returncode == 1, run_.stderr
            assert run_.stderr == (f"Error: {db}: another planetl process is using this warehouse (waited 0.5 s); "
                                   "retry when it has finished, or set PLANETL_LOCK_WAIT to wait longer\n")


def test_a_folder_with_unsupported_files_and_a_symlink_loop(tmp_path, prefect_server):
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "plan.txt").write_text("某某市2026年住房发展年度计划\n计划新开工住房0.56万套。\n", encoding="utf-8")
    (inbox / "b.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (inbox / "sub" / "a.jpg").write_bytes(b"\xff\xd8\xff")
    (inbox / ".DS_Store").write_bytes(b"\0")  # hidden: not the user's document, not named
    (inbox / "sub" / "up").symlink_to("..")
    db = tmp_path / "x.duckdb"
    first = run("ingest", str(inbox), "--db", str(db))
    assert first.exit_code == 0
    notes = (f"  note     {inbox / 'sub' / 'up'}: a symlink loop (back to {inbox}); not followed\n")
    unsupported = f"2 files not supported: {inbox / 'b.xls'}, {inbox / 'sub' / 'a.jpg'} (planetl reads .doc, .docx, .htm, .html, .pdf, .txt, .wps)\n"
    assert first.stderr == (notes + f"  loaded   {inbox / 'plan.txt'}: 1 facts\n"
                            f"1 files: 1 loaded, 0 replaced, 0 skipped, 0 failed; 1 facts into {db}\n" + unsupported)
    # nothing new: the summary only, no line per file, no overview
    second = run("ingest", str(inbox), "--db", str(db))
    assert (second.exit_code, second.stdout) == (0, "")
    assert second.stderr == notes + f"1 files: 0 loaded, 0 replaced, 1 skipped, 0 failed; 0 facts into {db}\n" + unsupported


def test_lines_print_above_the_progress_bar_on_a_terminal(monkeypatch):
    terminal = io.StringIO()
    terminal.isatty = lambda: True
    monkeypatch.setattr(sys, "stderr", terminal)
    with _progress(2) as say:
        for name in ("a.docx", "b.docx"):
            say(f"  loaded   {name}: 3 facts")
            say(None)
    out = terminal.getvalue()
    # each line erases the bar's line first, ends with a new line, and the bar is drawn again below it
    for name in ("a.docx", "b.docx"):
        assert f"\r\x1b[2K  loaded   {name}: 3 facts\ningesting " in out
    assert "2/2" in out and out.endswith("\x1b[1A\x1b[2K")  # finished, then erased: the summary comes next


def test_query_imports_only_what_it_needs(tmp_path):
    """`planetl query` in a new process: click, DuckDB and rich (the table); no Prefect, pandas or parsers."""
    db = tmp_path / "x.duckdb"
    duckdb.connect(str(db)).close()
    code = ("import sys\nfrom flows.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('prefect', 'pandas', 'numpy', 'pyarrow', 'jieba', 'parsers.facts', 'docx')"
            " if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code, "query", "select 41 + 1 as answer", "--db", str(db)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.splitlines()[0].strip() == "answer"
    assert done.stdout.splitlines()[-1] == "[]"
