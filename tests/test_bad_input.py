"""Bad input: each file gives a one-line error naming it, is recorded as failed, and never stops the
other files or leaves partial rows."""
from __future__ import annotations

import contextlib
import os
import shutil

import duckdb
import psutil
import pytest
from click.testing import CliRunner

import badfiles
from conftest import sample
from extractors import BadInputError, extract
from extractors.isolate import ReaderError, extract_isolated, run_isolated
from flows.cli import main
from flows.ingest import scan

CASES = {
    "empty.pdf": (lambda p: p.write_bytes(b""), "empty file"),
    "empty.docx": (lambda p: p.write_bytes(b""), "empty file"),
    "a-pdf-named.docx": (lambda p: p.write_bytes(badfiles.minimal_pdf(b"/Info <<>>")),
                         "not a .docx file (it starts like a PDF: rename it to .pdf)"),
    "a-docx-named.pdf": (lambda p: shutil.copy(sample("turpan-2024-annual-plan.docx"), p),
                         "not a PDF (it starts with PK, a .docx?)"),
    "old-word.docx": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512),
                      "not a .docx file (an old binary .doc? rename it to .doc)"),
    "binary.txt": (lambda p: p.write_bytes(b"abc\x00\x01\x02"), "binary data in a .txt file"),
    "truncated.docx": (lambda p: badfiles.truncated(p, "kashgar-2025-annual-plan.docx"),
                       "not a readable .docx (broken zip: File is not a zip file); is it truncated?"),
    "truncated.pdf": (lambda p: badfiles.truncated(p, "kashgar-2025-annual-plan.pdf"),
                      "not a readable PDF (PSEOF: Unexpected EOF); is it truncated or damaged?"),
    "encrypted.pdf": (badfiles.encrypted_pdf,
                      "encrypted PDF (password protected); save an unprotected copy and ingest that"),
    "zip-bomb.docx": (lambda p: badfiles.zip_bomb(p, 300),
                      "inflates to 300 MB, over the 256 MB cap for a .docx (a zip bomb?)"),
    "entities.docx": (badfiles.entity_docx,
                      "word/document.xml declares XML entities (a DTD); Word never writes one, so the file was tampered with"),
    "plans.xlsx": (lambda p: p.write_bytes(b"PK\x03\x04"), "unsupported file type .xlsx (supported: .doc, .docx, .htm, .html, .pdf, .txt, .wps)"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_file_gives_a_clear_error_naming_it(tmp_path, name):
    make, reason = CASES[name]
    path = tmp_path / name
    make(path)
    with pytest.raises(BadInputError) as caught:
        extract(path)
    assert str(caught.value) == f"{path}: {reason}"
    assert "\n" not in str(caught.value)


def test_missing_file():
    with pytest.raises(BadInputError, match=r"nowhere\.pdf: no such file"):
        extract("nowhere.pdf")


def test_a_reader_that_runs_too_long_is_stopped_and_the_limit_named(monkeypatch):
    path = sample("zhangye-2026-2030-housing-plan.pdf")
    monkeypatch.setenv("PLANETL_READ_TIMEOUT", "0.05")
    with pytest.raises(BadInputError) as caught:
        extract_isolated(path)
    assert str(caught.value) == (f"{path}: reading took longer than 0.05 s, the per-file time limit, and was stopped; "
                                 "is the file damaged? (set PLANETL_READ_TIMEOUT to allow longer)")


def test_a_time_limit_that_is_no_number_is_a_one_line_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANETL_READ_TIMEOUT", "ten minutes")
    result = CliRunner().invoke(main, ["ingest", str(tmp_path), "--db", str(tmp_path / "x.duckdb")])
    assert (result.exit_code, result.output) == (
        1, "Error: PLANETL_READ_TIMEOUT='ten minutes': give the per-file time limit in seconds, e.g. 600\n")
    assert list(tmp_path.iterdir()) == []


def unreadable(path: str):
    """A reader meeting a file it may not open (root opens any file, so the error is raised here)."""
    raise PermissionError(13, "Permission denied", path)


def test_a_file_planetl_may_not_read_is_bad_input_naming_it():
    path = sample("kashgar-2025-annual-plan.pdf")
    with pytest.raises(BadInputError) as caught:
        run_isolated(unreadable, path)
    assert str(caught.value) == (f"{path}: permission denied: planetl may not read it; give it read access "
                                 "(chmod a+r) or copy it")


def test_a_folder_walk_names_symlink_loops_broken_links_and_unsupported_files(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "plan.docx").write_bytes(b"PK")
    (tmp_path / "sub" / "plan.PDF").write_bytes(b"%PDF")
    (tmp_path / "sub" / "up").symlink_to("..")  # back to the folder: walked once
    (tmp_path / "self").symlink_to("self")
    (tmp_path / "gone").symlink_to("nowhere.pdf")
    (tmp_path / "linked").symlink_to("sub")  # the same folder again: walked once, no note
    (tmp_path / "table.xls").write_bytes(b"")
    (tmp_path / "sub" / "photo.jpg").write_bytes(b"")
    found = scan([str(tmp_path)])
    assert found.files == [(tmp_path / "plan.docx", str(tmp_path / "plan.docx")),
                           (tmp_path / "sub" / "plan.PDF", str(tmp_path / "sub" / "plan.PDF"))]
    assert found.unsupported == [str(tmp_path / "sub" / "photo.jpg"), str(tmp_path / "table.xls")]
    assert found.skipped == [f"{tmp_path / 'gone'}: a broken symlink (to nowhere.pdf); skipped",
                             f"{tmp_path / 'self'}: a symlink loop; skipped",
                             f"{tmp_path / 'sub' / 'up'}: a symlink loop (back to {tmp_path}); not followed"]
    assert found.unreadable == []


def test_a_symlink_loop_given_as_a_path_is_unreadable(tmp_path):
    (tmp_path / "self").symlink_to("self")
    found = scan([str(tmp_path / "self")])
    assert (found.files, found.unreadable) == ([], [f"{tmp_path / 'self'}: a symlink loop; nothing to read"])


def test_a_folder_planetl_may_not_list_is_named(tmp_path, monkeypatch):
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "plan.docx").write_bytes(b"PK")
    (tmp_path / "plan.txt").write_text("x")
    real = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith("private"):  # root lists any folder: pretend not
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = scan([str(tmp_path)])
    assert found.files == [(tmp_path / "plan.txt", str(tmp_path / "plan.txt"))]
    assert found.unreadable == [f"{tmp_path / 'private'}: permission denied; the folder cannot be listed, "
                                "its files were not ingested"]


