"""Unseen PDFs of the "PDF text as government PDFs really come" family (issue 12, round 4): text a
PDF export spaces apart or stretches, and the furniture around tables.

- pdfq-deyang-2025-annual-plan: whole paragraphs letter-spaced (Word's 字符间距 加宽, so pdfplumber
  may read 新 开 工 1 2 0 0 套), a justified paragraph with spaces around its figures, a one-line
  sentence in distributed alignment (分散对齐: the characters spread over the whole line), full-width
  digits, ，as a thousands separator, a table whose labels are distributed and whose values are
  letter-spaced, and the signature letter-spaced.
- pdfq-xiaogan-2025-housing-construction-plan: a document number in the running header and
  第 N 页 共 M 页 in the footer of every page, a table whose header cells are set in vertical text
  (rotated, and stacked upright), a 备注 column holding sentences.
- pdfq-deyang-2025-annual-plan-unruled: the same with its table drawn without rules.
- pdfq-quzhou-2025-affordable-housing-tasks: a table title on two centred lines, a unit line, a
  footnote under the table (注：1.…；2.…), 第 N 页 共 M 页 footers.

Only the PDFs are kept (the .docx is the means of drawing them). The figures are made up; the
expected facts (<name>.csv) are written by hand from the texts below.

    .venv/bin/python tests/data/unseen/make_pdfquirks.py
"""
from __future__ import annotations

import csv
import sys
import tempfile
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path.insert(0, str(REPO / "scripts" / "samples"))
sys.path.insert(0, str(HERE))

from docx import Document  # noqa: E402
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Pt  # noqa: E402

from make_samples import (body_paragraph, export_pdfs, pin_pdf, remove_rules, save_reproducible,  # noqa: E402
                          setup_document)
from make_tables import COLUMNS  # noqa: E402
from make_tables import row as _row  # noqa: E402


def row(where, raw, *args, **kwargs) -> dict:
    """An expected fact; the raw value as written (full-width digits, ，between thousands)."""
    out = _row(where, unicodedata.normalize("NFKC", raw).replace(",", ""), *args, **kwargs)
    out["raw_value"] = raw
    return out


def spaced(run, twips: int) -> None:
    """Letter-spacing: w:spacing in the run's properties (1/20 pt added after each character)."""
    el = OxmlElement("w:spacing")
    el.set(qn("w:val"), str(twips))
    run._r.get_or_add_rPr().append(el)


def distribute(paragraph) -> None:
    """分散对齐: every line, the last too, spread over the full width."""
    jc = OxmlElement("w:jc")
    jc.set(qn("w:val"), "distribute")
    paragraph._p.get_or_add_pPr().append(jc)


def text_direction(cell, value: str) -> None:
    """btLr: turned a quarter, read bottom to top; tbRl: vertical, CJK stacked upright."""
    tc_pr = cell._tc.get_or_add_tcPr()
    el = OxmlElement("w:textDirection")
    el.set(qn("w:val"), value)
    tc_pr.append(el)


def field(paragraph, instr: str, shown: str, size: float) -> None:
    for kind in ("begin", "instr", "separate", "shown", "end"):
        run = paragraph.add_run(shown if kind == "shown" else None)
        run.font.size = Pt(size)
        if kind == "shown":
            continue
        el = OxmlElement("w:instrText" if kind == "instr" else "w:fldChar")
        if kind == "instr":
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instr} "
        else:
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)


def furniture(doc, number: str | None) -> None:
    """A document number in the header; 第 N 页 共 M 页 in the footer (PAGE and NUMPAGES fields)."""
    section = doc.sections[0]
    footer = section.footer.paragraphs[0]
    for r in list(footer.runs):
        r._r.getparent().remove(r._r)
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for piece in ("第 ", ("PAGE", "1"), " 页 共 ", ("NUMPAGES", "1"), " 页"):
        if isinstance(piece, tuple):
            field(footer, piece[0], piece[1], 10.5)
        else:
            footer.add_run(piece).font.size = Pt(10.5)
    if number:
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        header.add_run(number).font.size = Pt(10.5)


