"""What every backend's tables share: canonical cell text, header rows, header paths, row labels.

A row holding only units under group headers (套 | 套（间） | 万平方米) is a header row like any other:
it ends the column's header path (保障性租赁住房 / 新增筹集 / 套), where the parsers read it as the unit.
A 单位：… statement (in the title, beside it, or in a row of its own) becomes the table's `unit`,
kept as written when it lists units for the column groups in order (万平方米、套、公顷).

A backend finds the cells and their spans; `build_table` works out the rest the same way for
every format, so a .docx table and the same table in its PDF come out identical.
"""
from __future__ import annotations

import re

from extractors.model import Cell, Table
from extractors.text import join_lines

_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’/]"
_SPACE_NEAR_CJK = re.compile(rf"(?<={_CJK})\s+|\s+(?={_CJK})")
# a value cell: a number (with decimals, thousands separators 1,256 or full-width １，２５６, %, a second
# figure in brackets or after a slash, units written with it: 120套（间）, 3.5万平方米, 2.1公顷) or a dash for "none"
_DIGIT = r"\d\uff10-\uff19"
_VALUE = re.compile(rf"^(?=.*[{_DIGIT}])[{_DIGIT}.．,，%％‰/（）()\s\-—–~～+＋户套间栋幢个万亿元平方米㎡m²公顷亩]+$|^[-—–]+$")
_YEAR = re.compile(r"^(19|20)\d\d(年)?$")
# a unit statement: 单位：万平方米 or a list for the column groups in order (单位：万平方米、套、公顷)
# (a unit may hold brackets of its own: 单位：万平方米、套（间）、个)
_UNIT_WORD = r"(?:[^（）()\s、，,]|（[^（）]*）|\([^()]*\))+"
_UNIT_IN_TITLE = re.compile(rf"单位\s*[:：]\s*({_UNIT_WORD}(?:[、，,]\s*{_UNIT_WORD})*)")
_UNIT_STATEMENT = re.compile(r"^[（(]?\s*(计量)?单位\s*[:：]")
UNIT_NOTE = re.compile(r"^[（(]?\s*(注\s*[:：]\s*)?(计量)?单位\s*[:：]")
UNIT_HEADERS = ("单位", "计量单位")
# a header cell holding only a unit (套, 套（间）, 万平方米, （亿元）, 万元/套, %): a unit row's cell
_UNIT = r"[万亿千百]?(?:平方米|平方公里|公顷|亩|套|户|个|间|栋|幢|元|人|米|公里|千米|㎡|m²|m2|%|％)"
_UNITS = rf"{_UNIT}(?:[（(]{_UNIT}[）)])?(?:[/／]{_UNIT})?"
UNIT_ONLY = re.compile(rf"^(?:{_UNITS}|[（(]{_UNITS}[）)])$")


def cell_text(lines: list[str]) -> str:
    """A cell's lines as one string: wrapped lines joined, no spaces around Chinese text."""
    return _SPACE_NEAR_CJK.sub("", join_lines(lines))


def is_value(text: str, years_too: bool = False) -> bool:
    """A value cell: a number or a dash. A bare year (2021) heads a column instead, unless
    `years_too` (a body cell of 2000 套 is a value)."""
    return bool(_VALUE.match(text)) and not UNIT_ONLY.match(text) and (years_too or not _YEAR.match(text))


def build_table(cells: list[Cell], title: str | None) -> Table:
    n_rows = max(c.row + c.rowspan for c in cells)
    n_cols = max(c.col + c.colspan for c in cells)
    table = Table(n_rows, n_cols, tuple(sorted(cells, key=lambda c: (c.row, c.col))), title)
    grid = table.grid()
    header_rows = _header_rows(table, grid)
    titles = {r for r in range(header_rows) if _is_title_row(table, r)}
    # a 单位：… cell in the header (beside the title, or in a row of its own) states units, not a header word
    statements = [c.text for c in table.cells if c.row < header_rows and _UNIT_STATEMENT.match(c.text)]
    # … or in a note row under the body: a cell across the table starting 单位：… (or 注：单位：…)
    statements += [c.text for c in table.cells if c.row >= header_rows and c.colspan == n_cols and n_cols > 1
                   and UNIT_NOTE.match(c.text)]
    for cell in table.cells:
        if cell.row < header_rows and _UNIT_STATEMENT.match(cell.text):
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    grid[r][c] = ""
    header_paths = tuple(_header_path(grid, c, header_rows, titles) for c in range(n_cols))
    unit_col = next((c for c, path in enumerate(header_paths) if path in UNIT_HEADERS), None)
    label_cols = _label_columns(grid, header_rows, exclude={unit_col})
    row_labels = tuple(
        "" if r < header_rows else " / ".join(dict.fromkeys(grid[r][c] for c in label_cols if grid[r][c]))
        for r in range(n_rows)
    )
    if title is None and titles:
        title = next((grid[r][c] for r in sorted(titles) for c in range(n_cols) if grid[r][c]), None)
    unit = next(filter(None, (_UNIT_IN_TITLE.search(t) for t in (title or "", *statements,
                                                                 *(grid[r][0] for r in sorted(titles))))), None)
    return Table(n_rows, n_cols, table.cells, title, header_rows, header_paths, row_labels,
                 unit.group(1) if unit else None, unit_col)


def _is_full_width(table: Table, row: int) -> bool:
    starts = [c for c in table.cells if c.row == row]
    return len(starts) == 1 and starts[0].colspan == table.n_cols and table.n_cols > 1


def _is_title_row(table: Table, row: int) -> bool:
    """A row spanning the table with one text, or with a title and a 单位：… cell beside it (or only that)."""
    if _is_full_width(table, row):
        return True
    starts = [c for c in table.cells if c.row == row]
    return (table.n_cols > 1 and len(starts) <= 2 and any(_UNIT_STATEMENT.match(c.text) for c in starts)
            and sum(c.colspan for c in starts) == table.n_cols and all(c.rowspan == 1 for c in starts))


def _header_rows(table: Table, grid: list[list[str]]) -> int:
    """Leading rows without a value cell (years count as labels), plus rows their cells span down into."""
    count = 0
    for r, row in enumerate(grid):
        if any(is_value(text) for text in row):
            break
        count = r + 1
    if count == len(grid):  # a table of text only: its first row heads it
        count = 1 if len(grid) > 1 else 0
    for cell in table.cells:
        if cell.row < count:
            count = max(count, min(cell.row + cell.rowspan, len(grid) - 1))
    return count


def _header_path(grid: list[list[str]], col: int, header_rows: int, titles: set[int]) -> str:
    parts: list[str] = []
    for r in range(header_rows):
        text = grid[r][col]
        if r not in titles and text and (not parts or parts[-1] != text):
            parts.append(text)
    return " / ".join(parts)


def _label_columns(grid: list[list[str]], header_rows: int, exclude: set) -> list[int]:
    """Columns whose body holds words, not values: they name the rows."""
    body = grid[header_rows:]
    cols = []
    for c in range(len(grid[0]) if grid else 0):
        texts = [row[c] for row in body if row[c]]
        if c not in exclude and texts and not any(is_value(t) for t in texts):
            cols.append(c)
    return cols
