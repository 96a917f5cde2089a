"""Unseen regression documents of the "nothing lost silently" family: figures next to things that
look like exclusions (dates, years, document numbers, list numbers, codes, phones, page footers)
and Word quirks (automatic list numbering, footnotes, headers and footers, a table in a text box,
split runs, soft line breaks, full-width digits, tracked insertions, content controls), and a PDF
with a landscape table page and page footers. The expected facts are the .csv of the same stem,
written by hand from the texts below.

    .venv/bin/python tests/data/unseen/make_quirks.py
"""
from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))
from samples.make_samples import add_page_number, export_pdfs, pin_pdf, save_reproducible, setup_document  # noqa: E402

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def para(doc, text: str = "", style: str | None = None, align=None):
    p = doc.add_paragraph(style=style)
    if text:
        p.add_run(text)
    if align is not None:
        p.alignment = align
    return p


def runs(doc, pieces, style: str | None = None):
    """A paragraph of many runs: (text, font) pieces; "\n" in a piece is a soft line break (w:br)."""
    p = doc.add_paragraph(style=style)
    for text, font in pieces:
        for i, line in enumerate(text.split("\n")):
            if i:
                p.add_run().add_break()
            if line:
                run = p.add_run(line)
                if font:
                    run.font.name = font
                    run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return p


def simple_table(doc, rows, header_rows: int = 1):
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = doc.styles["Table Grid"]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text is None:
                continue
            cell = table.cell(r, c)
            cell.paragraphs[0].add_run(text).bold = r < header_rows
    return table


def merge_down(table, col: int, top: int, bottom: int, text: str) -> None:
    cell = table.cell(top, col).merge(table.cell(bottom, col))
    for p in cell.paragraphs[1:]:
        p._p.getparent().remove(p._p)
    cell.paragraphs[0].text = ""
    cell.paragraphs[0].add_run(text)


def add_footnotes(doc, notes: list[str]) -> None:
    body = "".join(
        f'<w:footnote w:id="{i}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>' for i, text in enumerate(notes, 1))
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {W_NS}>'
           '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
           '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
           f'{body}</w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode("utf-8"), doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)


def footnote_ref(paragraph, note_id: int) -> None:
    paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                                  f'<w:footnoteReference w:id="{note_id}"/></w:r>'))


