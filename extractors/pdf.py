"""PDF → Document with pdfplumber: text in reading order with page numbers.

Lines are grouped into paragraphs by layout (a first-line indent or a line ending short of the
right margin closes a paragraph; a paragraph may continue on the next page). Page numbers and
running headers/footers are dropped. Tables are read by pdf_tables.py and their area is kept out
of the paragraph text. Pages without a text layer (scans), and pages whose text cannot be decoded
(fonts without a ToUnicode map give (cid:NNN) placeholders, private-use or control characters)
are read with Tesseract OCR and their blocks are marked `ocr=True`. A PDF with no readable text
at all is bad input, never a document without figures.
"""
from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from extractors import ocr
from extractors.errors import BadInputError
from extractors.model import Block, Cell, Document, Format
from extractors.pdf_tables import add_table, cells_with_spans, ends_on, letter_spacing, untracked
from extractors.pdf_unruled import find_tables as find_unruled
from extractors.pdf_unruled import Line, runs
from extractors.text import SectionTracker, is_standalone_heading, join_lines, text_block

# - 3 -, 第3页, 3/5, 第 3 页 共 5 页, 共5页 第3页: a page number line, dropped wherever it stands
PAGE_NUMBER = re.compile(r"^[-—–－\s]*(共\s*\d+\s*页[\s，,]*)?(第\s*)?\d{1,4}(\s*页)?"
                         r"(\s*(?:[/，,]\s*(?:共\s*)?|共\s*)\d+\s*页?)?[-—–－\s]*$")
X_TOLERANCE_RATIO = 0.5
try:
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    PDF_ERRORS: tuple[type[Exception], ...] = (PdfminerException, PSException)
except ImportError:  # pragma: no cover - pdfplumber is a hard dependency
    PDF_ERRORS = ()
