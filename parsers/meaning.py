"""What a figure means, from the words around it: metric, housing type, region, period and kind.

Each helper takes context texts in order of authority (the figure's own sentence or cell labels
first, then titles and the headings above, innermost first) and returns the first answer found.
Signal words count only where they stand as whole words (see words.py).
"""
from __future__ import annotations

import re
from functools import cache

from parsers.catalog import housing_types, metrics, scope_words
from parsers.meta import DocumentInfo
from parsers.periods import last_period
from parsers.regions import place_pattern, places_under
from parsers.words import add_words, last_word

FORECAST_WORDS = ("预计", "预测", "预期")
ACTUAL_WORDS = ("截至", "截止", "累计完成", "已完成", "完成投资", "现有", "实施了")
STANDARD_WORDS = ("应停止", "控制在", "不得", "原则上", "不超过", "不低于", "不高于")
# "去化周期在36个月以上的应停止供地": a figure that starts a condition is a threshold, not a target
CONDITION = re.compile(r"^(以上|以下|以内|之间|及以上|及以下)?的")
TOTAL_WORDS = ("总计", "合计", "全市", "全县", "全区", "全地区", "全州", "总量", "全部")


@cache
def _signal_words() -> None:
    add_words({w for m in metrics().values() for w in m.signals} | {w for h in housing_types().values() for w in h.signals}
              | set(scope_words()))


def nearest(text: str, signals: dict[str, str]) -> str | None:
    """The code of the signal word standing last in `text` (the longer word wins a tie)."""
    _signal_words()
    best: tuple[int, int, str] | None = None
    for word, code in signals.items():
        pos = last_word(text, word)
        if pos >= 0:
            cand = (pos + len(word), len(word), code)
            best = max(best, cand) if best else cand
    return best[2] if best else None


def first(fn, texts):
    for t in texts:
        if t and (found := fn(t)) is not None:
            return found
    return None


def metric(contexts, unit: str) -> str:
    """The nearest measure word whose metric is counted in `unit`: the unit picks among a word's
    metrics (新开工 → projects, units or floor area)."""
    signals = {w: m.code for m in metrics().values() if m.base_unit == unit for w in m.signals}
    return first(lambda t: nearest(t, signals), contexts) or "other"


@cache
def _housing_signals() -> dict[str, str]:
    """Signals of specific housing types; the generic words (住房, 住宅) only mean `all`."""
    return {w: h.code for h in housing_types().values() if h.code != "all" for w in h.signals}


def housing_type(contexts) -> str:
    return first(lambda t: nearest(t, _housing_signals()), contexts) or "all"


def place(text: str, info: DocumentInfo) -> str | None:
    """The scope word or place name standing last in `text`, as written; the jurisdiction for
    words meaning the whole of it (全市, 全县（市）)."""
    words = dict.fromkeys(scope_words(), "")
    pattern = place_pattern(info.jurisdiction_code)
    if pattern is not None:
        for m in pattern.finditer(text):
            words[m.group()] = ""
    found = nearest(text, {w: w for w in words})
    if found is None:
        return None
    if scope_words().get(found) == "jurisdiction" or places_under(info.jurisdiction_code).get(found) == info.jurisdiction_code:
        return info.jurisdiction
    return found


def period(contexts, info: DocumentInfo) -> tuple[int | None, int | None]:
    return first(last_period, contexts) or (info.period_start, info.period_end)


def kind(clause: str, after: str, years: tuple[int | None, int | None], info: DocumentInfo, headings=()) -> str:
    """plan | actual | forecast | standard. A five-year plan's review of the past five years
    reports actuals; 预计 marks forecasts; a figure that sets a threshold or a rule is a standard."""
    if any(w in clause for w in FORECAST_WORDS):
        return "forecast"
    if CONDITION.match(after) or any(w in clause for w in STANDARD_WORDS):
        return "standard"
    start = info.period_start
    if any(w in clause for w in ACTUAL_WORDS) or (start and years[1] and years[1] < start):
        return "actual"
    if any("回顾" in h or "现状" in h for h in headings):
        return "actual"
    return "plan"
