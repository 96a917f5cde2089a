"""Years a figure covers, from the words around it.

A five-year plan names its periods (十四五 = 2021-2025, see data/periods.csv); an annual plan's
figures are for its plan year unless the sentence names another year. Relative words (上年, 今年,
明年, 近三年; data/relative_years.csv) count from the document's year: an annual plan's plan year, a
five-year plan's writing year (the year before its period). Where that year is unknown they give
no period.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache

from parsers.catalog import period_names, relative_years

# 2025年, and a date written with dots or dashes (2024.12.28, 2025-03-18): its year
YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*(?:年|(?=[.．\-/]\d{1,2}[.．\-/]\d{1,2}(?!\d)))")
YEAR_RANGE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*(?:年)?\s*[-－—–~～至到]\s*((?:19|20)\d\d)(?!\d)")
# 以上年度, 过去年均, 目前年均, 提前年内: a relative word's first character closing another word
IN_OTHER_WORDS = ("以上", "过去", "目前", "当前", "提前", "之前", "此前", "以前", "从前", "年前")
# 上年结转项目, 上年度续建: work carried over from a past year is part of this year's
CARRIED_OVER = ("结转", "转入", "续建")
# 2000年底前建成的老旧小区, 2005年以前建成、…的小区: a year that dates the object (when it was built), not
# the figure; 2024年建成保障性住房500套 still dates the figure
OBJECT_DATE = re.compile(r"[底末初]?(?:(?:以|之)?前|(?:以|之)?后)(?:建成|建造|竣工|交付|投入使用|投用)"
                         r"|[底末初]?(?:建成|建造|竣工)(?:的|、)")


def named_period(text: str) -> tuple[int, int] | None:
    """The last period name in `text` (十四五 → (2021, 2025)), or None."""
    best = None
    for name, years in period_names().items():
        pos = text.rfind(name)
        if pos >= 0 and (best is None or pos > best[0]):
            best = (pos, years)
    return best[1] if best else None


@cache
def relative_pattern() -> re.Pattern[str]:
    """Any relative year word, the longest first."""
    words = sorted(relative_years(), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


def relative_period(text: str, year: int | None, annual: bool = True) -> list[tuple[int, tuple[int, int]]]:
    """(end offset, years) of each relative year word in `text`, counted from the document's `year`
    (none when it is unknown). `annual`: the document covers a single year (本年, 当年 count only there)."""
    if year is None:
        return []
    found = []
    for m in relative_pattern().finditer(text):
        if text[max(m.start() - 1, 0) : m.start() + 1] in IN_OTHER_WORDS or text.startswith(CARRIED_OVER, m.end()):
            continue
        rel = relative_years()[m.group()]
        if rel.anchor == "annual" and not annual:
            continue
        base = year
        if rel.anchor == "previous":
            named = [int(y.group(1)) for y in YEAR.finditer(text, 0, m.start())]
            base = named[-1] if named else year
        found.append((m.end(), (base + rel.offset_start, base + rel.offset_end)))
    return found


@lru_cache(maxsize=2048)  # the headings and labels of a figure are asked again for each figure under them
def last_period(text: str, now: int | None = None, year: int | None = None, annual: bool = True) -> tuple[int, int] | None:
    """The period nearest the end of `text`: a year range, a named period (十三五末 is its last
    year), a single year (2023年以来 runs to `now`), a year relative to the document's `year`
    (上年, 近三年), or a point-in-time word (现有, 目前: `now`)."""
    candidates: list[tuple[int, tuple[int, int]]] = []
    ranges = [(m.start(), m.end()) for m in YEAR_RANGE.finditer(text)]
    for m in YEAR_RANGE.finditer(text):
        candidates.append((m.end(), (int(m.group(1)), int(m.group(2)))))
    for m in YEAR.finditer(text):
        if OBJECT_DATE.match(text, m.end()):
            continue
        if not any(start <= m.start() < end for start, end in ranges):
            year_named = int(m.group(1))
            candidates.append((m.end(), _since(text, m.end(), (year_named, year_named), now)))
    for name, years in period_names().items():
        pos = text.rfind(name)
        if pos >= 0:
            end = pos + len(name)
            at_end = text[end : end + 2].lstrip("”\"").startswith("末")
            # “十四五”以来 in a 2025 annual plan: from the period's start up to `now`
            since = text[end : end + 3].lstrip("”\"").startswith(SINCE) and now is not None and years[0] <= now < years[1]
            candidates.append((end, (years[1], years[1]) if at_end else (years[0], now) if since else years))
    for end, years in relative_period(text, year, annual):
        candidates.append((end, _since(text, end, years, now)))
    if now is not None:
        for word in POINT_IN_TIME:
            pos = text.rfind(word)
            if pos >= 0:
                candidates.append((pos + len(word), (now, now)))
    return max(candidates, key=lambda c: c[0])[1] if candidates else None


def _since(text: str, end: int, years: tuple[int, int], now: int | None) -> tuple[int, int]:
    """2023年以来, 去年以来: from that year up to `now`."""
    if text.startswith(SINCE, end) and now is not None and now > years[0]:
        return years[0], now
    return years


# a sentence that opens with a time (2025年，… / 截至2024年底，… / “十四五”期间，… / 上年，…) sets it for
# the sentences after it in the paragraph
LEADING_TIME = re.compile(
    r"^(截至|截止|到|至)?\s*(?:(?:19|20)\d\d\s*年[底末初]?|“?十[三四五六]五”?(期间|时期|以来|末)?|"
    + "(?:" + "|".join(map(re.escape, sorted(relative_years(), key=len, reverse=True))) + ")"
    + r"(?:[底末初]|以来)?)[，,]"
)
SINCE = "以来"
POINT_IN_TIME = ("现有", "目前", "截至目前", "当前")
