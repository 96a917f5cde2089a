"""What a figure means, from the words around it: metric, housing type, region, period and kind.

Each helper takes context texts in order of authority (the figure's own sentence or cell labels
first, then titles and the headings above, innermost first) and returns the first answer found.
Signal words count only where they stand as whole words (see words.py).
"""
from __future__ import annotations

import re
from functools import cache

from parsers.catalog import housing_types, metrics, scope_words, unit_words, units
from parsers.meta import DocumentInfo
from parsers.periods import last_period
from parsers.regions import place_pattern, places_under
from parsers.words import add_words, last_word

FORECAST_WORDS = ("预计", "预测")  # not 预期: 稳预期 is a slogan
ACTUAL_WORDS = ("截至", "截止", "累计完成", "已完成", "完成投资", "现有", "实施了")
STANDARD_WORDS = ("应停止", "控制在", "不得", "原则上", "额度", "上限")
# a floor or ceiling written as a rule (比例不低于20%, 面积不超过120平方米) is a standard; 超过30% is a target
RULE_BOUNDS = re.compile(r"(不低于|不少于|不超过|不高于|不大于|不小于)\s*[\d零一二两三四五六七八九十百千]+[^，。；]*$")
# "去化周期在36个月以上的应停止供地": a figure that starts a condition is a threshold, not a target
CONDITION = re.compile(r"^(以上|以下|以内|之间|及以上|及以下)?[）)]?(的|时)")
# an area of one dwelling (不超过120平方米, 平均户型120平方米) is not an amount of housing: small areas
# written in 平方米 go to the per-dwelling or per-person metrics only
SMALL_AREA = 1000.0
PER_DWELLING_METRICS = ("dwelling_size", "per_capita_floor_area")
PRICE_METRIC = "price"
LAND_UNITS = ("公顷", "亩", "万亩", "平方公里")
POLICY_HEADINGS = ("保障措施", "政策支持")
# 占全市46.27%, 与全国相比, 向全国推广: the whole city or country as a yardstick, not the figure's area
YARDSTICK = re.compile(r"(占|与|较|比|同|向|超过|低于|高于)(全国|全省|全市|全区|全县)")
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


def metric(contexts, unit: str, quantity=None, after: str = "") -> str:
    """The nearest measure word whose metric is counted in `unit`: the unit picks among a word's
    metrics (新开工 → projects, units or floor area). A word right after the figure, before any
    punctuation, names what is counted first (43个保交房项目)."""
    candidates = [m for m in metrics().values() if m.base_unit == unit]
    if unit == "m2" and quantity is not None:
        raw = unit_words().get(quantity.raw_unit, quantity.raw_unit)
        small = 0 < quantity.value < SMALL_AREA and units()[raw].factor == 1
        candidates = [m for m in candidates if (m.code in PER_DWELLING_METRICS) == small]
        if raw in LAND_UNITS:  # 公顷 and 亩 measure land, never floor area
            candidates = [m for m in candidates if m.code.startswith("land_")]
    signals = {w: m.code for m in candidates for w in m.signals}
    return first(lambda t: nearest(t, signals), (_counted(after), *contexts)) or "other"


def _counted(after: str) -> str:
    """The words right after a figure up to punctuation or the next number: 个保交房项目 → 保交房项目."""
    m = re.match(r"[^，,。；;、：:（(\d]{1,8}", after)
    return m.group() if m else ""


def is_price(contexts) -> bool:
    """Housing prices written in bare 元 are per square metre (商品住房价格为3100-4100元)."""
    return metric(contexts, "yuan_per_m2") == PRICE_METRIC


@cache
def _housing_signals() -> dict[str, str]:
    """Signals of housing types; `all` has only explicit words (其他住宅用地), since it is the default."""
    return {w: h.code for h in housing_types().values() for w in h.signals}


def housing_type(contexts) -> str:
    return first(lambda t: nearest(t, _housing_signals()), contexts) or "all"


def place(text: str, info: DocumentInfo) -> str | None:
    """The scope word or place name standing last in `text`, as written; the jurisdiction for
    words meaning the whole of it (全市, 全县（市）)."""
    text = YARDSTICK.sub(lambda m: " " * len(m.group()), text)
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


def mask_yardsticks(text: str) -> str:
    """较“十三五”, 比2020年: a time named as a yardstick is not the figure's time."""
    return _YARDSTICK_TIME.sub(lambda m: " " * len(m.group()), text)


_YARDSTICK_TIME = re.compile(r"(较|比|相比|与)“?(十[三四五六]五|(?:19|20)\d\d年)”?")


def now(info: DocumentInfo) -> int | None:
    """The year a plan speaks from: the year before its period starts (a 2026 plan reviews to 2025)."""
    return info.period_start - 1 if info.period_start else None


def period(contexts, info: DocumentInfo) -> tuple[int | None, int | None]:
    return first(lambda t: last_period(t, now(info)), contexts) or (info.period_start, info.period_end)


def kind(clause: str, after: str, years: tuple[int | None, int | None], info: DocumentInfo, headings=()) -> str:
    """plan | actual | forecast | standard. A five-year plan's review of the past five years
    reports actuals; 预计 marks forecasts; a figure that sets a threshold or a rule is a standard."""
    if any(w in clause for w in FORECAST_WORDS) or any(w in h for h in headings for w in ("预测", "预计")):
        return "forecast"
    if CONDITION.match(after) or any(w in clause for w in STANDARD_WORDS) or RULE_BOUNDS.search(clause):
        return "standard"
    if any(w in h for h in headings for w in POLICY_HEADINGS):  # 实施保障措施: policy parameters
        return "standard"
    start = info.period_start
    if any(w in clause for w in ACTUAL_WORDS) or (start and years[1] and years[1] < start):
        return "actual"
    if any("回顾" in h or "现状" in h for h in headings):
        return "actual"
    return "plan"


def level_period(metric_code: str, unit: str, years: tuple, info: DocumentInfo) -> tuple:
    """A plan's level or rate (a stock, a coverage, a share) is a state to reach at the end of the
    plan period; a flow (new starts, supply) adds up over it."""
    whole = (info.period_start, info.period_end)
    is_level = unit in ("percent", "permille") or metrics()[metric_code].measure == "level"
    if is_level and years == whole and whole[0] != whole[1] and whole[1] is not None:
        return whole[1], whole[1]
    return years
