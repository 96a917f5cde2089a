"""Coverage: every number in a document is a fact, excluded for a stated reason, or unread.

A *number token* is
- a maximal run of digits, ASCII or full-width, with its decimal points and thousands separators
  (``1,234.5``, ``４，５６５``, ``2025.3.1`` and ``.5`` are one token each). Digits glued to a Latin
  letter before them as an exponent (the 2 of ``m2``) are part of the unit, not a token; or
- a quantity written in Chinese numerals as the parsers consider it: two or more numeral
  characters followed by a unit (``三百套``, ``一万三千元``), any numerals after 百分之/千分之, or
  tenths (``三成以上``: a share). A lone numeral character otherwise (一户一策, 五年, 一成不变) is
  an idiom, never a token.

Each token of the paragraphs, headings and table cells is then, in this order:
- ``fact``: its span overlaps the [char_start, char_end) of a fact at the same locator (a
  paragraph ``p12`` or a table cell ``t5/r3/c2``);
- ``excluded`` with a reason from `Reason`: a date, a year, a document number, a list or section
  number, a code, a phone number, part of a name, a page number, a 序号 cell. The rules are data
  (parsers/data/number_exclusions.csv): a `text` rule excludes a token inside a match of its
  pattern (the first rule in file order wins), a `column` rule every number of the body cells
  under a header its pattern matches (序号). Besides, a number of a header cell or of a row's label
  cell is a year (a bare 2024 heading a column) or part of the label (胜利路28栋住宅区); a body
  cell holding only a number under a header that states a unit (资金（万元）) is never a date or a
  year (2025.6万元, 2024套);
- ``unread``: anything else, a figure the parsers did not read (or a rule this file lacks).

Pure: Document and fact spans in, counts and tokens out.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from functools import cache

from extractors.model import BlockKind, Document
from parsers.catalog import CatalogError, _rows, units
from parsers.quantities import narrow


class Reason(str, Enum):
    DATE = "date"  # 2025年3月, 2025.3.1, 1-6月
    YEAR = "year"  # 2025年, 2026-2030年, a year column header
    DOC_NUMBER = "doc_number"  # 〔2024〕20号
    LIST_NUMBER = "list_number"  # 1. / （1） / 第3条 / 表1 / 附件2
    CODE = "code"  # GB50180-2018, 邮编, 编号：…
    PHONE = "phone"
    NAME = "name"  # 11号街坊, 3号楼, “1535”, a title 《…》
    PAGE = "page"  # 第3页, - 3 -
    SERIAL = "serial"  # a cell of a 序号 column


class Status(str, Enum):
    FACT = "fact"
    EXCLUDED = "excluded"
    UNREAD = "unread"


_NUMERALS = "零〇一二两三四五六七八九十百千万亿"
_ANY_NUMERAL = re.compile(f"[{_NUMERALS}]")
ARABIC = re.compile(r"(?<![0-9])\.?[0-9]+(?:[,，][0-9]{3}(?![0-9]))*(?:\.[0-9]+)*")
_LIST_THEN_YEAR = re.compile(r"^(\d{1,2})\.((?:19|20)\d\d)$")
_EXPONENT = re.compile(r"(?<=[mM])[23](?![0-9.])")  # m2, m3: part of the unit
YEAR_CELL = re.compile(r"^\s*(?:19|20)\d\d\s*(?:年|年度)?\s*$")


@dataclass(frozen=True)
class NumberToken:
    text: str  # as written
    locator: str  # p12, or t5/r3/c2 for a table cell
    block_index: int
    page: int | None
    start: int  # offsets in the paragraph's or the cell's text
    end: int
    quote: str  # the clause, or the cell with its row and column labels
    status: Status
    reason: Reason | None = None


@dataclass(frozen=True)
class Coverage:
    tokens: tuple[NumberToken, ...]

    def count(self, status: Status) -> int:
        return sum(t.status is status for t in self.tokens)

    @property
    def unread(self) -> list[NumberToken]:
        return [t for t in self.tokens if t.status is Status.UNREAD]

    def counts(self) -> dict[str, int]:
        """The columns of `documents` that record a document's coverage."""
        return {"n_numbers": len(self.tokens), "n_numbers_in_facts": self.count(Status.FACT),
                "n_numbers_excluded": self.count(Status.EXCLUDED), "n_numbers_unread": self.count(Status.UNREAD)}


