"""Word specifics: text in text boxes and nested tables is kept, Word artifacts are not."""
from __future__ import annotations

import docx
from docx.oxml import parse_xml

from conftest import sample
from extractors import BlockKind, extract

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MC_NS = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
WPS_NS = 'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'


def text_box_run(text: str):
    """A run holding a text box the way Word writes it: a DrawingML choice and a VML fallback."""
    box = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    return parse_xml(
        f"<w:r {W_NS} {MC_NS} {WPS_NS}><mc:AlternateContent>"
        f"<mc:Choice Requires=\"wps\"><w:drawing><wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><w:txbx>{box}</w:txbx></w:pict></mc:Fallback>"
        f"</mc:AlternateContent></w:r>"
    )


def test_text_box_text_is_read_once(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("2026年计划供应居住用地19.94公顷。")
    paragraph._p.append(text_box_run("附注：市区计划新开工商品住房0.37万套。"))
    path = tmp_path / "box.docx"
    document.save(path)
    texts = [b.text for b in extract(path).blocks]
    assert texts == ["2026年计划供应居住用地19.94公顷。", "附注：市区计划新开工商品住房0.37万套。"]


def test_nested_table_text_stays_in_its_cell(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "县区", "套数（套）"
    table.cell(1, 0).text = "甲县"
    inner = table.cell(1, 1).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "120"
    path = tmp_path / "nested.docx"
    document.save(path)
    (block,) = extract(path).tables()
    assert block.table.grid() == [["县区", "套数（套）"], ["甲县", "120"]]


def test_bookmarks_and_sections_of_a_real_plan():
    document = extract(sample("jiamusi-2026-annual-plan.docx"))
    assert not any("bookmark" in b.text or "OLE_LINK" in b.text for b in document.blocks)
    first = next(b for b in document.blocks if "19.94公顷" in b.text)
    assert first.text.startswith("2026年全县（市）计划供应居住用地19.94公顷")
    assert first.section == ("一、住房用地供应目标",)
    headings = [b.text for b in document.blocks if b.kind is BlockKind.HEADING]
    assert headings[:3] == ["佳木斯市2026年住房发展年度计划", "一、住房用地供应目标", "二、住房建设计划目标"]
