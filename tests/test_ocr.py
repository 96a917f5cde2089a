"""The scanned 佳木斯 plan (page images, no text layer) is read with Tesseract."""
from __future__ import annotations

import collections

import pytest

from conftest import sample
from extractors import extract
from parsers.facts import parse
from parsers.meta import describe


@pytest.fixture(scope="module")
def scanned():
    return extract(sample("jiamusi-2026-annual-plan-scanned.pdf"))


def test_every_block_is_marked_as_ocr_with_its_page(scanned):
    assert scanned.pages == 4
    assert all(b.ocr for b in scanned.blocks)
    assert {b.page for b in scanned.blocks} == {1, 2, 3, 4}


def test_ocr_text_keeps_the_title_and_headings(scanned):
    assert describe(scanned).title == "佳木斯市2026年住房发展年度计划"
    texts = [b.text for b in scanned.blocks]
    assert "一、住房用地供应目标" in texts and "二、住房建设计划目标" in texts


@pytest.mark.parametrize(
    "written, value, unit",
    [
        ("19.94公顷", 199400, "m2"), ("11个", 11, "item"), ("0.56万套", 5600, "unit"),
        ("60.40万平方米", 604000, "m2"), ("22.69亿元", 2.269e9, "yuan"), ("37.83万平方米", 378300, "m2"),
        ("14.53亿元", 1.453e9, "yuan"), ("85.16万平方米", 851600, "m2"), ("48.52万平方米", 485200, "m2"),
        ("18.36万平方米", 183600, "m2"), ("3.51万平方米", 35100, "m2"),
    ],
)
def test_figures_read_from_the_scan(scanned, written, value, unit):
    facts = [f for f in parse(scanned) if f.quantity.raw_value + f.quantity.raw_unit == written]
    assert facts, f"{written} not read"
    assert all(f.quantity.value == pytest.approx(value) and f.quantity.unit == unit and f.ocr for f in facts)


def test_scan_gives_the_figures_of_the_text_layer(scanned):
    """OCR reads all 47 figures of the plan with the right values; one unit loses its （间）."""
    text_layer = collections.Counter(f.quantity.value for f in parse(extract(sample("jiamusi-2026-annual-plan.pdf"))))
    ocr = collections.Counter(f.quantity.value for f in parse(scanned))
    assert ocr == text_layer