def table(doc, rows, header_rows=1, merges=(), directions=None, distributed_col=None, spaced_values=0,
          size=10.5):
    width = max(len(r) for r in rows)
    t = doc.add_table(rows=len(rows), cols=width)
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    covered = set()
    for r0, c0, r1, c1 in merges:
        t.cell(r0, c0).merge(t.cell(r1, c1))
        covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - {(r0, c0)}
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            if (r, c) in covered or not text:
                continue
            cell = t.cell(r, c)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            para = cell.paragraphs[0]
            para.style = doc.styles["Table Text"]
            run = para.add_run(text)
            run.bold, run.font.size = r < header_rows, Pt(size)
            if directions and (r, c) in directions:
                text_direction(cell, directions[r, c])
            if r >= header_rows and c == distributed_col:
                distribute(para)
            elif r >= header_rows and spaced_values and c > 0:
                spaced(run, spaced_values)
    if directions:  # vertical header cells need a tall row
        tr_pr = t.rows[0]._tr.get_or_add_trPr()
        h = OxmlElement("w:trHeight")
        h.set(qn("w:val"), "2200")
        h.set(qn("w:hRule"), "atLeast")
        tr_pr.append(h)
    return t


def centred(doc, text: str, bold=True, size=None, spacing=0):
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.keep_with_next = True
    run = p.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if spacing:
        spaced(run, spacing)
    return p


def para(doc, text: str, spacing: int = 0, justify=False, dist=False):
    p = body_paragraph(doc, text)
    for run in p.runs:
        if spacing:
            spaced(run, spacing)
    if justify:
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if dist:
        p.paragraph_format.first_line_indent = None
        distribute(p)
    return p


FILLER = ("坚持房子是用来住的、不是用来炒的定位，因城施策、精准施策，稳定土地供应节奏，优化住房供应结构，"
          "完善住房保障体系，促进房地产市场平稳健康发展，更好满足刚性和改善性住房需求。")


# ---------------------------------------------------------------- 1. 德阳: letter-spaced and stretched text

def deyang(tmp: Path) -> tuple[Path, list[dict]]:
    city, year, exp = "德阳市", 2025, []
    doc = Document()
    setup_document(doc)
    furniture(doc, None)
    doc.add_paragraph(f"{city}{year}年住房发展年度计划", style="Title")
    doc.add_paragraph("一、住房建设", style="Heading 2")
    p1 = "2025年，全市计划新开工商品住房1200套，建筑面积14.5万平方米；竣工商品住房1050套。"
    para(doc, p1, spacing=120)
    exp += [row("para " + p1, "1200", "套", "new_start_units", "commercial", city, year),
            row("para " + p1, "14.5", "万平方米", "new_start_floor_area", "commercial", city, year),
            row("para " + p1, "1050", "套", "completion_units", "commercial", city, year)]
    p2 = ("全市计划供应住宅用地 36.8 公顷，其中商品住宅用地 30.2 公顷、保障性住房用地 6.6 公顷，"
          "供地节奏与去化周期挂钩，商品住房去化周期控制在 18 个月以内，" + FILLER)
    para(doc, p2, justify=True)
    exp += [row("para " + p2, "36.8", "公顷", "land_supply_residential", "all", city, year),
            row("para " + p2, "30.2", "公顷", "land_supply_residential", "commercial", city, year),
            row("para " + p2, "6.6", "公顷", "land_supply_residential", "affordable", city, year),
            row("para " + p2, "18", "个月", "destocking_months", "commercial", city, year,
                qualifier="at_most")]
    p3 = "计划新开工公租房200套。"
    para(doc, p3, dist=True)
    exp.append(row("para " + p3, "200", "套", "new_start_units", "public_rental", city, year))
    doc.add_paragraph("二、住房保障", style="Heading 2")
    p4 = "计划筹集保障性租赁住房１，５６０套（间），新开工配售型保障性住房３２０套，完成投资４．５亿元。"
    para(doc, p4)
    exp += [row("para " + p4, "１，５６０", "套（间）", "supply_units", "affordable_rental", city, year),
            row("para " + p4, "３２０", "套", "new_start_units", "affordable_for_sale", city, year),
            row("para " + p4, "４．５", "亿元", "investment", "affordable_for_sale", city, year)]
    p5 = "计划改造城镇老旧小区42个，涉及居民8650户，建筑面积65.3万平方米。"
    para(doc, p5, spacing=60)
    exp += [row("para " + p5, "42", "个", "renewal_communities", "old_community", city, year),
            row("para " + p5, "8650", "户", "renewal_households", "old_community", city, year),
            row("para " + p5, "65.3", "万平方米", "renewal_floor_area", "old_community", city, year)]
    doc.add_paragraph("三、分区计划", style="Heading 2")
    para(doc, "各区（市、县）住房建设计划见表1。")
    title = "表1 2025年各区（市、县）住房建设计划"
    centred(doc, title)
    places = ["旌阳区", "罗江区", "广汉市", "什邡市", "合计"]
    head = ["区域", "商品住房新开工（套）", "商品住房新开工面积（万平方米）", "保障性租赁住房筹集（套（间））"]
    body = [["旌阳区", "4200", "50.4", "680"], ["罗江区", "1350", "16.2", "210"], ["广汉市", "2480", "29.8", "400"],
            ["什邡市", "1170", "14.0", "270"], ["合计", "9200", "110.4", "1560"]]
    metrics = [("new_start_units", "commercial", "套"), ("new_start_floor_area", "commercial", "万平方米"),
               ("supply_units", "affordable_rental", "套（间）")]
    for cells in body:
        region = city if cells[0] == "合计" else cells[0]
        for cell, h, (metric, htype, unit) in zip(cells[1:], head[1:], metrics):
            exp.append(row(f"table {title} | {cells[0]} | {h} | {cell}", cell, unit, metric, htype, region, year))
    table(doc, [head, *body], distributed_col=0, spaced_values=100)
    for line in ("德阳市住房和城乡建设局", "2025年3月5日"):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        spaced(p.add_run(line), 80)
    path = tmp / "pdfq-deyang-2025-annual-plan.docx"
    save_reproducible(doc, path)
    return path, exp


