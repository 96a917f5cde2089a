"""Imported chunks of a .docx (w:altChunk): web editors' "export to Word" often writes the whole
document as an HTML, XHTML or MHT chunk that Word merges into the text when it opens the file.
They are read here as paragraphs and tables; a chunk of any other kind is refused as bad input,
never left out with its figures."""
from __future__ import annotations

import re
from pathlib import Path

from extractors.errors import BadInputError
from extractors.html import decode, items

R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


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
        root = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", decode(blob, kind) or ""))  # XHTML
    except (ValueError, lxml.etree.ParserError) as exc:
        raise BadInputError(path, f"an imported HTML chunk (w:altChunk) that cannot be parsed ({exc}); "
                                  "re-save the file from Word") from exc
    out: list = []
    items(root, out)
    return out

