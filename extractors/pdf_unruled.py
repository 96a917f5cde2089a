"""PDF tables drawn without ruling lines, found from how their text lines up.

A table row is a line whose text falls into separate runs with wide gaps between them; body text
never has such gaps. Columns come from the runs of the body rows (those holding values); header
runs cover the columns they lie over (a run over two columns is a merged cell), runs stacked in the
same columns are one wrapped cell, and header levels follow from what stands above what. Lines of a
wrapped body cell belong to the row whose values stand nearest.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.model import Cell
from extractors.tables import UNIT_NOTE, UNIT_ONLY, cell_text, is_value
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


@dataclass
class Line:
    """A line of text on a page, as find_tables reads it (points, top-down): from pdfplumber's lines
    of a text layer (pdf.py) or from Tesseract's word boxes of a scanned page (ocr.py)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int
    char_width: float
    in_band: bool = False  # in the top or bottom band where running headers and footers live
    runs: tuple = ()  # the line's text split at wide gaps (see runs)
    paragraph: tuple[int, int] | None = None  # OCR: Tesseract's block and paragraph


def runs(chars: list[dict], char_width: float, spacing: float = 0.0) -> tuple[Run, ...]:
    """A line's characters split into runs at gaps wider than RUN_GAP characters (beyond the
    `spacing` of a letter-spaced line)."""
    out: list[list] = []
    for c in chars:
        if not c["text"].strip():
            continue
        if out and c["x0"] - out[-1][1] <= RUN_GAP * char_width + spacing:
            out[-1][1] = c["x1"]
            out[-1][4] += c["text"]
        else:
            out.append([c["x0"], c["x1"], c["top"], c["bottom"], c["text"]])
    return tuple(Run(*r) for r in _distributed(out))


_HAN = re.compile(r"^[\u4e00-\u9fff]$")
DISTRIBUTED_MAX = 4.0  # a distributed cell spreads its characters at most this many sizes apart


def _distributed(out: list[list]) -> list[list]:
    """Runs of one Chinese character each, three or more in a row and evenly apart, are one cell's
    text in distributed alignment (分散对齐: 旌 阳 区 spread over its cell), not cells of their own."""
    merged: list[list] = []
    i = 0
    while i < len(out):
        j = i + 1
        size = out[i][3] - out[i][2]
        gap = out[j][0] - out[i][1] if j < len(out) else 0.0
        while j < len(out) and _HAN.match(out[j - 1][4]) and _HAN.match(out[j][4]) and \
                abs(out[j][0] - out[j - 1][1] - gap) <= 0.25 * size and gap <= DISTRIBUTED_MAX * size:
            j += 1
        if j - i >= 3:
            merged.append([out[i][0], out[j - 1][1], min(r[2] for r in out[i:j]), max(r[3] for r in out[i:j]),
                           "".join(r[4] for r in out[i:j])])
            i = j
        else:
            merged.append(out[i])
            i += 1
    return merged


