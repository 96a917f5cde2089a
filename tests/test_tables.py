"""Tables come out the same from a .docx and from the PDF exported from it: the same cell grid with
the same merged cells, header paths and row labels — including tables continued over a page."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import sample, seed
from extractors import extract

PLANS = ["kashgar-2025-annual-plan", "zhangye-2026-2030-housing-plan"]


@pytest.fixture(scope="module")
def pairs():
    out = {}
    for name in PLANS:
        docx = [b.table for b in extract(sample(f"{name}.docx")).tables()]
        pdf = [b.table for b in extract(sample(f"{name}.pdf")).tables()]
        out[name] = (docx, pdf)
    return out


def geometry(table):
    return [(c.row, c.col, c.rowspan, c.colspan, c.text) for c in table.cells]


@pytest.mark.parametrize("name, count", [(PLANS[0], 3), (PLANS[1], 7)])
def test_docx_and_pdf_find_the_same_tables(pairs, name, count):
    docx, pdf = pairs[name]
    assert (len(docx), len(pdf)) == (count, count)
    assert [t.title for t in docx] == [t.title for t in pdf]


@pytest.mark.parametrize("name, index", [(PLANS[0], i) for i in range(3)] + [(PLANS[1], i) for i in range(7)])
def test_same_grid_header_paths_and_row_labels(pairs, name, index):
    a, b = pairs[name][0][index], pairs[name][1][index]
    assert geometry(a) == geometry(b)
    assert (a.header_rows, a.header_paths, a.row_labels) == (b.header_rows, b.header_paths, b.row_labels)
    assert (a.unit, a.unit_col) == (b.unit, b.unit_col)


def test_two_level_merged_header_gives_header_paths(pairs):
    table = pairs[PLANS[0]][1][1]  # 表 2, from the PDF
    assert table.title == "表 2 2025年计划分配保障性住房规模"
    assert table.header_rows == 2
    assert table.header_paths == (
        "县（市、开发区）",
        "公租房 / 套数（套）", "公租房 / 建筑面积（万平方米）",
        "保障性租赁住房 / 套数（套）", "保障性租赁住房 / 建筑面积（万平方米）",
        "小计 / 套数（套）", "小计 / 建筑面积（万平方米）",
    )
    assert table.row_labels[2:5] == ("喀什市", "经开区", "疏附县")
    assert table.row_labels[-1] == "总计"
    assert table.grid()[-1] == ["总计", "11455", "47.33", "1014", "7.94", "12469", "55.27"]


def test_header_cells_wrapped_over_lines_are_joined(pairs):
    table = pairs[PLANS[0]][1][2]  # 表 3: narrow columns wrap every header over several lines
    assert table.header_paths[1] == "计划供应住宅用地面积合计（公顷）"
    assert table.header_paths[3] == "计划供应租赁住宅用地面积（公顷） / 保障性租赁住宅用地"
    assert table.grid()[2] == ["喀什市", "35.23", "35.23", "-", "-", "-", "-", "-"]


def test_table_continued_on_the_next_page_is_one_table():
    document = extract(sample("zhangye-2026-2030-housing-plan.pdf"))
    indicators = next(b for b in document.tables() if b.table.title == "住房发展指标体系表")
    table = indicators.table
    assert sorted({c.page for c in table.cells}) == [26, 27]
    assert (table.n_rows, table.n_cols, table.header_rows) == (30, 4, 1)
    assert table.header_paths == ("指标分类", "指标名称", "单位", "数值")
    assert table.unit_col == 2
    # the repeated header row on page 27 is not a data row, and the category cut by the page
    # break stays one merged cell
    assert [row[3] for row in table.grid()].count("数值") == 1
    category = next(c for c in table.cells if c.text == "住房结构")
    assert (category.row, category.rowspan) == (7, 12)
    assert table.row_labels[-1] == "住房与住区品质 / 物业服务覆盖率"
    assert table.grid()[-1] == ["住房与住区品质", "物业服务覆盖率", "%", "100"]


def test_title_row_inside_a_table_becomes_its_title():
    document = extract(sample("zhangye-2026-2030-housing-plan.docx"))
    table = document.tables()[3].table
    assert table.title == "张掖市“十四五”期间城镇住房保障成效"
    assert table.header_rows == 2
    assert table.header_paths == ("项目年份", "2021", "2022", "2023", "2024", "2025", "合计")
    assert table.row_labels[2] == "筹集公租房（套）"


def test_vertically_merged_label_fills_its_rows():
    table = extract(sample("zhangye-2026-2030-housing-plan.docx")).tables()[2].table
    assert table.header_paths == ("序号", "县区", "项目名称", "推送方式", "授信金额（万元）", "获贷金额（万元）")
    assert table.row_labels[1:5] == (
        "甘州区 / 蔚来城住宅小区建设项目 / 审核制", "甘州区 / 金硕铂悦府商住小区 / 备案制",
        "甘州区 / 金硕铂瑞府商住小区 / 备案制", "甘州区 / 中恒·金茂府 / 备案制",
    )


def test_seed_text_tables_keep_their_cells_and_titles():
    tables = [b.table for b in extract(seed("002")).tables()]
    assert [t.title for t in tables] == ["表 1 2025年计划供应商品住房建筑面积", "表 2 2025年计划分配保障性住房规模",
                                         "表 3 2025年计划供应住宅用地规模"]
    assert tables[1].grid()[-1] == ["总计", "11455", "47.33", "1014", "7.94", "12469", "55.27"]


def test_tables_without_ruling_lines_are_found_from_text_alignment(pairs):
    """The same plan exported with borderless tables (and a running page header)."""
    unruled = extract(sample("kashgar-2025-annual-plan-unruled.pdf"))
    tables = [b.table for b in unruled.tables()]
    assert len(tables) == 3
    for ruled, found in zip(pairs[PLANS[0]][0], tables):
        assert geometry(found) == geometry(ruled)
        assert (found.title, found.header_rows, found.header_paths, found.row_labels) == (
            ruled.title, ruled.header_rows, ruled.header_paths, ruled.row_labels)
    # 表 3 runs from page 4 onto page 5, where its two header rows are repeated
    assert sorted({c.page for c in tables[2].cells}) == [4, 5]


def test_running_page_header_is_not_body_text():
    unruled = extract(sample("kashgar-2025-annual-plan-unruled.pdf"))
    ruled = extract(sample("kashgar-2025-annual-plan.pdf"))
    assert [b.text for b in unruled.paragraphs()] == [b.text for b in ruled.paragraphs()]


@pytest.mark.parametrize("prefix, name", [("002", PLANS[0]), ("003", PLANS[1])])
def test_seed_text_tables_rebuild_the_merged_cells(prefix, name):
    """The flattened seed text leaves merged cells out; the .txt reader puts them back."""
    from_text = [b.table for b in extract(seed(prefix)).tables()]
    from_word = [b.table for b in extract(sample(f"{name}.docx")).tables()]
    assert [geometry(t) for t in from_text] == [geometry(t) for t in from_word]
    assert [t.header_paths for t in from_text] == [t.header_paths for t in from_word]
    assert [t.row_labels for t in from_text] == [t.row_labels for t in from_word]


UNSEEN = Path(__file__).parent / "data" / "unseen"


def test_table_caption_after_a_sentence_filling_its_line_starts_a_paragraph():
    """…分解见表1。 filling the last line of its paragraph, then the caption 表1 … wrapping over the
    full width: the caption is a paragraph of its own (the table's title), not the sentence's tail."""
    from extractors.pdf import _starts_paragraph
    from extractors.pdf_unruled import Line as _Line
    sentence = _Line("2025年全市城镇保障性安居工程目标任务分解见表1。", 90.0, 505.0, 100.0, 116.0, 1, 16.0)
    caption = _Line("表1 2025年城镇保障性安居工程目标任务分解表（单位：", 79.0, 506.0, 130.0, 146.0, 1, 16.0)
    going_on = _Line("表示本年度计划不变。", 79.0, 240.0, 130.0, 146.0, 1, 16.0)
    assert _starts_paragraph(sentence, caption, 79.0, 506.0)
    assert not _starts_paragraph(sentence, going_on, 79.0, 506.0)


@pytest.mark.parametrize("name", ["qujing-2025-affordable-housing-tasks", "yibin-2025-annual-plan"])
def test_unseen_pdf_tables_keep_their_titles_and_units(name):
    docx = [b.table for b in extract(UNSEEN / f"{name}.docx").tables()]
    pdf = [b.table for b in extract(UNSEEN / f"{name}.pdf").tables()]
    assert [(t.title, t.unit, t.header_paths) for t in pdf] == [(t.title, t.unit, t.header_paths) for t in docx]
    assert [geometry(t) for t in pdf] == [geometry(t) for t in docx]
    assert pdf[0].title.startswith("表1 ")