# ---------------------------------------------------------------- 2. 孝感: running furniture, vertical headers, 备注

def xiaogan(tmp: Path) -> tuple[Path, list[dict]]:
    city, year, exp = "孝感市", 2025, []
    doc = Document()
    setup_document(doc)
    furniture(doc, "孝住建发〔2025〕12号")
    doc.add_paragraph(f"{city}{year}年住房建设计划", style="Title")
    doc.add_paragraph("一、总体目标", style="Heading 2")
    p1 = "2025年，全市计划新开工各类住房8600套、建筑面积98.5万平方米，计划供应住宅用地52.4公顷。"
    para(doc, p1)
    exp += [row("para " + p1, "8600", "套", "new_start_units", "all", city, year),
            row("para " + p1, "98.5", "万平方米", "new_start_floor_area", "all", city, year),
            row("para " + p1, "52.4", "公顷", "land_supply_residential", "all", city, year)]
    for _ in range(5):
        para(doc, FILLER + FILLER)
    doc.add_paragraph("二、分县（市、区）任务", style="Heading 2")
    p2 = "各县（市、区）新开工任务见表1。"
    para(doc, p2)
    title = "表1 2025年各县（市、区）住房建设任务表"
    centred(doc, title)
    head = ["县（市、区）", "商品住房新开工套数（套）", "保障性住房新开工套数（套）", "新开工面积（万平方米）", "备注"]
    body = [["孝南区", "2600", "480", "33.5", "含城中村改造安置住房300套"],
            ["汉川市", "2100", "260", "26.0", "2025年6月底前全部开工建设"],
            ["应城市", "1500", "160", "18.2", "项目已完成立项和用地手续，计划分两批开工"],
            ["安陆市", "1200", "300", "20.8", ""],
            ["合计", "7400", "1200", "98.5", ""]]
    metrics = [("new_start_units", "commercial", "套"), ("new_start_units", "affordable", "套"),
               ("new_start_floor_area", "all", "万平方米")]
    for cells in body:
        region = city if cells[0] == "合计" else cells[0]
        for cell, h, (metric, htype, unit) in zip(cells[1:4], head[1:4], metrics):
            exp.append(row(f"table {title} | {cells[0]} | {h} | {cell}", cell, unit, metric, htype, region, year))
    exp.append(row(f"table {title} | 孝南区 | 备注 | {body[0][4]}", "300", "套", "new_start_units", "resettlement",
                   "孝南区", year))
    table(doc, [head, *body], directions={(0, 1): "btLr", (0, 2): "btLr", (0, 3): "tbRl"})
    doc.add_paragraph("三、保障措施", style="Heading 2")
    for _ in range(6):
        para(doc, FILLER + FILLER)
    p3 = "全年计划完成住房保障投资6.8亿元，发放住房租赁补贴1500户。"
    para(doc, p3)
    exp += [row("para " + p3, "6.8", "亿元", "investment", "affordable", city, year),
            row("para " + p3, "1500", "户", "rental_subsidy_households", "all", city, year)]
    path = tmp / "pdfq-xiaogan-2025-housing-construction-plan.docx"
    save_reproducible(doc, path)
    return path, exp


