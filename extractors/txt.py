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
from dataclasses import replace
from pathlib import Path
from typing import Iterator

from extractors.errors import BadInputError
from extractors.model import Block, BlockKind, Cell, Document, Format, Table
from extractors.tables import build_table, cell_text, is_value
from extractors.text import SectionTracker, strip_artifacts, text_block

UNIT_LINE = re.compile(r"^\s*[（(]?(计量)?单位\s*[:：][^。；]{1,30}$")
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
            blocks.append(text_block(sections, len(blocks), item))
        else:
            table = _table_from_rows(item, title_before(blocks))
            blocks.append(Block(BlockKind.TABLE, len(blocks), table.text(), None, sections.path, table))
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
    """Rebuild the merged cells the flattening left out: a short header row spans the columns of
    the row below (its empty cells continue the cell above), a row of one cell spans the table,
    and an empty cell under a label continues that label down."""
    texts = [[cell_text(paragraphs) for paragraphs in row] for row in rows]
    n_cols = max(len(row) for row in texts)
    cells: list[Cell] = []
    for r, row in enumerate(texts):
        if len(row) == 1 and n_cols > 1:
            cells.append(Cell(r, 0, row[0], 1, n_cols))
        elif len(row) < n_cols and r + 1 < len(texts) and len(texts[r + 1]) == n_cols:
            cells.extend(_spread(r, row, texts[r + 1]))
        else:
            cells.extend(Cell(r, c, text) for c, text in enumerate(row))
    return build_table(_continue_down(cells, n_cols), title)


def _spread(r: int, parents: list[str], children: list[str]) -> list[Cell]:
    """Spans for a header row over the full row below: each parent covers either one column the
    row below leaves empty (and continues into it) or a run of the row below's cells. Of the ways
    to share the columns out, take the one whose parents share the most characters with their
    children, then the most even."""
    best: tuple | None = None
    for spans in _splits(len(parents), children):
        score = sum(len(set(p) & set(children[c])) for p, (c0, c1) in zip(parents, spans) for c in range(c0, c1)
                    if children[c])
        evenness = -max(c1 - c0 for c0, c1 in spans)
        key = (score, evenness, [c1 - c0 for c0, c1 in spans])
        if best is None or key > best[0]:
            best = (key, spans)
    if best is None:
        return [Cell(r, c, text) for c, text in enumerate(parents)]
    return [Cell(r, c0, p, 2 if not children[c0] and c1 - c0 == 1 else 1, c1 - c0)
            for p, (c0, c1) in zip(parents, best[1])]


def _splits(k: int, children: list[str], start: int = 0):
    """Every way to cut children[start:] into k consecutive runs, an empty child only alone."""
    n = len(children)
    if k == 0:
        if start == n:
            yield []
        return
    for end in range(start + 1, n - k + 2):
        run = children[start:end]
        if len(run) > 1 and not all(run):
            break
        for rest in _splits(k - 1, children, end):
            yield [(start, end), *rest]


def _continue_down(cells: list[Cell], n_cols: int) -> list[Cell]:
    """Drop the empty cells that a merged cell above covers, and stretch that cell over them."""
    by_pos = {(c.row, c.col): c for c in cells}
    covered = {(c.row + dr, c.col + dc) for c in cells for dr in range(c.rowspan) for dc in range(c.colspan)
               if (dr, dc) != (0, 0)}
    out = [c for c in cells if (c.row, c.col) not in covered]
    by_pos = {(c.row, c.col): c for c in out}
    label_cols = {col for col in range(n_cols)
                  if any(c.text for c in out if c.col == col and c.row > 0)
                  and not any(is_value(c.text) for c in out if c.col == col and c.row > 0 and c.text)}
    for cell in sorted(out, key=lambda c: (c.col, c.row)):
        if cell.text or cell.col not in label_cols or cell.colspan != 1:
            continue
        above = next((by_pos[(r, cell.col)] for r in range(cell.row - 1, -1, -1) if (r, cell.col) in by_pos), None)
        if above is not None and above.text and above.colspan == 1 and above.row + above.rowspan == cell.row:
            grown = replace(above, rowspan=above.rowspan + 1)
            out[out.index(above)] = grown
            by_pos[(above.row, above.col)] = grown
            out.remove(cell)
            del by_pos[(cell.row, cell.col)]
    return out


def title_before(blocks: list[Block]) -> str | None:
    """The paragraph just before a table, when it is the table's title (表 2 …, …汇总表)."""
    if blocks and blocks[-1].kind is not BlockKind.TABLE and TABLE_TITLE.match(blocks[-1].text):
        return blocks[-1].text
    if blocks and blocks[-1].kind is not BlockKind.TABLE and UNIT_LINE.match(blocks[-1].text):
        # a 单位：… line between the title and the table belongs to the table
        above = blocks[-2] if len(blocks) > 1 and blocks[-2].kind is not BlockKind.TABLE else None
        title = above.text.strip() if above and len(above.text) <= 50 and "。" not in above.text else None
        return f"{title}（{blocks[-1].text.strip()}）" if title else blocks[-1].text.strip()
    return None

