"""The fact and its source: plain frozen data, with the row the warehouse stores."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from parsers.catalog import metrics
from parsers.quantities import Quantity


@dataclass(frozen=True)
class Source:
    file: str
    sha256: str
    page: int | None
    locator: str  # "p12" for a paragraph, "t14/r3/c2" for a table cell
    block_index: int
    text: str  # the paragraph's or the cell's text; the offsets point into it
    char_start: int
    char_end: int
    quote: str  # the clause, or the cell with its row and column labels


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
    region_code: str | None = None
    role: str = "single"  # total | part | subtotal | single: how it adds up with the document's others (roles.py)

    @property
    def fact_id(self) -> str:
        """Stable across re-ingests: the same figure at the same place of the same file."""
        key = "|".join(map(str, (self.source.sha256, self.source.locator, self.source.char_start,
                                 self.source.char_end, self.quantity.qualifier)))
        return hashlib.sha256(key.encode()).hexdigest()[:16]

    def to_row(self, jurisdiction: str | None) -> dict:
        q, s = self.quantity, self.source
        return {
            "fact_id": self.fact_id, "doc_id": s.sha256, "source_file": s.file, "jurisdiction": jurisdiction,
            "region": self.region, "region_code": self.region_code, "period_start": self.period_start,
            "period_end": self.period_end, "metric": self.metric, "metric_label_zh": metrics()[self.metric].name_zh,
            "housing_type": self.housing_type, "kind": self.kind, "value": q.value, "unit": q.unit,
            "raw_value": q.raw_value, "raw_unit": q.raw_unit, "qualifier": q.qualifier, "quote": s.quote,
            "page": s.page, "locator": s.locator, "block_index": s.block_index, "char_start": s.char_start,
            "char_end": s.char_end, "section": " / ".join(self.section), "ocr": self.ocr,
            "role": self.role,
        }