def find_tables(lines: list, page: int) -> tuple[list[tuple[tuple[float, float, float, float], list[Cell]]], list]:
    """Unruled tables among a page's lines: [(bbox, cells)], and the lines that are not in them.
    A table of fewer than MIN_ROWS rows at the top of a page comes as (bbox, cells, its lines): it
    is a table only where it continues the one the page before ends on, else those lines are text."""
    tables, rest, i = [], [], 0
    while i < len(lines):
        end = _body_end(lines, i)
        anchors = [ln for ln in lines[i:end] if _is_row(ln)]
        # at the top of a page (nothing above but a running header) even one row may be the rest
        # of a table from the page before: found here, kept only where it continues one (see pdf.py)
        top = all(getattr(ln, "in_band", False) for ln in rest)
        # at the foot of a page, a header line over one or two rows is the start of a table that
        # goes on over the page (its rows there continue it)
        above = rest[-1] if rest else None
        bottom = bool(anchors) and all(getattr(ln, "in_band", False) for ln in lines[end:]) and \
            above is not None and len(above.runs) >= 2 and _near(above, lines[i]) and not _is_row(above)
        if len(anchors) >= MIN_ROWS or (top and anchors) or bottom:
            # the top line of a label wrapped around its row's (vertically centred) values overlaps
            # that row: it is body, not header (a header row never overlaps the row under it)
            while rest and i and rest[-1] is lines[i - 1] and len(rest[-1].runs) == 1 and \
                    rest[-1].page == lines[i].page and rest[-1].top < lines[i].top < rest[-1].bottom - 0.5:
                rest.pop()
                i -= 1
            # columns from every body line: a label wrapped above and below its row's values (the
            # values centred in the row) has runs of its own, on lines without a value
            cols = _columns(lines[i:end])
            cols = [col for k, col in enumerate(cols) if not _spanning(k, cols, lines[i:end])]
            head = _header_lines(rest, lines[i], cols)
            bounds = _bounds(cols, min(ln.x0 for ln in lines[i:end]), max(ln.x1 for ln in lines[i:end]))
            if head and len(cols) > 2 and all(len(ln.runs) == 1 for ln in head) and head == lines[i - len(head):i] and \
                    len({_column_of(ln.runs[0], bounds) for ln in head}) == 1:
                # one column's words over the first row: the top of its wrapped label, not a header
                i -= len(head)
                del rest[len(rest) - len(head):]
                head = []
            region = head + lines[i:end]
            cells = _cells(region, len(head), cols, page)
            if cells:
                del rest[len(rest) - len(head):]
                if end < len(lines) and _is_unit_note(lines[end - 1], lines[end]):
                    n_rows = max(c.row + c.rowspan for c in cells)
                    cells.append(Cell(n_rows, 0, lines[end].text, 1, len(cols), page))
                    region, end = region + [lines[end]], end + 1
                bbox = (min(ln.x0 for ln in region), region[0].top, max(ln.x1 for ln in region), region[-1].bottom)
                tables.append((bbox, cells) if len(anchors) >= MIN_ROWS or bottom else (bbox, cells, region))
                i = end
                continue
        rest.append(lines[i])
        i += 1
    return tables, rest


_NOTE = re.compile(r"^[（(]?\s*(注|说明|备注|数据来源|资料来源)\s*\d?\s*[:：]")


def _is_unit_note(last, line) -> bool:
    """A 单位：… or 注：… line right under a table: its note row (as it is in a ruled table)."""
    return len(line.runs) == 1 and _near(last, line) and bool(UNIT_NOTE.match(line.text) or _NOTE.match(line.text))


def _title_wrap(line, above) -> bool:
    """A line finishing the table title above it (…（单位：万平方米、套、公 / 顷）), not a header."""
    if len(line.runs) != 1 or above is None or not _is_title(above):
        return False
    depth = lambda t: t.count("（") + t.count("(") - t.count("）") - t.count(")")  # noqa: E731
    return depth(above.text) > 0 or depth(line.text) < 0


def _is_title(line) -> bool:
    """A table's title: one run (or, as OCR may split it, one starting 表 1 / 附表)."""
    return bool(TABLE_TITLE.match(line.text)) and (len(line.runs) == 1 or line.text.startswith(("表", "附表")))


_CODE = re.compile(r"\d+[-－]\d+[-－]")  # 04-01-512345, 2025-06-30: a code or a date, not a figure


def _is_row(line) -> bool:
    """A table row: several runs, one of them a value (a code or a date alone makes no row: the end
    of a wrapped project code under its row)."""
    return len(line.runs) >= 2 and any(is_value(r.text) and not _CODE.search(r.text) for r in line.runs)


def _near(line, below) -> bool:
    height = max(line.bottom - line.top, 1.0)
    return line.page == below.page and below.top - line.bottom <= 2 * height  # may overlap: centred cells


