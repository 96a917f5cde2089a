"""Document → facts: every figure in the prose and the tables, with what it means and where it is."""
from __future__ import annotations

from dataclasses import replace

from extractors.model import BlockKind, Document
from parsers.cells import table_facts
from parsers.meta import DocumentInfo, describe
from parsers.prose import paragraph_facts
from parsers.regions import region_code
from parsers.source import Fact, Source

__all__ = ["Fact", "Source", "parse"]


def parse(document: Document, info: DocumentInfo | None = None) -> list[Fact]:
    info = info or describe(document)
    facts: list[Fact] = []
    for block in document.blocks:
        if block.kind is BlockKind.PARAGRAPH:
            facts.extend(paragraph_facts(document, block, info))
        elif block.kind is BlockKind.TABLE:
            facts.extend(table_facts(document, block, info))
    return [replace(f, region_code=region_code(f.region, info.jurisdiction, info.jurisdiction_code)) for f in facts]