def chinese_outline(doc) -> str:
    """A multi-level list of the kind Chinese plans number their headings with: 一、 then （一）;
    returns its numId."""
    numbering = doc.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/>'
        '<w:suff w:val="nothing"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/>'
        '<w:suff w:val="nothing"/></w:lvl></w:abstractNum>')
    numbering.find(qn("w:num")).addprevious(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return "90"


def numbered(doc, text: str, num_id: str, level: int, style: str | None = None):
    """A paragraph numbered automatically (w:numPr): its number is not in its text."""
    p = para(doc, text, style)
    num_pr = parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    p._p.get_or_add_pPr().append(num_pr)
    return p


def inserted(paragraph, text: str) -> None:
    """A tracked insertion (w:ins), as left in a document edited with track changes on."""
    paragraph._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="901" w:author="审核" w:date="2025-03-10T09:00:00Z">'
                                  f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:ins>'))


def content_control(doc, text: str) -> None:
    """A body-level content control (w:sdt) around one paragraph, as form templates have."""
    p = doc.add_paragraph(text)
    sdt = parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="正文"/></w:sdtPr><w:sdtContent/></w:sdt>')
    p._p.addprevious(sdt)
    sdt.find(qn("w:sdtContent")).append(p._p)


def text_box_with_table(doc, caption: str, rows) -> None:
    """A VML text box anchored in a paragraph holding a caption and a table."""
    scratch = Document()
    cap = scratch.add_paragraph(caption)
    table = simple_table(scratch, rows)
    anchor = doc.add_paragraph()
    pict = parse_xml(
        f'<w:r {nsdecls("w")}><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" id="box1" type="#_x0000_t202" '
        'style="width:420pt;height:150pt"><v:textbox><w:txbxContent/></v:textbox></v:shape></w:pict></w:r>')
    content = pict.find(f".//{qn('w:txbxContent')}")
    content.append(cap._p)
    content.append(table._tbl)
    content.append(OxmlElement("w:p"))
    anchor._p.append(pict)


def yulin(path: Path) -> None:
    doc = Document()
    setup_document(doc)
    header = doc.sections[0].header.paragraphs[0]
    header.text = "玉林市住房和城乡建设局　2025年3月"
    para(doc, "玉林市2025年保障性安居工程工作计划", "Title")
    para(doc, "玉建保〔2025〕12号", align=WD_ALIGN_PARAGRAPH.CENTER)
    outline = chinese_outline(doc)
    numbered(doc, "2024年工作回顾", outline, 0, "Heading 2")
    para(doc, "2024年，全市新开工配售型保障性住房1,860套，筹集保障性租赁住房4200套（间），较上年增长12.5%；"
              "1-11月完成保障性住房投资3.5亿元。")
    runs(doc, [("全市推进", "仿宋_GB2312"), ("１１", "Times New Roman"), ("个片区城中村改造，一期工程", "仿宋_GB2312"),
               ("8", "Times New Roman"), ("00", "Arial"), ("套安置住房已于2024.12.28交付使用。", "仿宋_GB2312")])
    numbered(doc, "2025年目标任务", outline, 0, "Heading 2")
    numbered(doc, "保障性住房建设", outline, 1, "Heading 3")
    runs(doc, [("2025年新开工配售型保障性住房1.2万\n套，筹集保障性租赁住房", None), ("3000", "Times New Roman"),
               ("套（间）。", None)], "List Number 2")
    para(doc, "按照桂建保〔2025〕12号文件下达的2000套公租房分配任务，年底前公租房分配率达到95%以上。", "List Number 2")
    para(doc, "第3批次城中村改造项目计划开工安置住房1200套，其中3号地块供应居住用地45亩、5#地块供应居住用地12.6公顷。",
         "List Number 2")
    para(doc, "全年计划改造城镇老旧小区36个、惠及居民5800户，各项目须于2025-03-18前完成立项。", "List Number 2")
    p = para(doc, "全年发放住房租赁补贴1500户")
    footnote_ref(p, 1)
    p.add_run("，户均补助标准为每年1900-2000元。")
    p = para(doc, "经复核，全市棚户区改造计划新开工")
    inserted(p, "680")
    p.add_run("套。")
    content_control(doc, "全市计划筹集公租房房源260套。")
    text_box_with_table(doc, "表3-1 2025年各城区保障性住房任务分解表", [
        ["城区", "配售型保障性住房（套）", "保障性租赁住房（套（间））"],
        ["玉州区", "300", "800"], ["福绵区", "400", "1000"]])
    para(doc, "附件2：任务分解表")
    para(doc, "联系人：黄工，联系电话：0775-2826543，手机13907751234，邮编：537000。")
    para(doc, "统一社会信用代码：11450900MB1234567X")
    para(doc, "二〇二五年三月十八日", align=WD_ALIGN_PARAGRAPH.RIGHT)
    add_footnotes(doc, ["其中新就业大学生租赁补贴320户。"])
    save_reproducible(doc, path)


def anqing(path: Path) -> None:
    """A 城中村改造 plan whose task table sits on a landscape page; a “— N —” page footer."""
    doc = Document()
    setup_document(doc)
    _dash_page_number(doc.sections[0])
    para(doc, "安庆市2025年城中村改造实施计划", "Title")
    para(doc, "一、总体目标", "Heading 1")
    for text in [
        "2025年全市计划实施城中村改造项目14个，涉及居民4300户，计划新开工安置住房2600套，完成投资18.6亿元。",
        "其中，1-2月已完成投资3.2亿元，占年度计划的17.2%。",
        "二〇二五年全市计划供应安置住房用地23.5公顷，较上年增长8.3%。",
        "截至2025年2月底，全市累计建成安置住房9800套，惠及群众2.6万人。",
        "根据皖建房〔2025〕3号文件，第2批次城中村改造项目计划新开工安置住房950套。",
        "征收补偿方面，货币化安置比例不低于40%，安置房建筑面积每套控制在90平方米以内。",
    ]:
        para(doc, text)
    para(doc, "二、保障措施", "Heading 1")
    para(doc, "（一）资金保障。市财政安排城中村改造专项资金1.5亿元，争取超长期特别国债资金2.8亿元。")
    para(doc, "（二）进度安排。各项目于2025.4.30前完成征收，2025-06-30前全部开工。")
    para(doc, "联系单位：安庆市住房和城乡建设局，地址：安庆市迎江区华中东路28号，邮编246000，电话：0556-5512345。")
    section = doc.add_section()
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    para(doc, "附件2")
    para(doc, "表3-1 安庆市2025年城中村改造项目计划表", align=WD_ALIGN_PARAGRAPH.CENTER)
    rows = [["序号", "县（市、区）", "项目名称", "涉及户数（户）", "安置住房（套）", "计划投资（亿元）", "开工时间", "项目代码"],
            ["1", "迎江区", "江南村城中村改造", "620", "410", "3.6", "2025.4", "2503-340802-04-01-512345"],
            ["2", None, "人民路3号地块城中村改造", "380", "260", "2.1", "2025.5", "2503-340802-04-01-512346"],
            ["3", "大观区", "山口片区城中村改造", "1150", "720", "4.8", "2025.6", "2503-340803-04-01-523456"],
            ["4", "宜秀区", "一期工程城中村改造", "2150", "1210", "8.1", "2025.3", "2503-340811-04-01-534567"],
            ["合计", None, None, "4300", "2600", "18.6", None, None]]
    table = simple_table(doc, rows)
    merge_down(table, 1, 1, 2, "迎江区")
    last = table.rows[5].cells
    merged = table.cell(5, 0).merge(table.cell(5, 2))
    merged.paragraphs[0].text = ""
    merged.paragraphs[0].add_run("合计")
    for p in merged.paragraphs[1:]:
        p._p.getparent().remove(p._p)
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                for r in p.runs:
                    r.font.size = Pt(10.5)
    save_reproducible(doc, path)


def _dash_page_number(section) -> None:
    footer = section.footer.paragraphs[0]
    for run in list(footer._p.iter(qn("w:r"))):
        run.getparent().remove(run)
    add_page_number(footer)
    for t in footer._p.iter(qn("w:t")):  # "- N -" → "— N —"
        t.text = t.text.replace("-", "—")


def huangshi(path: Path, tmp: Path) -> None:
    """A PDF whose second page is a scan (a picture of the page) with a page number as text: the
    page must still be read by OCR, not taken for a text page holding only its number."""
    scan = Document()
    setup_document(scan)
    for text in ["全年计划改造城镇老旧小区42个，惠及居民1.36万户。",
                 "计划筹集保障性租赁住房1500套（间），新开工配售型保障性住房600套。"]:
        para(scan, text)
    save_reproducible(scan, tmp / "scan.docx")
    export_pdfs([tmp / "scan.docx"], tmp)
    import pdfplumber

    with pdfplumber.open(str(tmp / "scan.pdf")) as pdf:
        pdf.pages[0].to_image(resolution=200).original.convert("L").save(tmp / "scan.png")
    doc = Document()
    setup_document(doc)
    _dash_page_number(doc.sections[0])
    para(doc, "黄石市2025年住房发展年度计划", "Title")
    para(doc, "2025年全市计划供应商品住房建筑面积56.8万平方米，新开工商品住房3200套。")
    doc.add_page_break()
    doc.add_picture(str(tmp / "scan.png"), width=Mm(150))
    holder = doc.paragraphs[-1].paragraph_format  # the body style's exact 28 pt pitch would clip the picture
    holder.line_spacing_rule, holder.first_line_indent = WD_LINE_SPACING.SINGLE, None
    save_reproducible(doc, tmp / "huangshi.docx")
    export_pdfs([tmp / "huangshi.docx"], tmp)
    shutil.copy(tmp / "huangshi.pdf", path)
    pin_pdf(path)


def dongying(path: Path) -> None:
    """A supply table whose figures look like years and dates (2024套, 2025.6万元, 2019.5亩),
    with a size band in a header, a phone in a remark column and an attachment number."""
    doc = Document()
    setup_document(doc)
    _dash_page_number(doc.sections[0])
    para(doc, "东营市2025年住房发展年度计划", "Title")
    para(doc, "2025年全市计划供应商品住房2030套，其中90平方米以下（含）中小户型住房1150套，商品住房销售均价控制在"
              "每平方米6800-7500元。")
    para(doc, "全年计划供应住宅用地2019.5亩，较上年减少12.3%。")
    para(doc, "附件2")
    para(doc, "表1 2025年各县区住房供应计划表", align=WD_ALIGN_PARAGRAPH.CENTER)
    rows = [["县区", "2024年完成（套）", "2025年计划（套）", "配套资金（万元）", "其中90平方米以下（套）", "备注"],
            ["东营区", "2024", "1210", "3560.8", "680", "联系电话：0546-8221234"],
            ["河口区", "380", "420", "2025.6", "250", "2025.6前开工"],
            ["垦利区", "560", "400", "2019.5", "220", "详见附件2"],
            ["合计", "2964", "2030", "7605.9", "1150", None]]
    simple_table(doc, rows)
    save_reproducible(doc, path)


def sideways(pdf: Path, out: Path) -> None:
    """The same PDF with its landscape table page turned a quarter (/Rotate 90): printed sideways,
    as plans bound in portrait often show their wide tables."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    document[1].set_rotation(90)
    document.save(str(out))
    document.close()
    pin_pdf(out)
    data = out.read_bytes()  # pdfium writes a random second file ID: pin it to the first (same length)
    out.write_bytes(re.sub(rb"/ID\[<([0-9A-F]{32})><[0-9A-F]{32}>\]", rb"/ID[<\1><\1>]", data))


def main() -> None:
    yulin(HERE / "yulin-2025-affordable-housing-quirks.docx")
    anqing(HERE / "anqing-2025-urban-village-plan.docx")
    dongying(HERE / "dongying-2025-housing-supply-table.docx")
    with tempfile.TemporaryDirectory() as tmp:
        export_pdfs([HERE / "anqing-2025-urban-village-plan.docx"], Path(tmp))
        pdf = HERE / "anqing-2025-urban-village-plan.pdf"
        shutil.copy(Path(tmp) / "anqing-2025-urban-village-plan.pdf", pdf)
        pin_pdf(pdf)
        sideways(pdf, HERE / "anqing-2025-urban-village-plan-sideways.pdf")
        shutil.copy(HERE / "anqing-2025-urban-village-plan.csv", HERE / "anqing-2025-urban-village-plan-sideways.csv")
        huangshi(HERE / "huangshi-2025-scanned-page.pdf", Path(tmp))


if __name__ == "__main__":
    main()
