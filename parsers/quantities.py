"""Figures in text: a number with its unit, scale word and qualifier, normalised to base units.

`find_quantities(text)` returns every figure with its offsets into `text` itself, so a quote and
its `char_start`/`char_end` always point at the real source characters. Full-width digits and
punctuation are matched through a one-to-one character mapping, which keeps offsets unchanged.
Not figures: numbers with no unit (document numbers such as 〔2024〕20号, slogans such as “1535”,
section numbers), years written as dates (2026年), and numbers inside codes (GB50180-2018).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from parsers.catalog import qualifier_words, units

# one-to-one mapping, so offsets into the normalised text are offsets into the source
_FULL_WIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "．": ".", "，": "，", "\u00a0": " ", "\u3000": " "})
NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_RANGE_SEPARATORS = "-－—–~～至到"
# 2026年 is a date, not a duration; so is any 4+ digit number before 年 (an OCR misreading such as 20256年)
_YEAR_AS_DATE = re.compile(r"^\d{4,}$")


@dataclass(frozen=True)
class Quantity:
    value: float  # in base units
    unit: str  # base unit
    raw_value: str
    raw_unit: str
    qualifier: str
    start: int  # offsets of the whole figure (number(s), infix and unit) in the text
    end: int


def normalise(text: str) -> str:
    """Same length as `text`: full-width digits and the decimal point made ASCII."""
    return text.translate(_FULL_WIDTH)


@cache
def _pattern() -> re.Pattern[str]:
    written = sorted(units(), key=len, reverse=True)
    unit_alt = "|".join(re.escape(u) for u in written)
    infix = "|".join(re.escape(w) for w in qualifier_words()["infix"])
    sep = re.escape(_RANGE_SEPARATORS)
    return re.compile(
        rf"(?<![A-Za-z0-9.\-_/〔\[第])(?:(?<![\d])(?P<sign>[-－−]))?(?P<n1>{NUMBER})"
        rf"(?:\s*(?P<u1>{unit_alt}))?"
        rf"(?:\s*[{sep}]\s*(?P<n2>{NUMBER}))?"
        rf"\s*(?P<infix>{infix})?\s*(?P<unit>{unit_alt})"
    )


@cache
def _chinese_pattern() -> re.Pattern[str]:
    written = sorted(units(), key=len, reverse=True)
    unit_alt = "|".join(re.escape(u) for u in written)
    infix = "|".join(re.escape(w) for w in qualifier_words()["infix"])
    # two or more numeral characters (三百, 一千二百): a lone 一/两/五 is an idiom (一户一策, 两个转向, 五年);
    # after 第 it is an ordinal, after “ a slogan
    return re.compile(rf"(?<![第“\"零一二两三四五六七八九十百千万亿])(?P<n1>[零一二两三四五六七八九十百千万亿]{{2,}})"
                      rf"\s*(?P<infix>{infix})?\s*(?P<unit>{unit_alt})")


def _chinese_quantities(text: str) -> list[Quantity]:
    import cn2an

    out = []
    for m in _chinese_pattern().finditer(text):
        try:
            number = float(cn2an.cn2an(m.group("n1").replace("两", "二"), "strict"))
        except (ValueError, KeyError):
            continue
        unit = units()[m.group("unit")]
        if unit.base_unit == "year":
            continue
        qualifier = _qualifier(text, m.start(), m.end(), m.group("infix"))
        out.append(Quantity(round(number * unit.factor, 6), unit.base_unit, m.group("n1"), m.group("unit"),
                            qualifier, m.start(), m.end()))
    return out


def find_quantities(text: str) -> list[Quantity]:
    norm = normalise(text)
    found: list[Quantity] = _chinese_quantities(norm)
    for m in _pattern().finditer(norm):
        n1, n2, unit_text = m.group("n1"), m.group("n2"), m.group("unit")
        if m.group("u1") and not n2:
            continue  # "2026年…" read as number, unit, then something else: let the regex retry
        if m.group("u1") and m.group("u1") != unit_text:
            continue  # "5%-10个": two different units is not a range
        if _is_code(norm, m.start(), m.end()):
            continue
        unit = units()[unit_text]
        if unit.base_unit == "year" and (_YEAR_AS_DATE.match(n1) or (n2 and _YEAR_AS_DATE.match(n2))):
            continue  # 2026年, 2026-2030年: dates, not durations
        raw_unit = text[m.start("unit") : m.end("unit")]
        if n2 is None:
            qualifier = _qualifier(norm, m.start(), m.end(), m.group("infix"))
            found.append(_quantity(text, m, "n1", unit, raw_unit, qualifier))
        else:
            low, high = sorted(("n1", "n2"), key=lambda g: float(m.group(g).replace(",", "")))
            found.append(_quantity(text, m, low, unit, raw_unit, "range_low"))
            found.append(_quantity(text, m, high, unit, raw_unit, "range_high"))
    return sorted(found, key=lambda q: q.start)  # stable: a range's low before its high


def _quantity(text: str, m: re.Match[str], group: str, unit, raw_unit: str, qualifier: str) -> Quantity:
    start = m.start("sign") if group == "n1" and m.group("sign") else m.start(group)  # －3.34‰ is negative
    raw_value = text[start : m.end(group)]
    value = float(normalise(raw_value).replace(",", "").replace("－", "-").replace("−", "-")) * unit.factor
    return Quantity(round(value, 6), unit.base_unit, raw_value, raw_unit, qualifier, m.start(), m.end())


def _is_code(text: str, start: int, end: int) -> bool:
    """Numbers glued to letters or to a dash-number are parts of codes (GB50180-2018)."""
    return bool(re.match(r"[A-Za-z]", text[end : end + 1])) and not text[start:end][-1:].isalpha()


def _qualifier(text: str, start: int, end: int, infix: str | None) -> str:
    words = qualifier_words()
    if infix:
        return words["infix"][infix]
    after = text[end : end + 4]
    for word in sorted(words["after"], key=len, reverse=True):
        if after.startswith(word):
            return words["after"][word]
    before = text[max(0, start - 4) : start].rstrip()
    for word in sorted(words["before"], key=len, reverse=True):
        if before.endswith(word):
            return words["before"][word]
    return "exact"
