"""Generate realistic .docx / .pdf / scanned-.pdf samples of the seed plans.

The seeds (../shared/seeds/*.txt) are plain-text conversions of Chinese housing plans. Demos and
tests need the documents as they are really published, so this script rebuilds each seed as a Word
file with the look of a government document (A4, FangSong-like body text in 三号 with a 2-character
indent and 28 pt line pitch, heading styles, bordered tables with real merged cells and repeating
header rows, bookmarks, page-number footer), exports it to PDF with LibreOffice, and turns one of
the PDFs into an image-only "scan" without a text layer.

VARIANTS adds harder renderings of a document of which only the PDF is kept (their .docx is written
to a temporary directory): kashgar-2025-annual-plan-unruled.pdf has tables without any ruling lines
(no table or cell borders, so readers must find them from text alignment alone; merges, bold
centred headers and cell texts as in the normal version) and a running page header with the title
on every page, which readers should drop from the body text.

NEW_DOCS adds documents of kinds the seeds do not cover (a provincial target notice, a city 住房建设
计划 with the units in the table title, a county plan with units in the cells, a long list of old
communities, an 城中村改造 plan, a news roundup). Their source texts are scripts/samples/sources/*.seed, in
the seeds' flattened form, written together with their expected facts (tests/expected/<name>.csv)
by scripts/samples/sources/compose.py.

Run it whenever the seeds change; the outputs are committed, so only regenerating needs LibreOffice:

    .venv/bin/python scripts/samples/make_samples.py            # docx + pdf + scanned pdf + variant pdfs
    .venv/bin/python scripts/samples/make_samples.py --no-pdf   # docx only
    .venv/bin/python scripts/samples/sources/compose.py && .venv/bin/python scripts/samples/make_samples.py --new
                                                        # the NEW_DOCS only (sources, expected, docx, pdf)
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from PIL import Image

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
from extractors.txt import scan  # noqa: E402

# seed file prefix -> (output name, document title; None when the seed has no title line)
DOCS = {
    "000": ("jiamusi-2026-annual-plan", "佳木斯市2026年住房发展年度计划"),
    "001": ("turpan-2024-annual-plan", "吐鲁番市2024年住房发展年度计划"),
    "002": ("kashgar-2025-annual-plan", "喀什地区2025年住房发展年度计划"),
    "003": ("zhangye-2026-2030-housing-plan", None),
    "004": ("beitun-affordable-housing-scheme", "第十师北屯市规划建设保障性住房实施方案（征求意见稿）"),
}
CORE_TITLE = {"zhangye-2026-2030-housing-plan": "张掖市“十五五”城镇住房发展规划"}
SCANNED = "jiamusi-2026-annual-plan"
# Variant output name -> (document in DOCS, options of build_docx); only the variant's PDF is kept.
VARIANTS = {
    "kashgar-2025-annual-plan-unruled": (
        "kashgar-2025-annual-plan", dict(ruled=False, running_header="喀什地区2025年住房发展年度计划")),
}

# Documents written for the samples (scripts/samples/sources/<name>.seed): title, and options of build_docx:
# texts to centre or right-align (issuer, document number, signature, date), texts that start a
# new page, and label_span: a body row shorter than the table (合计 over the label columns) has its
# first cell span the missing columns.
NEW_DOCS = {
    "hunan-2025-affordable-housing-targets": dict(
        title="关于下达2025年全省保障性安居工程目标任务的通知",
        center=["湖南省住房和城乡建设厅", "湘建保〔2025〕8号"], right=["2025年3月18日"],
        page_break=["2025年全省保障性安居工程目标任务分解表"]),
    "yichang-2025-housing-construction-plan": dict(
        title="宜昌市2025年住房建设计划", right=["宜昌市住房和城市更新局", "2025年2月26日"]),
    "wenchuan-2025-annual-plan": dict(
        title="汶川县2025年住房发展年度计划", right=["汶川县住房和城乡建设局", "2025年3月5日"]),
    "ganzhou-2025-old-community-renewal-plan": dict(
        title="赣州市2025年城镇老旧小区改造计划", right=["赣州市住房和城乡建设局", "2025年4月1日"],
        page_break=["附件 赣州市2025年城镇老旧小区改造计划项目表"], label_span=True),
    "xian-2024-urban-village-renewal-plan": dict(
        title="西安市2024年城中村改造工作计划", right=["西安市住房和城乡建设局", "2024年3月12日"]),
    "roundup-2025-housing-targets": dict(
        title="多地晒出2025年住房发展“任务单” 保障性住房建设提速", right=["（本报记者 王晓）"]),
}

# Two-level table headers, which the flattened seed text cannot express. Keyed by output name and
# the start of the table's title: grid spans of the cells in row 0, the columns of row 0 whose
# cell also covers row 1 (row 1 has an empty cell there), and the number of header rows.
HEADER_SPECS = {
    ("kashgar-2025-annual-plan", "表 2"): dict(spans=[1, 2, 2, 2], vmerge=[0], header_rows=2),
    ("kashgar-2025-annual-plan", "表 3"): dict(spans=[1, 1, 1, 4, 1], vmerge=[0, 1, 7], header_rows=2),
    ("zhangye-2026-2030-housing-plan", "张掖市城镇现有住房情况汇总表"): dict(spans=[1, 2, 1], vmerge=[0], header_rows=2),
    ("hunan-2025-affordable-housing-targets", "2025年全省保障性安居工程目标任务分解表"): dict(
        spans=[1, 1, 1, 2, 3, 1], vmerge=[0], header_rows=2),
    ("yichang-2025-housing-construction-plan", "表1 2025年住房建设计划分解表"): dict(
        spans=[1, 2, 2, 2], vmerge=[0], header_rows=2),
    ("xian-2024-urban-village-renewal-plan", "表1 2024年城中村改造项目计划表"): dict(
        spans=[1, 1, 1, 2, 1], vmerge=[0], header_rows=2),
}

BODY_FONT, HEADING_FONT = "Noto Serif CJK SC", "Noto Sans CJK SC"
FIXED_TIME = dt.datetime(2026, 1, 1, 9, 0, 0)
TEXT_WIDTH_MM = 210 - 28 - 26

CN_NUM = "一二三四五六七八九十百零〇"
HEADINGS = [  # (pattern, Word heading level)
    (re.compile(rf"^第[{CN_NUM}0-9]+章"), 1),
    (re.compile(r"^[\u4e00-\u9fff](\s+[\u4e00-\u9fff]){1,3}$"), 1),  # "引  言"
    (re.compile(rf"^第[{CN_NUM}0-9]+节"), 2),
    (re.compile(rf"^[{CN_NUM}]+、"), 2),
    (re.compile(r"^\d+、\s*\S"), 2),  # "4、 工作任务" standing in for 四、
    (re.compile(rf"^[（(][{CN_NUM}]+[）)]"), 3),
]
NUMBERED_ITEM = re.compile(r"^\d{1,2}[.．]")
SENTENCE_PUNCT = "。；;！？"
NUMERIC = re.compile(r"^(?=.*[\d\-—])[\d.,%/（）()\s\-—–~户套个]+$")
BOOKMARKED = re.compile(r"^((?:\[bookmark: [^\]]*\])+)(.*)$")


def is_short_line(text: str) -> bool:
    return len(text) <= 40 and not any(p in text[:-1] for p in SENTENCE_PUNCT)


def heading_level(text: str) -> int | None:
    if not is_short_line(text):
        return None
    return next((level for pattern, level in HEADINGS if pattern.match(text)), None)


# ---------------------------------------------------------------- styles and page setup

def set_fonts(element, font: str) -> None:
    """Explicit fonts for all scripts of a style, run or rPr; theme-font attributes (which would
    win over explicit ones) are removed."""
    rpr = element if element.tag == qn("w:rPr") else element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    rfonts.attrib.clear()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), font)


def setup_document(doc, running_header: str | None = None) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(defaults, BODY_FONT)
    defaults.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")

    def style(name, font, size, bold=False, align=None, line=28, indent=0, before=0, after=0):
        s = doc.styles[name] if name in [st.name for st in doc.styles] else doc.styles.add_style(
            name, WD_STYLE_TYPE.PARAGRAPH)
        set_fonts(s.element, font)
        s.font.size, s.font.bold, s.font.italic = Pt(size), bold, False
        s.font.color.rgb = RGBColor(0, 0, 0)
        pf = s.paragraph_format
        pf.alignment, pf.space_before, pf.space_after = align, Pt(before), Pt(after)
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY if line else WD_LINE_SPACING.SINGLE
        if line:
            pf.line_spacing = Pt(line)
        pf.first_line_indent = Pt(indent) if indent else None
        ppr = s.element.get_or_add_pPr()
        for border in ppr.findall(qn("w:pBdr")):  # the template's Title has a blue rule
            ppr.remove(border)
        return s

    style("Normal", BODY_FONT, 16)
    style("Title", BODY_FONT, 22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, line=36, after=14)
    style("Heading 1", HEADING_FONT, 18, align=WD_ALIGN_PARAGRAPH.CENTER, before=14, after=14)
    style("Heading 2", HEADING_FONT, 16, indent=32)
    style("Heading 3", HEADING_FONT, 16, indent=32)
    style("Table Text", BODY_FONT, 10.5, align=WD_ALIGN_PARAGRAPH.CENTER, line=None)
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        doc.styles[name].paragraph_format.keep_with_next = True

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(20)
    add_page_number(section.footer.paragraphs[0])
    if running_header:
        add_running_header(section.header.paragraphs[0], running_header)


def add_running_header(paragraph, text: str) -> None:
    """Text in 五号, right-aligned, on every page (the Header style: single-spaced, no rule under it)."""
    paragraph.style = "Header"
    pf = paragraph.paragraph_format
    pf.alignment, pf.first_line_indent = WD_ALIGN_PARAGRAPH.RIGHT, None
    paragraph.add_run(text).font.size = Pt(10.5)


def add_page_number(paragraph) -> None:
    """"- N -" with a real PAGE field."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = None
    parts = ["- ", ("begin", None), ("instr", " PAGE "), ("separate", None), "1", ("end", None), " -"]
    for part in parts:
        run = paragraph.add_run(part if isinstance(part, str) else None)
        run.font.size = Pt(14)
        if isinstance(part, tuple):
            kind, instr = part
            el = OxmlElement("w:instrText" if kind == "instr" else "w:fldChar")
            if instr:
                el.set(qn("xml:space"), "preserve")
                el.text = instr
            else:
                el.set(qn("w:fldCharType"), kind)
            run._r.append(el)


