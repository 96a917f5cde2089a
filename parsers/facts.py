"""Document → facts: every figure in the prose and the tables, with what it means and where it is."""
from __future__ import annotations

from dataclasses import replace

from extractors.model import BlockKind, Document
from parsers.cells import table_facts
from parsers.meta import DocumentInfo, describe
from parsers.prose import paragraph_facts
from parsers.regions import region_code
from parsers.roles import assign_roles
from parsers.source import Fact, Source

__all__ = ["Fact", "Source", "parse", "prepare"]


def parse(document: Document, info: DocumentInfo | None = None) -> list[Fact]:
    info = info or describe(document)
    facts: list[Fact] = []
    for block in document.blocks:
        # a numbered item read as a heading ("2. 商品住房新开工2150套。") still states its figures
        if block.kind in (BlockKind.PARAGRAPH, BlockKind.HEADING):
            facts.extend(paragraph_facts(document, block, info))
        elif block.kind is BlockKind.TABLE:
            facts.extend(table_facts(document, block, info))
    facts = [replace(f, region_code=region_code(f.region, info.jurisdiction, info.jurisdiction_code)) for f in facts]
    return assign_roles(document, facts, info)


def prepare() -> None:
    """Load the domain dictionary into jieba and read the catalogs and the division table now, not at
    the first document (about a second): a reader forked after this starts with them loaded."""
    from parsers import meaning, quantities, regions

    quantities.find_quantities("")
    meaning.housing_type(("住房",))
    regions.divisions()
    regions.jurisdiction_code("-")
