"""Staging for many machines: files read into Parquet on Dask workers, loaded by one writer."""
from __future__ import annotations

import time
from contextlib import closing

import duckdb
from click.testing import CliRunner

from conftest import SAMPLES
from flows.cli import main
from flows.ingest import ingest_files
from flows.stage import stage_files

# every sample with a text layer (the scan's OCR alone takes longer than all the others)
FILES = [str(p) for p in sorted(SAMPLES.iterdir()) if p.suffix in (".docx", ".pdf") and "scanned" not in p.name]


def rows(db: str, sql: str) -> list[tuple]:
    with closing(duckdb.connect(db, read_only=True)) as con:
        return con.execute(sql).fetchall()


def test_samples_staged_on_a_dask_cluster_load_to_the_facts_of_a_direct_ingest(tmp_path, prefect_server):
    import dask
    from prefect_dask import DaskTaskRunner

    direct, loaded, folder = str(tmp_path / "direct.duckdb"), str(tmp_path / "loaded.duckdb"), tmp_path / "staged"
    ingest_files(FILES, direct)
    runner = DaskTaskRunner(cluster_kwargs={"n_workers": 2, "threads_per_worker": 1, "processes": True,
                                            "dashboard_address": ":0"})
    started = time.monotonic()
    with dask.config.set({"distributed.worker.daemon": False}):  # the workers fork the readers
        staged = stage_files.with_options(task_runner=runner)(FILES, str(folder))
    print(f"staged {len(FILES)} files on 2 Dask workers in {time.monotonic() - started:.1f} s")
    assert [r.status for r in staged] == ["staged"] * len(FILES)
    assert len(list(folder.glob("*.parquet"))) == 2 * len(FILES)
    assert not list(folder.glob(".*"))  # no temporary file left

    started = time.monotonic()
    result = CliRunner().invoke(main, ["load", str(folder), "--db", loaded])
    print(f"loaded {len(FILES)} staged files in {time.monotonic() - started:.1f} s")
    assert result.exit_code == 0, result.output
    n_facts = rows(direct, "select count(*) from facts")[0][0]
    assert n_facts > 2000
    assert f"{len(FILES)} files: {len(FILES)} loaded, 0 replaced, 0 skipped, 0 failed; {n_facts} facts into " \
        in result.output
    assert "  loaded   " + FILES[0] + ": " in result.output
    facts = "select * from facts order by fact_id"
    assert rows(loaded, facts) == rows(direct, facts)
    documents = "select * exclude (ingested_at) from documents order by doc_id"
    assert rows(loaded, documents) == rows(direct, documents)
    locations = "select doc_id, source_path, source_file from document_locations order by all"
    assert rows(loaded, locations) == rows(direct, locations)

    again = CliRunner().invoke(main, ["load", str(folder), "--db", loaded])
    assert again.exit_code == 0, again.output
    assert again.output == f"{len(FILES)} files: 0 loaded, 0 replaced, {len(FILES)} skipped, 0 failed; 0 facts into {loaded}\n"
    assert rows(loaded, "select count(*) from facts") == [(n_facts,)]


def test_a_file_that_cannot_be_read_is_staged_and_loaded_as_a_failed_document(tmp_path, prefect_server):
    empty, folder, db = tmp_path / "empty.pdf", tmp_path / "staged", str(tmp_path / "x.duckdb")
    empty.write_bytes(b"")
    staged = CliRunner().invoke(main, ["ingest", "--stage", str(folder), str(empty)])
    assert staged.exit_code == 1
    assert staged.output == f"  failed   {empty}: empty file\n1 files: 0 staged, 0 skipped, 1 failed; 0 facts into {folder}\n"
    again = CliRunner().invoke(main, ["ingest", "--stage", str(folder), str(empty)])
    assert again.output == f"1 files: 0 staged, 1 skipped, 0 failed; 0 facts into {folder}\n"  # the same bytes
    result = CliRunner().invoke(main, ["load", str(folder), "--db", db])
    assert result.exit_code == 1
    assert result.output == f"  failed   {empty}: empty file\n1 files: 0 loaded, 0 replaced, 0 skipped, 1 failed; 0 facts into {db}\n"
    assert rows(db, "select source_file, source_path, format, status, error, n_facts, doc_type from documents") == [
        (str(empty), str(empty), "pdf", "failed", f"{empty}: empty file", 0, "other")]
    assert rows(db, "select count(*) from facts") == [(0,)]


def test_load_of_a_missing_folder_says_so(tmp_path):
    result = CliRunner().invoke(main, ["load", str(tmp_path / "nowhere"), "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 1
    assert result.output == (f"Error: {tmp_path / 'nowhere'}: no such folder; stage files first with "
                             f"`planetl ingest --stage {tmp_path / 'nowhere'} FILES`\n")
