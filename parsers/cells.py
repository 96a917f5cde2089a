"""Facts from table cells: the value of a cell, its unit, and its meaning from the cell's labels.

Unit, in order: written in the cell (36个月), the row's 单位 column, the column's header path
(建筑面积（万平方米）, a unit-only header row under a group: 新开工 / 套（间）, a counting word: 套数 → 套),
the title's unit list mapped onto the column groups in order (单位：万平方米、套、公顷), the row label
(房地产完成投资（亿元）, inherited by its 其中 rows), the title's single 单位. A cell with a number but no
unit found this way gives no fact (the coverage report lists it); no unit is guessed. Columns that
hold no figures: 序号/编号/代码/年份 headers, years, serial numbers 1..n. Metric and housing type:
the header path, then the row label, then the title, then the headings above. Region: a row label
that is a place or a total (总计, 全省合计 → the jurisdiction; 市区合计 → 市区). Period: a year column
(2023), a total column of a year table (the years it sums), else the title and headings. "-" is no
figure; "0.00" is a real zero. Text cells (a row's name, 建设内容) give the figures written in them
with their units.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache

from extractors.model import Block, Document, Table
from extractors.tables import is_value
from parsers import meaning
from parsers.catalog import qualifier_words, unit_words, units
from parsers.meta import DocumentInfo
from parsers.quantities import NUMBER as NUMBER_PATTERN
from parsers.quantities import Quantity, find_quantities, normalise, word_ending, word_starting
from parsers.regions import jurisdiction_code, places_under, resolve_place
from parsers.source import Fact, Source

NUMBER = re.compile(NUMBER_PATTERN)
PAREN = re.compile(r"[（(]([^（）()]+)[）)]")
YEAR_HEADER = re.compile(r"^((?:19|20)\d\d)年?$")
# a column of list numbers, codes or dates, not figures (the header's last part, its brackets dropped)
SKIP_HEADER = re.compile(r"^[^\d]*(序号|编号|代码|编码|年份|年代|日期|时间|电话|邮编)$|^(年度|No\.?|NO\.?)$")
# a text column of names: its numbers are parts of names
NAME_HEADER = re.compile(r"(名称|名|地址|位置|地点|坐落|四至)(（[^（）]*）)?$")
# a column naming things (not indicators: 指标名称 holds measure words)
THING_NAME = re.compile(r"(小区|项目|社区|村|楼盘|地块|企业|单位|街道|片区|院落|楼宇)(名称|名)$")
# a remark column (备注: 2025.6前开工) says nothing of what the row's figures measure
REMARK_HEADER = re.compile(r"(备注|说明|附注)$")
# a figure in a text cell stands at its end or before punctuation (not inside a name)
FIGURE_END = re.compile(r"^(\s*$|\s*[，,、；;。）)/])")
YEAR_VALUE = re.compile(r"^(19|20)\d\d$")
# a row or column label naming a place: a division written as it is, or any 省/州/县/区/市/旗/开发区
PLACE_LABEL = re.compile(r"^[\u4e00-\u9fff]{1,12}?(自治区|自治州|自治县|省|地区|州|盟|县|区|市|旗|开发区|新区|园区|团场|镇)$")
NOT_PLACE = re.compile(r"(小区|社区|棚户区|片区|街区|景区|厂区|生活区|住宅区|城中村)$")
# a total row: 合计, 总计, 全省合计, 全市总计; 市区合计 is the total of 市区
TOTAL_END = re.compile(r"(合计|总计|小计|共计|汇总|总数)$")
# a column header naming the kind of its figures (under or beside a year): 计划 | 完成
KIND_HEADER = {"plan": re.compile(r"(年度)?(计划|目标|任务|计划数|计划任务|目标任务|计划目标)"),
               "actual": re.compile(r"(实际|完成|实际完成|完成数|完成情况|已完成|实绩)"),
               "forecast": re.compile(r"(预计|预计完成|预测)")}
KIND_YEAR = re.compile(r"^(19|20)\d\d年?")
WHOLE = re.compile(r"^(全[省市县区州盟旗师]|全地区|全自治区|本[省市县区州])$")


def table_facts(document: Document, block: Block, info: DocumentInfo) -> list[Fact]:
    table = block.table
    grid = table.grid()
    headings = tuple(reversed(block.section))
    title = table.title or ""
    label_cols = _label_columns(table)
    skipped = _not_figures(table, label_cols)
    group_units = _group_units(table, label_cols | skipped)
    year_cols = {c: int(m.group(1)) for c, path in enumerate(table.header_paths)
                 if (m := YEAR_HEADER.match(path.split(" / ")[-1]))}
    # a note row (注：数据截至2025年底…) dates the whole table
    notes = " ".join(c.text for c in table.cells if c.row >= table.header_rows and c.colspan == table.n_cols)
    # the measure the document's text writes before each housing type (新开工配售型…), once per table
    stated = meaning.stated_measures(tuple(b.text for b in document.blocks if b.table is None))
    facts = []
    row_units: dict[int, list] = {}
    # what depends only on a cell's labels or years, found once for the cells sharing them
    regions: dict[tuple[str, str], str | None] = {}
    kinds: dict[tuple, str] = {}
    row_years = _row_years(table, grid, label_cols)
    for cell in table.cells:
        r, c = cell.row, cell.col
        if r < table.header_rows or c == table.unit_col or c in skipped:
            continue
        text_cell = c in label_cols or not _is_value(cell.text)
        if text_cell and (cell.colspan == table.n_cols or not NUMBER.search(normalise(cell.text))):
            continue
        header = table.header_paths[c] if c < len(table.header_paths) else ""
        label = table.row_labels[r]
        named = _meaning_label(table, grid, r, label_cols)
        own = (header, named, _parent_label(table, r), title)  # what the cell's own labels say
        context = (*own, *headings)
        years = _label_span(named, _years(c, year_cols) or row_years.get(r)
                            or meaning.period((header, notes, title, *headings), info), info)
        if (named, header) not in regions:  # a 小区名称 such as 县医院宿舍区 names no region
            regions[named, header] = _region(named, header, info)
        region = regions[named, header]
        units = [] if text_cell else _units(table, grid, r, c, header, label, row_units, group_units)
        found = _quantities(cell.text, units)
        if text_cell:  # a name (胜利路28栋住宅区) holds no figure; 建设内容 such as 改造住房360套，… does
            found = [] if NAME_HEADER.search(header) else [q for q in found if FIGURE_END.match(cell.text[q.end:])]
        for q in found:
            quote = f"{label} | {header} | {cell.text}" if label else f"{header} | {cell.text}"
            source = Source(document.path, document.sha256, cell.page or block.page,
                            f"{block.locator}/r{r}/c{c}", block.index, cell.text, q.start, q.end, quote)
            metric = meaning.metric(context, q.unit, q)
            span = meaning.level_period(metric, q.unit, years, info)
            if years not in kinds:
                kinds[years] = meaning.kind(title + notes, "", years, info, headings)
            kind = kinds[years]
            htype = meaning.housing_type(own)  # 保障性租赁住房（套）: dwellings supplied; 改造…惠及户数: renewed
            metric = meaning.programme_metric(metric, htype, " ".join(own[:3]) if q.unit == "unit" else None,
                                              stated)
            facts.append(Fact(
                metric, htype, region, span[0], span[1],
                _column_kind(header, kind), q, source, block.section, block.ocr,
            ))
    return facts


def _column_kind(header: str, kind: str) -> str:
    """A column headed by a kind word alone (2024年 / 计划 | 完成, 2024年（计划）, 2025年（预计）) holds
    that kind of figure: a past year's 计划 column is its plan, not what was done."""
    if kind not in ("plan", "actual"):
        return kind
    for part in header.split(" / "):
        word = KIND_YEAR.sub("", part).strip("（）() ")
        for name, pattern in KIND_HEADER.items():
            if pattern.fullmatch(word):
                return name
    return kind