# ---------------------------------------------------------------- paragraphs

def body_paragraph(doc, text: str):
    """Body text with a 2-character first-line indent; numbered run-in headings in bold."""
    p = doc.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(32)
    p._p.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "200")
    numbered = NUMBERED_ITEM.match(text) or any(pat.match(text) for pat, _ in HEADINGS)
    cut = min((i for i in (text.find("。"), text.find("：")) if i > 0), default=-1)
    if numbered and is_short_line(text):
        p.add_run(text).bold = True  # "1.更好满足合理住房需求": a sub-heading kept as body text
    elif numbered and 0 < cut <= 40:
        p.add_run(text[: cut + 1]).bold = True  # run-in heading "（一）新开工项目。"
        p.add_run(text[cut + 1 :])
    else:
        p.add_run(text)
    return p


def add_bookmark(paragraph, name: str, bookmark_id: int) -> None:
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), name)
    end.set(qn("w:id"), str(bookmark_id))
    p = paragraph._p
    p.insert(1 if p.pPr is not None else 0, start)
    if name.startswith("_"):  # hidden bookmarks such as _GoBack mark a position
        start.addnext(end)
    else:
        p.append(end)


# ---------------------------------------------------------------- tables

def layout(rows, spec, label_span: bool = False):
    """Place the seed cells on the grid: (row, col, span, paragraphs) and vertical merges; with
    label_span, a short body row's first cell (合计) spans the columns the row leaves out."""
    width = max(sum(spec["spans"]) if spec else 0, *(len(r) for r in rows))
    placed, grid = [], [[None] * width for _ in rows]
    for r, row in enumerate(rows):
        if spec and r == 0:
            spans = spec["spans"]
        elif len(row) == 1 and width > 1:
            spans = [width]  # a title or note row inside the table
        elif label_span and r > 0 and len(row) < width:
            spans = [width - len(row) + 1] + [1] * (len(row) - 1)
        else:
            spans = [1] * len(row)
            spans[-1] += width - len(row)
        col = 0
        for paragraphs, span in zip(row, spans):
            text = [t for t in paragraphs if t.strip()]
            placed.append((r, col, span, text))
            grid[r][col] = "".join(text)
            col += span
    header_rows = spec["header_rows"] if spec else (2 if len(rows[0]) == 1 and width > 1 else 1)
    vmerges = [(0, 1, c) for c in (spec["vmerge"] if spec else [])]
    for top, bottom, c in vmerges:
        assert grid[bottom][c] == "", f"row 1 col {c} should be empty under a merged header"
    body = [r for r in range(header_rows, len(rows)) if len(rows[r]) == width]
    for c in range(width):
        values = [grid[r][c] for r in body if grid[r][c]]
        if not values or any(NUMERIC.match(v) for v in values):
            continue  # a numeric column: its empty cells are really empty
        top = None  # row of the cell that an empty cell below continues
        for prev, r in zip([None] + body, body):
            if grid[r][c]:
                top = r
            elif top is not None and prev == r - 1:
                if vmerges and vmerges[-1][::2] == (top, c):
                    vmerges[-1] = (top, r, c)
                else:
                    vmerges.append((top, r, c))
            else:
                top = None
    return width, header_rows, placed, vmerges


