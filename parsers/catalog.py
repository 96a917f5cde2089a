"""The project's domain tables (parsers/data/*.csv), loaded once and checked.

Domain knowledge lives in these files, not in code: a new unit, metric, housing type, scope word
or qualifier is one row. A malformed row is reported with its file and line.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from extractors.errors import PlanetlError

BASE_UNITS = frozenset(
    {"m2", "unit", "household", "item", "yuan", "yuan_per_m2", "percent", "permille", "month", "year", "person", "ratio",
     "m", "t"}
)
QUALIFIERS = frozenset({"exact", "approx", "at_least", "at_most", "range_low", "range_high"})


class CatalogError(PlanetlError):
    def __init__(self, name: str, line: int, reason: str) -> None:
        super().__init__(f"parsers/data/{name}, line {line}: {reason}")


@dataclass(frozen=True)
class Unit:
    written: str
    base_unit: str
    factor: float


@dataclass(frozen=True)
class Metric:
    code: str
    name_zh: str
    name_en: str
    base_unit: str  # "" for `other`
    signals: tuple[str, ...]
    definition: str
    measure: str = ""  # "flow" (added up over a period: new starts) or "level" (a state at a time: stock, a rate)
    stock: str = ""  # for a flow: the level metric its words name when they say stock (居住用地总量, 现有住房)


@dataclass(frozen=True)
class HousingType:
    code: str
    name_zh: str
    name_en: str
    signals: tuple[str, ...]
    within: str = ""  # the broader type it is a kind of (公租房 within 保障性住房); "" for `all`


def _rows(name: str) -> list[tuple[int, dict[str, str]]]:
    text = resources.files("parsers").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    reader = csv.DictReader(text.splitlines())
    return [(n, row) for n, row in enumerate(reader, start=2)]


def _signals(value: str) -> tuple[str, ...]:
    return tuple(s for s in value.split("|") if s)


@cache
def units() -> dict[str, Unit]:
    out = {}
    for line, row in _rows("units.csv"):
        if row["base_unit"] not in BASE_UNITS:
            raise CatalogError("units.csv", line, f"unknown base unit {row['base_unit']!r}")
        try:
            factor = float(row["factor"])
        except ValueError:
            raise CatalogError("units.csv", line, f"factor {row['factor']!r} is not a number") from None
        if row["written"] in out:
            raise CatalogError("units.csv", line, f"{row['written']!r} is listed twice")
        out[row["written"]] = Unit(row["written"], row["base_unit"], factor)
    return out


@cache
def metrics() -> dict[str, Metric]:
    out = {}
    for line, row in _rows("metrics.csv"):
        code = row["code"]
        if row["base_unit"] and row["base_unit"] not in BASE_UNITS:
            raise CatalogError("metrics.csv", line, f"unknown base unit {row['base_unit']!r}")
        if code in out:
            raise CatalogError("metrics.csv", line, f"metric {code!r} is listed twice")
        if code != "other" and row["measure"] not in ("flow", "level"):
            raise CatalogError("metrics.csv", line, f"measure must be flow or level, not {row['measure']!r}")
        out[code] = Metric(code, row["name_zh"], row["name_en"], row["base_unit"], _signals(row["signals"]),
                           row["definition"], row["measure"], row.get("stock") or "")
    if "other" not in out:
        raise CatalogError("metrics.csv", 1, "the catalog needs an `other` metric")
    for line, row in _rows("metrics.csv"):
        stock = out.get(row.get("stock") or "")
        if row.get("stock") and (stock is None or stock.measure != "level" or stock.base_unit != row["base_unit"]):
            raise CatalogError("metrics.csv", line, f"stock {row['stock']!r} must be a level metric of the same unit")
    return out


@cache
def housing_types() -> dict[str, HousingType]:
    out = {}
    for line, row in _rows("housing_types.csv"):
        if row["code"] in out:
            raise CatalogError("housing_types.csv", line, f"housing type {row['code']!r} is listed twice")
        out[row["code"]] = HousingType(row["code"], row["name_zh"], row["name_en"], _signals(row["signals"]),
                                       row.get("within") or "")
    for line, row in _rows("housing_types.csv"):
        seen, code = set(), row["code"]
        while code:  # every type leads up to `all`, without a loop
            if code in seen or code not in out:
                raise CatalogError("housing_types.csv", line, f"`within` of {row['code']!r} does not lead to all")
            seen.add(code)
            code = out[code].within
        if "all" not in seen:
            raise CatalogError("housing_types.csv", line, f"`within` of {row['code']!r} does not lead to all")
    return out


def broader_types(code: str) -> tuple[str, ...]:
    """The housing types `code` is a kind of, the nearest first (公租房 → 配租型保障性住房, 保障性住房, all)."""
    out, code = [], housing_types()[code].within if code in housing_types() else ""
    while code:
        out.append(code)
        code = housing_types()[code].within
    return tuple(out)


@cache
def qualifier_words() -> dict[str, dict[str, str]]:
    """position ('before' | 'after' | 'infix') → {word: qualifier}."""
    out: dict[str, dict[str, str]] = {"before": {}, "after": {}, "infix": {}}
    for line, row in _rows("qualifiers.csv"):
        if row["position"] not in out or row["qualifier"] not in QUALIFIERS:
            raise CatalogError("qualifiers.csv", line, f"bad position or qualifier in {row!r}")
        out[row["position"]][row["word"]] = row["qualifier"]
    return out


@cache
def period_names() -> dict[str, tuple[int, int]]:
    return {row["name"]: (int(row["start"]), int(row["end"])) for _, row in _rows("periods.csv")}


@cache
def scope_words() -> dict[str, str]:
    """Scope word → 'jurisdiction' (the whole issuing area) or 'part' (kept as written)."""
    out = {}
    for line, row in _rows("scopes.csv"):
        if row["scope"] not in ("jurisdiction", "part"):
            raise CatalogError("scopes.csv", line, f"scope must be jurisdiction or part, not {row['scope']!r}")
        out[row["word"]] = row["scope"]
    return out


@cache
def unit_words() -> dict[str, str]:
    """Header or 单位-column words that name a unit (套数 → 套), mapped to a written unit of units.csv."""
    out = {}
    for line, row in _rows("unit_words.csv"):
        if row["written"] not in units():
            raise CatalogError("unit_words.csv", line, f"{row['written']!r} is not a unit in units.csv")
        out[row["word"]] = row["written"]
    return out


RELATIVE_ANCHORS = frozenset({"doc", "annual", "previous"})


@dataclass(frozen=True)
class RelativeYear:
    word: str
    offset_start: int
    offset_end: int
    anchor: str  # doc: from the document's year; annual: only in a single-year document; previous: from a year named before it


@cache
def relative_years() -> dict[str, RelativeYear]:
    """Words naming a year relative to the document's (上年 → -1, 近三年 → -3..-1), see relative_years.csv."""
    out = {}
    for line, row in _rows("relative_years.csv"):
        if row["anchor"] not in RELATIVE_ANCHORS:
            raise CatalogError("relative_years.csv", line, f"anchor must be doc, annual or previous, not {row['anchor']!r}")
        try:
            start, end = int(row["offset_start"]), int(row["offset_end"])
        except ValueError:
            raise CatalogError("relative_years.csv", line, "offsets must be whole numbers") from None
        if start > end or row["word"] in out:
            raise CatalogError("relative_years.csv", line, f"bad or repeated row for {row['word']!r}")
        out[row["word"]] = RelativeYear(row["word"], start, end, row["anchor"])
    return out


@cache
def stock_words() -> dict[str, str]:
    """Words saying a figure is a stock (现有, 总量) or, cancelling that, an amount of a flow (供应, 新增)."""
    out = {}
    for line, row in _rows("stock_words.csv"):
        if row["says"] not in ("stock", "flow") or row["word"] in out:
            raise CatalogError("stock_words.csv", line, f"bad or repeated row for {row['word']!r}")
        out[row["word"]] = row["says"]
    return out
