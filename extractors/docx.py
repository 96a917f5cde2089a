"""Word .docx → Document with python-docx: paragraphs and tables in document order.

Merged cells are resolved from the table XML (gridSpan across, vMerge down) so each cell appears
once with its spans, as in the other backends. Word artifacts such as bookmarks carry no text and
never reach the blocks. No text Word shows is left out: paragraphs and tables inside content
controls (w:sdt), tracked insertions (w:ins; deletions are left out, as Word shows the result),
fields' shown results, text boxes (their tables read as tables), imported HTML or text chunks
(w:altChunk, as web editors' "export to Word" writes whole documents), footnotes and endnotes (right
after the paragraph citing them), the page headers and footers (at the end, each text once) and
the numbers of automatically numbered paragraphs (一、 / （二） / 3. from numbering.xml, so that
headings numbered by a list style still open their sections). A soft line break (w:br) inside a
paragraph is layout: the lines are joined as wrapped lines. Pictures big enough to be a page or a
table (a plan pasted in as scans) are read with Tesseract OCR where they stand, their blocks
marked `ocr=True`; a .docx with no readable text at all is bad input, never a document without
figures.
"""
from __future__ import annotations

import hashlib
import io
import shutil
import zipfile
from pathlib import Path

from extractors import ocr
from extractors.docx_chunks import alt_chunk
from extractors.docx_numbering import Numbering
from extractors.docx_styles import Styles
from extractors.errors import BadInputError
from extractors.model import Block, BlockKind, Cell, Document, Format, Table
from extractors.tables import build_table, cell_text
from extractors.text import SectionTracker, is_standalone_heading, join_lines, text_block
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
        hint = " (an old binary .doc? rename it to .doc)" if raw.startswith(OLE_MAGIC) else hint
        raise BadInputError(path, f"not a .docx file{hint}")
    check_package(path)
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, OpcError, KeyError, ValueError, XMLSyntaxError) as exc:
        raise BadInputError(path, f"not a readable .docx ({exc.__class__.__name__}: {exc}); re-save it from Word") from exc

    blocks: list[Block] = []
    sections = SectionTracker()
    pictures = 0  # pictures of text seen
    notes = _notes(document.part)
    numbering = Numbering(document.part)
    styles = Styles(document)
    for element in _block_items(document.element.body):
        if element.tag == f"{W}tbl":
            table = read_table(element, title_before(blocks))
            blocks.append(Block(BlockKind.TABLE, len(blocks), table.text(), None, sections.path, table))
            continue
        if element.tag == f"{W}altChunk":
            for item in alt_chunk(element, document.part, path):
                if isinstance(item, str):
                    blocks.append(text_block(sections, len(blocks), item))
                else:
                    table = build_table(item, title_before(blocks))
                    blocks.append(Block(BlockKind.TABLE, len(blocks), table.text(), None, sections.path, table))
            continue
        text = paragraph_text(element)
        label = numbering.label(element, styles)
        if text:
            if label:  # the number Word draws before an automatically numbered paragraph
                text = label + (" " if label[-1] in ".．" and text[0].isdigit() else "") + text
            sections.see(text)
            style = styles.name(element)
            is_heading = style.startswith(("Heading", "Title")) or is_standalone_heading(text)
            kind = BlockKind.HEADING if is_heading else BlockKind.PARAGRAPH
            blocks.append(Block(kind, len(blocks), text, None, sections.path))
        for boxed in _text_box_items(element):
            if isinstance(boxed, str):
                blocks.append(Block(BlockKind.PARAGRAPH, len(blocks), boxed, None, sections.path))
            else:
                table = read_table(boxed, title_before(blocks))
                blocks.append(Block(BlockKind.TABLE, len(blocks), table.text(), None, sections.path, table))
        for note in _cited_notes(element, notes):
            blocks.append(Block(BlockKind.PARAGRAPH, len(blocks), note, None, sections.path))
        for image in _pictures(element, document.part):
            pictures += 1
            if shutil.which("tesseract") is None:
                continue  # the text around still counts; with none, the check below says why
            for text in ocr.read_image(image, path, f"picture {pictures}"):
                blocks.append(text_block(sections, len(blocks), text, ocr=True))
    for item in _headers_and_footers(document):
        if isinstance(item, str):
            blocks.append(Block(BlockKind.PARAGRAPH, len(blocks), item, None, ()))
        else:
            table = read_table(item, None)
            blocks.append(Block(BlockKind.TABLE, len(blocks), table.text(), None, (), table))
    if not any(ocr.readable(b.text) for b in blocks):
        if pictures:
            ocr.need_tesseract(path, f"no text but {pictures} picture(s) of pages")
        raise BadInputError(path, "no readable text in it (an empty document?); check it opens with text in Word")
    return Document(str(path), hashlib.sha256(raw).hexdigest(), Format.DOCX, tuple(blocks), None)


def _pictures(p, part) -> list:
    """The pictures anchored in a paragraph that are big enough to hold text, as PIL images scaled
    for OCR, in document order; pictures PIL cannot open (EMF/WMF drawings) are left out."""
    from PIL import Image, UnidentifiedImageError

    out = []
    for blip in p.iter(f"{A}blip"):
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
    for r, tr in enumerate(_children(tbl, "tr")):
        col = _grid_before(tr)
        for tc in _children(tr, "tc"):
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


