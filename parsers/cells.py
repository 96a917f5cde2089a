"""Facts from table cells: the value of a cell, its unit, and its meaning from the cell's labels.

Unit, in order: written in the cell (36个月), the row's 单位 column, the column's header path
(建筑面积（万平方米）), the row label (房地产完成投资（亿元）, inherited by its 其中 rows), the title's
单位, a counting word (套数 → 套). Metric and housing type: the header path, then the row label,
then the title, then the headings above. Region: a row label that is a place or a total (总计 → the
jurisdiction). Period: a year column (2023), a total column of a year table (the years it sums),
else the title and headings. "-" is no figure; "0.00" is a real zero.
"""
from __future__ import annotations

import re

from extractors.model import Block, Document, Table
from extractors.tables import is_value
from parsers import meaning
from parsers.catalog import unit_words, units
from parsers.meta import DocumentInfo
from parsers.quantities import NUMBER as NUMBER_PATTERN
from parsers.quantities import Quantity, find_quantities
from parsers.regions import places_under
from parsers.source import Fact, Source

NUMBER = re.compile(NUMBER_PATTERN)
PAREN = re.compile(r"[（(]([^（）()]+)[）)]")
YEAR_HEADER = re.compile(r"^((?:19|20)\d\d)年?$")
SKIP_HEADERS = ("序号", "编号")
# a row or column label naming a place: a division written as it is, or any 县/区/市/旗/开发区
PLACE_LABEL = re.compile(r"^[\u4e00-\u9fff]{1,12}?(自治县|县|区|市|旗|开发区|新区|园区|团场|镇)$")


def table_facts(document: Document, block: Block, info: DocumentInfo) -> list[Fact]:
    table = block.table
    grid = table.grid()
    headings = tuple(reversed(block.section))
    title = table.title or ""
    label_cols = _label_columns(table)
    year_cols = {c: int(m.group(1)) for c, path in enumerate(table.header_paths)
                 if (m := YEAR_HEADER.match(path.split(" / ")[-1]))}
    # a note row (注：数据截至2025年底…) dates the whole table
    notes = " ".join(c.text for c in table.cells if c.row >= table.header_rows and c.colspan == table.n_cols)
    facts = []
    row_units: dict[int, list] = {}
    for cell in table.cells:
        r, c = cell.row, cell.col
        if r < table.header_rows or c in label_cols or c == table.unit_col or not is_value(cell.text, years_too=True):
            continue
        header = table.header_paths[c] if c < len(table.header_paths) else ""
        if header in SKIP_HEADERS:
            continue
        label = table.row_labels[r]
        own = (header, label, _parent_label(table, r), title)  # what the cell's own labels say
        context = (*own, *headings)
        years = _years(c, year_cols) or meaning.period((header, notes, title, *headings), info)
        region = _region(label, info)
        units = _units(table, grid, r, header, label, row_units)
        for q in _quantities(cell.text, units):
            quote = f"{label} | {header} | {cell.text}" if label else f"{header} | {cell.text}"
            source = Source(document.path, document.sha256, cell.page or block.page,
                            f"{block.locator}/r{r}/c{c}", block.index, cell.text, q.start, q.end, quote)
            metric = meaning.metric(context, q.unit, q)
            span = meaning.level_period(metric, q.unit, years, info)
            facts.append(Fact(
                metric, meaning.housing_type(own), region, span[0], span[1],
                meaning.kind(title + notes, "", years, info, headings), q, source, block.section, block.ocr,
            ))
    return facts


def _parent_label(table: Table, r: int) -> str:
    """For a "其中：住宅" row, the row it is part of: the nearest row above not starting with 其中."""
    if not table.row_labels[r].startswith("其中"):
        return ""
    return next((table.row_labels[k] for k in range(r - 1, table.header_rows - 1, -1)
                 if not table.row_labels[k].startswith("其中")), "")


def _label_columns(table: Table) -> set[int]:
    body = table.grid()[table.header_rows:]
    return {c for c in range(table.n_cols) if any(row[c] for row in body) and not any(is_value(row[c]) for row in body if row[c])}


def _years(col: int, year_cols: dict[int, int]) -> tuple[int, int] | None:
    if col in year_cols:
        return year_cols[col], year_cols[col]
    if len(year_cols) >= 2 and col > max(year_cols):  # 合计 after the year columns
        return min(year_cols.values()), max(year_cols.values())
    return None


def _region(label: str, info: DocumentInfo) -> str | None:
    places = places_under(info.jurisdiction_code)
    for part in label.split(" / "):
        if part in places:
            return info.jurisdiction if places[part] == info.jurisdiction_code else part
        if part in meaning.TOTAL_WORDS or part.startswith(meaning.TOTAL_WORDS):
            return info.jurisdiction
        if PLACE_LABEL.match(part) or meaning.scope_words().get(part) == "part":
            return part
    return info.jurisdiction


def _known(word: str) -> bool:
    return unit_words().get(word, word) in units()


def _unit_in(text: str) -> list[str]:
    """Units named in a label, as written: its last bracketed unit(s) ("个 / 套" gives two,
    元/平方米 is one), or a counting word at its end (套数 → 套)."""
    for inner in reversed(PAREN.findall(text)):
        if _known(inner.strip()):
            return [inner.strip()]
        parts = [p.strip() for p in re.split(r"[/、，,]", inner)]
        if parts and all(_known(p) for p in parts):
            return parts
    for word, written in unit_words().items():
        if text.endswith(word) and len(word) > 1:
            return [written]
    return []


def _units(table: Table, grid, r: int, header: str, label: str, row_units: dict) -> list[str]:
    if table.unit_col is not None:
        first = re.split(r"[（(]", grid[r][table.unit_col])[0].strip()
        if first and _known(first):
            return [first]
    found = _unit_in(header) or _unit_in(label.split(" / ")[-1])
    if not found and label.split(" / ")[-1].startswith("其中"):
        found = next((row_units[k] for k in sorted(row_units, reverse=True) if k < r and row_units[k]), [])
    row_units[r] = found or row_units.get(r)
    if not found and table.unit and _known(table.unit):
        found = [table.unit]
    return found


def _quantities(text: str, context_units: list[str]) -> list[Quantity]:
    """The figures of a cell: those written with a unit, and bare numbers in the context's units
    (positionally: "90/17105" under 个 / 套 is 90 个 and 17105 套)."""
    written = find_quantities(text)
    taken = [(q.start, q.end) for q in written]
    bare = [m for m in NUMBER.finditer(text) if not any(s <= m.start() < e for s, e in taken)]
    out = list(written)
    for i, m in enumerate(bare):
        if not context_units:
            break
        word = context_units[min(i, len(context_units) - 1)]
        unit = units()[unit_words().get(word, word)]
        value = float(m.group().replace(",", "")) * unit.factor
        out.append(Quantity(round(value, 6), unit.base_unit, m.group(), word, "exact", m.start(), m.end()))
    return sorted(out, key=lambda q: q.start)