def _meaning_label(table: Table, grid, r: int, label_cols: set[int]) -> str:
    """The row label without its names (小区名称, 项目名称): 建设路小区 names a place, it is no measure word."""
    names = {grid[r][c] for c in label_cols if c < len(table.header_paths)
             and (THING_NAME.search(table.header_paths[c]) or REMARK_HEADER.search(table.header_paths[c]))}
    return " / ".join(p for p in table.row_labels[r].split(" / ") if p not in names)


def _parent_label(table: Table, r: int) -> str:
    """For a "其中：住宅" row, the row it is part of: the nearest row above not starting with 其中."""
    if not table.row_labels[r].startswith("其中"):
        return ""
    return next((table.row_labels[k] for k in range(r - 1, table.header_rows - 1, -1)
                 if not table.row_labels[k].startswith("其中")), "")


def _label_columns(table: Table) -> set[int]:
    body = table.grid()[table.header_rows:]
    return {c for c in range(table.n_cols) if any(row[c] for row in body) and not any(_is_value(row[c], False) for row in body if row[c])}


def _row_years(table: Table, grid, label_cols: set[int]) -> dict[int, tuple[int, int]]:
    """Rows named by successive years (a 年份 column of 2026年, 2027年 …, a year merged over its rows):
    each row's figures are of its year, a total row after them of all of them. A column of years
    that do not follow one another (建成年代) dates no row."""
    body = range(table.header_rows, table.n_rows)
    for c in sorted(label_cols):
        found = {r: int(m.group(1)) for r in body if (m := YEAR_HEADER.match(grid[r][c]))}
        years = list(found.values())
        if len(set(years)) < 2 or any(b - a not in (0, 1) for a, b in zip(years, years[1:])):
            continue
        out = {r: (y, y) for r, y in found.items()}
        last = max(found)
        for r in body:
            if r > last and TOTAL_END.search(table.row_labels[r].split(" / ")[-1]):
                out[r] = (min(years), max(years))
        return out
    return {}