def column_widths(placed, width, header_rows, em_mm, pad_mm=4.0):
    """Widths that keep body cells (up to 12 characters) on one line if the page allows, and give
    what is left to long headers (wrapped at 5 characters). Latin counts as half a CJK character."""
    need, want = [3.0] * width, [3.0] * width
    for r, c, span, text in placed:
        for t in text if span == 1 else []:
            em = sum(1 if ord(ch) > 0x2E7F else 0.55 for ch in t) + 0.3
            if r < header_rows:
                want[c] = max(want[c], min(em, 5))
            else:
                need[c] = max(need[c], min(em, 12))
    want = [max(w, n) for w, n in zip(want, need)]
    avail = (TEXT_WIDTH_MM - width * pad_mm) / em_mm
    if sum(want) <= avail:
        ems = [w * avail / sum(want) for w in want]
    elif sum(need) <= avail:
        share = (avail - sum(need)) / (sum(want) - sum(need))
        ems = [n + (w - n) * share for w, n in zip(want, need)]
    else:
        ems = [n * avail / sum(need) for n in need]
    return [Mm(em * em_mm + pad_mm) for em in ems]


NO_BORDERS = ("top", "left", "bottom", "right", "insideH", "insideV")
TC_PR_AFTER_BORDERS = ("shd", "noWrap", "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark")
TBL_PR_AFTER_BORDERS = ("shd", "tblLayout", "tblCellMar", "tblLook")


