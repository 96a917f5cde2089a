"""Plain-text plans in the flattened form of a Word-to-text conversion.

In that form a table is one cell per line, each cell line starting with a tab; the rows are
separated by one blank line and the table ends at two blank lines. A cell's further paragraphs
follow its line without the tab (sometimes after a blank line of their own). A merged cell is
written once, at its top-left position, and the positions it covers are left out (along a row)
or written as empty cells (down a column), so the grid of a .txt table is as the text shows it.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Iterator

from extractors.errors import BadInputError
from extractors.model import Block, BlockKind, Cell, Document, Format, Table
from extractors.tables import build_table, cell_text
from extractors.text import SectionTracker, is_standalone_heading, strip_artifacts

TABLE_TITLE = re.compile(r"^(附表|表)\s*[0-9一二三四五六七八九十]*[：:\s]|^.{2,40}(表|情况|成效|规模)$")


def extract(path: str | Path) -> Document:
    path = Path(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInputError(path, "not UTF-8 text (save it as UTF-8, or convert it to .docx)") from exc
    if "\x00" in text:
        raise BadInputError(path, "binary data in a .txt file")
    blocks = parse_lines(text.splitlines())
    return Document(str(path), hashlib.sha256(raw).hexdigest(), Format.TXT, tuple(blocks), None)


def scan(lines: list[str]) -> Iterator[str | list[list[list[str]]]]:
    """The raw items of a flattened text in order: a paragraph's text (artifacts removed), or a
    table as rows of cells, each cell the list of its paragraphs."""
    i = 0
    while i < len(lines):
        line = strip_artifacts(lines[i])
        if line.startswith("\t"):
            rows, i = _read_table(lines, i)
            yield rows
            continue
        i += 1
        if line.strip():
            yield line.strip()


def parse_lines(lines: list[str]) -> list[Block]:
    """Blocks of a flattened text, in order."""
    blocks: list[Block] = []
    sections = SectionTracker()
    for item in scan(lines):
        if isinstance(item, str):
            sections.see(item)
            kind = BlockKind.HEADING if is_standalone_heading(item) else BlockKind.PARAGRAPH
            blocks.append(Block(kind, len(blocks), item, None, sections.path))
        else:
            table = _table_from_rows(item, _title_before(blocks))
            blocks.append(Block(BlockKind.TABLE, len(blocks), _table_text(table), None, sections.path, table))
    return blocks


def _read_table(lines: list[str], i: int) -> tuple[list[list[list[str]]], int]:
    """Rows of cells (each cell a list of its paragraphs) from line i; returns the next line index."""
    rows: list[list[list[str]]] = [[]]
    blanks = 0
    while i < len(lines):
        line = strip_artifacts(lines[i])
        if line.startswith("\t"):
            if blanks and rows[-1]:
                rows.append([])
            rows[-1].append([line[1:].strip()])
            blanks = 0
        elif not line.strip():
            blanks += 1
            if blanks >= 2:
                break
        elif rows[-1] and (blanks == 0 or _continues_table(lines, i)):
            rows[-1][-1].append(line.strip())  # a further paragraph of the last cell
            blanks = 0
        else:
            break
        i += 1
    return [r for r in rows if r], i


def _continues_table(lines: list[str], i: int) -> bool:
    """An untabbed line after one blank line belongs to the table if a cell line follows
    before the table's closing double blank."""
    blanks = 0
    for line in lines[i + 1 :]:
        if line.startswith("\t"):
            return True
        blanks = blanks + 1 if not line.strip() else 0
        if blanks >= 2:
            return False
    return False


def _table_from_rows(rows: list[list[list[str]]], title: str | None) -> Table:
    return build_table([Cell(r, c, cell_text(paragraphs)) for r, row in enumerate(rows) for c, paragraphs in enumerate(row)], title)


def _title_before(blocks: list[Block]) -> str | None:
    if blocks and blocks[-1].kind is not BlockKind.TABLE and TABLE_TITLE.match(blocks[-1].text):
        return blocks[-1].text
    return None


def _table_text(table: Table) -> str:
    return "\n".join("\t".join(row) for row in table.grid())