# ---------------------------------------------------------------- 3. 衢州: two-line title, footnote under the table

def quzhou(tmp: Path) -> tuple[Path, list[dict]]:
    city, year, exp = "衢州市", 2025, []
    doc = Document()
    setup_document(doc)
    furniture(doc, "衢建〔2025〕5号")
    doc.add_paragraph(f"{city}{year}年保障性安居工程目标任务", style="Title")
    p1 = "2025年，全市计划筹集保障性租赁住房3200套（间），改造城镇老旧小区36个，棚户区改造新开工650套。"
    para(doc, p1)
    exp += [row("para " + p1, "3200", "套（间）", "supply_units", "affordable_rental", city, year),
            row("para " + p1, "36", "个", "renewal_communities", "old_community", city, year),
            row("para " + p1, "650", "套", "new_start_units", "shantytown", city, year)]
    para(doc, "各县（市、区）目标任务分解如下：")
    t1, t2 = "衢州市2025年保障性安居工程", "目标任务分解表"
    centred(doc, t1, size=14)
    centred(doc, t2, size=14)
    p = doc.add_paragraph("单位：套（间）、个、套")
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    title = t1 + t2
    head = ["县（市、区）", "保障性租赁住房筹集", "城镇老旧小区改造", "棚户区改造新开工"]
    body = [["柯城区", "1100", "12", "220"], ["衢江区", "800", "9", "180"], ["龙游县", "520", "6", "110"],
            ["江山市", "780", "9", "140"], ["全市合计", "3200", "36", "650"]]
    metrics = [("supply_units", "affordable_rental", "套（间）"), ("renewal_communities", "old_community", "个"),
               ("new_start_units", "shantytown", "套")]
    for cells in body:
        region = city if cells[0] == "全市合计" else cells[0]
        for cell, h, (metric, htype, unit) in zip(cells[1:], head[1:], metrics):
            exp.append(row(f"table {title} | {cells[0]} | {h} | {cell}", cell, unit, metric, htype, region, year))
    table(doc, [head, *body])
    note = ("注：1.保障性租赁住房筹集含非居住存量房屋改建120套（间）；2.城镇老旧小区改造以小区个数计，"
            "棚户区改造含城中村改造。")
    p = doc.add_paragraph()
    p.add_run(note).font.size = Pt(12)
    exp.append(row("para " + note, "120", "套（间）", "supply_units", "affordable_rental", city, year))
    doc.add_paragraph("二、工作要求", style="Heading 2")
    for _ in range(4):
        para(doc, FILLER + FILLER)
    p2 = "年底前，全市保障性租赁住房开工率达到100%。"
    para(doc, p2)
    exp.append(row("para " + p2, "100", "%", "share", "affordable_rental", city, year, qualifier="at_least"))
    for line in ("衢州市住房和城乡建设局", "2025年2月18日"):
        doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    path = tmp / "pdfq-quzhou-2025-affordable-housing-tasks.docx"
    save_reproducible(doc, path)
    return path, exp


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        made = [deyang(Path(tmp)), xiaogan(Path(tmp)), quzhou(Path(tmp))]
        # the letter-spaced document once more with its table drawn without rules
        doc = Document(made[0][0])
        for t in doc.tables:
            remove_rules(t)
        unruled = Path(tmp) / f"{made[0][0].stem}-unruled.docx"
        save_reproducible(doc, unruled)
        made.append((unruled, made[0][1]))
        export_pdfs([p for p, _ in made], HERE)
        for path, exp in made:
            pin_pdf(HERE / f"{path.stem}.pdf")
            with (HERE / f"{path.stem}.csv").open("w", encoding="utf-8", newline="") as f:
                writer = csv.DictWriter(f, COLUMNS, lineterminator="\n")
                writer.writeheader()
                writer.writerows(exp)
            print(path.stem, len(exp), "expected facts")


if __name__ == "__main__":
    main()
