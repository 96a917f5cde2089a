"""PDF tables drawn without ruling lines, found from how their text lines up.

A table row is a line whose text falls into separate runs with wide gaps between them; body text
never has such gaps. Columns come from the runs of the body rows (those holding values); header
runs cover the columns they lie over (a run over two columns is a merged cell), runs stacked in the
same columns are one wrapped cell, and header levels follow from what stands above what. Lines of a
wrapped body cell belong to the row whose values stand nearest.
"""
from __future__ import annotations

from dataclasses import dataclass

from extractors.model import Cell
from extractors.tables import cell_text, is_value
from extractors.txt import TABLE_TITLE

RUN_GAP = 1.0  # a gap wider than a character separates two runs (two cells); prose has none
MIN_ROWS = 3


@dataclass(frozen=True)
class Run:
    x0: float
    x1: float
    top: float
    bottom: float
    text: str


def runs(chars: list[dict], char_width: float) -> tuple[Run, ...]:
    """A line's characters split into runs at gaps wider than RUN_GAP characters."""
    out: list[list] = []
    for c in chars:
        if not c["text"].strip():
            continue
        if out and c["x0"] - out[-1][1] <= RUN_GAP * char_width:
            out[-1][1] = c["x1"]
            out[-1][4] += c["text"]
        else:
            out.append([c["x0"], c["x1"], c["top"], c["bottom"], c["text"]])
    return tuple(Run(*r) for r in out)


def find_tables(lines: list, page: int) -> tuple[list[tuple[tuple[float, float, float, float], list[Cell]]], list]:
    """Unruled tables among a page's lines: [(bbox, cells)], and the lines that are not in them."""
    tables, rest, i = [], [], 0
    while i < len(lines):
        end = _body_end(lines, i)
        anchors = [ln for ln in lines[i:end] if _is_row(ln)]
        if len(anchors) >= MIN_ROWS:
            cols = _columns(anchors)
            head = _header_lines(rest, lines[i], cols)
            region = head + lines[i:end]
            cells = _cells(region, len(head), cols, page)
            if cells:
                del rest[len(rest) - len(head):]
                bbox = (min(ln.x0 for ln in region), region[0].top, max(ln.x1 for ln in region), region[-1].bottom)
                tables.append((bbox, cells))
                i = end
                continue
        rest.append(lines[i])
        i += 1
    return tables, rest


def _is_row(line) -> bool:
    """A table row: several runs, one of them a value."""
    return len(line.runs) >= 2 and any(is_value(r.text) for r in line.runs)


def _near(line, below) -> bool:
    height = max(line.bottom - line.top, 1.0)
    return line.page == below.page and below.top - line.bottom <= 1.5 * height  # may overlap: centred cells


def _body_end(lines: list, start: int) -> int:
    """Where the body rows starting at `start` end: rows, and the short pieces of wrapped cells
    between them, with no wide vertical gap."""
    if not _is_row(lines[start]):
        return start
    width = max(r.x1 for r in lines[start].runs) - min(r.x0 for r in lines[start].runs)
    end = start + 1
    while end < len(lines) and _near(lines[end - 1], lines[end]):
        line = lines[end]
        if not (_is_row(line) or (len(line.runs) == 1 and line.runs[0].x1 - line.runs[0].x0 < width / 3)):
            break
        end += 1
    last = end
    while not _is_row(lines[last - 1]):
        last -= 1  # a table ends on a row, or on the wrapped end of its last row's label
    if end > last and lines[last].top - lines[last - 1].bottom <= 0.8 * (lines[last - 1].bottom - lines[last - 1].top):
        last += 1
    return last


def _header_lines(before: list, first_row, cols: list[tuple[float, float]]) -> list:
    """The header: lines right above the body whose runs stand over the columns, each run over
    fewer than all of them (a run across the whole table is its title, not a header)."""
    left, right = cols[0][0], cols[-1][1]
    head: list = []
    below = first_row
    for line in reversed(before):
        if not _near(line, below) or (len(line.runs) == 1 and TABLE_TITLE.match(line.text)):
            break
        margin = (right - left) / 4  # header text may stand wider than the values below it
        inside = all(left - margin <= r.x0 and r.x1 <= right + margin for r in line.runs)
        bounds = _bounds(cols, min(line.x0, left), max(line.x1, right))
        narrow = len(line.runs) >= 2 or _covered(line.runs[0], bounds) != (0, len(cols))
        if not (inside and narrow):
            break
        head.insert(0, line)
        below = line
    return head


def _columns(body: list) -> list[tuple[float, float]]:
    spans = sorted((r.x0, r.x1) for ln in body for r in ln.runs)
    cols: list[list[float]] = []
    for x0, x1 in spans:
        if cols and x0 <= cols[-1][1]:
            cols[-1][1] = max(cols[-1][1], x1)
        else:
            cols.append([x0, x1])
    return [tuple(c) for c in cols]


def _covered(run: Run, bounds: list[float]) -> tuple[int, int]:
    """The columns a run stands over, among the column ranges wide enough to hold it: header text
    stands centred in its (possibly merged) cell."""
    centre, width = (run.x0 + run.x1) / 2, run.x1 - run.x0
    n = len(bounds) - 1
    ranges = [(k, m) for k in range(n) for m in range(k + 1, n + 1) if bounds[m] - bounds[k] >= 0.9 * width]
    if not ranges:
        return 0, n

    def off(km: tuple[int, int]) -> float:
        return abs((bounds[km[0]] + bounds[km[1]]) / 2 - centre)

    # the narrowest range the run is centred on, else the one it is nearest to centred on
    centred = [km for km in ranges if off(km) <= 0.1 * (bounds[km[1]] - bounds[km[0]]) + 3]
    return min(centred, key=lambda km: km[1] - km[0]) if centred else min(ranges, key=off)


