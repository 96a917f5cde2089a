"""PDF tables: pdfplumber's ruled tables with their merged cells, and tables continued on the next page."""
from __future__ import annotations

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
    cells = []
    for r, row in enumerate(table.rows):
        for c, box in enumerate(row.cells):
            if box is None:
                continue
            col, row_i = _index(xs, box[0]), _index(ys, box[1])
            colspan, rowspan = _index(xs, box[2]) - col, _index(ys, box[3]) - row_i
            text = texts[r][c] or ""
            cells.append(Cell(row_i, col, cell_text(text.splitlines()), max(rowspan, 1), max(colspan, 1), number))
    return cells


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
