"""Web pages (.html/.htm) → Document: a plan a bureau publishes inline, as its article page.

The article's content is the element a government site's CMS puts it in (TRS_Editor, #zoom, … in
CONTENT), else what readability-lxml finds (Mozilla Readability's scoring of the page's blocks), so
the site header, navigation, sidebars, related links and footer are left out; its headings
(h1–h6) and paragraphs become blocks in reading order, and its tables Table blocks with rowspan and
colspan kept as cell spans, as in the .docx backend (a table holding tables lays out a page: its
cells are read as text). The title (the <title> less the site and column names beside it, or the
<h1> that matches it) is put first when the content does not start with it. The bytes are decoded as the page declares (a BOM, or a meta / XML charset;
gb2312 and gbk read as their superset GB18030), else detected. A page with no readable content is
bad input. The same reading serves the HTML chunks Word imports into a .docx (w:altChunk).
"""
from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

from extractors.errors import BadInputError
from extractors.ocr import readable
from extractors.model import Block, BlockKind, Cell, Document, Format
from extractors.tables import build_table, cell_text
from extractors.text import SectionTracker, text_block
from extractors.txt import read_text, title_before

BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "center", "dd", "dt",
          "caption", "section", "article", "header", "footer", "ul", "ol", "dl", "body", "form", "main"}
SKIP = {"script", "style", "head", "title", "meta", "link", "noscript", "template", "button", "select", "input"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# the names GB2312 and GBK go by: all read as GB18030, their superset
GB_CHARSETS = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "csgb2312", "euc-cn", "gb_2312-80"}
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w-]+)""", re.I)
# where the content management systems of Chinese government sites put an article's text (TRS, Hanweb's
# UCAP, the font-size "zoom" box, gov.cn's pages_content), and HTML5's <article>
CONTENT = ("div.TRS_Editor", "div.TRS_UEDITOR", "#UCAP-CONTENT", "#zoom", "#Zoom", "#fontzoom", "div.pages_content",
           "div.article-content", "div.article_content", "article")
# class or id words of a site's own parts around an article (with Readability's own: sidebar, related …)
SITE_PARTS = ("header", "footer", "nav", "menu", "copyright", "share", "position", "crumb", "bottom")
_TITLE_PARTS = re.compile(r"\s*(?:[_|｜]|\s[-–—]\s|(?<!\d)-(?!\d))\s*")  # not 2021-2025


class Heading(str):
    """A paragraph text that the page marks as a heading (h1–h6)."""


def extract(path: str | Path) -> Document:
    path = Path(path)
    raw, text = read_text(path, decode, "a web page saved as UTF-8 or GB18030 reads", "an .html file")
    blocks: list[Block] = []
    sections = SectionTracker()
    for item in page_items(text, path):
        if isinstance(item, str):
            block = text_block(sections, len(blocks), str(item))
            if isinstance(item, Heading) and block.kind is not BlockKind.HEADING:
                block = Block(BlockKind.HEADING, block.index, block.text, None, block.section)
            blocks.append(block)
        else:
            table = build_table(item, title_before(blocks))
            blocks.append(Block(BlockKind.TABLE, len(blocks), table.text(), None, sections.path, table))
    if not any(readable(b.text) for b in blocks):
        raise BadInputError(path, "no readable content in the page (an empty page, or one whose text a script "
                                  "loads?); save the article's own page, or its attachment")
    return Document(str(path), hashlib.sha256(raw).hexdigest(), Format.HTML, tuple(blocks), None)


def page_items(text: str, path: Path) -> list:
    """The article's paragraphs (str, Heading) and tables (lists of Cell), its title first."""
    import lxml.html
    from lxml.etree import ParserError
    from readability import Document as Readable
    from readability.readability import Unparseable

    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml takes no encoding declaration in a str
    if not text.strip():
        return []
    try:
        page = lxml.html.document_fromstring(text)
        root = _content(page)
        if root is None:  # no container a CMS names: Readability's pick, less what is named as the site's
            content = Readable(text, negative_keywords=list(SITE_PARTS)).summary(html_partial=True)
            root = lxml.html.fragment_fromstring(content, create_parent="div") if content.strip() else None
            for element in list(root.iter() if root is not None else ()):
                named = f"{element.get('class', '')} {element.get('id', '')}".lower()
                if element is not root and element.getparent() is not None and any(w in named for w in SITE_PARTS):
                    element.drop_tree()
    except (Unparseable, ParserError, ValueError) as exc:
        raise BadInputError(path, f"not a readable web page ({exc.__class__.__name__}: {exc})") from exc
    out: list = []
    if root is not None and readable(_unlinked_text(root)):  # links alone are a menu, not an article
        items(root, out)
    title = page_title(page)
    if out and title and not any(isinstance(i, str) and title in i for i in out[:3]):
        out.insert(0, Heading(title))
    return out


def _content(page):
    """The element holding the article's text where the page's CMS marks it (CONTENT), else None."""
    for selector in CONTENT:
        found = [e for e in page.cssselect(selector) if readable(_unlinked_text(e))]
        if found:
            return max(found, key=lambda e: len(e.text_content()))
    return None