MARGIN_BAND = 0.15  # share of the page height at top and bottom where headers and footers live
SHORT_LINE = 0.6  # a line ending before 60% of the text width ends its paragraph
_DIGITS = re.compile(r"\d+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
MIN_GLYPHS = 20  # fewer glyphs than this on a page: too little to call its text garbage
SIDEWAYS_SHARE = 0.8  # this share of a page's glyphs turned a quarter: the page is printed sideways
SCANNED_COVER = 0.5  # images covering this share of a page with (almost) no body text: a scanned page


def extract(path: str | Path) -> Document:
    path = Path(path)
    raw = path.read_bytes()
    if not raw.lstrip()[:5].startswith(b"%PDF"):
        hint = " (it starts with PK, a .docx?)" if raw.startswith(b"PK") else ""
        raise BadInputError(path, f"not a PDF{hint}")
    try:
        return _read(path, raw)
    except PDF_ERRORS as exc:
        if exc.args and isinstance(exc.args[0], MemoryError):  # pdfplumber wraps every error; this is not the file's
            raise MemoryError from exc
        raise _bad_pdf(path, exc) from exc


def _bad_pdf(path: Path, exc: Exception) -> BadInputError:
    cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    name = cause.__class__.__name__
    if name in ("PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"):
        return BadInputError(path, "encrypted PDF (password protected); save an unprotected copy and ingest that")
    return BadInputError(path, f"not a readable PDF ({name}: {cause}); is it truncated or damaged?")


@dataclass
class _Page:
    number: int
    lines: list[Line]
    tables: list[tuple[tuple[float, float, float, float], list[Cell]]]  # (bbox, cells) top-down
    ocr_paragraphs: list | None = None  # a scanned page: its paragraphs (str) and tables (cells)


def _read(path: Path, raw: bytes) -> Document:
    from extractors.pdf_open import open_pdf  # pdfplumber: half a second to import, only where a PDF is read

    with open_pdf(str(path)) as pdf:
        pages = [_read_page(page, path) for page in pdf.pages]
    _drop_running_lines(pages)
    blocks: list[Block] = []
    sections = SectionTracker()
    body: list[Line] = []
    for page in pages:
        if page.ocr_paragraphs is not None:
            _flush(body, blocks, sections)
            for item in page.ocr_paragraphs:
                if isinstance(item, str):
                    blocks.append(text_block(sections, len(blocks), item, page.number, ocr=True))
                else:  # a table rebuilt from the words' boxes
                    add_table(item, page.number, blocks, sections.path, False, ocr=True)
            continue
        lines = page.lines
        # tables interleave with text by their vertical position
        for i, (bbox, cells, *weak) in enumerate(page.tables):
            above = [ln for ln in lines if ln.bottom <= bbox[1] + 1]
            # nothing between the bottom of the last page's table and this one: it goes on
            continues = i == 0 and not body and ends_on(blocks, page.number - 1) and (
                not above or _repeats_title(above, blocks[-1].table))
            if continues:
                above = []  # the table's title repeated over its continuation
            if weak and not (continues and blocks[-1].table.n_cols == max(c.col + c.colspan for c in cells)):
                lines = sorted(lines + weak[0], key=lambda ln: ln.top)  # a few rows that continue nothing: text
                continue
            body.extend(above)
            lines = [ln for ln in lines if ln.bottom > bbox[1] + 1]
            _flush(body, blocks, sections)
            add_table(cells, page.number, blocks, sections.path, continues)
        body.extend(lines)
    _flush(body, blocks, sections)
    if not any(ocr.readable(b.text) for b in blocks):
        raise BadInputError(path, f"no readable text on any of its {len(pages)} pages (blank, or a scan OCR "
                                  "could not read); check the file opens with text")
    return Document(str(path), hashlib.sha256(raw).hexdigest(), Format.PDF, tuple(blocks), len(pages))


def _repeats_title(lines: list[Line], table) -> bool:
    """Lines above a table at the top of a page that only repeat the title of the table the page
    before ends on: the table goes on."""
    return bool(table.title) and _SPACES.sub("", "".join(ln.text for ln in lines)) == _SPACES.sub("", table.title)


_SPACES = re.compile(r"\s+")


def _read_page(page, path: Path, turned: bool = False) -> _Page:
    """One page's text lines (outside tables) and tables; OCR when the page is only an image; a
    page printed sideways (a landscape table on a portrait page) is read turned upright."""
    try:
        turn = 0 if turned else _sideways(page)
        if turn:
            with _turned(path, page.page_number, turn) as upright:
                return _read_page(upright.pages[page.page_number - 1], path, turned=True)
        if _scanned(page):
            return _Page(page.page_number, [], [], ocr.read_page(page, path))
        if _undecodable(page):
            why = "text that cannot be decoded (fonts without a ToUnicode map)"
            return _Page(page.page_number, [], [], ocr.read_page(page, path, why))
        tables = [(t.bbox, cells) for t in page.find_tables() if (cells := cells_with_spans(t, page.page_number))]
        boxes = [bbox for bbox, _ in tables]
        text_page = page.filter(lambda obj: not _inside_any(obj, boxes)) if boxes else page
        unruled, lines = find_unruled(_page_lines(text_page, page.page_number), page.page_number)
        return _Page(page.page_number, lines, sorted(tables + unruled, key=lambda t: t[0][1]))
    finally:
        page.close()  # let pdfplumber drop the page's parsed objects


def _sideways(page) -> int:
    """Degrees to add to a page's rotation for its text to read upright: most of its glyphs turned
    a quarter (a table printed sideways), clockwise (270 turns it back) or not (90); else 0."""
    glyphs = [c for c in page.chars if c["text"].strip()]
    turned = [c for c in glyphs if not c.get("upright", True)]
    if len(glyphs) < MIN_GLYPHS or len(turned) < SIDEWAYS_SHARE * len(glyphs):
        return 0
    downward = sum(c["matrix"][1] < 0 for c in turned)  # reads top to bottom: turned clockwise
    return 270 if 2 * downward >= len(turned) else 90


def _turned(path: Path, number: int, degrees: int):
    """The PDF at `path` opened again with page `number` turned by `degrees` (pypdfium2 rewrites
    its /Rotate; the content is untouched)."""
    import pypdfium2

    from extractors.pdf_open import open_pdf

    source = pypdfium2.PdfDocument(str(path))
    try:
        page = source[number - 1]
        page.set_rotation((page.get_rotation() + degrees) % 360)
        buffer = io.BytesIO()
        source.save(buffer)
    finally:
        source.close()
    buffer.seek(0)
    return open_pdf(buffer)


def _scanned(page) -> bool:
    """A page that is a picture of text: images and no text, or images covering at least half of
    the page with hardly any text outside the top and bottom bands (a scan that got a page number,
    a running header or a stamp as text)."""
    if not page.images:
        return False
    if not page.chars:
        return True
    area = page.width * page.height
    covered = sum(max(0.0, min(i["x1"], page.width) - max(i["x0"], 0.0)) * max(0.0, min(i["bottom"], page.height)
                  - max(i["top"], 0.0)) for i in page.images)
    if covered < SCANNED_COVER * area:
        return False
    band = MARGIN_BAND * page.height
    body = [c for c in page.chars if c["text"].strip() and band <= c["top"] and c["bottom"] <= page.height - band]
    return len(body) < MIN_GLYPHS


def _undecodable(page) -> bool:
    """A page whose text layer is garbage: mostly (cid:NNN), private-use or control characters; or
    many glyphs, nearly all in fonts without a ToUnicode map, giving no Chinese and mostly symbols
    (a simple font with its own encoding)."""
    text = "".join(c["text"] for c in page.chars)
    if ocr.undecodable(text):
        return True
    glyphs = [c for c in page.chars if c["text"].strip()]
    if len(glyphs) < MIN_GLYPHS or _CJK.search(text):
        return False
    missing = _fonts_without_tounicode(page)
    unmapped = sum(c["fontname"] in missing for c in glyphs)
    symbols = sum(not c["text"].isalnum() for c in glyphs)
    return unmapped >= 0.8 * len(glyphs) and symbols >= 0.3 * len(glyphs)


def _fonts_without_tounicode(page) -> set[str]:
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral

    fonts = resolve1((page.page_obj.resources or {}).get("Font")) or {}
    missing = set()
    for ref in fonts.values():
        spec = resolve1(ref)
        if isinstance(spec, dict) and "ToUnicode" not in spec:
            base = resolve1(spec.get("BaseFont"))
            missing.add(base.name if isinstance(base, PSLiteral) else str(base))
    return missing


def _drop_running_lines(pages: list[_Page]) -> None:
    """Drop page numbers and running headers/footers: lines in the top or bottom band of the page
    that are a page number, or whose text (digits aside) recurs on at least half of the pages."""
    text_pages = [p for p in pages if p.ocr_paragraphs is None]
    seen: dict[str, set[int]] = {}
    for page in text_pages:
        for line in page.lines:
            if line.in_band:
                seen.setdefault(_DIGITS.sub("#", line.text), set()).add(page.number)
    running = {text for text, where in seen.items() if len(where) >= max(2, len(text_pages) / 2)}
    for page in text_pages:
        page.lines = [ln for ln in page.lines if not (ln.in_band and (PAGE_NUMBER.match(ln.text)
                                                                      or _DIGITS.sub("#", ln.text) in running))]


def _inside_any(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _page_lines(page, number: int) -> list[Line]:
    height = page.height
    lines = []
    # a gap under half a character is spacing (CJK/Latin autospace), not a space character
    for ln in page.extract_text_lines(return_chars=True, strip=True, x_tolerance_ratio=X_TOLERANCE_RATIO):
        in_band = ln["bottom"] < height * MARGIN_BAND or ln["top"] > height * (1 - MARGIN_BAND)
        widths = sorted(c["x1"] - c["x0"] for c in ln["chars"] if c["text"].strip())
        width = widths[len(widths) // 2] if widths else 10.0
        # a letter-spaced line (字符间距加宽, 分散对齐) without the spaces its spacing made
        track = letter_spacing(ln["chars"])
        text = untracked(ln["chars"], track=track) or ln["text"]
        lines.append(Line(text, ln["x0"], ln["x1"], ln["top"], ln["bottom"], number, width, in_band,
                           runs(ln["chars"], width, track)))
    return lines


def _flush(lines: list[Line], blocks: list[Block], sections: SectionTracker) -> None:
    """Group the pending lines into paragraphs and append them as blocks."""
    if not lines:
        return
    left = min(ln.x0 for ln in lines)
    right = max(ln.x1 for ln in lines)
    body = sorted(_size(ln) for ln in lines)[len(lines) // 2]  # the body text's type size
    paragraph: list[Line] = []
    for line in lines:
        if paragraph and _starts_paragraph(paragraph[-1], line, left, right, body):
            _emit(paragraph, blocks, sections)
            paragraph = []
        paragraph.append(line)
    _emit(paragraph, blocks, sections)
    lines.clear()


def _starts_paragraph(prev: Line, line: Line, left: float, right: float, body: float | None = None) -> bool:
    """Chinese documents indent a paragraph's first line by two characters; lines wrap at any
    character, but never inside a number or before a closing mark, so a wrapped line may end a few
    characters short. Only a clearly short line, a gap, a heading or a change of type size ends a
    paragraph otherwise; a large centred title wraps onto a centred line of the same size."""
    cw = line.char_width
    if abs(_size(line) - _size(prev)) > 0.15 * max(_size(line), _size(prev)):
        return True  # a title in larger type after a document number in body type, or back to the body
    if body and _wraps_centred_title(prev, line, left, right, body):
        return False
    if prev.text.count("（") + prev.text.count("(") > prev.text.count("）") + prev.text.count(")"):
        return False  # a bracket left open: the line wraps inside it (a centred title's （单位：…、…）)
    if prev.text.endswith("。") and prev.x1 < right - 3 * cw:  # a sentence ending well short of the margin
        return True
    if prev.text.endswith("。") and TABLE_CAPTION.match(line.text):  # 表2 …计划表 after a full last line
        return True
    if line.x0 > left + 1.5 * cw:  # first-line indent (or a centred line)
        return True
    if prev.x1 < left + SHORT_LINE * (right - left):
        return True
    if line.page == prev.page and line.top - prev.bottom > 1.5 * (line.bottom - line.top):
        return True
    # an unindented heading: a short numbered line of its own
    return line.x1 < left + SHORT_LINE * (right - left) and is_standalone_heading(line.text)


TABLE_CAPTION = re.compile(r"^附?表\s*[0-9０-９一二三四五六七八九十]+(-[0-9]+)?(\s+|[:：])\S")


def _size(line: Line) -> float:
    """A line's type size: its height (a glyph's width is no measure: digits are half as wide)."""
    return line.bottom - line.top


def _wraps_centred_title(prev: Line, line: Line, left: float, right: float, body: float) -> bool:
    """A title set larger than the body, filling its line and going on in a centred shorter line."""
    cw = line.char_width
    centre = (left + right) / 2
    centred = all(abs((ln.x0 + ln.x1) / 2 - centre) < 1.5 * cw for ln in (prev, line))
    return (centred and _size(prev) > 1.1 * body and prev.x1 - prev.x0 >= 0.8 * (right - left)
            and line.x1 < right - 2 * cw and line.page == prev.page and not prev.text.endswith(("。", "：", ":")))


def _emit(lines: list[Line], blocks: list[Block], sections: SectionTracker) -> None:
    if not lines:
        return
    text = join_lines([ln.text for ln in lines])
    # where the paragraph crosses a page, remember at which offset each later page starts
    breaks = tuple(
        (len(join_lines([x.text for x in lines[:i]])), lines[i].page)
        for i in range(1, len(lines))
        if lines[i].page != lines[i - 1].page
    )
    blocks.append(text_block(sections, len(blocks), text, lines[0].page, page_breaks=breaks))
