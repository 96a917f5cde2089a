"""Word .docx → Document with python-docx: paragraphs and tables in document order.

Merged cells are resolved from the table XML (gridSpan across, vMerge down) so each cell appears
once with its spans, as in the other backends. Word artifacts such as bookmarks carry no text and
never reach the blocks. Pictures big enough to be a page or a table (a plan pasted in as scans)
are read with Tesseract OCR where they stand, their blocks marked `ocr=True`; a .docx with no
readable text at all is bad input, never a document without figures.
"""
from __future__ import annotations

import hashlib
import io
import shutil
import zipfile
from pathlib import Path

from extractors import ocr
from extractors.errors import BadInputError
from extractors.model import Block, BlockKind, Cell, Document, Format, Table
from extractors.tables import build_table, cell_text
from extractors.text import SectionTracker, is_standalone_heading
from extractors.txt import title_before

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
EMU_PER_INCH = 914400
# a picture this big on the page (inches) may be a page or a table of text; smaller ones are logos
PICTURE_MIN_WIDTH, PICTURE_MIN_HEIGHT = 3.0, 2.0
# pictures with fewer pixels per inch as shown in the document are enlarged to this before OCR
# (a screenshot at 96 dpi is too small for Tesseract; enlarging a good scan further does not help)
OCR_PIXELS_PER_INCH = 300
MAX_INFLATED_BYTES = 256 << 20  # real plans inflate to a few MB
OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def extract(path: str | Path) -> Document:
    import docx  # python-docx

    from docx.opc.exceptions import OpcError
    from lxml.etree import XMLSyntaxError

    path = Path(path)
    raw = path.read_bytes()
    if not raw.startswith(b"PK"):
        hint = " (it starts like a PDF: rename it to .pdf)" if raw.startswith(b"%PDF") else ""
        hint = " (an old binary .doc? save it as .docx)" if raw.startswith(OLE_MAGIC) else hint
        raise BadInputError(path, f"not a .docx file{hint}")
    check_package(path)
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, OpcError, KeyError, ValueError, XMLSyntaxError) as exc:
        raise BadInputError(path, f"not a readable .docx ({exc.__class__.__name__}: {exc}); re-save it from Word") from exc

    blocks: list[Block] = []
    sections = SectionTracker()
    pictures = 0  # pictures of text seen
    for item in document.iter_inner_content():
        if item.__class__.__name__ == "Paragraph":
            text = item.text.strip()
            if text:
                sections.see(text)
                style = (item.style.name if item.style is not None else "") or ""
                is_heading = style.startswith(("Heading", "Title")) or is_standalone_heading(text)
                kind = BlockKind.HEADING if is_heading else BlockKind.PARAGRAPH
                blocks.append(Block(kind, len(blocks), text, None, sections.path))
            for boxed in _text_box_paragraphs(item):
                blocks.append(Block(BlockKind.PARAGRAPH, len(blocks), boxed, None, sections.path))
            for image in _pictures(item, document.part):
                pictures += 1
                if shutil.which("tesseract") is None:
                    continue  # the text around still counts; with none, the check below says why
                for text in ocr.read_image(image, path, f"picture {pictures}"):
                    sections.see(text)
                    kind = BlockKind.HEADING if is_standalone_heading(text) else BlockKind.PARAGRAPH
                    blocks.append(Block(kind, len(blocks), text, None, sections.path, ocr=True))
        else:
            table = read_table(item._tbl, title_before(blocks))
            blocks.append(Block(BlockKind.TABLE, len(blocks), table.text(), None, sections.path, table))
    if not any(ocr.readable(b.text) for b in blocks):
        if pictures:
            ocr.need_tesseract(path, f"no text but {pictures} picture(s) of pages")
        raise BadInputError(path, "no readable text in it (an empty document?); check it opens with text in Word")
    return Document(str(path), hashlib.sha256(raw).hexdigest(), Format.DOCX, tuple(blocks), None)