def _children(parent, name: str):
    """The w:tr of a table or the w:tc of a row, those wrapped in content controls included."""
    for child in parent.iterchildren():
        if child.tag == f"{W}{name}":
            yield child
        elif child.tag in (f"{W}sdt", f"{W}customXml"):
            inner = child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child
            if inner is not None:
                yield from _children(inner, name)


def _grid_before(tr) -> int:
    node = tr.find(f"{W}trPr/{W}gridBefore")
    return int(node.get(f"{W}val")) if node is not None else 0


def _int_prop(tc, name: str, default: int) -> int:
    node = tc.find(f"{W}tcPr/{W}{name}")
    return int(node.get(f"{W}val")) if node is not None else default


def _cell_text(tc) -> str:
    """All text of a cell, nested tables included, its paragraphs joined as wrapped lines."""
    return cell_text([paragraph_text(p) for p in tc.iter(f"{W}p") if not _in_skipped(p, tc)])


# subtrees whose text Word does not show in the paragraph's own line: deleted or moved-away text,
# the fallback copy of a drawing, text boxes (read on their own), field codes, properties
_SKIPPED = {f"{W}{t}" for t in ("del", "moveFrom", "txbxContent", "instrText", "delInstrText", "pPr", "rPr",
                                 "footnote", "endnote")} | {f"{MC}Fallback"}


def _in_skipped(p, top) -> bool:
    """A paragraph below `top` inside a drawing's fallback copy (read twice otherwise) or deleted text."""
    for a in p.iterancestors():
        if a is top:
            return False
        if a.tag in (f"{MC}Fallback", f"{W}del", f"{W}moveFrom"):
            return True
    return False


def paragraph_text(p) -> str:
    """The text Word shows for a w:p: runs wherever they sit (hyperlinks, fields, content controls,
    smart tags, tracked insertions), tabs as tabs; soft line breaks join the lines as wrapped lines."""
    out: list[str] = []

    def walk(node) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                continue
            if tag == f"{W}t":
                out.append(child.text or "")
            elif tag in (f"{W}tab", f"{W}ptab"):
                out.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                out.append("\n")
            elif tag == f"{W}noBreakHyphen":
                out.append("-")
            else:
                walk(child)

    walk(p)
    return join_lines("".join(out).split("\n")).strip()


def _block_items(parent):
    """The w:p and w:tbl of a body or text box in order, those inside content controls (w:sdt) and
    custom XML wrappers included."""
    for child in parent.iterchildren():
        if child.tag in (f"{W}p", f"{W}tbl", f"{W}altChunk"):
            yield child
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _block_items(content)
        elif child.tag == f"{W}customXml":
            yield from _block_items(child)


def _text_box_items(p) -> list:
    """Paragraph texts and w:tbl elements inside text boxes anchored in a paragraph. Word stores
    each box twice (a DrawingML choice and a VML fallback): read the first only."""
    out: list = []
    for box in p.iter(f"{W}txbxContent"):
        if any(a.tag in (f"{MC}Fallback", f"{W}txbxContent") for a in box.iterancestors()):
            continue  # a fallback copy, or a box inside a box (read with its outer box)
        for item in _block_items(box):
            if item.tag == f"{W}tbl":
                out.append(item)
                continue
            text = paragraph_text(item)
            if text:
                out.append(text)
            out.extend(i for i in _text_box_items(item) if not isinstance(i, str) or i)
    return out


def _notes(part) -> dict[tuple[str, str], list[str]]:
    """The paragraphs of each footnote and endnote, by (kind, id); separators left out."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml

    notes: dict[tuple[str, str], list[str]] = {}
    for rel in part.rels.values():
        kind = {RT.FOOTNOTES: "footnote", RT.ENDNOTES: "endnote"}.get(rel.reltype)
        if kind is None or rel.is_external:
            continue
        target = rel.target_part
        root = target.element if hasattr(target, "element") else parse_xml(target.blob)
        for note in root.iterchildren(f"{W}{kind}"):
            if note.get(f"{W}type") not in (None, "normal"):
                continue  # separator, continuationSeparator, continuationNotice
            texts = [paragraph_text(p) for p in note.iter(f"{W}p")]
            notes[kind, note.get(f"{W}id")] = [t for t in texts if t]
    return notes


def _cited_notes(p, notes: dict[tuple[str, str], list[str]]) -> list[str]:
    out = []
    for kind in ("footnote", "endnote"):
        for ref in p.iter(f"{W}{kind}Reference"):
            out += notes.get((kind, ref.get(f"{W}id")), [])
    return out


def _headers_and_footers(document) -> list:
    """Paragraph texts and w:tbl elements of the page headers and footers the sections use, in
    section order, each distinct text once (a running title or page number repeats on every page)."""
    seen: set[str] = set()
    out: list = []
    for sect in document.element.body.iter(f"{W}sectPr"):
        for ref in sect.iterchildren(f"{W}headerReference", f"{W}footerReference"):
            rel = document.part.rels.get(ref.get(f"{R}id"))
            if rel is None or rel.is_external or not hasattr(rel.target_part, "element"):
                continue
            for item in _block_items(rel.target_part.element):
                if item.tag == f"{W}tbl":
                    key = "".join(item.itertext())
                    if key.strip() and key not in seen:
                        seen.add(key)
                        out.append(item)
                    continue
                for text in [paragraph_text(item), *_text_box_items(item)]:
                    if isinstance(text, str) and text and text not in seen:
                        seen.add(text)
                        out.append(text)
    return out
