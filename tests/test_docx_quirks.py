"""Nothing Word shows is lost: text in content controls, tracked insertions, fields, text boxes
(their tables as tables), footnotes, headers and footers; soft line breaks inside a figure; and
the figures of tests/data/unseen/yulin-2025-affordable-housing-quirks.docx, which has them all."""
from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from extractors import BlockKind, extract
from extractors.docx import paragraph_text
from extractors.text import SectionTracker
from parsers.coverage import Status, measure
from parsers.facts import parse

UNSEEN = Path(__file__).parent / "data" / "unseen"
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MC_NS = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'


def p(body: str):
    return parse_xml(f"<w:p {W_NS} {MC_NS}>{body}</w:p>")


def r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


@pytest.mark.parametrize("body, expected", [
    (r("新开工") + '<w:ins w:id="1" w:author="a">' + r("680") + "</w:ins>" + r("套"), "新开工680套"),
    (r("新开工") + '<w:del w:id="1" w:author="a"><w:r><w:delText>500</w:delText></w:r></w:del>' + r("680套"),
     "新开工680套"),
    (r("筹集") + '<w:moveFrom w:id="2" w:author="a">' + r("旧文") + "</w:moveFrom>" + r("260套"), "筹集260套"),
    (r("1.2万") + "<w:r><w:br/></w:r>" + r("套"), "1.2万套"),  # a soft break inside a figure
    (r("第") + '<w:fldSimple w:instr=" PAGE ">' + r("3") + "</w:fldSimple>" + r("页"), "第3页"),
    (r("共") + '<w:hyperlink w:anchor="x">' + r("36") + "</w:hyperlink>" + r("个"), "共36个"),
    (r("共") + '<w:smartTag w:uri="u" w:element="e">' + r("１１") + "</w:smartTag>" + r("个片区"), "共１１个片区"),
    (r("计划") + "<w:sdt><w:sdtPr/><w:sdtContent>" + r("45") + "</w:sdtContent></w:sdt>" + r("亩"), "计划45亩"),
    ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
     '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + r("7") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>', "7"),
    (r("A") + "<w:r><w:tab/></w:r>" + r("B"), "A\tB"),
    (r("正文") + "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:t>甲</w:t></mc:Choice>"
     "<mc:Fallback><w:t>乙</w:t></mc:Fallback></mc:AlternateContent></w:r>", "正文甲"),
])
def test_paragraph_text_is_what_word_shows(body, expected):
    assert paragraph_text(p(body)) == expected


def _footnotes(document, notes: dict[int, str]) -> None:
    body = "".join(f'<w:footnote w:id="{i}"><w:p><w:r><w:footnoteRef/></w:r>{r(" " + text)}</w:p></w:footnote>'
                   for i, text in notes.items())
    xml = (f'<w:footnotes {W_NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
           f"</w:footnote>{body}</w:footnotes>")
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode(), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)


def test_every_text_word_shows_becomes_a_block(tmp_path):
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "全年目标：新开工1.2万套"
    document.sections[0].footer.paragraphs[0].text = "— 1 —"
    document.add_paragraph("某市2025年住房发展年度计划")
    cited = document.add_paragraph("全年发放住房租赁补贴1500户")
    cited._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:footnoteReference w:id="1"/></w:r>'))
    cited.add_run("。")
    _footnotes(document, {1: "其中新就业大学生320户。", 2: "未引用的脚注90户。"})
    controlled = document.add_paragraph("全市计划筹集公租房房源260套。")
    sdt = parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtPr/><w:sdtContent/></w:sdt>')
    controlled._p.addprevious(sdt)
    sdt.find(qn("w:sdtContent")).append(controlled._p)
    scratch = docx.Document()
    boxed = scratch.add_table(rows=2, cols=2)
    for (row, col), text in {(0, 0): "城区", (0, 1): "套数（套）", (1, 0): "甲区", (1, 1): "300"}.items():
        boxed.cell(row, col).text = text
    anchor = document.add_paragraph("见下框。")
    pict = parse_xml(f'<w:r {nsdecls("w")}><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox>'
                     f'<w:txbxContent><w:p><w:r><w:t>框内说明120套</w:t></w:r></w:p></w:txbxContent>'
                     '</v:textbox></v:shape></w:pict></w:r>')
    content = pict.find(f".//{qn('w:txbxContent')}")
    content.append(boxed._tbl)
    content.append(parse_xml(f"<w:p {nsdecls('w')}/>"))
    anchor._p.append(pict)
    path = tmp_path / "quirks.docx"
    document.save(path)

    blocks = extract(path).blocks
    assert [(b.kind, b.text) for b in blocks if b.kind is not BlockKind.TABLE] == [
        (BlockKind.PARAGRAPH, "某市2025年住房发展年度计划"),
        (BlockKind.PARAGRAPH, "全年发放住房租赁补贴1500户。"),
        (BlockKind.PARAGRAPH, "其中新就业大学生320户。"),  # right after the paragraph citing it
        (BlockKind.PARAGRAPH, "全市计划筹集公租房房源260套。"),
        (BlockKind.PARAGRAPH, "见下框。"),
        (BlockKind.PARAGRAPH, "框内说明120套"),
        (BlockKind.PARAGRAPH, "全年目标：新开工1.2万套"),  # header and footer, at the end
        (BlockKind.PARAGRAPH, "— 1 —"),
    ]
    table = next(b.table for b in blocks if b.kind is BlockKind.TABLE)
    assert [(c.row, c.col, c.text) for c in table.cells] == [(0, 0, "城区"), (0, 1, "套数（套）"), (1, 0, "甲区"),
                                                             (1, 1, "300")]
    assert [b.index for b in blocks] == list(range(len(blocks)))