@cache
def exclusion_rules(scope: str = "text") -> tuple[tuple[Reason, re.Pattern[str]], ...]:
    """The (reason, pattern) rules of number_exclusions.csv for `scope`: "text" or "column"."""
    rules = []
    for line, row in _rows("number_exclusions.csv"):
        if row["scope"] not in ("text", "column"):
            raise CatalogError("number_exclusions.csv", line, f"scope {row['scope']!r} is not text or column")
        if row["scope"] != scope:
            continue
        try:
            reason = Reason(row["reason"])
        except ValueError:
            raise CatalogError("number_exclusions.csv", line, f"unknown reason {row['reason']!r} "
                               f"(one of {', '.join(r.value for r in Reason)})") from None
        try:
            rules.append((reason, re.compile(row["pattern"])))
        except re.error as exc:
            raise CatalogError("number_exclusions.csv", line, f"bad pattern: {exc}") from None
    return tuple(rules)


@cache
def _chinese() -> re.Pattern[str]:
    unit_alt = "|".join(re.escape(u) for u in sorted(units(), key=len, reverse=True))
    n = _NUMERALS
    tenths = rf"(?<![第“\"{n}点])[一二两三四五六七八九十]{{1,2}}(?=成(?:以上|以下|左右|多|半|[，,。；;、）)]|$))"  # 三成以上
    return re.compile(rf"(?<=百分之|千分之)[{n}点]+|(?<![第“\"{n}点])[{n}][{n}点]*[{n}](?=\s*(?:余|多)?\s*(?:{unit_alt}))"
                      rf"|{tenths}")


