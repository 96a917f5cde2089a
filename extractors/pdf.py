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
from dataclasses import dataclass, replace
from pathlib import Path

from extractors import ocr
from extractors.errors import BadInputError
from extractors.model import Block, BlockKind, Cell, Document, Format, Table
from extractors.tables import build_table, cell_text, is_value
from extractors.text import SectionTracker, is_standalone_heading, join_lines
from extractors.txt import TABLE_TITLE

PAGE_NUMBER = re.compile(r"^[-—–－\s]*(第\s*)?\d{1,4}(\s*页)?(\s*/\s*(共\s*)?\d+\s*页?)?[-—–－\s]*$")
X_TOLERANCE_RATIO = 0.5
try:
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    PDF_ERRORS: tuple[type[Exception], ...] = (PdfminerException, PSException)
except ImportError:  # pragma: no cover - pdfplumber is a hard dependency
    PDF_ERRORS = ()
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
    path = Path(path)
    raw = path.read_bytes()
    if not raw.lstrip()[:5].startswith(b"%PDF"):
        hint = " (it starts with PK, a .docx?)" if raw.startswith(b"PK") else ""
        raise BadInputError(path, f"not a PDF{hint}")
    try:
        return _read(path, raw)
    except PDF_ERRORS as exc:
        raise _bad_pdf(path, exc) from exc


def _bad_pdf(path: Path, exc: Exception) -> BadInputError:
    cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    name = cause.__class__.__name__
    if name in ("PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"):
        return BadInputError(path, "encrypted PDF (password protected); save an unprotected copy and ingest that")
    return BadInputError(path, f"not a readable PDF ({name}: {cause}); is it truncated or damaged?")


def _read(path: Path, raw: bytes) -> Document:
    import pdfplumber

    pdf = pdfplumber.open(str(path))

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
            for i, table in enumerate(tables):
                above = [ln for ln in lines if ln.bottom <= table.bbox[1] + 1]
                # nothing between the bottom of the last page's table and this one: it goes on
                continues = i == 0 and not body and not above and _ends_on(blocks, number - 1)
                body.extend(above)
                lines = [ln for ln in lines if ln.bottom > table.bbox[1] + 1]
                _flush(body, blocks, sections)
                _add_table(table, number, blocks, sections.path, continues)
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


def _ends_on(blocks: list[Block], page: int) -> bool:
    last = blocks[-1].table if blocks else None
    return last is not None and max(c.page or 0 for c in last.cells) == page


def _add_table(table, number: int, blocks: list[Block], section: tuple[str, ...], continues: bool) -> None:
    """Append a found table, or join it to the table it continues from the previous page."""
    cells = _cells_with_spans(table, number)
    if not cells:
        return
    previous = blocks[-1].table if continues and blocks and blocks[-1].table is not None else None
    if previous is not None and previous.n_cols == max(c.col + c.colspan for c in cells):
        cells = _continue(previous, cells)
        start = blocks.pop()
        grid = build_table(cells, previous.title)
        blocks.append(Block(BlockKind.TABLE, start.index, _table_text(grid), start.page, start.section, grid))
        return
    title = blocks[-1].text if blocks and blocks[-1].kind is not BlockKind.TABLE and TABLE_TITLE.match(blocks[-1].text) else None
    grid = build_table(cells, title)
    blocks.append(Block(BlockKind.TABLE, len(blocks), _table_text(grid), number, section, grid))


def _cells_with_spans(table, number: int) -> list[Cell]:
    """pdfplumber's cells with their row and column spans, from where their borders fall."""
    boxes = [box for row in table.rows for box in row.cells if box is not None]
    if not boxes:
        return []
    xs = _edges([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _edges([b[1] for b in boxes] + [b[3] for b in boxes])
    texts = table.extract()
    cells = []
    for r, row in enumerate(table.rows):
        for c, box in enumerate(row.cells):
            if box is None:
                continue
            col, row_i = _index(xs, box[0]), _index(ys, box[1])
            colspan, rowspan = _index(xs, box[2]) - col, _index(ys, box[3]) - row_i
            text = texts[r][c] or ""
            cells.append(Cell(row_i, col, cell_text(text.splitlines()), max(rowspan, 1), max(colspan, 1), number))
    return cells


def _edges(values: list[float], tolerance: float = 1.0) -> list[float]:
    """Distinct border positions, merging those closer than `tolerance` points."""
    edges: list[float] = []
    for v in sorted(values):
        if not edges or v - edges[-1] > tolerance:
            edges.append(v)
    return edges


def _index(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def _continue(previous: Table, cells: list[Cell]) -> list[Cell]:
    """The cells of a table that runs onto the next page: its repeated header rows dropped, and a
    merged cell cut by the page break (empty at the top of the new page) joined to its upper part."""
    part = build_table(cells, None).grid()
    head = previous.grid()[: previous.header_rows]
    skip = previous.header_rows if part[: len(head)] == head else 0
    offset = previous.n_rows - skip
    old = list(previous.cells)
    last_row = previous.n_rows - 1
    new = []
    for cell in cells:
        if cell.row < skip:
            continue
        if cell.row == skip and not cell.text:
            above = next((o for o in old if o.row + o.rowspan - 1 == last_row and o.col == cell.col
                          and o.colspan == cell.colspan and o.text and not is_value(o.text)), None)
            if above is not None:
                old[old.index(above)] = replace(above, rowspan=above.rowspan + cell.rowspan)
                continue
        new.append(replace(cell, row=cell.row + offset))
    return old + new


def _table_text(table: Table) -> str:
    return "\n".join("\t".join(row) for row in table.grid())
