"""Facts from paragraphs: each figure with the meaning the words before it in its sentence give.

The nearest measure word whose metric has the figure's unit (so 新开工…6个，0.37万套，建筑面积37.83万平方米
gives three metrics of one family), the nearest housing-type word, the nearest scope word or place,
the nearest year or period name. When the sentence says nothing, the headings above it do.
"""
from __future__ import annotations

import re
from dataclasses import replace

from extractors.model import Block, Document
from parsers import meaning
from parsers.meta import DocumentInfo
from extractors.text import heading_level
from parsers.periods import LEADING_TIME
from parsers.quantities import find_quantities
from parsers.catalog import scope_words
from parsers.regions import find_places
from parsers.source import Fact, Source

SENTENCE = re.compile(r"[^。！？]*[。！？]?")
CLAUSE = re.compile(r"[^。！？；;]*[。！？；;]?")
# "1.2026年建设计划": a list number opening a paragraph is not part of a figure
LIST_MARKER = re.compile(r"^\s*\d{1,2}[.．、](?=\D|\d{4})")
# a closed aside "（保租房0.02万套）" speaks only for the figures inside it
ASIDE = re.compile(r"（[^（）]*）|\([^()]*\)")


def paragraph_facts(document: Document, block: Block, info: DocumentInfo) -> list[Fact]:
    text = block.text
    facts = []
    headings = tuple(reversed(block.section))  # innermost first
    for q in find_quantities(LIST_MARKER.sub(lambda m: " " * len(m.group()), text)):
        c_start, c_end = _span(CLAUSE, text, q.start)  # the quote: the clause, up to ；or 。
        s_start, _ = _span(SENTENCE, text, q.start)  # the context: the sentence up to the figure
        before = text[s_start : q.start]
        # "其中公共租赁住房1200套": a sentence opening with 其中 details the one before it
        previous = _previous_sentence(text, s_start) if before.lstrip().startswith("其中") else ""
        context = (mask_asides(before), mask_asides(previous), *headings)
        years = meaning.period((meaning.yardstick_value(mask_asides(before)), meaning.mask_yardsticks(mask_asides(before)),
                                _time_after(text[q.end : c_end]), _leading_time(text, s_start), *headings),
                               info)
        # 第一章 发展基础: a sentence naming no time under a review heading is of the years reviewed
        reviewed = meaning.last_period(mask_asides(text[s_start:c_end]), meaning.now(info), meaning.doc_year(info)) is None
        if reviewed:
            named, years = years, meaning.review_period(headings, years, info)
            reviewed = years != named
        years = _from_to(text[c_start : q.start], text[q.end : q.end + 6], years, info)
        years = _respectively(text, c_start, c_end, q, years)
        clause = text[c_start:c_end]
        after = text[q.end : q.end + 12]
        if q.raw_unit == "元" and (meaning.is_price(context) or PER_M2.search(before)):
            q = replace(q, unit="yuan_per_m2")  # 均价6850元; 按每平方米200元给予补助
        source = Source(document.path, document.sha256, block.page_at(q.start), block.locator, block.index, text,
                        q.start, q.end, clause.strip())
        metric = meaning.metric(context, q.unit, q, after, text[q.end : c_end])
        # a numbered item (2.保障性住房需求) heads its own paragraph, not the ones after it: its words
        # set no housing type for them
        housing_context = (context[0], context[1], *(h for h in headings if heading_level(h) != 5))
        if _new_subject(re.split(r"[，,；;]", context[0])):
            # 甲镇计划改造老旧小区8个，乙镇计划供应住宅用地20公顷: a clause opening with its own place and
            # measure starts a statement of its own; the housing named before it is not this figure's
            housing_context = (re.split(r"[，,；;]", context[0])[-1], *housing_context[2:])
        if reviewed:
            years = meaning.reviewed_level(years, info, metric, q.unit)
        years = _afterwards(text[s_start : q.start], years, info)
        kind = meaning.kind(text[c_start : q.end], after, years, info, headings, metric, q.unit)
        # 供应住宅用地7800亩，占全市的60%: a share of an amount is over the amount's time, not a level at its end
        share_of = SHARE_OF.search(text[c_start : q.start]) is not None
        span = meaning.level_period(metric, q.unit, years, info) if kind == "plan" and not share_of else years
        htype = meaning.housing_type(housing_context)
        region = meaning.place(mask_asides(text[c_start : q.start]), info) or info.jurisdiction
        htype, region = _respective_labels(text, c_start, c_end, q, htype, region, info)
        metric = meaning.programme_metric(metric, htype, context[0] if q.unit == "unit" else None)
        facts.append(Fact(
            metric, htype, region, span[0], span[1], kind, q, source, block.section, block.ocr,
        ))
    return facts


