"""Figures in text: a number with its unit, scale word and qualifier, normalised to base units.

`find_quantities(text)` returns every figure with its offsets into `text` itself, so a quote and
its `char_start`/`char_end` always point at the real source characters. Full-width digits and
punctuation are matched through a one-to-one character mapping, which keeps offsets unchanged.

Forms read: 0.56万套, 3万4000元 (a mixed scale), 1.2亿平方米 and 4.78万亿元 (a scale before any unit),
４，５６５元 and 1,256套 (thousands separators), .5万套, 负1.1% and －3.34‰ (signs), 3—5万套 and
3万—5万套 (ranges, a scale on either end), Chinese numerals (一千二百户, 二点五万平方米, and the
colloquial 一万三 = 13000, 两千四百五 = 2450), fractions written before the number (百分之二十,
千分之三) and 三成 (= 30%). Qualifiers come from qualifiers.csv (约, 至少, 以上, 余, ...).
Not figures: numbers with no unit (document numbers such as 〔2024〕20号, slogans such as “1535”,
section numbers, dates such as 2025.5), years written as dates (2026年), numbers inside codes
(GB50180-2018), ordinals (第三) and a lone numeral in an idiom (一户一策).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from parsers.catalog import Unit, qualifier_words, units

# one-to-one mapping, so offsets into the normalised text are offsets into the source
_FULL_WIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "．": ".", "\u00a0": " ", "\u3000": " "})
# a number as written: thousands separators (1,256, and full-width １，２５６) or plain digits, a decimal part.
# A full-width comma separates thousands only between full-width digits: in 完成800，300套用于… it ends a clause.
NUMBER = (r"\d{1,3}(?:,\d{3})+(?!\d)(?:[.．]\d+)?|[０-９]{1,3}(?:，[０-９]{3})+(?![０-９])(?:．[０-９]+)?"
          r"|\d+(?:[.．]\d+)?")
_FULL_WIDTH_THOUSANDS = re.compile(r"(?<=[０-９])，(?=[０-９]{3}(?![０-９]))")
_WIDE = re.compile("[０-９．\u00a0\u3000]")  # what normalise changes: most texts have none
_RANGE_SEPARATORS = "-－—–~～至到"
# scale words written between a number and its unit (3万套, 1.2亿平方米, 4.78万亿元) or inside a number (3万4000)
SCALES = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3}
_SCALE = "|".join(sorted(SCALES, key=len, reverse=True))
_SCALE_WORD = re.compile(_SCALE)
_SCALED_PARTS = re.compile(rf"(?P<n>[^万亿千]+)(?P<s>{_SCALE})?")  # 3万4000: 3 of 万, then 4000
# a scale may be put before these units only when the pair is itself in units.csv (万% is no unit)
_UNSCALABLE = ("percent", "permille", "month", "year")
# 2026年 is a date, not a duration; so is any 4+ digit number before 年 (an OCR misreading such as 20256年)
_YEAR_AS_DATE = re.compile(r"^\d{4,}$")
_SIGNS = {"-": -1, "－": -1, "−": -1, "负": -1}
# fractions written before the number, mapped to the unit of units.csv they are written in
_PREFIX_UNITS = {"百分之": "%", "千分之": "‰"}
_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_NUMERAL = _CN_DIGITS + "十百千万亿点"
_CN_MAGNITUDE = {"百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}


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
    """Same length as `text`: full-width digits, the decimal point and a thousands comma between
    full-width digits (４，５６５) made ASCII."""
    if not _WIDE.search(text):  # a search is far cheaper than a translate
        return text
    return _FULL_WIDTH_THOUSANDS.sub(",", text).translate(_FULL_WIDTH)


def narrow(text: str) -> str:
    """`text` with full-width digits, points and spaces made ASCII (the same length); commas stay."""
    return text.translate(_FULL_WIDTH) if _WIDE.search(text) else text


def number_value(raw: str) -> float:
    """The value of a number written in digits: 1,256, １，２５６, ０．５６, .5, 负1.1."""
    text = normalise(raw).replace(",", "").replace("，", "").strip()
    sign = 1.0
    if text[:1] in _SIGNS:
        sign, text = float(_SIGNS[text[0]]), text[1:]
    return sign * float(text)


def chinese_value(raw: str) -> float | None:
    """The value of a Chinese numeral (一千二百, 二点五, 两千), including the colloquial form whose
    last digit counts in the next lower magnitude (一万三 = 13000, 两千四百五 = 2450); None if it is none."""
    import cn2an

    text = raw.replace("两", "二").replace("〇", "零")
    if text[:1] in ("百", "千"):
        text = "一" + text  # 百分之百, 百万元
    try:
        return float(cn2an.cn2an(text, "strict"))
    except (ValueError, KeyError, IndexError):
        pass
    if len(text) >= 3 and text[-1] in _CN_DIGITS[2:] and text[-2] in _CN_MAGNITUDE:
        head = chinese_value(text[:-1])
        if head is not None:
            return head + cn2an.cn2an(text[-1], "strict") * _CN_MAGNITUDE[text[-2]] / 10
    return None


def _scaled_value(raw: str) -> float:
    """A number in digits with scale words inside it: 3万4000 = 34000, 1亿2000万 = 1.2e8, 0.56 = 0.56."""
    return sum(number_value(m.group("n")) * SCALES.get(m.group("s") or "", 1)
               for m in _SCALED_PARTS.finditer(raw))


def _unit_alternation() -> str:
    return "|".join(re.escape(u) for u in sorted(units(), key=len, reverse=True))


@cache
def _pattern() -> re.Pattern[str]:
    unit_alt = _unit_alternation()
    infix = "|".join(re.escape(w) for w in qualifier_words()["infix"])
    sep = re.escape(_RANGE_SEPARATORS)
    chain = rf"(?:{NUMBER})(?:(?:{_SCALE})(?:{NUMBER}))*"  # 3万4000
    signs = "".join(re.escape(s) for s in _SIGNS)
    return re.compile(
        rf"(?<![A-Za-z0-9.\-_/〔\[第])(?:(?<![\d正])(?P<sign>[{signs}]))?"
        rf"(?P<n1>{chain}|(?<![\d.．])\.\d+)(?P<s1>{_SCALE})?"
        rf"(?:(?:\s*(?P<u1>{unit_alt}))?\s*[{sep}]\s*(?P<n2>{chain})(?P<s2>{_SCALE})?)?"
        rf"\s*(?P<infix>{infix})?\s*(?P<unit>{unit_alt})"
    )


@cache
def _chinese_pattern() -> re.Pattern[str]:
    unit_alt = _unit_alternation()
    infix = "|".join(re.escape(w) for w in qualifier_words()["infix"])
    # two or more numeral characters (三百, 一千二百, 二点五): a lone 一/两/五 is an idiom (一户一策, 两个转向,
    # 五年); after 第 it is an ordinal, after “ a slogan
    return re.compile(rf"(?<![第“\"{_CN_NUMERAL}])(?P<n1>[{_CN_NUMERAL}]{{2,}})"
                      rf"\s*(?P<infix>{infix})?\s*(?P<unit>{unit_alt})")


# 三成 = 30%, 3成 = 30%: one numeral before 成, unless 成 begins a word (一成不变, 成交, 成本, 成果, ...)
_TENTHS = re.compile(rf"(?<![第“\"A-Za-z\d.{_CN_NUMERAL}])"
                     r"(?P<n1>[一二两三四五六七八九]|\d(?:\.\d+)?)成(?!不变|[交本果立功员效绩熟型都片套品])")
_PREFIXED = re.compile(rf"(?P<unit>{'|'.join(_PREFIX_UNITS)})(?P<n1>{NUMBER}|[{_CN_NUMERAL}]+)")


# 三分之一, 3分之2: a fraction, read as a percentage (百分之 and 千分之 are units of their own)
_FRACTION = re.compile(rf"(?<![{_CN_NUMERAL}\d])(?P<den>[一二两三四五六七八九十]{{1,3}}|\d{{1,3}})分之"
                       rf"(?P<num>[一二两三四五六七八九十]{{1,3}}|\d{{1,3}})(?![{_CN_NUMERAL}\d])")
# 按近12个月平均销售速度, 过去12个月, 未来5年: a time window the figure is measured over, not a figure
# (去化周期近12个月 is one: 近 is then "nearly")
_WINDOW_BEFORE = re.compile(r"(过去|最近|未来|今后|近)\s*$")
_WINDOW_AFTER = re.compile(r"^\s*(平均|内|以来|来|累计|的|均)")
_WINDOW_UNITS = ("month", "year")


def find_quantities(text: str) -> list[Quantity]:
    norm = normalise(text)
    groups = [*_prefixed_quantities(text, norm), *_tenths_quantities(text, norm), *_fraction_quantities(text, norm),
              *_chinese_quantities(text, norm), *_digit_quantities(text, norm)]
    groups = [g for g in groups if not _is_window(norm, g)]
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    # one reading per stretch of text: the earliest, then the longest
    for group in sorted(groups, key=lambda g: (g[0].start, -(g[0].end - g[0].start))):
        if not any(group[0].start < e and s < group[0].end for s, e in taken):
            found += group
            taken.append((group[0].start, group[0].end))
    found = [q for q in found if not _after_ambiguous_comma(norm, q.start)]
    return sorted(found, key=lambda q: q.start)  # stable: a range's low before its high


# 8，650户: a thousands separator typed full-width (8650户), or a clause break after a number (完成800，
# 300套…)? Neither reading is certain, and a wrong figure is worse than a missing one: no fact is made,
# and both numbers stay unread, so the audit reports them (unread_number) for a person to decide.
_AMBIGUOUS_COMMA = re.compile(r"(?<![\d.,，])\d{1,3}，$")


def _after_ambiguous_comma(norm: str, start: int) -> bool:
    return bool(_AMBIGUOUS_COMMA.search(norm, 0, start)) and bool(re.match(r"\d{3}(?![\d.])", norm[start:]))


def _digit_quantities(text: str, norm: str) -> list[list[Quantity]]:
    out = []
    for m in _pattern().finditer(norm):
        n1, n2 = m.group("n1"), m.group("n2")
        if _is_code(norm, m.start(), m.end()):
            continue
        final = m.group("s2") if n2 else m.group("s1")
        scaled = _scaled_unit(final or "", m.group("unit"))
        if scaled is None:
            continue  # 5万%: a scale before a unit that takes none
        if m.group("u1") and _scaled_unit(m.group("s1") or "", m.group("u1")) != scaled:
            continue  # "5%-10个": two different units is not a range
        if scaled[1].base_unit == "year" and (_YEAR_AS_DATE.match(n1) or (n2 and _YEAR_AS_DATE.match(n2))):
            continue  # 2026年, 2026-2030年: dates, not durations
        if n2 is None:
            qualifier = _qualifier(norm, m.start(), m.end(), m.group("infix"))
            out.append([_quantity(text, m, "n1", "s1", final, qualifier)])
            continue
        ends = sorted((_quantity(text, m, "n1", "s1", final, ""), _quantity(text, m, "n2", "s2", final, "")),
                      key=lambda q: q.value)
        out.append([_replace(ends[0], "range_low"), _replace(ends[1], "range_high")])
    return out


def _replace(q: Quantity, qualifier: str) -> Quantity:
    return Quantity(q.value, q.unit, q.raw_value, q.raw_unit, qualifier, q.start, q.end)


def _scaled_unit(scale: str, written: str) -> tuple[str, Unit] | None:
    """The unit of a scale word put before a written unit: 万 + 平方米 is 万平方米 of units.csv; 亿 + 套,
    not listed, is 1e8 套; None for a scale before a percentage, a month or a year."""
    if not scale:
        return written, units()[written]
    if scale + written in units():
        return scale + written, units()[scale + written]
    unit = units()[written]
    if unit.base_unit in _UNSCALABLE:
        return None
    return scale + written, Unit(scale + written, unit.base_unit, unit.factor * SCALES[scale])


def _quantity(text: str, m: re.Match[str], group: str, scale_group: str, final: str | None,
              qualifier: str) -> Quantity:
    """One end of a figure. Its scale word goes with the unit (0.56万套: 0.56 of 万套; 3—5万套: 3 of 万套),
    unless the number has scale words inside it (3万4000元, 1亿2000万元) or differs from the unit's
    (3万—5亿元): then it stays with the number."""
    scale = m.group(scale_group)
    fold = bool(scale) and (bool(_SCALE_WORD.search(m.group(group))) or scale != final)
    written = text[m.start("unit") : m.end("unit")]
    if fold:
        unit, end = units()[m.group("unit")], m.end(scale_group)
    else:
        unit, end = _scaled_unit(final or "", m.group("unit"))[1], m.end(group)
        written = (final or "") + written
    sign = m.group("sign") if group == "n1" else None
    start = m.start("sign") if sign else m.start(group)  # －3.34‰ and 负1.1% are negative
    value = _SIGNS.get(sign or "", 1) * _scaled_value(m.string[m.start(group) : end]) * unit.factor
    return Quantity(round(value, 6), unit.base_unit, text[start:end], written, qualifier, m.start(), m.end())


def _chinese_quantities(text: str, norm: str) -> list[list[Quantity]]:
    out = []
    for m in _chinese_pattern().finditer(norm):
        numeral, written = m.group("n1"), m.group("unit")
        scale = next((s for s in sorted(SCALES, key=len, reverse=True)
                      if s != "千" and numeral.endswith(s) and chinese_value(numeral[: -len(s)]) is not None), "")
        scaled = _scaled_unit(scale, written)  # 二点五万平方米: 二点五 of 万平方米
        if scaled is None:
            scale, scaled = "", _scaled_unit("", written)
        number = chinese_value(numeral[: len(numeral) - len(scale)])
        raw_unit, unit = scaled
        if number is None or unit.base_unit == "year":
            continue
        qualifier = _qualifier(norm, m.start(), m.end(), m.groupdict().get("infix"))
        raw_value = text[m.start("n1") : m.end("n1") - len(scale)]
        out.append([Quantity(round(number * unit.factor, 6), unit.base_unit, raw_value, raw_unit, qualifier,
                             m.start(), m.end())])
    return out


def _is_window(norm: str, group: list[Quantity]) -> bool:
    """近12个月平均, 过去12个月, 未来5年: a window of time (过去/最近/未来/今后 always; 近 only before
    平均, 内, 以来 …, since 近 also means "nearly")."""
    q = group[0]
    if q.unit not in _WINDOW_UNITS:
        return False
    m = _WINDOW_BEFORE.search(norm[max(0, q.start - 3) : q.start])
    if not m:
        return False
    return m.group(1) != "近" or bool(_WINDOW_AFTER.match(norm[group[-1].end :]))


def _fraction_quantities(text: str, norm: str) -> list[list[Quantity]]:
    """三分之一 = 33.333333%: a fraction, raw value as written and no written unit."""
    if "分之" not in norm:  # most texts have none: no search
        return []
    out = []
    for m in _FRACTION.finditer(norm):
        den, num = (number_value(x) if x[0].isdigit() else chinese_value(x) for x in (m.group("den"), m.group("num")))
        if not den or num is None or num > den:
            continue
        qualifier = _qualifier(norm, m.start(), m.end(), None)
        percent = units()["%"]
        out.append([Quantity(round(num / den * 100 * percent.factor, 6), percent.base_unit, text[m.start() : m.end()],
                             "", qualifier, m.start(), m.end())])
    return out


def _tenths_quantities(text: str, norm: str) -> list[list[Quantity]]:
    """三成, 3成: tenths, read as a percentage."""
    if "成" not in norm:  # most texts have none: no search
        return []
    out = []
    for m in _TENTHS.finditer(norm):
        raw = m.group("n1")
        number = number_value(raw) if raw[0].isdigit() else chinese_value(raw)
        qualifier = _qualifier(norm, m.start(), m.end(), None)
        percent = units()["%"]
        out.append([Quantity(round(number * 10 * percent.factor, 6), percent.base_unit,
                             text[m.start("n1") : m.end("n1")], "成", qualifier, m.start(), m.end())])
    return out


def _prefixed_quantities(text: str, norm: str) -> list[list[Quantity]]:
    """百分之二十, 百分之22, 千分之三: the unit written before the number."""
    if "分之" not in norm:  # of 百分之, 千分之; most texts have none: no search
        return []
    out = []
    for m in _PREFIXED.finditer(norm):
        raw = m.group("n1")
        number = chinese_value(raw) if raw[0] in _CN_NUMERAL else number_value(raw)
        if number is None:
            continue
        unit = units()[_PREFIX_UNITS[m.group("unit")]]
        qualifier = _qualifier(norm, m.start(), m.end(), None)
        out.append([Quantity(round(number * unit.factor, 6), unit.base_unit, text[m.start("n1") : m.end("n1")],
                             m.group("unit"), qualifier, m.start(), m.end())])
    return out


_LETTER = re.compile(r"[A-Za-z]")


def _is_code(text: str, start: int, end: int) -> bool:
    """Numbers glued to letters or to a dash-number are parts of codes (GB50180-2018)."""
    return bool(_LETTER.match(text, end)) and not text[start:end][-1:].isalpha()


def _qualifier(text: str, start: int, end: int, infix: str | None) -> str:
    words = qualifier_words()
    if infix:
        return words["infix"][infix]
    after = text[end : end + 4]
    if (word := word_starting(after, words["after"])) is not None:
        return words["after"][word]
    before = text[max(0, start - 4) : start].rstrip()
    if (word := word_ending(before, words["before"])) is not None:
        return words["before"][word]
    return "exact"


def word_starting(text: str, words: dict[str, str]) -> str | None:
    """The longest of `words` (qualifier words) that `text` starts with, else None."""
    for n in range(min(len(text), _longest_qualifier()), 0, -1):
        if text[:n] in words:
            return text[:n]
    return None


def word_ending(text: str, words: dict[str, str]) -> str | None:
    """The longest of `words` (qualifier words) that `text` ends with, else None."""
    for n in range(min(len(text), _longest_qualifier()), 0, -1):
        if text[-n:] in words:
            return text[-n:]
    return None


@cache
def _longest_qualifier() -> int:
    return max(len(w) for words in qualifier_words().values() for w in words)