def test_a_reader_that_needs_too_much_memory_is_stopped():
    path = sample("zhangye-2026-2030-housing-plan.pdf")
    with pytest.raises(BadInputError) as caught:
        run_isolated(badfiles.greedy_reader, path, memory_limit=256 << 20)
    assert str(caught.value) == f"{path}: needs more than 256 MB of memory to read; is it damaged?"


def reader_pid(path: str) -> int:
    return os.getpid()


def unpicklable(path: str):
    return lambda: path


def test_a_reader_reads_file_after_file_until_one_fails():
    """One reader serves the files one after another; a file that fails ends it (nothing it left half
    done reaches the next file), and the next file gets a new reader."""
    path = sample("turpan-2024-annual-plan.docx")
    first = run_isolated(reader_pid, path)
    assert run_isolated(reader_pid, path) == first
    with pytest.raises(BadInputError):
        run_isolated(badfiles.greedy_reader, path, memory_limit=256 << 20)
    after = run_isolated(reader_pid, path)
    assert after != first
    assert run_isolated(reader_pid, path) == after


def test_a_reader_gone_while_idle_does_not_fail_the_next_file():
    path = sample("turpan-2024-annual-plan.docx")
    pid = run_isolated(reader_pid, path)
    os.kill(pid, 9)
    with contextlib.suppress(psutil.NoSuchProcess):
        psutil.Process(pid).wait(10)  # dead (its parent, the fork server, reaps it)
    assert run_isolated(reader_pid, path) != pid


def reader_time_limit(path: str) -> float:
    from extractors.isolate import read_timeout

    return read_timeout()


def test_a_reader_works_to_its_callers_time_limit_not_its_own_environment(monkeypatch):
    """What a reader runs under a limit of its own (LibreOffice's conversion) takes the caller's limit
    for this file, whatever PLANETL_READ_TIMEOUT was when the fork server started."""
    path = sample("turpan-2024-annual-plan.docx")
    monkeypatch.setenv("PLANETL_READ_TIMEOUT", "123")
    assert run_isolated(reader_time_limit, path) == 123
    assert run_isolated(reader_time_limit, path, timeout=7) == 7


def test_a_result_that_cannot_be_sent_back_is_an_internal_error_not_a_crash():
    path = sample("turpan-2024-annual-plan.docx")
    with pytest.raises(ReaderError) as caught:
        run_isolated(unpicklable, path)
    assert str(caught.value).startswith(f"{path}: internal error while reading (")
    assert str(caught.value).endswith("please report it with the file")


def test_isolated_reader_gives_the_same_document():
    path = sample("kashgar-2025-annual-plan.pdf")
    assert extract_isolated(path) == extract(path)


def test_batch_records_every_bad_file_and_loads_the_good_one(tmp_path, prefect_server):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name, (make, _) in CASES.items():
        if not name.endswith(".xlsx"):  # not a plan file: a folder walk does not pick it up
            make(inbox / name)
    shutil.copy(sample("jiamusi-2026-annual-plan.docx"), inbox)
    db = tmp_path / "x.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(inbox), "--db", str(db)], catch_exceptions=False)
    assert result.exit_code == 1
    for name, (_, reason) in CASES.items():
        if not name.endswith(".xlsx"):
            assert f"  failed   {inbox / name}: {reason}\n" in result.stderr
    con = duckdb.connect(str(db), read_only=True)
    try:
        statuses = con.execute("select status, count(*) from documents group by 1 order by 1").fetchall()
        facts = con.execute("select distinct source_file from facts").fetchall()
    finally:
        con.close()
    # the empty .pdf and the empty .docx have the same bytes: one failed row stands for both
    assert statuses == [("failed", len(CASES) - 2), ("ok", 1)]
    assert facts == [(str(inbox / "jiamusi-2026-annual-plan.docx"),)]


def test_a_file_past_the_time_limit_fails_naming_the_limit_and_its_setting(tmp_path, prefect_server, monkeypatch):
    monkeypatch.setenv("PLANETL_READ_TIMEOUT", "0.01")
    path = sample("zhangye-2026-2030-housing-plan.pdf")
    result = CliRunner().invoke(main, ["ingest", str(path), "--db", str(tmp_path / "x.duckdb")], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"  failed   {path}: reading took longer than 0.01 s, the per-file time limit, and was stopped; "
        "is the file damaged? (set PLANETL_READ_TIMEOUT to allow longer)\n1 files: 0 loaded, 0 replaced, 0 skipped, 1 failed")
    assert "Traceback" not in result.output