def _pictures(paragraph, part) -> list:
    """The pictures anchored in a paragraph that are big enough to hold text, as PIL images scaled
    for OCR, in document order; pictures PIL cannot open (EMF/WMF drawings) are left out."""
    from PIL import Image, UnidentifiedImageError

    out = []
    for blip in paragraph._p.iter(f"{A}blip"):
        if any(a.tag == f"{MC}Fallback" for a in blip.iterancestors()):
            continue
        extent = next((a.find(f"{WP}extent") for a in blip.iterancestors() if a.tag in (f"{WP}inline", f"{WP}anchor")), None)
        if extent is None:
            continue
        width, height = int(extent.get("cx", 0)) / EMU_PER_INCH, int(extent.get("cy", 0)) / EMU_PER_INCH
        target = part.related_parts.get(blip.get(f"{R}embed"))
        if width < PICTURE_MIN_WIDTH or height < PICTURE_MIN_HEIGHT or target is None:
            continue
        try:
            image = Image.open(io.BytesIO(target.blob))
            image.load()
        except (UnidentifiedImageError, OSError, ValueError):
            continue
        shown = image.width / width
        if shown < OCR_PIXELS_PER_INCH * 0.8:
            scale = OCR_PIXELS_PER_INCH / shown
            image = image.resize((round(image.width * scale), round(image.height * scale)), Image.LANCZOS)
        out.append(image)
    return out


def check_package(path: Path) -> None:
    """Refuse packages that would blow up when read: a .docx is a zip (cap what it inflates to) of
    XML parts (Word never writes a DTD, so a part declaring entities is a trick, not a document)."""
    try:
        with zipfile.ZipFile(path) as package:
            parts = package.infolist()
            names = {p.filename for p in parts}
            if "word/document.xml" not in names:
                raise BadInputError(path, "not a Word document (a zip without word/document.xml)")
            inflated = sum(p.file_size for p in parts)
            if inflated > MAX_INFLATED_BYTES:
                raise BadInputError(path, f"inflates to {inflated >> 20} MB, over the {MAX_INFLATED_BYTES >> 20} MB cap "
                                          "for a .docx (a zip bomb?)")
            for part in parts:
                if part.filename.endswith((".xml", ".rels")):
                    with package.open(part) as f:
                        head = f.read(2048)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise BadInputError(path, f"{part.filename} declares XML entities (a DTD); Word never "
                                                  "writes one, so the file was tampered with")
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile) as exc:
        raise BadInputError(path, f"not a readable .docx (broken zip: {exc}); is it truncated?") from exc


def read_table(tbl, title: str | None) -> Table:
    """A w:tbl element → Table, with gridSpan and vMerge resolved."""
    open_cells: dict[int, list] = {}  # grid column → [row, col, text, rowspan, colspan] of the cell above
    cells: list[list] = []
    for r, tr in enumerate(tbl.iterchildren(f"{W}tr")):
        col = _grid_before(tr)
        for tc in tr.iterchildren(f"{W}tc"):
            span = _int_prop(tc, "gridSpan", 1)
            vmerge = tc.find(f"{W}tcPr/{W}vMerge")
            continues = vmerge is not None and vmerge.get(f"{W}val") in (None, "continue")
            above = open_cells.get(col)
            if continues and above is not None:
                above[3] = r - above[0] + 1
            else:
                cell = [r, col, _cell_text(tc), 1, span]
                cells.append(cell)
                for c in range(col, col + span):
                    open_cells[c] = cell
            col += span
    return build_table([Cell(*c) for c in cells], title)


def _grid_before(tr) -> int:
    node = tr.find(f"{W}trPr/{W}gridBefore")
    return int(node.get(f"{W}val")) if node is not None else 0


def _int_prop(tc, name: str, default: int) -> int:
    node = tc.find(f"{W}tcPr/{W}{name}")
    return int(node.get(f"{W}val")) if node is not None else default


def _cell_text(tc) -> str:
    """All text of a cell, nested tables included, its paragraphs joined as wrapped lines."""
    return cell_text(["".join(t.text or "" for t in p.iter(f"{W}t")) for p in tc.iter(f"{W}p")])


def _text_box_paragraphs(paragraph) -> list[str]:
    """Paragraphs inside text boxes anchored in a paragraph (python-docx's .text leaves them out).
    Word stores each box twice (a DrawingML choice and a VML fallback): read the first only."""
    out = []
    for box in paragraph._p.iter(f"{W}txbxContent"):
        if any(a.tag == f"{MC}Fallback" for a in box.iterancestors()):
            continue
        for p in box.iter(f"{W}p"):
            text = "".join(t.text or "" for t in p.iter(f"{W}t")).strip()
            if text:
                out.append(text)
    return out