def test_content_controls_around_rows_and_cells_keep_their_cells(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    for (row, col), text in {(0, 0): "县区", (0, 1): "套数（套）", (1, 0): "甲县", (1, 1): "120"}.items():
        table.cell(row, col).text = text
    tr = table.rows[1]._tr
    sdt = parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtPr/><w:sdtContent/></w:sdt>')
    tr.addprevious(sdt)
    sdt.find(qn("w:sdtContent")).append(tr)
    path = tmp_path / "sdt-row.docx"
    document.save(path)
    (block,) = extract(path).blocks
    assert [(c.row, c.col, c.text) for c in block.table.cells] == [(0, 0, "县区"), (0, 1, "套数（套）"), (1, 0, "甲县"),
                                                                   (1, 1, "120")]


def test_an_attachment_leaves_the_chapter_before_it():
    sections = SectionTracker()
    for text in ["二、保障措施", "（一）资金保障"]:
        sections.see(text)
    assert sections.path == ("二、保障措施", "（一）资金保障")
    sections.see("附件2")
    assert sections.path == ()
    sections.see("三、工作要求")
    sections.see("附件1 某市2025年城中村改造项目计划表")
    assert sections.path == ()
    sections.see("三、工作要求")
    sections.see("附件2所列项目共1200套。")  # a sentence citing an attachment is not one
    assert sections.path == ("三、工作要求",)


@pytest.fixture(scope="module")
def yulin():
    document = extract(UNSEEN / "yulin-2025-affordable-housing-quirks.docx")
    facts = parse(document)
    return document, facts, measure(document, [(f.source.locator, f.source.char_start, f.source.char_end) for f in facts])


@pytest.mark.parametrize("quote, value, unit, region", [
    ("其中新就业大学生租赁补贴320户。", 320, "household", "玉林市"),  # a footnote
    ("经复核，全市棚户区改造计划新开工680套。", 680, "unit", "玉林市"),  # a tracked insertion
    ("全市计划筹集公租房房源260套。", 260, "unit", "玉林市"),  # a content control
    ("2025年新开工配售型保障性住房1.2万套，筹集保障性租赁住房3000套（间）。", 12000, "unit", "玉林市"),  # soft break
    ("全市推进１１个片区城中村改造，一期工程800套安置住房已于2024.12.28交付使用。", 800, "unit", "玉林市"),  # split runs
    ("福绵区 | 保障性租赁住房（套（间）） | 1000", 1000, "unit", "福绵区"),  # a table in a text box
])
def test_quirky_figures_are_facts(yulin, quote, value, unit, region):
    _, facts, _ = yulin
    found = [(f.quantity.value, f.quantity.unit, f.region) for f in facts if f.source.quote.endswith(quote)]
    assert (value, unit, region) in found


def test_quirky_document_has_no_number_left_unread_or_wrongly_excluded(yulin):
    _, facts, coverage = yulin
    assert coverage.unread == []
    figures = {t.text for t in coverage.tokens if t.status is Status.FACT}
    assert {"320", "680", "260", "1.2", "１１", "800", "300", "1000", "1900", "2000", "45", "12.6"} <= figures
    excluded = sorted((t.text, t.reason.value) for t in coverage.tokens if t.status is Status.EXCLUDED)
    assert ("1", "page") in excluded  # the footer's — 1 —
    assert ("13907751234", "phone") in excluded and ("537000", "code") in excluded
    assert not {"320", "680", "260", "800", "1000"} & {text for text, _ in excluded}


@pytest.mark.parametrize("n, fmt, shown", [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (12, "chineseCountingThousand", "十二"),
    (20, "chineseCounting", "二十"), (105, "chineseCounting", "一百零五"), (3, "decimal", "3"),
    (3, "decimalEnclosedCircle", "③"), (2, "ideographTraditional", "乙"), (4, "upperRoman", "IV"),
    (27, "lowerLetter", "aa"), (7, "decimalFullWidth", "７"), (1, "bullet", None),
])
def test_number_formats(n, fmt, shown):
    from extractors.docx_numbering import number_format

    assert number_format(n, fmt) == shown


def test_automatic_numbers_are_drawn_and_open_sections(tmp_path):
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.find(qn("w:num")).addprevious(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
        "</w:abstractNum>"))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text, level, num_id="90"):
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))

    document.add_paragraph("某市2025年住房发展年度计划")
    numbered("上年工作回顾", 0)
    numbered("2024年全市新开工保障性住房1200套。", 2)
    numbered("本年目标任务", 0)
    numbered("住房保障", 1)
    numbered("2万套任务分解到县。", 2)  # a number drawn before a digit keeps a space: not 1.2万套
    numbered("住房供应", 1)
    numbered("不编号", 0, num_id="0")  # numId 0 switches numbering off
    document.add_paragraph("列表样式的段落", style="List Number")  # numbered through its style
    path = tmp_path / "numbered.docx"
    document.save(path)
    blocks = extract(path).blocks
    assert [(b.text, b.section) for b in blocks] == [
        ("某市2025年住房发展年度计划", ()),
        ("一、上年工作回顾", ("一、上年工作回顾",)),
        ("1. 2024年全市新开工保障性住房1200套。", ("一、上年工作回顾", "1. 2024年全市新开工保障性住房1200套。")),
        ("二、本年目标任务", ("二、本年目标任务",)),
        ("（一）住房保障", ("二、本年目标任务", "（一）住房保障")),
        ("1. 2万套任务分解到县。", ("二、本年目标任务", "（一）住房保障", "1. 2万套任务分解到县。")),
        ("（二）住房供应", ("二、本年目标任务", "（二）住房供应")),
        ("不编号", ("二、本年目标任务", "（二）住房供应")),
        ("1.列表样式的段落", ("二、本年目标任务", "（二）住房供应", "1.列表样式的段落")),
    ]
    from parsers.coverage import number_tokens

    drawn = blocks[5].text
    assert [drawn[a:b] for a, b in number_tokens(drawn)] == ["1", "2"]  # never the figure 1.2万套