def _new_subject(clauses: list[str]) -> bool:
    """Whether the last comma-clause opens with a place or scope word (某某镇…, 全市…) and names a measure
    other than the clause before it (…改造12个，某旗改造9个 repeats the work for another place)."""
    if len(clauses) < 2:
        return False  # the sentence's first clause
    previous, clause = clauses[-2], clauses[-1].lstrip()
    if not clause or clause.startswith("其中"):
        return False
    places = find_places(clause)
    opens = (places and places[0].start == 0) or clause.startswith(tuple(scope_words()))
    measure = meaning.last_measure(clause)
    return bool(opens) and measure is not None and measure != meaning.last_measure(previous)


def mask_asides(text: str) -> str:
    """Blank out closed parenthetical asides, keeping every other character at its offset
    (a one-character one stays: 各县（市） is a single word)."""
    return ASIDE.sub(lambda m: m.group() if len(m.group()) <= 3 else " " * len(m.group()), text)


CHANGE = r"(下降|增长|增加|减少|提高|降低|上升|回落|扩大|缩小|缩短|延长|压缩|压减|提升|下调|上调|调整)(至|到|为)"


def _from_to(before: str, after: str, years: tuple, info: DocumentInfo) -> tuple:
    """由419.73下降至370.87: over a period the first figure is where it started, the second where
    it stands now."""
    start, end = years
    if re.search(CHANGE + r"$", before) and re.search(r"[由从]", before):
        # 由上年末的20.5个月缩短至16个月, 从“十三五”末的23个月缩短至20个月: a time written after 由 dates
        # the starting figure only; the figure reached is of the document's own year (an annual
        # plan's target, where a five-year plan's review stands now)
        opening = before[max(before.rfind("由"), before.rfind("从")):]
        year = meaning.doc_year(info)
        if year is not None and meaning.period((opening,), info) != (info.period_start, info.period_end):
            return year, year
        now = meaning.now(info)
        return (now, now) if now is not None and (end is None or end <= now) else (end, end)
    if re.match(r"\s*" + CHANGE, after) and re.search(r"[由从][^，。；]{0,12}$", before) and start is not None:
        return start, start
    return years


SHARE_OF = re.compile(r"占[^，,。；;\d]{0,12}的\s*$")
# 2026年、2027年分别新开工4000套、3800套，此后每年不少于3000套: the years after the last one named, to the plan's end
AFTERWARDS = re.compile(r"(此后|以后|之后|其后|其余各年)(每年|年均|各年)[^，,。；;\d]{0,16}$")


def _afterwards(before: str, years: tuple, info) -> tuple:
    if not AFTERWARDS.search(before) or info.period_end is None:
        return years
    named = [int(y) for y in re.findall(r"((?:19|20)\d\d)\s*年", before)]
    if not named or max(named) >= info.period_end:
        return years
    return max(named) + 1, info.period_end


# 按每平方米200元给予补助, 每平方米补贴300元: an amount per square metre
PER_M2 = re.compile(r"(每|/)(平方米|平米|㎡|m2|m²)[^，,。；;\d]{0,4}$")
# 2026年、2027年分别计划供应住宅用地2300亩和2100亩: years listed before 分别 go one by one with the figures
# of one unit after it
RESPECTIVELY = "分别"
LIST_GAP = re.compile(r"\s*(以上|以下|以内|左右)?\s*[、，,和及与或]?\s*(以及)?\s*(约|近|不少于|不低于|不超过)?\s*")
# 2026年至2030年分别计划供应住宅用地3300亩、3100亩、…和2500亩: a span of years, one figure a year
YEAR_SPAN = re.compile(r"((?:19|20)\d\d)\s*年?\s*(?:至|到|—|－|-|～|~)\s*((?:19|20)\d\d)\s*年")
LISTED_YEARS = re.compile(r"(?:(?:19|20)\d\d\s*年(?:度)?\s*[、和及与,，]\s*)+(?:19|20)\d\d\s*年")


