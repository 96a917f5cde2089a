"""extractors.pdf_open reads every PDF the project has into exactly the objects pdfplumber's own
Page.process_object makes: same kinds, same order, same keys in the same order, same values."""
from __future__ import annotations

import logging
from pathlib import Path

import pdfplumber
import pytest

from extractors.pdf_open import open_pdf

ROOT = Path(__file__).resolve().parent.parent
PDFS = sorted({*ROOT.joinpath("samples").glob("*.pdf"), *ROOT.joinpath("tests", "data").rglob("*.pdf")})


def _objects(pdf) -> list:
    pages = []
    for page in pdf.pages:
        pages.append({kind: [list(obj.items()) for obj in objs] for kind, objs in page.objects.items()})
        page.close()
    return pages


@pytest.mark.parametrize("path", PDFS, ids=lambda p: str(p.relative_to(ROOT)))
def test_same_objects_as_pdfplumber(path):
    try:
        with pdfplumber.open(path) as pdf:
            expected = _objects(pdf)
    except Exception as exc:  # a damaged PDF of the bad-input tests: open_pdf must fail the same way
        with pytest.raises(type(exc)):
            with open_pdf(path) as pdf:
                _objects(pdf)
        return
    with open_pdf(path) as pdf:
        got = _objects(pdf)
    assert repr(got) == repr(expected)  # repr: key order and float digits too, and NaN equals NaN


def test_samples_and_test_data_have_pdfs():
    assert len(PDFS) >= 40


def test_pdfminer_debug_calls_do_nothing_once_a_pdf_is_open():
    with open_pdf(ROOT / "samples" / "kashgar-2025-annual-plan.pdf") as pdf:
        pdf.pages[0].chars
    logger = logging.getLogger("pdfminer.psparser")
    assert not logger.isEnabledFor(logging.DEBUG)
    assert logger.debug.__name__ == "_no_debug"
