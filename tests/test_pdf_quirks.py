"""PDF text as government PDFs set it (tests/data/unseen/pdfq-*.pdf, made by make_pdfquirks.py):
letter-spaced and distributed lines, vertical header cells, running document numbers and
第 N 页 共 M 页 footers, a 备注 column of sentences, a footnote under a table."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors import extract
from extractors.model import BlockKind
from extractors.pdf import PAGE_NUMBER
from extractors.pdf_tables import _vertical_text, letter_spacing, untracked
from extractors.pdf_unruled import runs
from parsers.facts import parse

UNSEEN = Path(__file__).parent / "data" / "unseen"


def glyph(text, x0, top, size=10.0, width=None, upright=True, matrix=(1, 0, 0, 1, 0, 0)):
    width = size if width is None else width
    return {"text": text, "x0": x0, "x1": x0 + width, "top": top, "bottom": top + size, "upright": upright,
            "matrix": matrix}


def line(text, x0=0.0, gap=0.0, size=10.0, width=None):
    out, x = [], x0
    for ch in text:
        out.append(glyph(ch, x, 100.0, size, width))
        x += (size if width is None else width) + gap
    return out


@pytest.fixture(scope="module")
def deyang():
    return extract(UNSEEN / "pdfq-deyang-2025-annual-plan.pdf")


@pytest.fixture(scope="module")
def xiaogan():
    return extract(UNSEEN / "pdfq-xiaogan-2025-housing-construction-plan.pdf")


@pytest.fixture(scope="module")
def quzhou():
    return extract(UNSEEN / "pdfq-quzhou-2025-affordable-housing-tasks.pdf")


# ---------------------------------------------------------------- letter-spacing

def test_evenly_spaced_digits_in_a_cell_are_read_as_one_number():
    assert untracked(line("4200", gap=5.0, width=5.0), words=False) == "4200"


def test_a_row_of_evenly_spaced_single_digit_cells_is_no_spaced_word():
    row = line("合计") + line("12345", x0=40.0, gap=20.0, width=5.0)
    assert untracked(row) is None
    assert untracked(line("12345", gap=20.0, width=5.0)) is None  # on a page: cells, not a number


def test_a_line_set_normally_is_not_letter_spaced():
    assert letter_spacing(line("新开工1200套")) == 0.0
    assert untracked(line("新开工1200套")) is None


def test_a_gap_wider_than_the_letter_spacing_stays_a_space():
    chars = line("新开工", gap=4.0) + line("4200", x0=60.0, gap=4.0, width=5.0)
    assert untracked(chars) == "新开工 4200"


def test_a_few_glyphs_far_apart_are_no_letter_spaced_line():
    assert untracked(line("合计", gap=40.0)) is None  # two glyphs: too few to tell


def test_letter_spaced_paragraph_reads_without_spaces(deyang):
    texts = [b.text for b in deyang.paragraphs()]
    assert "2025年，全市计划新开工商品住房1200套，建筑面积14.5万平方米；竣工商品住房1050套。" in texts
    assert "计划改造城镇老旧小区42个，涉及居民8650户，建筑面积65.3万平方米。" in texts


def test_distributed_line_reads_as_one_sentence(deyang):
    assert "计划新开工公租房200套。" in [b.text for b in deyang.paragraphs()]


def test_letter_spaced_table_cells_keep_their_numbers(deyang):
    grid = deyang.tables()[0].table.grid()
    assert grid[1] == ["旌阳区", "4200", "50.4", "680"]
    assert grid[5] == ["合计", "9200", "110.4", "1560"]


def test_letter_spaced_signature_is_one_line(deyang):
    assert [b.text for b in deyang.blocks[-2:]] == ["德阳市住房和城乡建设局", "2025年3月5日"]


def test_figures_of_spaced_text_point_at_their_characters(deyang):
    facts = parse(deyang)
    assert facts
    for fact in facts:  # each figure's offsets point at it as written, in every paragraph and cell
        src = fact.source
        assert src.text[src.char_start:src.char_end].startswith(fact.quantity.raw_value)
    spaced = [f for f in facts if f.source.text.startswith("计划新开工公租房")]
    assert [(f.quantity.value, f.source.text[f.source.char_start:f.source.char_end]) for f in spaced] == [
        (200, "200套")]


def test_full_width_digits_with_full_width_separators_survive(deyang):
    values = {(f.quantity.value, f.quantity.unit) for f in parse(deyang) if "１，５６０" in f.source.text}
    assert values == {(1560, "unit"), (320, "unit"), (4.5e8, "yuan")}


# ---------------------------------------------------------------- vertical header cells

def test_text_turned_a_quarter_anticlockwise_reads_bottom_to_top():
    up = (0, 1, -1, 0, 0, 0)
    chars = [glyph(ch, 100.0, 200.0 - 10 * i, upright=False, matrix=up) for i, ch in enumerate("新开工套数")]
    chars += [glyph(ch, 115.0, 180.0 - 10 * i, upright=False, matrix=up) for i, ch in enumerate("（套）")]
    assert _vertical_text(chars) == "新开工套数\n（套）"


def test_text_turned_a_quarter_clockwise_reads_top_to_bottom():
    down = (0, -1, 1, 0, 0, 0)
    chars = [glyph(ch, 115.0, 100.0 + 10 * i, upright=False, matrix=down) for i, ch in enumerate("新开工套数")]
    chars += [glyph(ch, 100.0, 100.0 + 10 * i, upright=False, matrix=down) for i, ch in enumerate("（套）")]
    assert _vertical_text(chars) == "新开工套数\n（套）"


def test_upright_characters_stacked_in_columns_read_down_then_leftwards():
    chars = [glyph(ch, 115.0, 100.0 + 10 * i) for i, ch in enumerate("新开工面积")]
    chars += [glyph(ch, 100.0, 100.0 + 10 * i) for i, ch in enumerate("（万㎡）")]
    assert _vertical_text(chars) == "新开工面积\n（万㎡）"


def test_horizontal_text_wrapped_in_a_narrow_cell_is_not_vertical():
    chars = [glyph(ch, 100.0 + 10 * (i % 2), 100.0 + 14 * (i // 2)) for i, ch in enumerate("新开工面积")]
    assert _vertical_text(chars) is None


def test_vertical_header_cells_read_in_their_direction(xiaogan):
    table = xiaogan.tables()[0].table
    assert table.header_paths[1:4] == ("商品住房新开工套数（套）", "保障性住房新开工套数（套）", "新开工面积（万平方米）")


def test_vertical_headers_give_the_cells_their_units(xiaogan):
    cells = {(f.region, f.quantity.value, f.quantity.unit, f.metric, f.housing_type) for f in parse(xiaogan)
             if f.source.locator.startswith("t")}
    assert ("孝南区", 2600, "unit", "new_start_units", "commercial") in cells
    assert ("孝南区", 335000, "m2", "new_start_floor_area", "all") in cells
    assert ("孝感市", 1200, "unit", "new_start_units", "affordable") in cells


def test_remarks_column_keeps_its_sentences(xiaogan):
    grid = xiaogan.tables()[0].table.grid()
    assert [r[4] for r in grid[1:4]] == ["含城中村改造安置住房300套", "2025年6月底前全部开工建设",
                                         "项目已完成立项和用地手续，计划分两批开工"]


def test_a_date_in_a_remark_is_no_figure(xiaogan):
    remarks = [f for f in parse(xiaogan) if f.source.locator.endswith("/c4")]
    assert [(f.region, f.quantity.value) for f in remarks] == [("孝南区", 300)]


# ---------------------------------------------------------------- page furniture, titles, notes

@pytest.mark.parametrize("text", ["第 3 页 共 5 页", "第3页，共5页", "共5页 第3页", "第 1 页/共 2 页", "- 12 -", "3/5"])
def test_page_number_lines(text):
    assert PAGE_NUMBER.match(text)


@pytest.mark.parametrize("text", ["第3条", "2025年", "12 30", "3 万套", "共5页"])
def test_lines_that_are_no_page_number(text):
    assert not PAGE_NUMBER.match(text)


def test_running_document_number_and_page_footer_are_dropped(xiaogan):
    assert xiaogan.pages == 5
    assert not [b.text for b in xiaogan.blocks if "〔2025〕" in b.text or "页 共" in b.text or "页共" in b.text]


def test_footnote_under_a_table_stays_one_paragraph(quzhou):
    notes = [b for b in quzhou.blocks if b.text.startswith("注：")]
    assert len(notes) == 1 and notes[0].kind is BlockKind.PARAGRAPH
    assert notes[0].text == ("注：1.保障性租赁住房筹集含非居住存量房屋改建120套（间）；2.城镇老旧小区改造以小区个数计，"
                             "棚户区改造含城中村改造。")
    assert not any("1.保障性" in s for b in quzhou.blocks for s in b.section)


def test_unit_line_under_a_two_line_title_gives_the_table_its_units(quzhou):
    table = quzhou.tables()[0].table
    assert table.unit == "套（间）、个、套"
    assert table.grid()[-1] == ["全市合计", "3200", "36", "650"]


# ---------------------------------------------------------------- the same table without rules

@pytest.fixture(scope="module")
def deyang_unruled():
    return extract(UNSEEN / "pdfq-deyang-2025-annual-plan-unruled.pdf")


def test_distributed_characters_are_one_run():
    chars = [glyph(ch, 10.0 + 30 * i, 100.0) for i, ch in enumerate("旌阳区")] + line("4200", x0=150.0, width=5.0)
    assert [r.text for r in runs(chars, 10.0)] == ["旌阳区", "4200"]


def test_two_single_characters_apart_stay_two_runs():
    chars = [glyph("县", 10.0, 100.0), glyph("镇", 60.0, 100.0)]
    assert [r.text for r in runs(chars, 10.0)] == ["县", "镇"]


def test_unruled_table_with_distributed_labels_and_spaced_values(deyang_unruled):
    grid = deyang_unruled.tables()[0].table.grid()
    assert [r[0] for r in grid[1:]] == ["旌阳区", "罗江区", "广汉市", "什邡市", "合计"]
    assert grid[1][1:] == ["4200", "50.4", "680"]


def test_header_and_one_row_at_the_foot_of_a_page_start_the_table_over_the_page(deyang_unruled):
    tables = deyang_unruled.tables()
    assert len(tables) == 1 and tables[0].page == 1
    assert tables[0].table.header_paths[1] == "商品住房新开工（套）"  # the unit wrapped under its words
    assert {c.page for c in tables[0].table.cells if c.text == "9200"} == {2}
