"""Years a figure covers, from the words around it.

A five-year plan names its periods (十四五 = 2021-2025, see data/periods.csv); an annual plan's
figures are for its plan year unless the sentence names another year.
"""
from __future__ import annotations

import re

from parsers.catalog import period_names

YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年")
YEAR_RANGE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*(?:年)?\s*[-－—–~～至到]\s*((?:19|20)\d\d)(?!\d)")


def named_period(text: str) -> tuple[int, int] | None:
    """The last period name in `text` (十四五 → (2021, 2025)), or None."""
    best = None
    for name, years in period_names().items():
        pos = text.rfind(name)
        if pos >= 0 and (best is None or pos > best[0]):
            best = (pos, years)
    return best[1] if best else None


def last_period(text: str, now: int | None = None) -> tuple[int, int] | None:
    """The period nearest the end of `text`: a year range, a named period (十三五末 is its last
    year), a single year (2023年以来 runs to `now`), or a point-in-time word (现有, 目前: `now`)."""
    candidates: list[tuple[int, tuple[int, int]]] = []
    ranges = [(m.start(), m.end()) for m in YEAR_RANGE.finditer(text)]
    for m in YEAR_RANGE.finditer(text):
        candidates.append((m.end(), (int(m.group(1)), int(m.group(2)))))
    for m in YEAR.finditer(text):
        if not any(start <= m.start() < end for start, end in ranges):
            year = int(m.group(1))
            since = text.startswith(SINCE, m.end()) and now is not None and now > year
            candidates.append((m.end(), (year, now if since else year)))
    for name, years in period_names().items():
        pos = text.rfind(name)
        if pos >= 0:
            end = pos + len(name)
            at_end = text[end : end + 2].lstrip("”\"").startswith("末")
            candidates.append((end, (years[1], years[1]) if at_end else years))
    if now is not None:
        for word in POINT_IN_TIME:
            pos = text.rfind(word)
            if pos >= 0:
                candidates.append((pos + len(word), (now, now)))
    return max(candidates, key=lambda c: c[0])[1] if candidates else None


# a sentence that opens with a time (2025年，… / 截至2024年底，… / “十四五”期间，…) sets it for the
# sentences after it in the paragraph
LEADING_TIME = re.compile(r"^(截至|截止|到|至)?\s*(?:(?:19|20)\d\d\s*年[底末初]?|“?十[三四五六]五”?(期间|时期|以来|末)?)[，,]")
SINCE = "以来"
POINT_IN_TIME = ("现有", "目前", "截至目前", "当前")