def number_tokens(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every number token in `text`, in order."""
    norm = narrow(text)
    spans = []
    for m in ARABIC.finditer(norm):
        if _EXPONENT.match(norm, m.start()) and m.end() - m.start() == 1:
            continue
        glued = _LIST_THEN_YEAR.match(m.group())
        if glued and norm[m.end() : m.end() + 1] == "年":  # 1.2026年建设计划: a list number, then a year
            spans += [(m.start(), m.start() + glued.end(1)), (m.start() + glued.start(2), m.end())]
        else:
            spans.append((m.start(), m.end()))
    if _ANY_NUMERAL.search(norm):  # a cheap look first: cells of digits have none
        spans += [(m.start(), m.end()) for m in _chinese().finditer(norm)]
    return sorted(spans)


def excluded(text: str, start: int, end: int) -> Reason | None:
    """The reason the token at [start, end) of `text` is not a figure, by the textual rules."""
    return _Exclusions(text).reason(start, end)


class _Exclusions:
    """The textual rules over one text: each rule's matches are found once, when a token first asks,
    for all the tokens of the text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.norm: str | None = None  # the text narrowed (quantities.narrow), when a token first asks
        # rule index → the (start, end) of its matches found so far, and the search for the rest
        self.found: dict[int, tuple[list[tuple[int, int]], Iterator[re.Match[str]]]] = {}

    def _matches(self, i: int, pattern: re.Pattern[str], end: int) -> list[tuple[int, int]]:
        """Rule i's matches in order, as far as the first one starting at or after `end` (or all)."""
        if i not in self.found:
            if self.norm is None:
                self.norm = narrow(self.text)
            self.found[i] = ([], pattern.finditer(self.norm))
        spans, rest = self.found[i]
        while not spans or spans[-1][0] < end:
            if (m := next(rest, None)) is None:
                break
            spans.append(m.span())
        return spans

    def reason(self, start: int, end: int) -> Reason | None:
        for i, (reason, pattern) in enumerate(exclusion_rules()):
            for s, e in self._matches(i, pattern, end):
                if s <= start and end <= e and e > s:
                    return reason
                if s >= end:
                    break
        return None


_CLAUSE = re.compile(r"[^。；;！？!?\n]*[。；;！？!?\n]?")


def clause(text: str, offset: int, limit: int = 160) -> str:
    """The clause of `text` around `offset`, at most `limit` characters."""
    for m in _CLAUSE.finditer(text):
        if m.start() <= offset < m.end():
            part = m.group().strip()
            if len(part) <= limit:
                return part
            at = offset - m.start()
            low = max(0, at - limit // 2)
            return m.group()[low : low + limit].strip()
    return text[:limit].strip()


def measure(document: Document, fact_spans: Iterable[tuple[str, int, int]]) -> Coverage:
    """Sort every number token of `document` into fact / excluded / unread; `fact_spans` are the
    (locator, char_start, char_end) of its facts."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for locator, start, end in fact_spans:
        spans[locator].append((start, end))
    tokens: list[NumberToken] = []
    for block in document.blocks:
        if block.kind is not BlockKind.TABLE:
            rules, locator = _Exclusions(block.text), block.locator
            for start, end in number_tokens(block.text):
                status, reason = _classify(rules, start, end, spans[locator])
                tokens.append(NumberToken(block.text[start:end], locator, block.index, block.page_at(start),
                                          start, end, clause(block.text, start), status, reason))
            continue
        table = block.table
        for cell in table.cells:
            if not (found := number_tokens(cell.text)):
                continue
            locator = f"{block.locator}/r{cell.row}/c{cell.col}"
            header = table.header_paths[cell.col] if cell.col < len(table.header_paths) else ""
            label = table.row_labels[cell.row] if cell.row < len(table.row_labels) else ""
            quote = " | ".join(dict.fromkeys(p for p in (label, header, cell.text) if p))  # a header cell once
            first, last = _table_reasons(cell, header, label, table.header_rows)
            lone_figure = (cell.row >= table.header_rows and _LONE_NUMBER.match(narrow(cell.text))
                           is not None and unit_column(header))
            rules = _Exclusions(cell.text)
            for start, end in found:
                status, reason = _classify(rules, start, end, spans[locator], first, last)
                if lone_figure and reason in (Reason.DATE, Reason.YEAR):
                    status, reason = Status.UNREAD, None  # 2025.6 under 资金（万元） is a figure, not a date
                tokens.append(NumberToken(cell.text[start:end], locator, block.index, cell.page or block.page,
                                          start, end, quote, status, reason))
    return Coverage(tuple(tokens))


_LONE_NUMBER = re.compile(r"^\s*[0-9][0-9.,，]*\s*$")
_TIME_UNITS = ("年", "个月")


@cache
def _unit_in_header() -> re.Pattern[str]:
    alt = "|".join(re.escape(u) for u in sorted(units(), key=len, reverse=True) if u not in _TIME_UNITS)
    return re.compile(rf"[（(]\s*(?:单位\s*[:：]\s*)?(?:{alt})\s*[）)]|(?:^|/)\s*(?:单位\s*[:：]\s*)?(?:{alt})\s*(?:$|/)")


def unit_column(header: str) -> bool:
    """A column whose header states the unit of its cells (配套资金（万元）, 套数（套（间））, a unit row's
    万平方米): a cell holding only a number there is a figure, however much it looks like a date
    (2025.6) or a year (2024); a column of dates (开工时间) or years (年份, 年度) states none."""
    return _unit_in_header().search(header) is not None


def _classify(rules: _Exclusions, start: int, end: int, facts: list[tuple[int, int]], first: Reason | None = None,
              last: Reason | None = None) -> tuple[Status, Reason | None]:
    """A fact, else excluded for the `first` reason, a textual rule's (of the token's text) or the
    `last`, else unread."""
    if any(s < end and start < e for s, e in facts):
        return Status.FACT, None
    reason = first or rules.reason(start, end) or last
    return (Status.EXCLUDED, reason) if reason else (Status.UNREAD, None)


def _table_reasons(cell, header: str, label: str, header_rows: int) -> tuple[Reason | None, Reason | None]:
    """Numbers a table shows that are not figures, as (a reason before the textual rules, one
    after them): a 序号 column, a code column; a year heading a column or a row (a bare 2024, which
    the rules leave alone); any other number of a header cell or of the cell that is its row's
    label is part of the label (45分钟通勤比例, 胜利路28栋住宅区)."""
    column = header.split(" / ")[-1].strip()
    if cell.row >= header_rows:
        for reason, pattern in exclusion_rules("column"):
            if pattern.search(column):
                return reason, None
    if cell.row < header_rows or (cell.text.strip() and cell.text.strip() in label.split(" / ")):
        return (Reason.YEAR, None) if YEAR_CELL.match(narrow(cell.text)) else (None, Reason.NAME)
    return None, None
