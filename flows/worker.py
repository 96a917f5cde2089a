"""What a forked reader does with one file: extract it and find its facts.

Runs in the child processes of extractors.isolate, so extraction and parsing of different files
use different cores. No Prefect here: the fork server imports this module and flows.preload, and
every reader forked from it starts with both loaded.
"""
from __future__ import annotations

import extractors
from flows.steps import Parsed  # noqa: F401  (defined there: the loading process unpickles it without the parsers)
from parsers.coverage import measure
from parsers.facts import parse
from parsers.meta import describe
from warehouse.load import document_row


def read(path: str, source_file: str) -> Parsed:
    return read_document(extractors.extract(path), source_file)


def read_document(document, source_file: str) -> Parsed:
    """The `documents` row and `facts` rows of an extracted document."""
    info = describe(document)
    facts = parse(document, info)
    coverage = measure(document, [(f.source.locator, f.source.char_start, f.source.char_end) for f in facts])
    rows = [f.to_row(info.jurisdiction) for f in facts]
    for row in rows:
        row["source_file"] = source_file
    return Parsed(source_file, document_row(document, info, source_file, coverage.counts()), rows)