def nil_borders(tag: str):
    """<w:tblBorders> / <w:tcBorders> with every edge explicitly off."""
    borders = OxmlElement(tag)
    for edge in NO_BORDERS:
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    return borders


def insert_before(parent, child, successors) -> None:
    """Insert child into parent ahead of the first of successors (schema order), else append."""
    following = next((el for el in parent if el.tag in {qn(f"w:{t}") for t in successors}), None)
    if following is not None:
        following.addprevious(child)
    else:
        parent.append(child)


def remove_rules(table) -> None:
    """No table or cell borders at all: plain table style plus explicit nil borders everywhere."""
    table.style = "Normal Table"  # the default table style, so no w:tblStyle at all
    insert_before(table._tbl.tblPr, nil_borders("w:tblBorders"), TBL_PR_AFTER_BORDERS)
    for tc in table._tbl.iter(qn("w:tc")):  # including cells covered by vertical merges
        insert_before(tc.get_or_add_tcPr(), nil_borders("w:tcBorders"), TC_PR_AFTER_BORDERS)


def add_table(doc, rows, spec, ruled: bool = True, label_span: bool = False) -> list[str]:
    width, header_rows, placed, vmerges = layout(rows, spec, label_span)
    table = doc.add_table(rows=len(rows), cols=width)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    size = 9 if width >= 9 else 10.5  # 小五 for very wide tables, else 五号
    for c, w in enumerate(column_widths(placed, width, header_rows, em_mm=size * 0.3528)):
        table.columns[c].width = w
        for cell in table.columns[c].cells:
            cell.width = w
    merges, texts = [], {(r, c): "".join(text) for r, c, _, text in placed}
    covered = {(r, c) for top, bottom, c in vmerges for r in range(top + 1, bottom + 1)}
    for r, c, span, text in placed:
        if span > 1:
            table.cell(r, c).merge(table.cell(r, c + span - 1))
            merges.append(f"row {r} cols {c}-{c + span - 1} {''.join(text)[:16]!r}")
    for top, bottom, c in vmerges:
        table.cell(top, c).merge(table.cell(bottom, c))
        merges.append(f"col {c} rows {top}-{bottom} {texts[top, c][:16]!r}")
    for r, c, span, text in placed:
        if (r, c) in covered:
            continue
        cell = table.cell(r, c)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        for i, t in enumerate(text or [""]):
            p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            p.style = doc.styles["Table Text"]
            if len(t) > 20 and len(text) == 1 and span == width:
                p.alignment = WD_ALIGN_PARAGRAPH.LEFT  # long note rows
            if t:
                run = p.add_run(t)
                run.bold, run.font.size = r < header_rows, Pt(size)
    for r, row in enumerate(table.rows):  # rows never split; header rows repeat on each page
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if r < header_rows:
            tr_pr.append(OxmlElement("w:tblHeader"))
    if not ruled:
        remove_rules(table)
    return merges