def _body_end(lines: list, start: int) -> int:
    """Where the body rows starting at `start` end: rows, and the short pieces of wrapped cells
    between them, with no wide vertical gap."""
    if not _is_row(lines[start]):
        return start
    width = max(r.x1 for r in lines[start].runs) - min(r.x0 for r in lines[start].runs)
    end = start + 1
    while end < len(lines) and _near(lines[end - 1], lines[end]):
        line = lines[end]
        # between rows: pieces of wrapped cells (麒麟区 | 寥廓街道棚 above its row's values), each
        # narrow or within one column of the rows so far
        cols = _columns([ln for ln in lines[start:end] if _is_row(ln)])
        edges = _bounds(cols, -1e9, 1e9)
        if not (_is_row(line) or all(r.x1 - r.x0 < width / 3 or any(
                edges[k] - line.char_width / 2 <= r.x0 and r.x1 <= edges[k + 1] + line.char_width / 2
                for k in range(len(cols))) for r in line.runs)):
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
    for k in range(len(before) - 1, -1, -1):
        line = before[k]
        if not _near(line, below) or _is_title(line):
            break
        if _title_wrap(line, before[k - 1] if k and _near(before[k - 1], line) else None):
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


def _overlaps(run: Run, col: tuple[float, float]) -> bool:
    return run.x0 < col[1] and col[0] < run.x1


def _spanning(k: int, cols: list[tuple[float, float]], body: list) -> bool:
    """Column k is no column but the words of cells merged across columns (合计 centred over the
    label columns): only words stand there, never beside anything in the columns either side."""
    if not 0 < k < len(cols) - 1:
        return False
    for line in body:
        for run in line.runs:
            if _overlaps(run, cols[k]) and (is_value(run.text) or any(
                    _overlaps(other, cols[k - 1]) or _overlaps(other, cols[k + 1]) for other in line.runs)):
                return False
    return True


def _covered(run: Run, bounds: list[float], starts: tuple[float, ...] = ()) -> tuple[int, int]:
    """The columns a run stands over, among the column ranges wide enough to hold it: header text
    stands centred in its (possibly merged) cell, or, in a table of left-aligned cells, starts
    where its column's texts start (`starts`: where each column's texts start)."""
    centre, width = (run.x0 + run.x1) / 2, run.x1 - run.x0
    n = len(bounds) - 1
    ranges = [(k, m) for k in range(n) for m in range(k + 1, n + 1) if bounds[m] - bounds[k] >= 0.9 * width]
    if not ranges:
        return 0, n

    def off(km: tuple[int, int]) -> float:
        return abs((bounds[km[0]] + bounds[km[1]]) / 2 - centre)

    # the narrowest range the run is centred on, else the one it is nearest to centred on
    centred = [km for km in ranges if off(km) <= 0.1 * (bounds[km[1]] - bounds[km[0]]) + 3]
    left = [km for km in ranges if km[0] < len(starts) and abs(starts[km[0]] - run.x0) <= 2]
    return min(left or centred or [min(ranges, key=off)], key=lambda km: km[1] - km[0])


def _bounds(cols: list[tuple[float, float]], left: float, right: float) -> list[float]:
    """Cell borders: the table's edges and the middles of the gaps between columns."""
    return [min(left, cols[0][0])] + [(a[1] + b[0]) / 2 for a, b in zip(cols, cols[1:])] + [max(right, cols[-1][1])]


