"""PDF → Document with pdfplumber: text in reading order with page numbers.

Lines are grouped into paragraphs by layout (a first-line indent or a line ending short of the
right margin closes a paragraph; a paragraph may continue on the next page). Page numbers in the
header and footer bands are dropped. Ruled tables are read with pdfplumber's table finder and
their area is kept out of the paragraph text. Pages without a text layer (scans) are read with
Tesseract OCR and their blocks are marked `ocr=True`.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from extractors import ocr
from extractors.errors import BadInputError
from extractors.model import Block, BlockKind, Cell, Document, Format, Table
from extractors.text import SectionTracker, is_standalone_heading, join_lines
from extractors.txt import TABLE_TITLE

PAGE_NUMBER = re.compile(r"^[-—–－\s]*(第\s*)?\d{1,4}(\s*页)?(\s*/\s*(共\s*)?\d+\s*页?)?[-—–－\s]*$")
X_TOLERANCE_RATIO = 0.5
MARGIN_BAND = 0.15
SHORT_LINE = 0.6  # a line ending before 60% of the text width ends its paragraph  # share of the page height at top and bottom where headers/footers live


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int
    char_width: float


def extract(path: str | Path) -> Document:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    path = Path(path)
    raw = path.read_bytes()
    if not raw.lstrip()[:5].startswith(b"%PDF"):
        hint = " (it starts with PK, a .docx?)" if raw.startswith(b"PK") else ""
        raise BadInputError(path, f"not a PDF{hint}")
    try:
        pdf = pdfplumber.open(str(path))
    except PDFSyntaxError as exc:
        raise BadInputError(path, f"not a readable PDF ({exc}); is it truncated?") from exc
    except Exception as exc:  # pdfminer raises a zoo of errors for encrypted/corrupt files
        raise BadInputError(path, f"cannot open PDF ({exc.__class__.__name__}: {exc})") from exc

    blocks: list[Block] = []
    sections = SectionTracker()
    with pdf:
        pages = len(pdf.pages)
        body: list[_Line] = []
        for page in pdf.pages:
            number = page.page_number
            if not page.chars and page.images:
                _flush(body, blocks, sections)
                for text in ocr.read_page(page, path):
                    sections.see(text)
                    kind = BlockKind.HEADING if is_standalone_heading(text) else BlockKind.PARAGRAPH
                    blocks.append(Block(kind, len(blocks), text, number, sections.path, ocr=True))
                continue
            tables = page.find_tables()
            boxes = [t.bbox for t in tables]
            text_page = page.filter(lambda obj: not _inside_any(obj, boxes)) if boxes else page
            lines = _page_lines(text_page, number)
            # tables interleave with text by their vertical position
            for table in tables:
                above = [ln for ln in lines if ln.bottom <= table.bbox[1] + 1]
                body.extend(above)
                lines = [ln for ln in lines if ln.bottom > table.bbox[1] + 1]
                _flush(body, blocks, sections)
                _add_table(table, number, blocks, sections)
            body.extend(lines)
        _flush(body, blocks, sections)
    return Document(str(path), hashlib.sha256(raw).hexdigest(), Format.PDF, tuple(blocks), pages)


def _inside_any(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _page_lines(page, number: int) -> list[_Line]:
    height = page.height
    lines = []
    # a gap under half a character is spacing (CJK/Latin autospace), not a space character
    for ln in page.extract_text_lines(return_chars=True, strip=True, x_tolerance_ratio=X_TOLERANCE_RATIO):
        text = ln["text"]
        in_band = ln["bottom"] < height * MARGIN_BAND or ln["top"] > height * (1 - MARGIN_BAND)
        if in_band and PAGE_NUMBER.match(text):
            continue
        widths = sorted(c["x1"] - c["x0"] for c in ln["chars"] if c["text"].strip())
        width = widths[len(widths) // 2] if widths else 10.0
        lines.append(_Line(text, ln["x0"], ln["x1"], ln["top"], ln["bottom"], number, width))
    return lines


def _flush(lines: list[_Line], blocks: list[Block], sections: SectionTracker) -> None:
    """Group the pending lines into paragraphs and append them as blocks."""
    if not lines:
        return
    left = min(ln.x0 for ln in lines)
    right = max(ln.x1 for ln in lines)
    paragraph: list[_Line] = []
    for line in lines:
        if paragraph and _starts_paragraph(paragraph[-1], line, left, right):
            _emit(paragraph, blocks, sections)
            paragraph = []
        paragraph.append(line)
    _emit(paragraph, blocks, sections)
    lines.clear()


def _starts_paragraph(prev: _Line, line: _Line, left: float, right: float) -> bool:
    """Chinese documents indent a paragraph's first line by two characters; lines wrap at any
    character, but never inside a number or before a closing mark, so a wrapped line may end a few
    characters short. Only a clearly short line, a gap or a heading ends a paragraph otherwise."""
    cw = line.char_width
    if line.x0 > left + 1.5 * cw:  # first-line indent (or a centred line)
        return True
    if prev.x1 < left + SHORT_LINE * (right - left):
        return True
    if line.page == prev.page and line.top - prev.bottom > 1.5 * (line.bottom - line.top):
        return True
    # an unindented heading: a short numbered line of its own
    return line.x1 < left + SHORT_LINE * (right - left) and is_standalone_heading(line.text)


def _emit(lines: list[_Line], blocks: list[Block], sections: SectionTracker) -> None:
    if not lines:
        return
    text = join_lines([ln.text for ln in lines])
    # where the paragraph crosses a page, remember at which offset each later page starts
    breaks = tuple(
        (len(join_lines([x.text for x in lines[:i]])), lines[i].page)
        for i in range(1, len(lines))
        if lines[i].page != lines[i - 1].page
    )
    sections.see(text)
    kind = BlockKind.HEADING if is_standalone_heading(text) else BlockKind.PARAGRAPH
    blocks.append(Block(kind, len(blocks), text, lines[0].page, sections.path, page_breaks=breaks))


def _add_table(table, number: int, blocks: list[Block], sections: SectionTracker) -> None:
    rows = table.extract()
    n_cols = max((len(r) for r in rows), default=0)
    if not rows or not n_cols:
        return
    cells = []
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text is not None:
                cells.append(Cell(r, c, join_lines(text.splitlines())))
    title = blocks[-1].text if blocks and TABLE_TITLE.match(blocks[-1].text) else None
    grid = Table(len(rows), n_cols, tuple(cells), title)
    text = "\n".join("\t".join(row) for row in grid.grid())
    blocks.append(Block(BlockKind.TABLE, len(blocks), text, number, sections.path, grid))