def _with_chunk(path, content_type: str, blob: bytes) -> None:
    """A .docx whose body imports a chunk (w:altChunk), as web editors' export to Word writes."""
    document = docx.Document()
    document.add_paragraph("某市2025年住房发展年度计划")
    part = Part(PackURI("/word/chunk1.bin"), content_type, blob, document.part.package)
    rid = document.part.relate_to(part, RT.A_F_CHUNK)
    document.element.body.insert(1, parse_xml(f'<w:altChunk {nsdecls("w", "r")} r:id="{rid}"/>'))
    document.save(path)


HTML_CHUNK = """<html><head><meta charset="utf-8"><title>x</title><style>p{}</style></head><body>
<h2>一、年度目标</h2><p>全年计划新开工保障性住房 <b>1200</b> 套，<br>筹集保障性租赁住房800套（间）。</p>
<div>散落的文字<span>共36个</span><p>改造城镇老旧小区5800户。</p></div>
<table><tr><th rowspan="2">县区</th><th colspan="2">任务</th></tr><tr><th>新开工（套）</th><th>筹集（套）</th></tr>
<tr><td>甲县</td><td>300</td><td>200</td></tr></table></body></html>"""


def test_an_imported_html_chunk_is_read(tmp_path):
    path = tmp_path / "chunk.docx"
    _with_chunk(path, "application/xhtml+xml", ('<?xml version="1.0" encoding="utf-8"?>' + HTML_CHUNK).encode("utf-8"))
    blocks = extract(path).blocks
    assert [b.text for b in blocks if b.kind is not BlockKind.TABLE] == [
        "某市2025年住房发展年度计划", "一、年度目标", "全年计划新开工保障性住房1200套，筹集保障性租赁住房800套（间）。",
        "散落的文字共36个", "改造城镇老旧小区5800户。"]
    assert blocks[2].section == ("一、年度目标",)
    table = blocks[-1].table
    assert [(c.row, c.col, c.text, c.rowspan, c.colspan) for c in table.cells] == [
        (0, 0, "县区", 2, 1), (0, 1, "任务", 1, 2), (1, 1, "新开工（套）", 1, 1), (1, 2, "筹集（套）", 1, 1),
        (2, 0, "甲县", 1, 1), (2, 1, "300", 1, 1), (2, 2, "200", 1, 1)]


def test_an_imported_mht_chunk_is_read_and_an_unreadable_chunk_is_refused(tmp_path):
    from extractors.errors import BadInputError

    mht = ("MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\n"
           "Content-Type: text/html; charset=\"utf-8\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
           + __import__("base64").b64encode("<p>筹集公租房房源260套。</p>".encode()).decode() + "\r\n--b--\r\n")
    path = tmp_path / "mht.docx"
    _with_chunk(path, "message/rfc822", mht.encode("ascii"))
    assert [b.text for b in extract(path).blocks] == ["某市2025年住房发展年度计划", "筹集公租房房源260套。"]
    rtf = tmp_path / "rtf.docx"
    _with_chunk(rtf, "application/rtf", rb"{\rtf1 1200}")
    with pytest.raises(BadInputError, match="cannot be read"):
        extract(rtf)