def _cells(region: list, n_head: int, cols: list[tuple[float, float]], page: int) -> list[Cell]:
    head, body = region[:n_head], region[n_head:]
    anchors = [ln for ln in body if _is_row(ln)]
    if len(cols) < 2:
        return []
    bounds = _bounds(cols, min(ln.x0 for ln in region), max(ln.x1 for ln in region))
    header = _header_cells(head, bounds, tuple(c[0] for c in cols))
    levels = max((level + 1 for level, *_ in header), default=0)
    cells = []
    for level, c0, c1, texts, rowspan in header:
        cells.append(Cell(level, c0, cell_text(texts), rowspan or levels - level, c1 - c0, page))
    # body: each run goes to its column and to the row whose values stand nearest
    grid: dict[tuple[int, int], list[Run]] = {}
    centres = [(ln.top + ln.bottom) / 2 for ln in anchors]
    widths: dict[tuple[int, int], int] = {}  # cells merged across columns: their colspan
    for ln in body:
        row = min(range(len(anchors)), key=lambda k: abs(centres[k] - (ln.top + ln.bottom) / 2))
        for run in ln.runs:
            if any(_overlaps(run, col) for col in cols):
                col = _column_of(run, bounds)
            else:  # between the columns: centred over the cells it is merged across
                col, c1 = _covered(run, bounds)
                widths[row, col] = c1 - col
            grid.setdefault((row, col), []).append(run)
    spans = _group_spans(grid, centres, len(cols))
    for (row, col), parts in sorted(grid.items()):
        parts.sort(key=lambda r: (r.top, r.x0))
        top, n = spans.get((row, col), (row, 1))
        cells.append(Cell(levels + top, col, cell_text([p.text for p in parts]), n, widths.get((row, col), 1), page))
    return _fill_missing(cells, levels + len(anchors), len(cols), page)


def _group_spans(grid: dict, centres: list[float], n_cols: int) -> dict[tuple[int, int], tuple[int, int]]:
    """Merged group labels: a label standing alone in a column of words, with empty cells above or
    below it while the column to its right names every one of those rows, was a cell merged down
    over the rows it is centred on (商品住房 over 新开工面积 | 新开工套数 | 竣工面积). Returns
    (row, col) -> (first row, rowspan)."""
    n = len(centres)
    if n < 2:
        return {}
    mids = [(a + b) / 2 for a, b in zip(centres, centres[1:])]
    edges = [2 * centres[0] - mids[0], *mids, 2 * centres[-1] - mids[-1]]  # row k spans edges[k]..edges[k+1]
    words = {c for c in range(n_cols) if any((r, c) in grid for r in range(n))
             and not any(is_value(cell_text([p.text for p in grid[r, c]])) for r in range(n) if (r, c) in grid)}
    out: dict[tuple[int, int], tuple[int, int]] = {}
    for c in sorted(words):
        if c + 1 not in words:
            continue
        taken = -1  # the last row a label above took
        for r in range(n):
            if (r, c) not in grid:
                continue
            runs_ = grid[r, c]
            centre = (min(p.top for p in runs_) + max(p.bottom for p in runs_)) / 2
            up, down = r, r
            while up - 1 > taken and (up - 1, c) not in grid and (up - 1, c + 1) in grid:
                up -= 1
            while down < n - 1 and (down + 1, c) not in grid and (down + 1, c + 1) in grid:
                down += 1
            best, off = (r, 1), abs((edges[r] + edges[r + 1]) / 2 - centre)
            for a in range(up, r + 1):
                for b in range(r, down + 1):
                    o = abs((edges[a] + edges[b + 1]) / 2 - centre)
                    pitch = (edges[b + 1] - edges[a]) / (b - a + 1)
                    if o < off - 0.25 * pitch or (o <= off + 0.25 * pitch and b - a + 1 > best[1]):
                        best, off = (a, b - a + 1), min(o, off)
            if best[1] > 1:
                out[r, c] = best
            taken = best[0] + best[1] - 1
    return out


