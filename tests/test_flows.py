"""The Prefect flows run for real, and the warehouse under crashes and concurrent writers."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from contextlib import closing

import duckdb
import pytest
from click.testing import CliRunner

from conftest import ROOT, lock_held, sample
from flows.cli import main
from flows.ingest import ingest_files, ingest_inbox
from warehouse import load as load_module


def count(db: str, sql: str):
    with closing(duckdb.connect(db, read_only=True)) as con:
        return con.execute(sql).fetchall()


def test_inbox_flow_picks_up_only_new_files(tmp_path, prefect_server, monkeypatch):
    monkeypatch.setenv("PLANETL_INBOX_SETTLE_SECONDS", "0")  # take files at once (tests/test_serve.py: the wait)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    db = str(tmp_path / "x.duckdb")
    shutil.copy(sample("turpan-2024-annual-plan.docx"), inbox)
    first = ingest_inbox(str(inbox), db)
    assert [(r.source_file.split("/")[-1], r.status, r.n_facts) for r in first] == [
        ("turpan-2024-annual-plan.docx", "loaded", 23)]
    shutil.copy(sample("jiamusi-2026-annual-plan.docx"), inbox)
    second = ingest_inbox(str(inbox), db)
    assert [(r.source_file.split("/")[-1], r.status, r.n_facts) for r in second] == [
        ("jiamusi-2026-annual-plan.docx", "loaded", 47)]
    assert ingest_inbox(str(inbox), db) == []
    assert count(db, "select count(*) from documents") == [(2,)]


def test_many_files_flow_keeps_file_order_and_loads_each_once(tmp_path, prefect_server):
    folder = tmp_path / "plans"
    folder.mkdir()
    for name in ("beitun-affordable-housing-scheme.pdf", "kashgar-2025-annual-plan.docx", "turpan-2024-annual-plan.pdf"):
        shutil.copy(sample(name), folder)
    results = ingest_files([str(folder)], str(tmp_path / "x.duckdb"))
    assert [(r.source_file.split("/")[-1], r.n_facts) for r in results] == [
        ("beitun-affordable-housing-scheme.pdf", 1), ("kashgar-2025-annual-plan.docx", 148),
        ("turpan-2024-annual-plan.pdf", 23)]


def test_many_files_flow_runs_on_a_local_dask_cluster(tmp_path, prefect_server):
    """Beyond one machine, reading fans out to Dask workers (here two worker processes on this
    machine) while this process stays the one writer: the same results as the thread runner."""
    import dask
    from prefect_dask import DaskTaskRunner

    folder = tmp_path / "plans"
    folder.mkdir()
    for name in ("beitun-affordable-housing-scheme.pdf", "kashgar-2025-annual-plan.docx", "turpan-2024-annual-plan.pdf",
                 "jiamusi-2026-annual-plan.docx"):
        shutil.copy(sample(name), folder)
    (folder / "empty.pdf").write_bytes(b"")
    db = str(tmp_path / "x.duckdb")
    runner = DaskTaskRunner(cluster_kwargs={"n_workers": 2, "threads_per_worker": 1, "processes": True,
                                            "dashboard_address": None})
    # a Dask worker is a daemon process by default, and a daemon cannot fork the readers' children
    with dask.config.set({"distributed.worker.daemon": False}):
        results = ingest_files.with_options(task_runner=runner)([str(folder)], db)
    assert [(r.source_file.split("/")[-1], r.status, r.n_facts) for r in results] == [
        ("beitun-affordable-housing-scheme.pdf", "loaded", 1), ("empty.pdf", "failed", 0),
        ("jiamusi-2026-annual-plan.docx", "loaded", 47), ("kashgar-2025-annual-plan.docx", "loaded", 148),
        ("turpan-2024-annual-plan.pdf", "loaded", 23)]
    assert results[1].message.endswith("empty.pdf: empty file")
    assert count(db, "select status, count(*), sum(n_facts) from documents group by 1 order by 1") == [
        ("failed", 1, 0), ("ok", 4, 219)]
    assert count(db, "select count(*) from facts") == [(219,)]


def test_a_crash_while_loading_leaves_the_previous_version(tmp_path, prefect_server, monkeypatch):
    plan = tmp_path / "plan.docx"
    shutil.copy(sample("turpan-2024-annual-plan.docx"), plan)
    db = str(tmp_path / "x.duckdb")
    ingest_files([str(plan)], db)
    before = count(db, "select doc_id, count(*) from facts group by 1")
    shutil.copy(sample("jiamusi-2026-annual-plan.docx"), plan)  # the file changes

    real_insert = load_module._insert

    def crash_on_facts(con, table, rows):
        if table == "facts":
            raise RuntimeError("power cut")
        real_insert(con, table, rows)

    monkeypatch.setattr(load_module, "_insert", crash_on_facts)
    with pytest.raises(RuntimeError, match="power cut"):
        ingest_files([str(plan)], db)
    assert count(db, "select doc_id, count(*) from facts group by 1") == before
    assert count(db, "select count(*) from documents") == [(1,)]


def test_a_second_writer_waits_then_fails_with_a_clear_message(tmp_path, prefect_server, monkeypatch):
    db = tmp_path / "x.duckdb"
    duckdb.connect(str(db)).close()
    with lock_held(db):
        monkeypatch.setenv("PLANETL_LOCK_WAIT", "1")
        result = CliRunner().invoke(main, ["ingest", str(sample("turpan-2024-annual-plan.docx")), "--db", str(db)])
        assert result.exit_code == 1
        assert (f"Error: {db}: another planetl process is using this warehouse (waited 1 s); retry when it has "
                "finished, or set PLANETL_LOCK_WAIT to wait longer") in result.output


def test_concurrent_ingests_both_land(tmp_path):
    """Two planetl processes on one warehouse: the second waits for the first's lock, then loads."""
    db = tmp_path / "x.duckdb"
    env = {**os.environ, "PLANETL_LOCK_WAIT": "300"}
    planetl = [sys.executable, "-c", "from flows.cli import main; main()"]
    runs = [subprocess.Popen([*planetl, "ingest", str(sample(name)), "--db", str(db)], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for name in ("turpan-2024-annual-plan.docx", "jiamusi-2026-annual-plan.docx")]
    outcomes = [run.communicate(timeout=600) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outcomes
    assert count(str(db), "select count(*), sum(n_facts) from documents") == [(2, 70)]


@pytest.fixture(scope="module")
def turpan():
    """The 吐鲁番 .docx read as the flow's readers read it: its documents row and facts rows."""
    from flows.worker import read

    return read(str(sample("turpan-2024-annual-plan.docx")), "turpan-2024-annual-plan.docx")


def test_a_fact_with_an_undeclared_column_is_refused_and_nothing_is_written(tmp_path, turpan):
    db = str(tmp_path / "x.duckdb")
    with closing(load_module.connect(db)) as con:
        with pytest.raises(load_module.WarehouseError) as caught:
            load_module.load_document(con, turpan.document, [{**turpan.facts[0], "colour": "red"}, *turpan.facts[1:]])
        assert str(caught.value) == "facts: unknown columns ['colour']; declare them in warehouse/schema.sql first"
        assert load_module.load_document(con, turpan.document, turpan.facts).n_facts == 23
    assert count(db, "select count(*), sum(n_facts) from documents") == [(1, 23)]


def test_a_batch_loads_each_file_once_and_records_a_failure_beside_them(tmp_path, turpan):
    """One transaction for several files: the same bytes at a second path are skipped, as across runs."""
    first = {**turpan.document, "source_file": "a/turpan.docx"}
    same_bytes = {**turpan.document, "source_file": "b/turpan.docx", "source_path": "/elsewhere/b/turpan.docx"}
    broken = load_module.failed_row(tmp_path / "broken.pdf", "broken.pdf", "0" * 64, "pdf")
    db = str(tmp_path / "x.duckdb")
    with closing(load_module.connect(db)) as con:
        results = load_module.load_batch(con, [(first, turpan.facts), (same_bytes, turpan.facts),
                                               (broken, "broken.pdf: not a PDF")])
    assert [(r.source_file, r.status, r.n_facts) for r in results] == [
        ("a/turpan.docx", "loaded", 23), ("b/turpan.docx", "skipped", 0), ("broken.pdf", "failed", 0)]
    assert count(db, "select source_file, status, n_facts, error from documents order by 1") == [
        ("a/turpan.docx", "ok", 23, None), ("broken.pdf", "failed", 0, "broken.pdf: not a PDF")]
    assert count(db, "select count(*), count(distinct fact_id) from facts") == [(23, 23)]
    # the second path is another location of the one document
    doc_id = turpan.document["doc_id"]
    assert count(db, "select source_file, doc_id, absent_since from document_locations order by 1") == [
        ("a/turpan.docx", doc_id, None), ("b/turpan.docx", doc_id, None), ("broken.pdf", "0" * 64, None)]


def test_two_facts_with_one_id_are_refused_and_nothing_is_written(tmp_path, turpan):
    db = str(tmp_path / "x.duckdb")
    with closing(load_module.connect(db)) as con:
        with pytest.raises(load_module.WarehouseError) as caught:
            load_module.load_document(con, turpan.document, [*turpan.facts, turpan.facts[3]])
    fact = turpan.facts[3]
    assert str(caught.value) == (f"turpan-2024-annual-plan.docx: two facts with the id {fact['fact_id']} "
                                 f"(at {fact['locator']}); this is a bug in planetl, please report it with the file")
    assert count(db, "select (select count(*) from documents), (select count(*) from facts)") == [(0, 0)]


def test_ingest_memory_too_small_for_duckdb_gives_a_clear_error(tmp_path, prefect_server, monkeypatch):
    monkeypatch.setenv("PLANETL_INGEST_MEMORY", "1MB")
    db = tmp_path / "x.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(sample("turpan-2024-annual-plan.docx")), "--db", str(db)])
    assert result.exit_code == 1
    assert result.output.endswith(
        "Error: DuckDB needed more than its 976.5 KiB of memory; set PLANETL_INGEST_MEMORY higher (e.g. 1GB)\n")


def test_ingest_holds_the_warehouse_only_while_a_batch_loads(tmp_path, prefect_server, monkeypatch):
    """Between batches the file is closed: another connection (here a reader in this process,
    which DuckDB refuses while a writer of the process has the file open) sees each batch."""
    import flows.ingest as ingest_module

    monkeypatch.setattr(ingest_module, "LOAD_BATCH", 1)
    folder, db = tmp_path / "plans", str(tmp_path / "x.duckdb")
    folder.mkdir()
    for name in ("turpan-2024-annual-plan.docx", "jiamusi-2026-annual-plan.docx"):
        shutil.copy(sample(name), folder)
    seen = []

    def between(result):
        seen.append((result.n_facts, count(db, "select count(*) from facts")[0][0]))

    ingest_files([str(folder)], db, on_result=between)
    assert sorted(seen) == sorted([(23, 23), (47, 70)]) or sorted(seen) == sorted([(47, 47), (23, 70)])


HEAVY = ("prefect", "pandas", "jieba", "pdfplumber", "docx", "parsers.facts")


def _planetl_in_new_process(tmp_path, *args: str) -> tuple[str, list[str]]:
    """`planetl ARGS` in a new process without a Prefect server set: its stderr, and which heavy
    modules it imported."""
    code = ("import sys\nfrom flows.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))")
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")  # no profile with a server either
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    return done.stderr, eval(done.stdout.strip().splitlines()[-1])


def test_one_off_ingest_runs_without_prefect_and_nothing_new_imports_nothing_heavy(tmp_path):
    """Without a Prefect server the steps run on their own; a run with nothing new looks the bytes up
    in the warehouse and answers, recording the new place of known bytes, before any parser is loaded."""
    folder, db = tmp_path / "plans", str(tmp_path / "x.duckdb")
    folder.mkdir()
    shutil.copy(sample("turpan-2024-annual-plan.docx"), folder / "a.docx")
    err, heavy = _planetl_in_new_process(tmp_path, "ingest", str(folder), "--db", db)
    assert "loaded   " in err and "1 files: 1 loaded, 0 replaced, 0 skipped, 0 failed; 23 facts" in err
    assert "prefect" not in heavy and "parsers.facts" not in heavy  # read in a child; loaded here
    shutil.copy(folder / "a.docx", folder / "b.docx")  # the same bytes at a second place
    (folder / "a.docx").rename(folder / "c.docx")  # and the first place gone
    err, heavy = _planetl_in_new_process(tmp_path, "ingest", str(folder), "--db", db)
    assert err.splitlines()[-1] == f"2 files: 0 loaded, 0 replaced, 2 skipped, 0 failed; 0 facts into {db}"
    assert heavy == []
    assert count(db, "select source_file, absent_since is not null from document_locations order by 1") == [
        (str(folder / "a.docx"), True), (str(folder / "b.docx"), False), (str(folder / "c.docx"), False)]


def test_with_a_prefect_server_set_ingest_is_a_prefect_flow_run(tmp_path, prefect_server, monkeypatch):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowFilter, FlowFilterName
    from prefect.settings import PREFECT_API_URL

    def ingest_runs() -> int:
        with get_client(sync_client=True) as client:
            return client.count_flow_runs(flow_filter=FlowFilter(name=FlowFilterName(any_=["ingest-files"])))

    before = ingest_runs()
    monkeypatch.setenv("PREFECT_API_URL", PREFECT_API_URL.value())
    db = str(tmp_path / "x.duckdb")
    result = CliRunner().invoke(main, ["ingest", str(sample("turpan-2024-annual-plan.docx")), "--db", db])
    assert result.exit_code == 0, result.output
    assert ingest_runs() == before + 1
    assert count(db, "select sum(n_facts) from documents") == [(23,)]


def test_the_prefect_server_set_is_the_environment_s_else_the_active_profile_s(tmp_path, monkeypatch):
    from flows.cli import _prefect_api_url

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.delenv("PREFECT_PROFILE", raising=False)
    monkeypatch.delenv("PREFECT_PROFILES_PATH", raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    assert _prefect_api_url() is None
    (tmp_path / "profiles.toml").write_text('active = "team"\n[profiles.team]\nPREFECT_API_URL = "http://h:4200/api"\n'
                                            '[profiles.local]\n')
    assert _prefect_api_url() == "http://h:4200/api"
    monkeypatch.setenv("PREFECT_PROFILE", "local")
    assert _prefect_api_url() is None
    monkeypatch.setenv("PREFECT_API_URL", "http://other:4200/api")
    assert _prefect_api_url() == "http://other:4200/api"


def test_unread_tells_what_is_new_by_a_read_only_look(tmp_path):
    from flows.steps import unread

    a, b, db = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "x.duckdb"
    a.write_text("x")
    b.write_text("y")
    files = [(a, "a.txt"), (b, "b.txt")]
    assert unread(str(db), files) == files  # no warehouse: all new
    from flows.steps import file_sha256

    with closing(load_module.connect(str(db))) as con:
        con.execute("INSERT INTO documents (doc_id, source_file, source_path, format, doc_type, status, ingested_at) "
                    "VALUES (?, 'a.txt', ?, 'txt', 'other', 'ok', now())", [file_sha256(a), str(a)])
    assert unread(str(db), files) == [(b, "b.txt")]
    with lock_held(db):
        assert unread(str(db), files) is None  # cannot look now: the ingest itself will


def test_the_tokenizer_kept_in_the_user_cache_cuts_as_the_one_built(tmp_path):
    """The readers' first load of jieba comes from planetl's cache folder; it cuts text exactly as a
    tokenizer built from jieba's dictionary and the domain dictionary does."""
    code = ("from parsers import words\nt = words._tokenizer()\n"
            "print(len(t.FREQ), t.total, len(words._domain), words.shields('新开工保障性租赁住房和城镇老旧小区改造'))")
    env = {**os.environ, "PLANETL_CACHE": str(tmp_path / "cache")}
    built, kept = (subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                                  check=True).stdout for _ in range(2))
    assert [p.name.split("-")[0] for p in (tmp_path / "cache").iterdir()] == ["jieba"]
    assert built == kept and "((" in built