# ---------------------------------------------------------------- documents

def build_docx(seed: Path, name: str, title: str | None, ruled: bool = True,
               running_header: str | None = None, center=(), right=(), page_break=(), label_span=False):
    """The Word document of a seed; ruled=False leaves out all table borders, running_header puts
    that text in the page header; center/right: paragraphs so aligned (issuer, signature, date),
    page_break: paragraphs that start a new page; label_span: see layout()."""
    lines = seed.read_text(encoding="utf-8-sig").splitlines()
    bookmarks = {}
    for line in lines:
        m = BOOKMARKED.match(line)
        if m:
            bookmarks[m.group(2).strip()] = re.findall(r"\[bookmark: ([^\]]*)\]", m.group(1))
    items = list(scan(lines))
    doc = Document()
    setup_document(doc, running_header)
    cp = doc.core_properties
    cp.title = title or CORE_TITLE[name]
    cp.author = cp.last_modified_by = "住房和城乡建设局"
    cp.comments, cp.revision, cp.language = "", 1, "zh-CN"
    cp.created = cp.modified = FIXED_TIME
    bookmark_id, title_done, in_attachments, report = 0, False, False, []
    for i, item in enumerate(items):
        nxt = items[i + 1] if i + 1 < len(items) else None
        if isinstance(item, list):
            prev = items[i - 1] if i and isinstance(items[i - 1], str) else ""
            label = prev if is_short_line(prev) and heading_level(prev) is None else item[0][0][0]
            key = next((k for k in HEADER_SPECS if k[0] == name and label.startswith(k[1])), None)
            merges = add_table(doc, item, HEADER_SPECS.get(key), ruled, label_span)
            report.append(f"  table {len(doc.tables)} ({label[:24]}): " + ("; ".join(merges) or "no merges"))
            continue
        level = heading_level(item)
        if item == title and not title_done:
            p, title_done = doc.add_paragraph(item, style="Title"), True
        elif isinstance(nxt, list) and is_short_line(item) and level is None:
            p = doc.add_paragraph()  # table title
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.keep_with_next = True
            p.add_run(item).bold = True
        elif level:
            p = doc.add_paragraph(item, style=f"Heading {level}")
        elif re.fullmatch(r"附\s*件", item):
            p = doc.add_paragraph()
            set_fonts(p.add_run(item)._r, HEADING_FONT)
        elif in_attachments and NUMBERED_ITEM.match(item):
            p = doc.add_paragraph(item)  # "2.…" under "附件：1.…", aligned after "附件："
            p.paragraph_format.left_indent = Pt(80)
        elif item.startswith("注："):
            p = doc.add_paragraph()
            p.add_run(item).font.size = Pt(12)
        elif item in center or item in right:
            p = doc.add_paragraph(item)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER if item in center else WD_ALIGN_PARAGRAPH.RIGHT
        else:
            p = body_paragraph(doc, item)
        if item in page_break:
            p.paragraph_format.page_break_before = True
        in_attachments = item.startswith("附件：") or (in_attachments and bool(NUMBERED_ITEM.match(item)))
        for bookmark in bookmarks.pop(item, []):
            add_bookmark(p, bookmark, bookmark_id)
            bookmark_id += 1
    if bookmarks:
        print(f"  warning: bookmarks not placed: {bookmarks}")
    return doc, report


def save_reproducible(doc, path: Path) -> None:
    """Save with fixed zip timestamps so that re-running gives the same bytes."""
    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(buffer) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            zout.writestr(fixed, zin.read(info))


def export_pdfs(docx_files: list[Path], outdir: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(outdir), *map(str, docx_files)],
                       check=True, capture_output=True)


