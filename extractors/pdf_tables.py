"""PDF tables: pdfplumber's ruled tables with their merged cells, and tables continued on the next page.

Text as government PDFs set it: letter-spaced lines (字符间距加宽, 分散对齐, where a text extractor
reads 新 开 工 1 2 0 0 套) are read without the spacing, and header cells set vertically (turned a
quarter, or CJK stacked upright in columns) are read in their own direction.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import replace

from extractors.model import Block, BlockKind, Cell, Table
from extractors.tables import build_table, cell_text, is_value
from extractors.txt import title_before


def ends_on(blocks: list[Block], page: int) -> bool:
    last = blocks[-1].table if blocks else None
    return last is not None and max(c.page or 0 for c in last.cells) == page


def add_table(cells: list[Cell], number: int, blocks: list[Block], section: tuple[str, ...], continues: bool,
              ocr: bool = False) -> None:
    """Append a found table, or join it to the table it continues from the previous page; `ocr`:
    read from a page picture."""
    previous = blocks[-1].table if continues and blocks and blocks[-1].table is not None else None
    if previous is not None and previous.n_cols == max(c.col + c.colspan for c in cells):
        cells = _continue(previous, cells)
        start = blocks.pop()
        grid = build_table(cells, previous.title)
        blocks.append(Block(BlockKind.TABLE, start.index, grid.text(), start.page, start.section, grid))
        return
    grid = build_table(cells, title_before(blocks))
    blocks.append(Block(BlockKind.TABLE, len(blocks), grid.text(), number, section, grid, ocr))


def cells_with_spans(table, number: int) -> list[Cell]:
    """pdfplumber's cells with their row and column spans, from where their borders fall."""
    boxes = [box for row in table.rows for box in row.cells if box is not None]
    if not boxes:
        return []
    xs = _edges([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _edges([b[1] for b in boxes] + [b[3] for b in boxes])
    texts = table.extract()
    chars = [c for c in table.page.chars if c["text"].strip()] if hasattr(table, "page") else []
    # the glyphs by the height of their centre, to look up each cell's by bisection, not one by one
    by_height = sorted(enumerate(chars), key=lambda item: (item[1]["top"] + item[1]["bottom"]) / 2)
    heights = [(ch["top"] + ch["bottom"]) / 2 for _, ch in by_height]
    cells = []
    for r, row in enumerate(table.rows):
        for c, box in enumerate(row.cells):
            if box is None:
                continue
            col, row_i = _index(xs, box[0]), _index(ys, box[1])
            colspan, rowspan = _index(xs, box[2]) - col, _index(ys, box[3]) - row_i
            band = by_height[bisect.bisect_left(heights, box[1]):bisect.bisect_right(heights, box[3])]
            inside = [ch for _, ch in sorted(item for item in band if _centred_in(item[1], box))]  # page order
            text = _own_text(inside, texts[r][c] or "")
            cells.append(Cell(row_i, col, cell_text(text.splitlines()), max(rowspan, 1), max(colspan, 1), number))
    return cells


TRACKING = 0.2  # glyphs evenly set apart by this share of their size or more: letter-spaced text
EVEN = 0.25  # gaps within this share of the type size of the usual one count as that spacing


def _size(glyph: dict) -> float:
    return max(glyph["bottom"] - glyph["top"], glyph["x1"] - glyph["x0"], 1.0)


def letter_spacing(chars: list[dict], words: bool = True) -> float:
    """The spacing added between the glyphs of one line when the line is letter-spaced: three in
    four of its gaps about equal and at least TRACKING of the type size; 0 for a line set normally.
    `words`: a line of a page, not of a ruled cell, is letter-spaced only where its Chinese words
    are too (two CJK glyphs in a row that far apart: 套。), not a row of cells 合计 | 1 | 2 | 3."""
    glyphs = sorted((c for c in chars if c["text"].strip()), key=lambda c: c["x0"])
    if len(glyphs) < 3:
        return 0.0
    gaps = [b["x0"] - a["x1"] for a, b in zip(glyphs, glyphs[1:])]
    size = sorted(c["bottom"] - c["top"] for c in glyphs)[len(glyphs) // 2]
    track = sorted(gaps)[len(gaps) // 2]
    if track < TRACKING * size:  # set normally, as most lines are
        return 0.0
    even = [abs(g - track) <= EVEN * size for g in gaps]
    cjk = sum(e and _CJK.match(a["text"]) is not None and _CJK.match(b["text"]) is not None
              for e, a, b in zip(even, glyphs, glyphs[1:]))
    spaced = sum(even) >= 0.75 * len(gaps) and (cjk >= 1 or not words)
    return track if spaced else 0.0


_CJK = re.compile(r"[\u3001-\u303f\u4e00-\u9fff\uff01-\uff0f\uff1a-\uff1f]")  # Chinese characters and punctuation


def untracked(chars: list[dict], words: bool = True, track: float | None = None) -> str | None:
    """One line's text without the spaces letter-spacing made (a gap clearly wider than the
    spacing stays a space); None when the line is not letter-spaced. `track`: its letter_spacing,
    when known."""
    track = letter_spacing(chars, words) if track is None else track
    if not track:
        return None
    glyphs = sorted((c for c in chars if c["text"].strip()), key=lambda c: c["x0"])
    size = sorted(c["bottom"] - c["top"] for c in glyphs)[len(glyphs) // 2]
    out = glyphs[0]["text"]
    for a, b in zip(glyphs, glyphs[1:]):
        out += (" " if b["x0"] - a["x1"] > track + 0.5 * size else "") + b["text"]
    return out


def _centred_in(ch: dict, box) -> bool:
    cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _own_text(chars: list[dict], text: str) -> str:
    """A cell's text read in its own direction and without letter-spacing; else pdfplumber's."""
    vertical = _vertical_text(chars)
    if vertical is not None:
        return vertical
    if " " not in text:
        return text
    lines: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if lines and abs(ch["top"] - lines[-1][0]["top"]) <= 0.5 * (ch["bottom"] - ch["top"]):
            lines[-1].append(ch)
        else:
            lines.append([ch])
    read = [untracked(line, words=False) for line in lines]
    if len(lines) != len(text.splitlines()) or not any(read):
        return text
    return "\n".join(own if own is not None else old for own, old in zip(read, text.splitlines()))


def _stacks(glyphs: list[dict]) -> list[list[dict]]:
    """Glyphs in columns by their horizontal centres, left to right, each column top-down."""
    cols: list[list[dict]] = []
    for ch in sorted(glyphs, key=lambda c: (c["x0"] + c["x1"]) / 2):
        if cols and (ch["x0"] + ch["x1"]) / 2 - (cols[-1][-1]["x0"] + cols[-1][-1]["x1"]) / 2 <= 0.3 * _size(ch):
            cols[-1].append(ch)
        else:
            cols.append([ch])
    return [sorted(col, key=lambda c: c["top"]) for col in cols]


def _vertical_text(chars: list[dict]) -> str | None:
    """The text of a cell set vertically, or None: glyphs turned a quarter (read bottom to top,
    lines left to right; or, turned clockwise, top to bottom, lines right to left), or CJK glyphs
    stacked upright in columns (top to bottom, columns right to left) as a vertical text frame sets
    them: touching in a column while the columns stand apart."""
    glyphs = [c for c in chars if c["text"].strip()]
    if len(glyphs) < 3:
        return None
    turned = [c for c in glyphs if not c.get("upright", True)]
    if len(turned) >= 0.8 * len(glyphs):
        upward = 2 * sum(c["matrix"][1] > 0 for c in turned) >= len(turned)
        cols = _stacks(turned)
        lines = [col[::-1] for col in cols] if upward else cols[::-1]
        return "\n".join("".join(c["text"] for c in line) for line in lines)
    cols = _stacks(glyphs)
    if len(cols) < 2 or max(len(col) for col in cols) < 3 or len(turned):
        return None
    inside = max((b["top"] - a["bottom"] for col in cols for a, b in zip(col, col[1:])), default=0.0)
    apart = min(min(c["x0"] for c in right) - max(c["x1"] for c in left) for left, right in zip(cols, cols[1:]))
    size = sorted(_size(c) for c in glyphs)[len(glyphs) // 2]
    if not (inside <= 0.1 * size and apart >= 0.2 * size):
        return None
    return "\n".join("".join(c["text"] for c in col) for col in cols[::-1])


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
    if _split_row(old, last_row, [c for c in cells if c.row == skip]):
        # the last row was split by the page break (2025年现状 / 值, 保障性住房 / 覆盖率): its rest
        # on this page finishes its cells' texts, and the rows below move up one
        for cell in cells:
            if cell.row == skip and cell.text:
                i = next(i for i, o in enumerate(old) if o.row + o.rowspan - 1 == last_row and o.col == cell.col)
                old[i] = replace(old[i], text=cell_text([old[i].text, cell.text]))
        cells = [c if c.row < skip else replace(c, rowspan=c.rowspan - 1) if c.row == skip
                 else replace(c, row=c.row - 1) for c in cells if c.row != skip or c.rowspan > 1]
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


def _split_row(old: list[Cell], last_row: int, first: list[Cell]) -> bool:
    """The first row on the new page is the rest of the previous page's last row, cut by the page
    break: it holds no figure, only words, each under a cell of words of that last row (which is
    not a merged one), and leaves empty some column where that row has text."""
    last = {o.col: o for o in old if o.row + o.rowspan - 1 == last_row}
    filled = [c for c in first if c.text]
    return bool(filled) and all(c.colspan == 1 for c in first) and all(
        not is_value(c.text) and c.col in last and last[c.col].colspan == 1 and last[c.col].text
        and not is_value(last[c.col].text) for c in filled) and any(
        not c.text and c.col in last and last[c.col].text for c in first)
