"""Document → facts: every figure in the prose with its metric, housing type, region, period and kind.

Meaning comes from the words before a figure in its sentence: the nearest measure word whose
metric has the figure's unit (so 新开工…6个，0.37万套，建筑面积37.83万平方米 gives three metrics of
one family), the nearest housing-type word, the nearest scope word, and the nearest year or
period name. When the sentence says nothing, the section headings above it do, innermost first.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache

from extractors.model import Block, BlockKind, Document
from parsers.catalog import housing_types, metrics, scope_words
from parsers.meta import DocumentInfo, describe
from parsers.periods import last_period
from parsers.quantities import Quantity, find_quantities

SENTENCE = re.compile(r"[^。！？]*[。！？]?")
CLAUSE = re.compile(r"[^。！？；;]*[。！？；;]?")
FORECAST_WORDS = ("预计", "预测", "预期")
ACTUAL_WORDS = ("截至", "截止", "累计完成", "已完成", "完成投资", "现有")
STANDARD_WORDS = ("应停止", "控制在", "不得", "原则上")
# "去化周期在36个月以上的应停止供地": a figure that starts a condition is a threshold, not a target
CONDITION = re.compile(r"^(以上|以下|以内|之间|及以上|及以下)?的")
# "1.2026年建设计划": a list number opening a paragraph is not part of a figure
LIST_MARKER = re.compile(r"^\s*\d{1,2}[.．、](?=\D|\d{4})")
# a closed aside "（保租房0.02万套）" speaks only for the figures inside it
ASIDE = re.compile(r"（[^（）]*）|\([^()]*\)")


@dataclass(frozen=True)
class Source:
    file: str
    sha256: str
    page: int | None
    locator: str
    block_index: int
    text: str  # the full source text of the paragraph (offsets below point into it)
    char_start: int
    char_end: int
    quote: str


@dataclass(frozen=True)
class Fact:
    metric: str
    housing_type: str
    region: str | None
    period_start: int | None
    period_end: int | None
    kind: str
    quantity: Quantity
    source: Source
    section: tuple[str, ...] = ()
    ocr: bool = False

    @property
    def fact_id(self) -> str:
        key = "|".join(map(str, (self.source.sha256, self.source.locator, self.source.char_start,
                                 self.source.char_end, self.quantity.qualifier)))
        return hashlib.sha256(key.encode()).hexdigest()[:16]

    def to_row(self, jurisdiction: str | None) -> dict:
        q, s = self.quantity, self.source
        return {
            "fact_id": self.fact_id, "doc_id": s.sha256, "source_file": s.file, "jurisdiction": jurisdiction,
            "region": self.region, "period_start": self.period_start, "period_end": self.period_end,
            "metric": self.metric, "metric_label_zh": metrics()[self.metric].name_zh,
            "housing_type": self.housing_type, "kind": self.kind, "value": q.value, "unit": q.unit,
            "raw_value": q.raw_value, "raw_unit": q.raw_unit, "qualifier": q.qualifier, "quote": s.quote,
            "page": s.page, "locator": s.locator, "block_index": s.block_index, "char_start": s.char_start, "char_end": s.char_end,
            "section": " / ".join(self.section), "ocr": self.ocr,
        }


def parse(document: Document, info: DocumentInfo | None = None) -> list[Fact]:
    info = info or describe(document)
    facts: list[Fact] = []
    for block in document.blocks:
        if block.kind is BlockKind.PARAGRAPH:
            facts.extend(_paragraph_facts(document, block, info))
    return facts


def _paragraph_facts(document: Document, block: Block, info: DocumentInfo) -> list[Fact]:
    text = block.text
    facts = []
    headings = tuple(reversed(block.section))  # innermost first
    for q in find_quantities(LIST_MARKER.sub(lambda m: " " * len(m.group()), text)):
        c_start, c_end = _span(CLAUSE, text, q.start)  # the quote: the clause, up to ；or 。
        s_start, _ = _span(SENTENCE, text, q.start)  # the context: the sentence up to the figure
        before = text[s_start : q.start]
        # the sentence speaks first, then the headings above it, innermost first
        context = (_mask_asides(before), *headings)
        metric = _nearest_metric(context, q.unit)
        housing = _first(_housing_type, context) or "all"
        region = _region(before, info)
        period = _first(last_period, context) or (info.period_start, info.period_end)
        clause = text[c_start:c_end]
        kind = _kind(clause, text[q.end : q.end + 4], period, info)
        source = Source(document.path, document.sha256, block.page_at(q.start), block.locator, block.index, text,
                        q.start, q.end, clause.strip())
        facts.append(Fact(metric, housing, region, period[0], period[1], kind, q, source, block.section, block.ocr))
    return facts


def _mask_asides(text: str) -> str:
    """Blank out closed parenthetical asides, keeping every other character at its offset."""
    return ASIDE.sub(lambda m: " " * len(m.group()), text)


def _span(pattern: re.Pattern[str], text: str, offset: int) -> tuple[int, int]:
    for m in pattern.finditer(text):
        if m.start() <= offset < m.end():
            return m.start(), m.end()
    return 0, len(text)


def _first(fn, texts):
    for t in texts:
        if (found := fn(t)) is not None:
            return found
    return None


def _nearest(text: str, signals: dict[str, str]) -> str | None:
    """The code of the signal word that ends nearest the end of `text` (longer wins a tie)."""
    best: tuple[int, int, str] | None = None
    for word, code in signals.items():
        pos = text.rfind(word)
        if pos >= 0:
            cand = (pos + len(word), len(word), code)
            best = max(best, cand) if best else cand
    return best[2] if best else None


def _nearest_metric(context: tuple[str, ...], unit: str) -> str:
    signals = {w: m.code for m in metrics().values() if m.base_unit == unit for w in m.signals}
    # the same word can signal several metrics of different units; the unit picks one
    return _first(lambda t: _nearest(t, signals), context) or "other"


@cache
def _housing_signals() -> dict[str, str]:
    """Signals of specific housing types; the generic words (住房, 住宅) only mean `all`."""
    return {w: h.code for h in housing_types().values() if h.code != "all" for w in h.signals}


def _housing_type(text: str) -> str | None:
    return _nearest(text, _housing_signals())


def _region(before: str, info: DocumentInfo) -> str | None:
    word = _nearest(before, {w: w for w in scope_words()})
    if word is None or scope_words()[word] == "jurisdiction":
        return info.jurisdiction
    return word


def _kind(sentence: str, after: str, period: tuple, info: DocumentInfo) -> str:
    if any(w in sentence for w in FORECAST_WORDS):
        return "forecast"
    if CONDITION.match(after) or any(w in sentence for w in STANDARD_WORDS):
        return "standard"
    start = info.period_start
    if any(w in sentence for w in ACTUAL_WORDS) or (start and period[1] and period[1] < start):
        return "actual"
    return "plan"