def _unlinked_text(root) -> str:
    """The text of an element outside its links."""
    import copy

    from lxml.etree import strip_elements

    bare = copy.deepcopy(root)
    strip_elements(bare, "a", with_tail=False)
    return bare.text_content()


def page_title(page) -> str | None:
    """The article's title: the longest part of the <title> (the site and column names stand beside it,
    after _, | or -), or the <h1> holding it or held in it (a site's logo in an <h1> is neither); else the
    first <h1>."""
    heads = [t for t in (" ".join(h.text_content().split()) for h in page.iter("h1")) if t]
    named = max(_TITLE_PARTS.split(" ".join((page.findtext(".//title") or "").split())), key=len)
    if named:
        return max((h for h in heads if named in h or h in named), key=len, default=named)
    return heads[0] if heads else None


def decode(raw: bytes, content_type: str = "") -> str | None:
    """A page's bytes as text: by its BOM, the charset its content type names, else the one its meta /
    XML declaration names (GB2312 and GBK as GB18030, their superset; a declaration that does not read
    is passed over), else detected as for a .txt; None when nothing reads it."""
    from extractors.txt import decode as detect

    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", errors="replace")
    named = re.search(r"charset=[\"']?([\w-]+)", content_type or "")
    found = _DECLARED.search(raw[:16384])
    declarations = [named.group(1) if named else None,
                    (found.group(1) or found.group(2)).decode("ascii") if found else None]
    for declared in filter(None, declarations):
        name = "gb18030" if declared.lower() in GB_CHARSETS else declared
        try:
            codecs.lookup(name)
            return raw.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue  # a wrong or unknown declaration: the next, else detect
    return detect(raw)


def items(node, out: list) -> None:
    """Paragraph texts (headings as Heading) and tables (lists of Cell) of an HTML element, in order: a
    block holding no other block is one paragraph; text directly in a container is a paragraph of its own;
    <br> breaks a line."""
    loose: list[str] = [_spaces(node.text)]
    for child in node:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag in SKIP or not tag:
            loose.append(_spaces(child.tail))
            continue
        if tag == "table" and child.find(".//table") is None:
            _flush(loose, out)
            cells = table_cells(child)
            if cells:
                out.append(cells)
        elif any(isinstance(d.tag, str) and d.tag.lower() in BLOCKS | {"table"} for d in child.iterdescendants()):
            _flush(loose, out)  # a block, an inline element (<font>) or cell around blocks, a layout table
            items(child, out)   # (one holding tables: an old site's page grid, not a table of figures)
        elif tag in BLOCKS or tag in ("td", "th"):
            _flush(loose, out)
            _flush([element_text(child)], out, Heading if tag in HEADINGS else str)
        elif tag == "br":
            loose.append("\n")
        else:
            loose.append(element_text(child))
        loose.append(_spaces(child.tail))
    _flush(loose, out)


def _flush(loose: list[str], out: list, kind: type = str) -> None:
    """The text gathered so far as one paragraph (its lines joined as wrapped lines, none beside Chinese)."""
    text = cell_text([" ".join(line.split()) for line in "".join(loose).split("\n")])
    if text:
        out.append(kind(text))
    loose.clear()


def element_text(element) -> str:
    """An element's text as shown: white space collapsed, <br> a line break; scripts, styles and
    comments left out."""
    parts: list[str] = []

    def walk(node) -> None:
        parts.append(_spaces(node.text))
        for child in node:
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            if tag == "br":
                parts.append("\n")
            elif tag in BLOCKS or tag == "tr":  # a cell's paragraphs: lines of its text
                parts.append("\n")
                walk(child)
                parts.append("\n")
            elif tag and tag not in SKIP:
                walk(child)
            parts.append(_spaces(child.tail))

    walk(element)
    return "".join(parts)


def _spaces(text: str | None) -> str:
    return re.sub(r"[ \t\r\n\f]+", " ", text) if text else ""


def table_cells(table) -> list[Cell]:
    """The cells of an HTML table with rowspan and colspan, nested tables left in their cell."""
    cells: list[Cell] = []
    taken: set[tuple[int, int]] = set()
    rows = [tr for tr in table.iter("tr") if next((a for a in tr.iterancestors("table")), None) is table]
    for r, tr in enumerate(rows):
        col = 0
        for td in tr:
            if not isinstance(td.tag, str) or td.tag.lower() not in ("td", "th"):
                continue
            while (r, col) in taken:
                col += 1
            rowspan, colspan = _span(td.get("rowspan")), _span(td.get("colspan"))
            rowspan = min(rowspan, len(rows) - r)  # a span past the last row (Word writes some) stops there
            cells.append(Cell(r, col, cell_text(element_text(td).split("\n")), rowspan, colspan))
            taken.update((r + i, col + j) for i in range(rowspan) for j in range(colspan))
            col += colspan
    return cells


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1