def _bounds(cols: list[tuple[float, float]], left: float, right: float) -> list[float]:
    """Cell borders: the table's edges and the middles of the gaps between columns."""
    return [min(left, cols[0][0])] + [(a[1] + b[0]) / 2 for a, b in zip(cols, cols[1:])] + [max(right, cols[-1][1])]


def _cells(region: list, n_head: int, cols: list[tuple[float, float]], page: int) -> list[Cell]:
    head, body = region[:n_head], region[n_head:]
    anchors = [ln for ln in body if _is_row(ln)]
    if len(cols) < 2:
        return []
    bounds = _bounds(cols, min(ln.x0 for ln in region), max(ln.x1 for ln in region))
    header = _header_cells(head, bounds)
    levels = max((level + 1 for level, *_ in header), default=0)
    cells = []
    for level, c0, c1, texts, rowspan in header:
        cells.append(Cell(level, c0, cell_text(texts), rowspan or levels - level, c1 - c0, page))
    # body: each run goes to its column and to the row whose values stand nearest
    grid: dict[tuple[int, int], list[Run]] = {}
    centres = [(ln.top + ln.bottom) / 2 for ln in anchors]
    for ln in body:
        row = min(range(len(anchors)), key=lambda k: abs(centres[k] - (ln.top + ln.bottom) / 2))
        for run in ln.runs:
            col = _column_of(run, bounds)
            grid.setdefault((row, col), []).append(run)
    for (row, col), parts in sorted(grid.items()):
        parts.sort(key=lambda r: (r.top, r.x0))
        cells.append(Cell(levels + row, col, cell_text([p.text for p in parts]), 1, 1, page))
    return _fill_missing(cells, levels + len(anchors), len(cols), page)


def _header_cells(head: list, bounds: list[float]) -> list[tuple[int, int, int, list[str], int]]:
    """Header cells as (level, first column, end column, text lines, rowspan or 0 for 'to the body')."""
    boxes: list[list] = []  # [x0, x1, top, bottom, texts]: a cell's text wrapped over stacked lines
    for line in head:
        gap = 0.8 * (line.bottom - line.top)
        above = [b for b in boxes if 0 <= line.top - b[3] <= gap]
        # a run right under a cell but not in its middle starts a new header level below it; the
        # cells beside that parent then end too, even where a run would stack onto one of them
        parents = {round(b[2]) for r in line.runs for b in above
                   if min(r.x1, b[1]) > max(r.x0, b[0]) and not _stacked(b[0], b[1], r.x0, r.x1)}
        for run in line.runs:
            box = next((b for b in above if _stacked(b[0], b[1], run.x0, run.x1)
                        and not any(abs(b[2] - top) <= 2 for top in parents)), None)
            if box:
                box[0], box[1], box[3] = min(box[0], run.x0), max(box[1], run.x1), run.bottom
                box[4].append(run.text)
            else:
                boxes.append([run.x0, run.x1, run.top, run.bottom, [run.text]])
    cells = [(*_covered(Run(b[0], b[1], b[2], b[3], ""), bounds), b[2], b[3], b[4]) for b in boxes]
    level_of: dict[int, int] = {}
    for n, (c0, c1, top, bottom, texts) in enumerate(cells):
        above = [level_of[m] for m, o in enumerate(cells[:n]) if o[3] <= top and o[0] < c1 and c0 < o[1]]
        level_of[n] = max(above) + 1 if above else 0
    out = []
    for n, (c0, c1, top, bottom, texts) in enumerate(cells):
        below = [level_of[m] for m, o in enumerate(cells) if o[2] >= bottom and o[0] < c1 and c0 < o[1]]
        out.append((level_of[n], c0, c1, texts, min(below) - level_of[n] if below else 0))
    return out


def _stacked(a0: float, a1: float, b0: float, b1: float) -> bool:
    """Two pieces of one wrapped cell: the narrower lies within the wider, about its middle."""
    wide = max(a1 - a0, b1 - b0)
    inside = min(a1, b1) - max(a0, b0) >= 0.8 * min(a1 - a0, b1 - b0)
    return inside and abs((a0 + a1) / 2 - (b0 + b1) / 2) <= wide / 4


def _column_of(run: Run, bounds: list[float]) -> int:
    centre = (run.x0 + run.x1) / 2
    return next((k for k in range(len(bounds) - 1) if centre < bounds[k + 1]), len(bounds) - 2)


def _fill_missing(cells: list[Cell], n_rows: int, n_cols: int, page: int) -> list[Cell]:
    """Every grid position belongs to a cell; an empty position becomes an empty cell."""
    covered = {(r, c) for cell in cells for r in range(cell.row, cell.row + cell.rowspan)
               for c in range(cell.col, cell.col + cell.colspan)}
    empty = [Cell(r, c, "", 1, 1, page) for r in range(n_rows) for c in range(n_cols) if (r, c) not in covered]
    return cells + empty
