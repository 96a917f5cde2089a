"""Text that cannot be decoded is OCR'd, or the document fails clearly (issue 12): a PDF whose
fonts lack a ToUnicode map, and a .docx made only of pictures of pages."""
from __future__ import annotations

import collections
import io
import shutil
from pathlib import Path

import docx
import duckdb
import pdfplumber
import pytest
from click.testing import CliRunner
from docx.shared import Inches

from conftest import ROOT, sample
from extractors import BadInputError, extract
from parsers.coverage import measure
from parsers.facts import parse

DATA = ROOT / "tests" / "data"
CID_PDF = DATA / "issue-12-cid-garbled.pdf"  # pages 1-2 of the 吐鲁番 plan, /ToUnicode stripped from its fonts
IMAGE_DOCX = DATA / "issue-12-image-only.docx"  # pages 3-4 of the 吐鲁番 plan as two 300 dpi pictures
INSTALL = "(install tesseract-ocr and tesseract-ocr-chi-sim)"


def _figures(facts) -> collections.Counter:
    return collections.Counter((f.quantity.raw_value, f.quantity.raw_unit, f.quantity.value) for f in facts)


@pytest.fixture(scope="module")
def text_layer():
    """The 吐鲁番 plan's own text layer: the figures of each page."""
    facts = parse(extract(sample("turpan-2024-annual-plan.pdf")))
    return lambda *pages: _figures(f for f in facts if f.source.page in pages)


@pytest.fixture
def no_tesseract(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract on it
    assert shutil.which("tesseract") is None


def test_the_fixture_text_layer_is_garbage():
    with pdfplumber.open(CID_PDF) as pdf:
        text = pdf.pages[0].extract_text()
    assert text.startswith("(cid:1)(cid:2)")
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_undecodable_pdf_is_read_by_ocr(text_layer):
    document = extract(CID_PDF)
    assert document.pages == 2 and all(b.ocr for b in document.blocks)
    assert {b.page for b in document.blocks} == {1, 2}
    facts = parse(document)
    assert all(f.ocr for f in facts)
    assert _figures(facts) == text_layer(1, 2) == collections.Counter({
        ("12", "万平方米", 120000.0): 1, ("25", "万平方米", 250000.0): 1, ("37", "万平方米", 370000.0): 1,
        ("1300", "套", 1300.0): 1, ("2000", "套", 2000.0): 1, ("3300", "套", 3300.0): 1})


def test_undecodable_pdf_without_tesseract_fails_naming_the_file(no_tesseract):
    with pytest.raises(BadInputError) as caught:
        extract(CID_PDF)
    assert str(caught.value) == (f"{CID_PDF}: text that cannot be decoded (fonts without a ToUnicode map) (page 1), "
                                 f"and Tesseract is not installed to read it {INSTALL}")


def test_image_only_docx_is_read_by_ocr(text_layer):
    document = extract(IMAGE_DOCX)
    assert document.blocks and all(b.ocr for b in document.blocks)
    assert document.blocks[1].text == "（三）保障性安居工程建设筹集"
    ocr = _figures(parse(document))
    # every figure of the two pages, 25公顷 too, which Tesseract reads as 25公项 (ocr._HECTARE_MISREAD)
    assert ocr == text_layer(3, 4)
    assert sum(ocr.values()) == 15


def test_a_unit_ocr_misreads_is_read_as_that_unit():
    document = extract(IMAGE_DOCX)
    facts = parse(document)
    coverage = measure(document, [(f.source.locator, f.source.char_start, f.source.char_end) for f in facts])
    assert any("2024年度计划供应居住用地面积25公顷，其中新建商品住房用地面积16公顷。" in b.text for b in document.blocks)
    assert not [t for t in coverage.unread if t.text == "25"]


def test_image_only_docx_without_tesseract_fails_naming_the_file(no_tesseract):
    with pytest.raises(BadInputError) as caught:
        extract(IMAGE_DOCX)
    assert str(caught.value) == (f"{IMAGE_DOCX}: no text but 2 picture(s) of pages, and Tesseract is not installed "
                                 f"to read it {INSTALL}")


def test_docx_with_text_and_no_tesseract_keeps_its_text(no_tesseract, tmp_path):
    path = tmp_path / "mixed.docx"
    d = docx.Document(str(IMAGE_DOCX))
    d.add_paragraph("2024年计划新建保障性住房1215套。")
    d.save(path)
    document = extract(path)
    assert [b.text for b in document.blocks] == ["2024年计划新建保障性住房1215套。"]


def test_empty_docx_fails(tmp_path):
    path = tmp_path / "blank.docx"
    docx.Document().save(path)
    with pytest.raises(BadInputError) as caught:
        extract(path)
    assert str(caught.value) == f"{path}: no readable text in it (an empty document?); check it opens with text in Word"


def test_a_small_picture_is_not_ocr_d(tmp_path):
    """A logo is not a page of text: only pictures at least 3 x 2 inches on the page are read."""
    from PIL import Image

    path = tmp_path / "logo.docx"
    buf = io.BytesIO()
    Image.new("L", (300, 300), 255).save(buf, "PNG")
    buf.seek(0)
    d = docx.Document()
    d.add_paragraph("某县住房发展年度计划")
    d.add_picture(buf, width=Inches(1.0))
    d.save(path)
    assert [(b.text, b.ocr) for b in extract(path).blocks] == [("某县住房发展年度计划", False)]


def test_blank_pdf_fails(tmp_path):
    from badfiles import minimal_pdf

    path = tmp_path / "blank.pdf"
    path.write_bytes(minimal_pdf())
    with pytest.raises(BadInputError) as caught:
        extract(path)
    assert str(caught.value) == (f"{path}: no readable text on any of its 1 pages (blank, or a scan OCR could not "
                                 "read); check the file opens with text")


def test_garbled_pdf_and_image_docx_ingest_with_ocr_facts(tmp_path, prefect_server):
    from flows.cli import main

    folder = tmp_path / "plans"
    folder.mkdir()
    for path in (CID_PDF, IMAGE_DOCX):
        shutil.copy(path, folder)
    db = str(tmp_path / "x.duckdb")
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", db], catch_exceptions=False)
    assert result.exit_code == 0
    con = duckdb.connect(db, read_only=True)
    try:
        rows = con.execute("select d.source_file, d.status, d.n_facts, bool_and(f.ocr) from documents d "
                           "join facts f using (doc_id) group by all order by 1").fetchall()
    finally:
        con.close()
    assert [(Path(r[0]).name, *r[1:]) for r in rows] == [
        ("issue-12-cid-garbled.pdf", "ok", 6, True), ("issue-12-image-only.docx", "ok", 15, True)]
