"""The same plan gives the same facts whatever format it arrives in: the .docx, the PDF exported from
it, and the same PDF without any table borders (tests/data/unseen/*-unruled.pdf)."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from extractors import extract
from extractors.model import Cell
from extractors.pdf_tables import _continue
from extractors.tables import build_table, is_value
from parsers.facts import parse

REPO = Path(__file__).resolve().parents[1]
UNSEEN = REPO / "tests" / "data" / "unseen"
PAIRS = sorted(p.with_suffix("") for folder in (REPO / "samples", UNSEEN) for p in folder.glob("*.docx")
               if p.with_suffix(".pdf").exists())
UNRULED = sorted(p.with_name(p.stem[: -len("-unruled")]) for p in UNSEEN.glob("*-unruled.pdf"))


def facts(path: Path) -> Counter:
    return Counter((round(f.quantity.value, 6), f.quantity.unit, f.quantity.qualifier, f.metric, f.housing_type,
                    f.region, f.period_start, f.period_end, f.kind, re.sub(r"\s+", "", f.source.quote),
                    " / ".join(f.section)) for f in parse(extract(path)))


@pytest.mark.parametrize("stem", PAIRS, ids=[p.name for p in PAIRS])
def test_docx_and_its_pdf_give_the_same_facts(stem):
    docx, pdf = facts(stem.with_suffix(".docx")), facts(stem.with_suffix(".pdf"))
    assert docx - pdf == Counter() and pdf - docx == Counter()
    assert docx


def test_there_are_borderless_variants():
    assert len(UNRULED) >= 3


@pytest.mark.parametrize("stem", UNRULED, ids=[p.name for p in UNRULED])
def test_borderless_pdf_gives_the_facts_of_the_ruled_one(stem):
    ruled, unruled = facts(stem.with_suffix(".pdf")), facts(stem.with_name(stem.name + "-unruled.pdf"))
    assert unruled - ruled == Counter() and ruled - unruled == Counter()


@pytest.mark.parametrize("stem", UNRULED, ids=[p.name for p in UNRULED])
def test_borderless_pdf_tables_have_the_ruled_headers_labels_and_values(stem):
    """Header paths (two levels, units rows, wrapped header cells), row labels (group labels merged
    down, labels wrapped around their row's values), the unit and every value, in the same places;
    only a 合计 centred over several label columns cannot show which ones it spans."""
    ruled = [b.table for b in extract(stem.with_suffix(".pdf")).tables()]
    unruled = [b.table for b in extract(stem.with_name(stem.name + "-unruled.pdf")).tables()]
    assert len(unruled) == len(ruled)
    for a, b in zip(ruled, unruled):
        assert (b.title, b.unit, b.header_rows, b.header_paths, b.row_labels) == (
            a.title, a.unit, a.header_rows, a.header_paths, a.row_labels)
        values = [[t if is_value(t) else "" for t in row] for row in a.grid()]
        assert [[t if is_value(t) else "" for t in row] for row in b.grid()] == values


def test_qujing_borderless_table_runs_onto_the_next_page_as_one_table():
    tables = [b.table for b in extract(UNSEEN / "qujing-2025-affordable-housing-tasks-unruled.pdf").tables()]
    assert sorted({c.page for c in tables[1].cells}) == [1, 2]
    assert [label for label in tables[1].row_labels if label] == [
        "麒麟区 / 南片区棚户区改造项目", "麒麟区 / 寥廓街道棚户区改造项目", "宣威市 / 东门棚户区改造项目",
        "陆良县 / 中枢镇旧城棚户区改造项目", "合计"]


def _cells(rows: list[list[str]], page: int, start: int = 0) -> list[Cell]:
    return [Cell(start + r, c, text, 1, 1, page) for r, row in enumerate(rows) for c, text in enumerate(row)]


def test_row_split_by_a_page_break_is_joined_to_its_upper_part():
    previous = build_table(_cells([["指标", "单位", "2025年"], ["新增保障性住房", "套", "18000"],
                                   ["保障性住房", "%", "21.5"]], 1), "表1")
    rest = _cells([["覆盖率", "", ""], ["城镇老旧小区改造", "个", "350"]], 2)
    table = build_table(_continue(previous, rest), "表1")
    assert table.grid() == [["指标", "单位", "2025年"], ["新增保障性住房", "套", "18000"],
                            ["保障性住房覆盖率", "%", "21.5"], ["城镇老旧小区改造", "个", "350"]]


def test_a_new_row_at_the_top_of_the_next_page_is_not_joined():
    previous = build_table(_cells([["指标", "单位", "2025年"], ["新增保障性住房", "套", "18000"]], 1), "表1")
    rest = _cells([["城镇老旧小区改造", "个", "350"]], 2)
    assert build_table(_continue(previous, rest), "表1").grid()[-1] == ["城镇老旧小区改造", "个", "350"]


SCANNED_TABLE = REPO / "tests" / "data" / "yichang-2025-table-page-scanned.pdf"  # tests/data/make_table_scan.py


@pytest.fixture(scope="module")
def scanned():
    document = extract(SCANNED_TABLE)
    return document, parse(document)


def test_scanned_table_is_rebuilt_from_the_word_boxes(scanned):
    """A table in a page picture comes out as a table (Tesseract's word boxes read as a PDF without
    ruling lines), not as paragraphs whose figures lose their row and column."""
    document, _ = scanned
    ruled = next(b.table for b in extract(REPO / "samples" / "yichang-2025-housing-construction-plan.pdf").tables())
    tables = [b for b in document.blocks if b.table is not None]
    assert len(tables) == 1 and tables[0].ocr
    table = tables[0].table
    assert (table.n_rows, table.n_cols, table.header_rows) == (ruled.n_rows, ruled.n_cols, ruled.header_rows)
    assert table.unit == "万平方米、套、公顷"  # the title's unit list, its 公 / 顷） wrapped and 顷 misread as 质
    assert table.header_paths[1:] == ruled.header_paths[1:]
    cells = [(r, c, t) for r, row in enumerate(ruled.grid()) for c, t in enumerate(row) if is_value(t)]
    same = sum(table.grid()[r][c] == t for r, c, t in cells)
    assert len(cells) == 89 and same >= 80  # 80 figures and 9 dashes; Tesseract misreads a few (5.20 as 520)


def test_scanned_table_figures_are_facts_with_their_labels_or_reported_unread(scanned):
    from parsers.coverage import Status, measure

    document, found = scanned
    coverage = measure(document, [(f.source.locator, f.source.char_start, f.source.char_end) for f in found])
    table = [t for t in coverage.tokens if "/r" in t.locator]
    assert len(table) >= 80  # the 80 figures of the table: none lost
    in_facts = [f for f in found if "/r" in f.source.locator]
    assert all(f.ocr for f in in_facts) and len(in_facts) >= 75
    assert sum(t.status is Status.UNREAD for t in table) <= 5
    by_place = {f.region for f in in_facts}
    assert {"伍家岗区", "点军区", "夷陵区", "宜昌高新区", "宜都市", "当阳市", "远安县"} <= by_place


def _line(top: float, *runs: tuple[float, str], size: float = 10.5):
    """A text line as extractors.pdf makes it: runs of (x0, text), 1 pt wide per character width."""
    from types import SimpleNamespace

    from extractors.pdf_unruled import Run

    parts = tuple(Run(x0, x0 + size * len(text), top, top + size, text) for x0, text in runs)
    return SimpleNamespace(text=" ".join(t for _, t in runs), x0=parts[0].x0, x1=parts[-1].x1, top=top,
                           bottom=top + size, page=1, char_width=size, in_band=False, runs=parts)


def test_left_aligned_borderless_table_with_wide_line_pitch():
    """Cells aligned left, a 28 pt line pitch (wider than 1.5 lines), a header wrapped inside its
    bracket (计划投资（亿 / 元）) and project codes wrapped onto a line of their own."""
    from extractors.pdf_unruled import find_tables

    lines = [
        _line(100, (80, "序号"), (130, "项目名称"), (260, "户数（户）"), (360, "投资（亿"), (460, "项目代码")),
        _line(128, (360, "元）")),
        _line(156, (80, "1"), (130, "甲片区改造"), (260, "620"), (360, "3.6"), (460, "2503-3408-")),
        _line(184, (460, "04-01-5123")),
        _line(212, (80, "2"), (130, "乙片区改造"), (260, "380"), (360, "2.1"), (460, "2503-3408-")),
        _line(240, (460, "04-01-5124")),
        _line(268, (80, "合计"), (260, "1000"), (360, "5.7")),
    ]
    tables, rest = find_tables(lines, 1)
    assert len(tables) == 1 and rest == []
    table = build_table(tables[0][1], None)
    assert table.header_paths == ("序号", "项目名称", "户数（户）", "投资（亿元）", "项目代码")
    assert table.grid()[1:] == [["1", "甲片区改造", "620", "3.6", "2503-3408-04-01-5123"],
                                ["2", "乙片区改造", "380", "2.1", "2503-3408-04-01-5124"],
                                ["合计", "", "1000", "5.7", ""]]