def _header_cells(head: list, bounds: list[float], starts: tuple[float, ...] = ()) -> list[tuple[int, int, int, list[str], int]]:
    """Header cells as (level, first column, end column, text lines, rowspan or 0 for 'to the body')."""
    boxes: list[list] = []  # [x0, x1, top, bottom, texts]: a cell's text wrapped over stacked lines
    for line in head:
        gap = 0.8 * (line.bottom - line.top)
        # (a cell whose text opens a bracket it has not closed goes on over a wider gap)
        above = [b for b in boxes if 0 <= line.top - b[3] <= (2.5 * gap if _unclosed(b[4]) else gap)]
        # a run right under a cell but not in its middle starts a new header level below it; the
        # cells beside that parent then end too, even where a run would stack onto one of them
        parents = {round(b[2]) for r in line.runs for b in above
                   if _under(r, b, bounds) and not _stacked(b[0], b[1], r.x0, r.x1)}
        # a row of units under the header words (套 | 套（间） | 万平方米), one in every column from
        # the first it stands in to the last, is a header level of its own
        # (units in brackets, each centred under a header's words, are those headers wrapped:
        # 商品住房新开工 / （套）, one cell as a ruled table has it)
        units = len(line.runs) >= 2 and all(UNIT_ONLY.match(r.text) for r in line.runs) and not all(
            r.text.startswith(("（", "(")) and any(_stacked(b[0], b[1], r.x0, r.x1) for b in above)
            for r in line.runs) and \
            sorted(_column_of(r, bounds) for r in line.runs) == list(range(len(bounds) - 1 - len(line.runs),
                                                                         len(bounds) - 1))
        for run in line.runs:
            box = None if units else next((b for b in above if _stacked(b[0], b[1], run.x0, run.x1)
                        and (_unclosed(b[4]) or not any(abs(b[2] - top) <= 2 for top in parents))), None)
            if box:
                box[0], box[1], box[3] = min(box[0], run.x0), max(box[1], run.x1), run.bottom
                box[4].append(run.text)
            else:
                boxes.append([run.x0, run.x1, run.top, run.bottom, [run.text]])
    cells = [(*_covered(Run(b[0], b[1], b[2], b[3], ""), bounds, starts), b[2], b[3], b[4]) for b in boxes]
    level_of: dict[int, int] = {}
    for n, (c0, c1, top, bottom, texts) in enumerate(cells):
        above = [level_of[m] for m, o in enumerate(cells[:n]) if o[3] <= top and o[0] < c1 and c0 < o[1]]
        level_of[n] = max(above) + 1 if above else 0
    out = []
    for n, (c0, c1, top, bottom, texts) in enumerate(cells):
        below = [level_of[m] for m, o in enumerate(cells) if o[2] >= bottom and o[0] < c1 and c0 < o[1]]
        out.append((level_of[n], c0, c1, texts, min(below) - level_of[n] if below else 0))
    return out


def _under(run: Run, box: list, bounds: list[float]) -> bool:
    """The run stands under the box: overlapping it, or in one of the columns it is centred over
    (2024年 over 计划 | 完成)."""
    if min(run.x1, box[1]) > max(run.x0, box[0]):
        return True
    c0, c1 = _covered(Run(box[0], box[1], box[2], box[3], ""), bounds)
    return c1 - c0 > 1 and c0 <= _column_of(run, bounds) < c1


def _unclosed(texts: list[str]) -> bool:
    """A cell's text so far opens a bracket it has not closed (住宅用地供应（公 / 顷）): it wraps on."""
    text = "".join(texts)
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


def _stacked(a0: float, a1: float, b0: float, b1: float) -> bool:
    """Two pieces of one wrapped cell: the narrower lies within the wider, about its middle (or,
    left-aligned, the lower piece starts where the upper one does)."""
    wide = max(a1 - a0, b1 - b0)
    inside = min(a1, b1) - max(a0, b0) >= 0.8 * min(a1 - a0, b1 - b0)
    return inside and (abs((a0 + a1) / 2 - (b0 + b1) / 2) <= wide / 4 or (abs(a0 - b0) <= 1 and b1 <= a1))


def _column_of(run: Run, bounds: list[float]) -> int:
    centre = (run.x0 + run.x1) / 2
    return next((k for k in range(len(bounds) - 1) if centre < bounds[k + 1]), len(bounds) - 2)


def _fill_missing(cells: list[Cell], n_rows: int, n_cols: int, page: int) -> list[Cell]:
    """Every grid position belongs to a cell; an empty position becomes an empty cell."""
    covered = {(r, c) for cell in cells for r in range(cell.row, cell.row + cell.rowspan)
               for c in range(cell.col, cell.col + cell.colspan)}
    empty = [Cell(r, c, "", 1, 1, page) for r in range(n_rows) for c in range(n_cols) if (r, c) not in covered]
    return cells + empty