def _label_span(label: str, years: tuple[int, int] | None, info: DocumentInfo) -> tuple[int, int] | None:
    """A row naming a span of years that ends in its column's year (“十五五”期间新增保障性住房 under
    2030年目标值) counts over the span; the column names where it ends."""
    if years is None or years[0] != years[1]:
        return years
    span = meaning.last_period(label, meaning.now(info), meaning.doc_year(info), False) if label else None
    return span if span and span[0] < span[1] == years[1] else years


def _years(col: int, year_cols: dict[int, int]) -> tuple[int, int] | None:
    if col in year_cols:
        return year_cols[col], year_cols[col]
    if len(year_cols) >= 2 and col > max(year_cols):  # 合计 after the year columns
        return min(year_cols.values()), max(year_cols.values())
    return None


def _region(label: str, header: str, info: DocumentInfo) -> str | None:
    """The row label's place, else one its column's header names (a table with a column per county),
    else the whole jurisdiction."""
    return _place(label, info) or _place(header, info) or info.jurisdiction


def _place(label: str, info: DocumentInfo) -> str | None:
    """The place a label names. Of several label columns the most specific names the row (片区 / 县:
    the county), except a bare 小计/合计 after a group's name: the group's subtotal (片区 / 小计)."""
    parts = label.split(" / ")
    if len(parts) > 1 and TOTAL_END.fullmatch(parts[-1]):  # a group of places (晋北片区) is its own region
        group = parts[-2]
        area = PLACE_LABEL.match(group) or group.endswith(("片区", "区域", "板块", "组团"))
        return _place(" / ".join(parts[:-1]), info) or (group if area else info.jurisdiction)
    if len(parts) > 1:  # a known place, the most specific first; else a word shaped like one (…区), the first
        return (next(filter(None, (_place_of(part, info, False) for part in reversed(parts))), None)
                or next(filter(None, (_place_of(part, info) for part in parts)), None))
    return _place_of(label, info)


def _place_of(part: str, info: DocumentInfo, shaped: bool = True) -> str | None:
    """The place `part` names: a division, a total, a scope word, or (`shaped`) a word ending in 区/县/市…"""
    places = places_under(info.jurisdiction_code)
    if part in places:
        return info.jurisdiction if places[part] == info.jurisdiction_code else part
    if part in meaning.TOTAL_WORDS or part.startswith(meaning.TOTAL_WORDS) or WHOLE.match(part):
        return info.jurisdiction
    if TOTAL_END.search(part):
        rest = TOTAL_END.sub("", part).rstrip("：:")
        return info.jurisdiction if not rest or WHOLE.match(rest) else _place_of(rest, info) or info.jurisdiction
    if found := resolve_place(part, info):  # a division anywhere in China, a 新区, 全省 in a province
        return found[0]
    scope = meaning.scope_words().get(part)
    if scope == "jurisdiction":
        return info.jurisdiction
    if scope == "part" or jurisdiction_code(part) or (shaped and PLACE_LABEL.match(part) and not NOT_PLACE.search(part)):
        return part
    return None


