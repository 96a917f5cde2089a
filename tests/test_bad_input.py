"""Bad input: each file gives a one-line error naming it, is recorded as failed, and never stops the
other files or leaves partial rows."""
from __future__ import annotations

import shutil

import duckdb
import pytest
from click.testing import CliRunner

import badfiles
from conftest import sample
from extractors import BadInputError, extract
from extractors.isolate import extract_isolated, run_isolated
from flows.cli import main

CASES = {
    "empty.pdf": (lambda p: p.write_bytes(b""), "empty file"),
    "empty.docx": (lambda p: p.write_bytes(b""), "empty file"),
    "a-pdf-named.docx": (lambda p: p.write_bytes(badfiles.minimal_pdf(b"/Info <<>>")),
                         "not a .docx file (it starts like a PDF: rename it to .pdf)"),
    "a-docx-named.pdf": (lambda p: shutil.copy(sample("turpan-2024-annual-plan.docx"), p),
                         "not a PDF (it starts with PK, a .docx?)"),
    "old-word.docx": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512),
                      "not a .docx file (an old binary .doc? save it as .docx)"),
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
    "plans.xlsx": (lambda p: p.write_bytes(b"PK\x03\x04"), "unsupported file type .xlsx (supported: .docx, .pdf, .txt)"),
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


def test_a_reader_that_runs_too_long_is_stopped():
    path = sample("zhangye-2026-2030-housing-plan.pdf")
    with pytest.raises(BadInputError) as caught:
        extract_isolated(path, timeout=0.05)
    assert str(caught.value) == f"{path}: reading took longer than 0.05 s and was stopped; is the file damaged?"


def test_a_reader_that_needs_too_much_memory_is_stopped():
    path = sample("zhangye-2026-2030-housing-plan.pdf")
    with pytest.raises(BadInputError) as caught:
        run_isolated(badfiles.greedy_reader, path, memory_limit=256 << 20)
    assert str(caught.value) == f"{path}: needs more than 256 MB of memory to read; is it damaged?"


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