def _respectively(text: str, c_start: int, c_end: int, q, years: tuple) -> tuple:
    found = _respective_index(text, c_start, c_end, q)
    if found is None:
        return years
    pos, count, index = found
    listed = list(LISTED_YEARS.finditer(text[c_start : c_start + pos]))
    spans = list(YEAR_SPAN.finditer(text[c_start : c_start + pos]))
    if spans and (not listed or spans[-1].start() > listed[-1].start()):  # 2026年至2030年分别…: year by year
        first, last = int(spans[-1].group(1)), int(spans[-1].group(2))
        named = list(range(first, last + 1))
    elif listed:
        named = [int(y) for y in re.findall(r"((?:19|20)\d\d)\s*年", listed[-1].group())]
    else:
        return years
    if len(named) != count:
        return years
    return named[index], named[index]


def _respective_index(text: str, c_start: int, c_end: int, q) -> tuple[int, int, int] | None:
    """(offset of 分别 in the clause, how many figures of q's unit follow it, q's place among them)."""
    clause = text[c_start:c_end]
    pos = clause.find(RESPECTIVELY)
    if pos < 0 or c_start + pos > q.start:
        return None
    after = c_start + pos
    same = [f for f in find_quantities(text[after:c_end]) if f.unit == q.unit and f.qualifier not in ("range_low", "range_high")]
    # the list ends where more than a separator stands between two figures (4000套、3800套，此后每年不少于3000套)
    for i in range(1, len(same)):
        if not LIST_GAP.fullmatch(text[after + same[i - 1].end : after + same[i].start]):
            same = same[:i]
            break
    starts = [after + f.start for f in same]
    return (pos, len(same), starts.index(q.start)) if q.start in starts else None


def _respective_labels(text: str, c_start: int, c_end: int, q, htype: str, region, info) -> tuple:
    """商品住宅用地、保障性住房用地分别为120公顷、30公顷; 市区和各县分别供应90公顷和60公顷: the kinds of
    housing or the places listed before 分别 go one by one with the figures of one unit after it."""
    found = _respective_index(text, c_start, c_end, q)
    if found is None:
        return htype, region
    pos, count, index = found
    # the list stands in the part before 分别, or the one before that (新泰市、肥城市，市级财政分别给予…)
    parts = re.split(r"[，,：:]", text[c_start : c_start + pos])[-2:]
    lists = [items for part in reversed(parts) if len(items := [i for i in re.split(r"[、和及与]", part) if i.strip()]) > 1]
    items = lists[0] if lists else []
    if len(items) != count or count < 2:
        return htype, region
    types = [meaning.housing_type((i,)) for i in items]
    if "all" not in types and len(set(types)) == count:
        htype = types[index]
    places = [meaning.place(i, info) for i in items]
    if None not in places and len(set(places)) == count:
        region = places[index]
    return htype, region


def _previous_sentence(text: str, sentence_start: int) -> str:
    sentences = [m.group() for m in SENTENCE.finditer(text[:sentence_start]) if m.group()]
    return sentences[-1] if sentences else ""


# "1701套住房于2023年底全部交付", "1183套住房，于2024年12月全部交付": the time the figure's own clause gives
# after it, when nothing before it in the sentence names one
TIME_AFTER = re.compile(r"[^，,。；;]*?(?:[，,]\s*)?于\s*(?:19|20)\d\d\s*(?:年|[.．\-/]\d{1,2}[.．\-/]\d{1,2}(?!\d))")


def _time_after(after: str) -> str:
    m = TIME_AFTER.match(after)
    return m.group() if m else ""


def _leading_time(text: str, sentence_start: int) -> str:
    """The time the paragraph set before this sentence: the last sentence opening with one."""
    found = ""
    for m in SENTENCE.finditer(text[:sentence_start]):
        if LEADING_TIME.match(m.group().lstrip()):
            found = m.group()
    return found[: LEADING_TIME.match(found.lstrip()).end() + len(found) - len(found.lstrip())] if found else ""


def _span(pattern: re.Pattern[str], text: str, offset: int) -> tuple[int, int]:
    for m in pattern.finditer(text):
        if m.start() <= offset < m.end():
            return m.start(), m.end()
    return 0, len(text)