def _not_figures(table: Table, label_cols: set[int]) -> set[int]:
    """Value columns that hold no figures: list numbers (序号, or 1, 2, 3 … down the first value
    column), codes (编号, 代码), years and dates (年份, 建成年代; a column of bare years without a unit)."""
    body = table.grid()[table.header_rows:]
    out = set()
    first_value_col = min((c for c in range(table.n_cols) if c not in label_cols), default=None)
    for c in range(table.n_cols):
        header = table.header_paths[c] if c < len(table.header_paths) else ""
        last = PAREN.sub("", header.split(" / ")[-1]).strip()
        values = [normalise(row[c]).strip() for row in body if row[c] and is_value(row[c], years_too=True)]
        values = [v for v in values if not re.fullmatch(r"[-—–]+", v)]
        if not values or c in label_cols:
            continue
        serial = [str(i) for i in range(1, len(values) + 1)]
        if SKIP_HEADER.match(last) or (c == first_value_col and len(values) >= 3 and values == serial):
            out.add(c)
        elif (all(YEAR_VALUE.match(v) for v in values) and _unit_in(header) in ([], ["年"])
              and not YEAR_HEADER.match(header.split(" / ")[-1])):
            out.add(c)
    return out


def _title_units(table: Table) -> list[str]:
    """The units a title states, in order (单位：万平方米、套、公顷); words that are no unit are dropped."""
    if not table.unit:
        return []
    if _known(table.unit.strip()):
        return [table.unit.strip()]
    return [p.strip() for p in re.split(r"[、，,；;]", table.unit) if _known(p.strip())]


def _group_units(table: Table, not_values: set[int]) -> dict[int, str]:
    """A title's list of units mapped onto the column groups in order: the topmost header row whose
    cells split the value columns into as many groups as there are units (else one unit per column),
    or the sub-columns repeating under each group (套数 | 建筑面积 | 套数 | 建筑面积 under 单位：套、万平方米).
    A mapping that gives a column another unit than its own header names (套数 → 套) is not the one."""
    listed = _title_units(table)
    if len(listed) < 2:
        return {}
    body = table.grid()[table.header_rows:]
    cols = [c for c in range(table.n_cols) if c not in not_values and c != table.unit_col
            and any(row[c] and is_value(row[c], years_too=True) for row in body)]
    grid = table.grid()
    candidates = []
    for r in range(table.header_rows):
        # a merged header cell covers its group; a backend that split it repeats its text
        groups: list[list[int]] = []
        for c in cols:
            key = [grid[k][c] for k in range(r + 1)]
            if groups and groups[-1][-1] == c - 1 and [grid[k][c - 1] for k in range(r + 1)] == key:
                groups[-1].append(c)
            else:
                groups.append([c])
        if len(groups) == len(listed):
            candidates.append({c: unit for group, unit in zip(groups, listed) for c in group})
    k = len(listed)
    deepest = [table.header_paths[c].split(" / ")[-1] for c in cols]
    if len(cols) > k and len(cols) % k == 0 and all(deepest[i] == deepest[i % k] for i in range(len(cols))):
        candidates.append({c: listed[i % k] for i, c in enumerate(cols)})
    return next((m for m in candidates if not any(_contradicts(table.header_paths[c], u) for c, u in m.items())), {})


def _contradicts(header: str, unit: str) -> bool:
    """The header names a unit of another kind than `unit` (套数 under a column mapped to 万平方米)."""
    own = _unit_in(header)
    return bool(own) and units()[unit_words().get(own[0], own[0])].base_unit != units()[unit_words().get(unit, unit)].base_unit


def _known(word: str) -> bool:
    return unit_words().get(word, word) in units()


def _unit_in(text: str) -> list[str]:
    """Units named in a header path or label, as written, its deepest part first: a part that is only
    a unit (a unit-only header row: 套（间）, 万平方米, 个/套), its last bracketed unit(s) ("个 / 套" gives
    two, 元/平方米 is one), or a counting word at its end (套数 → 套)."""
    return list(_units_named(text))


@lru_cache(maxsize=1024)  # a header is asked for each cell under it
def _units_named(text: str) -> tuple[str, ...]:
    for part in reversed(text.split(" / ")):
        part = part.strip()
        if not part:
            continue
        bare = part if _known(part) else part.strip("（）()")
        if _known(bare):
            return (bare,) if bare in units() or len(bare) == 1 else (unit_words()[bare],)
        pieces = [p.strip() for p in re.split(r"[/、，,]", bare)]
        if len(pieces) > 1 and all(_known(p) for p in pieces):
            return tuple(pieces)
        for unit in _bracketed_units():  # 套（间） in brackets: 新开工（套（间））
            if part.endswith((f"（{unit}）", f"({unit})")):
                return (unit,)
        for inner in reversed(PAREN.findall(part)):
            if _known(inner.strip()):
                return (inner.strip(),)
            parts = [p.strip() for p in re.split(r"[/、，,]", inner)]
            if parts and all(_known(p) for p in parts):
                return tuple(parts)
        for word, written in unit_words().items():
            if part.endswith(word) and len(word) > 1:
                return (written,)
    return ()


