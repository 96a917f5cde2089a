"""Imported chunks of a .docx (w:altChunk): web editors' "export to Word" often writes the whole
document as an HTML, XHTML or MHT chunk that Word merges into the text when it opens the file.
They are read here as paragraphs and tables; a chunk of any other kind is refused as bad input,
never left out with its figures."""
from __future__ import annotations

import re
from pathlib import Path

from extractors.errors import BadInputError
from extractors.model import Cell
from extractors.tables import cell_text

R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"

_HTML_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "center", "dd", "dt",
                "caption", "section", "article", "header", "footer", "ul", "ol", "dl", "body", "form"}
_HTML_SKIP = {"script", "style", "head", "title", "meta", "link", "noscript"}


def alt_chunk(element, part, path: Path) -> list:
    """The paragraphs (str) and tables (lists of Cell) of an imported chunk (w:altChunk): HTML,
    XHTML, MHT (an HTML page in a MIME message) or plain text. Word merges a chunk into the text
    when it opens the file; any other kind of chunk cannot be read here, and leaving it out
    would lose its figures without a word, so it is bad input."""
    rel = part.rels.get(element.get(f"{R}id"))
    if rel is None or rel.is_external:
        return []
    target = rel.target_part
    kind = (target.content_type or "").lower()
    blob = target.blob
    if "rfc822" in kind or "multipart" in kind:
        import email

        message = email.message_from_bytes(blob)
        html = next((m for m in message.walk() if m.get_content_type() == "text/html"), None)
        if html is None:
            raise BadInputError(path, "an imported MHT chunk without an HTML page in it; re-save the file from Word")
        charset = html.get_content_charset()
        blob, kind = html.get_payload(decode=True) or b"", f"text/html; charset={charset}" if charset else "text/html"
    if kind.startswith("text/plain"):
        text = blob.decode("utf-8-sig", errors="replace")
        return [line.strip() for line in text.splitlines() if line.strip()]
    if "html" not in kind:
        raise BadInputError(path, f"an imported chunk of type {kind or 'unknown'} (w:altChunk) that cannot be read; "
                                  "open and re-save the file in Word, which merges it into the text")
    import lxml.html

    try:
        root = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", _decoded(blob, kind)))  # XHTML
    except (ValueError, lxml.etree.ParserError) as exc:
        raise BadInputError(path, f"an imported HTML chunk (w:altChunk) that cannot be parsed ({exc}); "
                                  "re-save the file from Word") from exc
    out: list = []
    _html_items(root, out)
    return out


def _decoded(blob: bytes, kind: str) -> str:
    """HTML bytes as text: the charset its content type or its <meta> names, else UTF-8, else GB18030
    (Chinese pages without a declaration)."""
    import codecs

    named = re.search(r"charset=[\"']?([\w-]+)", kind) or re.search(rb"charset=[\"']?([\w-]+)", blob[:2048])
    if named:
        name = named.group(1)
        name = name.decode("ascii") if isinstance(name, bytes) else name
        try:
            codecs.lookup(name)
            return blob.decode("gb18030" if name.lower() in ("gb2312", "gbk") else name, errors="replace")
        except LookupError:
            pass
    try:
        return blob.decode("utf-8-sig")
    except UnicodeDecodeError:
        return blob.decode("gb18030", errors="replace")


def _html_items(node, out: list) -> None:
    """Paragraph texts and tables of an HTML element, in order: a block holding no other block is
    one paragraph; text directly in a container is a paragraph of its own."""
    loose: list[str] = [node.text or ""]
    for child in node:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag in _HTML_SKIP or not tag:
            loose.append(child.tail or "")
            continue
        if tag == "table":
            _flush_loose(loose, out)
            cells = _html_table(child)
            if cells:
                out.append(cells)
        elif tag in _HTML_BLOCKS:
            _flush_loose(loose, out)
            if any(isinstance(d.tag, str) and d.tag.lower() in _HTML_BLOCKS | {"table"} for d in child.iterdescendants()):
                _html_items(child, out)
            else:
                _flush_loose([_html_text(child)], out)
        elif tag == "br":
            loose.append("\n")
        else:
            loose.append(_html_text(child))
        loose.append(child.tail or "")
    _flush_loose(loose, out)


def _flush_loose(loose: list[str], out: list) -> None:
    """The text gathered so far as one paragraph (HTML whitespace collapsed, none beside Chinese)."""
    text = cell_text([" ".join(line.split()) for line in "".join(loose).split("\n")])
    if text:
        out.append(text)
    loose.clear()


def _html_text(element) -> str:
    """An element's text, <br> as a line break; scripts, styles and comments left out."""
    parts: list[str] = []

    def walk(node) -> None:
        parts.append(node.text or "")
        for child in node:
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            if tag == "br":
                parts.append("\n")
            elif tag and tag not in _HTML_SKIP:
                walk(child)
            parts.append(child.tail or "")

    walk(element)
    return "".join(parts)


def _html_table(table) -> list[Cell]:
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
            lines = _html_text(td).split("\n")
            cells.append(Cell(r, col, cell_text(lines), rowspan, colspan))
            taken.update((r + i, col + j) for i in range(rowspan) for j in range(colspan))
            col += colspan
    return cells


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1
