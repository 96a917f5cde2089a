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


def last_period(text: str) -> tuple[int, int] | None:
    """The period nearest the end of `text`: a year range, a named period or a single year."""
    candidates: list[tuple[int, tuple[int, int]]] = []
    ranges = [(m.start(), m.end()) for m in YEAR_RANGE.finditer(text)]
    for m in YEAR_RANGE.finditer(text):
        candidates.append((m.end(), (int(m.group(1)), int(m.group(2)))))
    for m in YEAR.finditer(text):
        if not any(start <= m.start() < end for start, end in ranges):
            candidates.append((m.end(), (int(m.group(1)), int(m.group(1)))))
    for name, years in period_names().items():
        pos = text.rfind(name)
        if pos >= 0:
            candidates.append((pos + len(name), years))
    return max(candidates, key=lambda c: c[0])[1] if candidates else None