@cache
def _bracketed_units() -> tuple[str, ...]:
    return tuple(u for u in units() if "（" in u or "(" in u)


def _units(table: Table, grid, r: int, c: int, header: str, label: str, row_units: dict,
           group_units: dict[int, str]) -> list[str]:
    if table.unit_col is not None:
        first = re.split(r"[（(]", grid[r][table.unit_col])[0].strip()
        if first and _known(first):
            return [first]
    found = _unit_in(header) or ([group_units[c]] if c in group_units else []) or _unit_in(label.split(" / ")[-1])
    if not found and label.split(" / ")[-1].startswith("其中"):
        found = next((row_units[k] for k in sorted(row_units, reverse=True) if k < r and row_units[k]), [])
    row_units[r] = found or row_units.get(r)
    title = _title_units(table)
    if not found and len(title) == 1:
        found = title
    return found


def _quantities(text: str, context_units: list[str]) -> list[Quantity]:
    """The figures of a cell: those written with a unit, and bare numbers in the context's units
    (positionally: "90/17105" under 个 / 套 is 90 个 and 17105 套; "3-5" is a range, "-2.5" negative,
    "约120" approximate)."""
    written = find_quantities(text)
    taken = [(q.start, q.end) for q in written]
    norm = normalise(text)
    bare = [m for m in NUMBER.finditer(norm) if not any(s <= m.start() < e for s, e in taken)]
    ranged = len(bare) == 2 and RANGE_BETWEEN.match(norm[bare[0].end():bare[1].start()])
    out = list(written)
    for i, m in enumerate(bare):
        if not context_units:
            break
        word = context_units[0 if ranged else min(i, len(context_units) - 1)]
        unit = units()[unit_words().get(word, word)]
        start = m.start() - 1 if i == 0 and NEGATIVE.match(norm[:m.start()]) else m.start()
        value = float(re.sub(r"[,，]", "", norm[start:m.end()]).replace("－", "-").replace("−", "-")) * unit.factor
        end, written = m.end(), word
        scale = SCALE.match(norm[end:])  # 1.2万 under 套: 12 000 套 (unless the unit is 万套 already)
        if scale and not word.startswith(scale.group(1)):
            value, end, written = value * SCALES[scale.group(1)], end + 1, f"{scale.group(1)}{word}"
        qualifier = ("range_low", "range_high")[i] if ranged else _qualifier(norm[:start], norm[end:])
        out.append(Quantity(round(value, 6), unit.base_unit, text[start:m.end()], written, qualifier, start, end))
    return sorted(out, key=lambda q: q.start)


SCALE = re.compile(r"^(万|亿)(?![\u4e00-\u9fff])")
SCALES = {"万": 1e4, "亿": 1e8}
RANGE_BETWEEN = re.compile(r"^\s*[-－—–~～至到]\s*$")
NEGATIVE = re.compile(r"^\s*[-－−]$")


@cache
def _after_words() -> dict[str, str]:
    """The qualifier words written after a number or inside a range (以上, 至)."""
    return {**qualifier_words()["after"], **qualifier_words()["infix"]}


def _qualifier(before: str, after: str) -> str:
    before, after = before.strip(), after.strip()
    if (word := word_ending(before, qualifier_words()["before"])) is not None:
        return qualifier_words()["before"][word]
    if (word := word_starting(after, _after_words())) is not None:
        return _after_words()[word]
    return "exact"


def _is_value(text: str, years_too: bool = True) -> bool:
    """A value cell, also with a qualifier around its number (约120, 120以上, 不少于300)."""
    if is_value(text, years_too):
        return True
    core = text.strip()
    if (word := word_starting(core, qualifier_words()["before"])) is not None:
        core = core[len(word):]
    if (word := word_ending(core, _after_words())) is not None:
        core = core[:-len(word)]
    return core != text.strip() and bool(core) and is_value(core, years_too)
