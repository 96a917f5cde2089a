"""A document's text for the review pages, and the figures marked in it.

The warehouse keeps each fact's quote, locator and offsets, not the document's text: the text is
read again from the file, as the audit does (warehouse.audit.read_source: the file must still have
the bytes that were ingested), at the path it was loaded from or any other place it was seen.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from extractors import Document
from warehouse import places
from warehouse.audit import read_source
from warehouse.places import LOCATOR



@dataclass(frozen=True)
class Source:
    document: Document | None
    problem: str | None  # why there is no document: the file is gone or changed
    table_numbers: dict[int, int]  # block index -> the table's number in the document, 1-based
    paragraph_numbers: dict[int, int]  # block index -> the paragraph's (or heading's) number, 1-based


def paths(con, doc_id: str) -> tuple[str, ...]:
    """Where the file of `doc_id` was loaded from, then every other place it was seen."""
    return tuple(dict.fromkeys(r[0] for r in con.execute(
        "SELECT source_path FROM documents WHERE doc_id = $1 UNION ALL "
        "SELECT source_path FROM document_locations WHERE doc_id = $1 AND absent_since IS NULL", [doc_id]).fetchall()))


@lru_cache(maxsize=4)
def read(doc_id: str, paths: tuple[str, ...]) -> Source:
    """The document of `doc_id` read from the first of `paths` holding its bytes, or why it cannot be
    (read outside any warehouse connection: a scanned PDF takes seconds)."""
    problem = "no file is recorded for this document"
    for path in paths:
        document, findings = read_source((doc_id, ""), path)
        if document is not None:
            return Source(document, None, *places.numbering(document))
        problem = findings[0].message
    return Source(None, problem, {}, {})


def place(fact: dict, fmt: str, source: Source | None = None) -> str:
    """Where a person finds the figure in the original: "Word table 7, row 3, column 2", "page 12"."""
    return places.place(fact["locator"], fact.get("page"), fmt, source.table_numbers if source else {},
                        source.paragraph_numbers if source else {})


def segments(text: str, facts: list[dict]) -> list[tuple[str, list[dict]]]:
    """`text` cut into pieces, each with the facts standing there ([] for plain text); facts whose
    figures overlap share one piece. Offsets outside the text are left unmarked."""
    spans = sorted(((f["char_start"], f["char_end"], f) for f in facts
                    if 0 <= f["char_start"] < f["char_end"] <= len(text)), key=lambda s: s[:2])
    merged: list[list] = []
    for start, end, fact in spans:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2].append(fact)
        else:
            merged.append([start, end, [fact]])
    out, at = [], 0
    for start, end, group in merged:
        if start > at:
            out.append((text[at:start], []))
        out.append((text[start:end], group))
        at = end
    if at < len(text) or not out:
        out.append((text[at:], []))
    return out


def quote_segments(fact: dict) -> list[tuple[str, list[dict]]]:
    """The fact's quote with its raw value marked, where the source text is not available."""
    quote, raw = fact["quote"], fact["raw_value"]
    at = quote.rfind(raw) if " | " in quote else quote.find(raw)
    if at < 0:
        return [(quote, [])]
    return segments(quote, [{**fact, "char_start": at, "char_end": at + len(raw)}])


def cells_by_position(facts: list[dict]) -> dict[tuple[int, int, int], list[dict]]:
    """Table facts by (block, row, column) of their cell."""
    out: dict[tuple[int, int, int], list[dict]] = {}
    for f in facts:
        m = LOCATOR.match(f["locator"])
        if m and m.group(1) == "t":
            out.setdefault((int(m.group(2)), int(m.group(3)), int(m.group(4))), []).append(f)
    return out


def table_rows(block, cell_facts: dict, rows: range | None = None) -> list[list[dict]]:
    """The table's rows of cells to render: each cell with its spans and its text's segments.
    `rows` limits them (header rows are always kept)."""
    table = block.table
    out: list[list[dict]] = [[] for _ in range(table.n_rows)]
    for cell in sorted(table.cells, key=lambda c: (c.row, c.col)):
        facts = cell_facts.get((block.index, cell.row, cell.col), [])
        out[cell.row].append({"rowspan": cell.rowspan, "colspan": cell.colspan, "header": cell.row < table.header_rows,
                              "segments": segments(cell.text, facts)})
    keep = set(range(table.header_rows)) | set(rows if rows is not None else range(table.n_rows))
    return [row for r, row in enumerate(out) if r in keep]
