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
        years = _from_to(text[c_start : q.start], text[q.end : q.end + 6], years, info)
        clause = text[c_start:c_end]
        after = text[q.end : q.end + 12]
        if q.raw_unit == "元" and meaning.is_price(context):
            q = replace(q, unit="yuan_per_m2")
        source = Source(document.path, document.sha256, block.page_at(q.start), block.locator, block.index, text,
                        q.start, q.end, clause.strip())
        metric = meaning.metric(context, q.unit, q, after)
        # a numbered item (2.保障性住房需求) heads its own paragraph, not the ones after it: its words
        # set no housing type for them
        housing_context = (context[0], context[1], *(h for h in headings if heading_level(h) != 5))
        kind = meaning.kind(text[c_start : q.end], after, years, info, headings, metric, q.unit)
        span = meaning.level_period(metric, q.unit, years, info) if kind == "plan" else years
        facts.append(Fact(
            metric, meaning.housing_type(housing_context), meaning.place(mask_asides(text[c_start : q.start]), info) or info.jurisdiction,
            span[0], span[1], kind, q, source, block.section, block.ocr,
        ))
    return facts


def mask_asides(text: str) -> str:
    """Blank out closed parenthetical asides, keeping every other character at its offset
    (a one-character one stays: 各县（市） is a single word)."""
    return ASIDE.sub(lambda m: m.group() if len(m.group()) <= 3 else " " * len(m.group()), text)


CHANGE = r"(下降|增长|增加|减少|提高|降低|上升|回落|扩大|缩小)(至|到)"


def _from_to(before: str, after: str, years: tuple, info: DocumentInfo) -> tuple:
    """由419.73下降至370.87: over a period the first figure is where it started, the second where
    it stands now."""
    start, end = years
    if re.search(CHANGE + r"$", before) and re.search(r"[由从]", before):
        now = meaning.now(info)
        return (now, now) if now is not None and (end is None or end <= now) else (end, end)
    if re.match(r"\s*" + CHANGE, after) and re.search(r"[由从][^，。；]{0,12}$", before) and start is not None:
        return start, start
    return years


def _previous_sentence(text: str, sentence_start: int) -> str:
    sentences = [m.group() for m in SENTENCE.finditer(text[:sentence_start]) if m.group()]
    return sentences[-1] if sentences else ""


# "1701套住房于2023年底全部交付", "1183套住房，于2024年12月全部交付": the time the figure's own clause gives
# after it, when nothing before it in the sentence names one
TIME_AFTER = re.compile(r"[^，,。；;]*?(?:[，,]\s*)?于\s*(?:19|20)\d\d\s*年")


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
