"""`planetl serve`'s inbox: a file is taken once it has stopped changing, a file that failed is not
read again until its bytes change, processed files move to --done / --failed, and a run in which a
file failed ends in Prefect's Failed state (the other files loaded)."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import closing
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest

from conftest import ROOT, sample
from flows.ingest import ingest_inbox
from test_orphans import left_behind


@pytest.fixture(autouse=True)
def settle_quickly(monkeypatch):
    monkeypatch.setenv("PLANETL_INBOX_SETTLE_SECONDS", "1")


def count(db, sql: str, params: list | None = None):
    with closing(duckdb.connect(str(db), read_only=True)) as con:
        return con.execute(sql, params).fetchall()


def run(inbox: Path, db: Path, **options) -> tuple[str, list[tuple[str, str, int]], str | None]:
    """One run of the served flow: its final state, the files it loaded, replaced or failed, and the
    state's message."""
    state = ingest_inbox(str(inbox), str(db), return_state=True, **options)
    results = state.result(raise_on_failure=False)
    return state.type.value, [(Path(r.source_file).name, r.status, r.n_facts) for r in results], state.message


def files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_a_file_still_being_written_waits_for_a_later_run(tmp_path, prefect_server, capfd):
    inbox, db = tmp_path / "inbox", tmp_path / "x.duckdb"
    inbox.mkdir()
    data = sample("turpan-2024-annual-plan.docx").read_bytes()
    plan = inbox / "turpan.docx"
    plan.write_bytes(data[: len(data) // 2])
    writing = threading.Event()

    def writer() -> None:  # still at work: the file's modification time moves on
        while not writing.wait(0.1):
            os.utime(plan)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        first = run(inbox, db)
    finally:
        writing.set()
        thread.join()
    assert first == ("COMPLETED", [], None)
    assert (f"  waiting  {plan}: still being written (changed in the last 1 s); taken on a later run\n"
            in capfd.readouterr().err)
    assert count(db, "select count(*) from documents") == [(0,)]  # not recorded as failed
    with open(plan, "ab") as f:
        f.write(data[len(data) // 2:])
    assert run(inbox, db)[:2] == ("COMPLETED", [("turpan.docx", "loaded", 23)])
    assert "waiting" not in capfd.readouterr().err


def test_a_failed_file_fails_the_run_and_is_not_read_again_until_it_changes(tmp_path, prefect_server, capfd):
    inbox, db = tmp_path / "inbox", tmp_path / "x.duckdb"
    inbox.mkdir()
    shutil.copy(sample("turpan-2024-annual-plan.docx"), inbox / "turpan.docx")
    broken = inbox / "broken.pdf"
    broken.write_bytes(b"")
    state, results, message = run(inbox, db)
    assert (state, results) == ("FAILED", [("broken.pdf", "failed", 0), ("turpan.docx", "loaded", 23)])
    assert message == f"1 failed: {broken}: empty file"
    assert count(db, "select status, count(*), sum(n_facts) from documents group by 1 order by 1") == [
        ("failed", 1, 0), ("ok", 1, 23)]
    first_try = count(db, "select ingested_at from documents where status = 'failed'")
    capfd.readouterr()

    assert run(inbox, db) == ("COMPLETED", [], None)  # known, unchanged: not read, not alerted on again
    assert (f"  skipped  {broken}: failed before with the same bytes ({broken}: empty file); read again once the "
            "file changes\n") in capfd.readouterr().err
    assert count(db, "select ingested_at from documents where status = 'failed'") == first_try

    broken.write_bytes(b"%PDF-1.4 cut short")  # new bytes: read again
    state, results, message = run(inbox, db)
    assert (state, results) == ("FAILED", [("broken.pdf", "failed", 0)])
    assert "skipped" not in capfd.readouterr().err


def test_processed_files_move_to_done_and_failed_never_over_a_file(tmp_path, prefect_server, capfd):
    inbox, db = tmp_path / "inbox", tmp_path / "x.duckdb"
    done, failed = inbox / "done", tmp_path / "failed"  # done inside the inbox: not taken again from there
    plan = sample("turpan-2024-annual-plan.docx")
    (inbox / "sub").mkdir(parents=True)
    shutil.copy(plan, inbox / "sub" / "turpan.docx")
    (inbox / "broken.pdf").write_bytes(b"")
    (inbox / "notes.xls").write_bytes(b"not planetl's")  # not a plan file: not taken, stays
    (done / "sub").mkdir(parents=True)
    (done / "sub" / "turpan.docx").write_text("an earlier file of that name")
    state, results, _ = run(inbox, db, done=str(done), failed=str(failed))
    assert (state, results) == ("FAILED", [("broken.pdf", "failed", 0), ("turpan.docx", "loaded", 23)])
    assert files_in(inbox) == ["done/sub/turpan-1.docx", "done/sub/turpan.docx", "notes.xls"]
    assert files_in(failed) == ["broken.pdf"]
    assert (done / "sub" / "turpan.docx").read_text() == "an earlier file of that name"
    assert (done / "sub" / "turpan-1.docx").read_bytes() == plan.read_bytes()
    assert f"  moved    {inbox / 'sub' / 'turpan.docx'} to {done / 'sub' / 'turpan-1.docx'}\n" in capfd.readouterr().err

    shutil.copy(plan, inbox / "again.docx")  # loaded before: skipped, and moved to done too
    assert run(inbox, db, done=str(done), failed=str(failed)) == ("COMPLETED", [], None)
    assert files_in(inbox) == ["done/again.docx", "done/sub/turpan-1.docx", "done/sub/turpan.docx", "notes.xls"]
    # the warehouse knows where the files went; their places in the inbox are gone
    assert count(db, "select replace(source_path, ?, ''), absent_since is null from document_locations order by 1",
                 [str(tmp_path)]) == [
        ("/failed/broken.pdf", True), ("/inbox/again.docx", False), ("/inbox/broken.pdf", False),
        ("/inbox/done/again.docx", True), ("/inbox/done/sub/turpan-1.docx", True), ("/inbox/sub/turpan.docx", False)]
    assert count(db, "select status, absent from documents order by 1") == [("failed", False), ("ok", False)]


@pytest.fixture
def bureau_site():
    """A bureau's listing page on 127.0.0.1 with two plan articles: one whose attachment is a plan,
    one whose attachment is gone (404). Its base URL."""
    plan = sample("turpan-2024-annual-plan.docx").read_bytes()
    pages = {
        "/gov/ghjh/index.html": "<ul><li><a href='/gov/ghjh/a1.html'>某市2024年住房发展年度计划</a> 2024-03-01</li>"
                                "<li><a href='a2.html'>某市2024年保障性住房建设计划</a> 2024-03-02</li></ul>",
        "/gov/ghjh/a1.html": "<h1>某市2024年住房发展年度计划</h1><p>发布时间：2024-03-01</p>"
                             "<p>附件：<a href='/files/plan.docx'>2024年住房发展年度计划.docx</a></p>",
        "/gov/ghjh/a2.html": "<h1>某市2024年保障性住房建设计划</h1><p>发布时间：2024-03-02</p>"
                             "<p>附件：<a href='/files/gone.docx'>保障性住房建设计划.docx</a></p>",
    }

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            if self.path in pages:
                body, kind = f"<html><body>{pages[self.path]}</body></html>".encode(), "text/html; charset=utf-8"
            elif self.path == "/files/plan.docx":
                body, kind = plan, "application/octet-stream"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_sources_are_crawled_in_the_run_and_a_failed_fetch_fails_it(tmp_path, prefect_server, bureau_site,
                                                                   monkeypatch, capfd):
    import crawl.fetch

    monkeypatch.setattr(crawl.fetch, "RATE_SECONDS", 0)  # one site of our own: no need to be polite
    inbox, db = tmp_path / "inbox", tmp_path / "x.duckdb"
    inbox.mkdir()
    state, results, message = run(inbox, db, sources=[f"{bureau_site}/gov/ghjh/index.html"])
    assert (state, results) == ("FAILED", [])  # the inbox is empty; the crawl loaded the plan
    assert message == f"1 failed: {bureau_site}/files/gone.docx: HTTP 404"
    assert count(db, "select source_url, published_at::varchar, n_facts from documents") == [
        (f"{bureau_site}/files/plan.docx", "2024-03-01", 23)]
    err = capfd.readouterr().err
    assert f"  crawled  {bureau_site}/gov/ghjh/index.html: 4 fetched, 0 not modified, 1 failed\n" in err
    assert files_in(tmp_path / "x-downloads") == ["2024年住房发展年度计划.docx"]  # beside the warehouse


def test_serve_refuses_a_done_folder_that_is_the_inbox_and_a_prefect_server_it_cannot_reach(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from flows.cli import main

    inbox = str(tmp_path / "inbox")
    result = CliRunner().invoke(main, ["serve", "--inbox", inbox, "--interval", "5", "--done", inbox])
    assert result.exit_code == 2 and "--done and --failed must be other folders than --inbox" in result.output
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")  # the discard port: nobody answers
    result = CliRunner().invoke(main, ["serve", "--inbox", inbox, "--interval", "5"])
    assert (result.exit_code, result.output) == (
        1, "Error: cannot reach the Prefect server at http://127.0.0.1:9/api (PREFECT_API_URL)\n")
    monkeypatch.setenv("PLANETL_INBOX_SETTLE_SECONDS", "soon")
    result = CliRunner().invoke(main, ["serve", "--inbox", inbox, "--interval", "5"])
    assert result.output == "Error: PLANETL_INBOX_SETTLE_SECONDS='soon': not a number of seconds\n"


def _post(url: str, body: dict):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def test_serve_prints_the_prefect_ui_moves_files_and_a_run_with_a_failed_file_is_failed(tmp_path):
    """`planetl serve` for real: the UI's address first, then runs on the schedule; the run that met a
    broken file is Failed in Prefect, the files are moved; SIGTERM stops it all."""
    inbox, done, failed, db = tmp_path / "inbox", tmp_path / "done", tmp_path / "failed", tmp_path / "x.duckdb"
    inbox.mkdir()
    shutil.copy(sample("turpan-2024-annual-plan.docx"), inbox)
    (inbox / "broken.pdf").write_bytes(b"")
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(PLANETL_HOME=str(tmp_path / "home"), PREFECT_HOME=str(tmp_path / "prefect-home"))  # no profile's server
    serve = subprocess.Popen([sys.executable, "-c", "from flows.cli import main; main()", "serve",
                              "--inbox", str(inbox), "--interval", "2", "--db", str(db), "--done", str(done),
                              "--failed", str(failed)],
                             cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                             start_new_session=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(serve.stderr), daemon=True)
    reader.start()

    def wait_for(what, seconds: float = 240):
        deadline = time.monotonic() + seconds
        while not (found := what()) and time.monotonic() < deadline and serve.poll() is None:
            time.sleep(0.5)
        assert found, "".join(lines)
        return found

    try:
        ui = wait_for(lambda: next((m.group(1) for line in lines
                                    if (m := re.fullmatch(r"Prefect UI: (http://127\.0\.0\.1:\d+) \(runs, their states "
                                                          r"and logs\)\n", line))), None))
        assert lines[0] == f"serving: ingest new files in {inbox} into {db} every 2 s; Ctrl-C stops\n"
        with urllib.request.urlopen(ui, timeout=10) as page:
            assert "<title>Prefect" in page.read().decode()

        def states() -> list[str]:
            runs = _post(f"{ui}/api/flow_runs/filter", {"flows": {"name": {"any_": ["ingest-inbox"]}},
                                                          "sort": "EXPECTED_START_TIME_ASC"})
            return [run["state_type"] for run in runs if run["state_type"] in ("COMPLETED", "FAILED")]

        assert wait_for(states)[0] == "FAILED"  # the broken file (a run with no failure: the tests above)
        assert files_in(done) == ["turpan-2024-annual-plan.docx"] and files_in(failed) == ["broken.pdf"]
        assert files_in(inbox) == []
    finally:
        stopping = time.monotonic()
        serve.terminate()  # SIGTERM: stops as Ctrl-C does, all it started included
        try:
            serve.wait(timeout=30)
            print(f"serve stopped {time.monotonic() - stopping:.1f} s after SIGTERM")
        finally:
            left = left_behind(serve.pid)
    assert left == []
    assert count(db, "select status, n_facts from documents order by 1") == [("failed", 0), ("ok", 23)]
