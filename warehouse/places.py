"""Where a person finds a figure in the original file: "Word table 7, row 3, column 2", "page 12".

A locator counts the document's blocks in reading order (`t115/r7/c1`: block 115, a table, its row 7
and column 1, from 0; `p44`: block 44, a paragraph). Word numbers neither: a person counts the
tables, so block 115 may be Word's 7th table."""
from __future__ import annotations

import re

from extractors.model import BlockKind, Document

LOCATOR = re.compile(r"^([pt])(\d+)(?:/r(\d+)/c(\d+))?$")
WORD_FORMATS = ("docx", "doc", "wps")  # the files Word (or WPS Office) opens, where "Word table N" is found


def numbering(document: Document) -> tuple[dict[int, int], dict[int, int]]:
    """Block index -> the table's number in the document, and -> the paragraph's (or heading's), from 1."""
    tables = [b.index for b in document.blocks if b.kind is BlockKind.TABLE]
    paragraphs = [b.index for b in document.blocks if b.kind is not BlockKind.TABLE]
    return ({index: n for n, index in enumerate(tables, 1)}, {index: n for n, index in enumerate(paragraphs, 1)})


def place(locator: str, page: int | None, fmt: str, tables: dict[int, int], paragraphs: dict[int, int]) -> str:
    """The locator as a person finds it: "Word table 7, row 3, column 2, page 12" ("" if neither)."""
    m = LOCATOR.match(locator or "")
    parts = []
    if m and m.group(1) == "t":
        number = tables.get(int(m.group(2)))
        name = f"{'Word table' if fmt in WORD_FORMATS else 'table'} {number}" if number else f"table at block {m.group(2)}"
        parts.append(f"{name}, row {int(m.group(3)) + 1}, column {int(m.group(4)) + 1}" if m.group(3) else name)
    elif m and paragraphs:
        number = paragraphs.get(int(m.group(2)))
        parts.append(f"paragraph {number}" if number else f"paragraph at block {m.group(2)}")
    if page:
        parts.append(f"page {page}")
    return ", ".join(parts)