def pin_pdf(path: Path) -> None:
    """LibreOffice stamps the export time, a random ID and a checksum into each PDF; pin them
    (the same lengths, so the cross-reference offsets stay valid) to make re-runs byte-identical."""
    data = path.read_bytes()
    data = re.sub(rb"/CreationDate\(D:\d{14}", b"/CreationDate(D:" + FIXED_TIME.strftime("%Y%m%d%H%M%S").encode(), data)
    trailer = re.compile(rb"/ID \[[^\]]*\]\s*/DocChecksum /[0-9A-F]{32}")
    digest = hashlib.md5(trailer.sub(b"", data)).hexdigest().upper().encode()
    data = trailer.sub(lambda m: re.sub(rb"[0-9A-F]{32}", digest, m.group(0)), data)
    path.write_bytes(data)


def make_scan(pdf: Path, out: Path, dpi: int = 200) -> None:
    """Page images only (grayscale JPEG): each page skewed by 0.15° (alternating), on greyish paper
    with a little noise. Kept mild so that Tesseract (chi_sim) still reads the figures; 200 dpi
    also reads better than 300 dpi here."""
    rng = np.random.default_rng(20260101)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), str(pdf), f"{tmp}/page"], check=True)
        pages = []
        for i, pgm in enumerate(sorted(Path(tmp).glob("page-*.pgm"))):
            img = Image.open(pgm).rotate(0.15 * (-1) ** i, Image.BICUBIC, fillcolor=255)
            px = np.asarray(img, dtype=np.float32) * 0.93 + 10 + rng.normal(0, 3, (img.height, img.width))
            pages.append(Image.fromarray(np.clip(px, 0, 255).astype(np.uint8), "L"))
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=dpi, quality=60,
                  creationDate=FIXED_TIME.timetuple(), modDate=FIXED_TIME.timetuple())


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=REPO.parent / "shared" / "seeds")
    parser.add_argument("--out", type=Path, default=REPO / "samples")
    parser.add_argument("--sources", type=Path, default=Path(__file__).resolve().parent / "sources",
                        help="where the .seed files of NEW_DOCS are")
    parser.add_argument("--no-pdf", action="store_true", help="write the .docx files only")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--new", action="store_true", help="only the documents of NEW_DOCS")
    which.add_argument("--seeds-only", action="store_true", help="only the documents made from the seeds")
    args = parser.parse_args(argv)
    written, variants = [], []
    with tempfile.TemporaryDirectory(prefix="variants-") as tmp:
        for seed in [] if args.new else sorted(args.seeds.glob("*.txt")):
            if seed.name[:3] not in DOCS:
                print(f"skipped {seed.name}: no output name in DOCS")
                continue
            name, title = DOCS[seed.name[:3]]
            doc, report = build_docx(seed, name, title)
            path = args.out / f"{name}.docx"
            save_reproducible(doc, path)
            print(f"{path.name}: {len(doc.paragraphs)} paragraphs, {len(doc.tables)} tables  (from {seed.name})")
            for line in report:
                print(line)
            written.append(path)
            for variant, (base, options) in VARIANTS.items():
                if base == name and not args.no_pdf:  # only the PDF is kept
                    doc, _ = build_docx(seed, name, title, **options)
                    save_reproducible(doc, Path(tmp) / f"{variant}.docx")
                    variants.append((Path(tmp) / f"{variant}.docx", options))
        for name, options in {} if args.seeds_only else NEW_DOCS.items():
            options = dict(options)
            doc, report = build_docx(args.sources / f"{name}.seed", name, options.pop("title"), **options)
            path = args.out / f"{name}.docx"
            save_reproducible(doc, path)
            print(f"{path.name}: {len(doc.paragraphs)} paragraphs, {len(doc.tables)} tables  (from {name}.seed)")
            for line in report:
                print(line)
            written.append(path)
        if not args.no_pdf:
            export_pdfs(written + [docx for docx, _ in variants], args.out)
            for path in written:
                pin_pdf(path.with_suffix(".pdf"))
                print(f"{path.with_suffix('.pdf').name}: exported by LibreOffice")
            if not args.new:
                scanned = args.out / f"{SCANNED}-scanned.pdf"
                make_scan(args.out / f"{SCANNED}.pdf", scanned)
                print(f"{scanned.name}: page images, no text layer")
            for docx, options in variants:
                pdf = args.out / f"{docx.stem}.pdf"
                pin_pdf(pdf)
                print(f"{pdf.name}: exported by LibreOffice, "
                      + ", ".join(f"{k}={v!r}" for k, v in options.items()) + " (its .docx not kept)")


if __name__ == "__main__":
    main()
