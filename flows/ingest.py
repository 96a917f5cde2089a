"""Prefect flows: ingest plan files into the warehouse (extract → parse → load, as tasks)."""
from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

import extractors
from extractors.errors import BadInputError
from extractors.model import Document
from extractors.isolate import ReaderError, extract_isolated
from parsers.facts import parse
from parsers.meta import describe
from warehouse.load import LoadResult, connect, document_row, failed_row, load_document, loaded_status, record_failure


@dataclass(frozen=True)
class Parsed:
    path: Path
    source_file: str
    document: dict
    facts: list[dict]
    error: str | None = None


def find_files(paths: list[str]) -> list[tuple[Path, str]]:
    """Files to ingest from files and folders (recursively), as (path, name as given), sorted."""
    found: list[tuple[Path, str]] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in extractors.SUFFIXES:
                    found.append((child, str(child)))
        else:
            found.append((path, given))
    return found


def file_sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@task(name="extract", cache_policy=NO_CACHE)
def extract(path: Path) -> Document | str:
    """The file's document, or the reason it cannot be read."""
    try:
        return extract_isolated(path)
    except (BadInputError, ReaderError) as exc:
        return str(exc)


@task(name="parse", cache_policy=NO_CACHE)
def parse_document(extracted: Document | str, path: Path, source_file: str) -> Parsed:
    if isinstance(extracted, str):
        doc_id = file_sha256(path) or hashlib.sha256(str(path.resolve()).encode()).hexdigest()
        fmt = path.suffix.lower().lstrip(".") or "unknown"
        return Parsed(path, source_file, failed_row(path, source_file, doc_id, fmt), [], extracted)
    info = describe(extracted)
    rows = [f.to_row(info.jurisdiction) for f in parse(extracted, info)]
    for row in rows:
        row["source_file"] = source_file
    return Parsed(path, source_file, document_row(extracted, info, source_file), rows)


@task(name="load", cache_policy=NO_CACHE)
def load(con, parsed: Parsed) -> LoadResult:
    if parsed.error is not None:
        return record_failure(con, parsed.document, parsed.error)
    return load_document(con, parsed.document, parsed.facts)


# extraction runs in forked children (extractors.isolate), so threads give real parallelism; loading
# stays in the flow's own thread, in file order: DuckDB has one writer
WORKERS = max(2, os.cpu_count() or 2)


@flow(name="ingest-files", log_prints=False, task_runner=ThreadPoolTaskRunner(max_workers=WORKERS))
def ingest_files(paths: list[str], db: str, on_result=None) -> list[LoadResult]:
    """Ingest files and folders into the warehouse at `db`; a bad file is recorded, never fatal."""
    con = connect(db)
    results: list[LoadResult] = []
    try:
        planned = []
        for path, source_file in find_files(paths):
            doc_id = file_sha256(path)
            if doc_id and loaded_status(con, doc_id) == "ok":
                planned.append(LoadResult(source_file, doc_id, "skipped", 0, "already loaded (same bytes)"))
            else:
                planned.append(parse_document.submit(extract.submit(path), path, source_file))
        for item in planned:
            result = item if isinstance(item, LoadResult) else load(con, item.result())
            results.append(result)
            if on_result is not None:
                on_result(result)
    finally:
        con.close()
    return results


@flow(name="ingest-inbox", log_prints=False)
def ingest_inbox(inbox: str, db: str) -> list[LoadResult]:
    """Ingest the files in `inbox` that are not loaded yet (a changed file counts as new)."""
    results = [r for r in ingest_files([inbox], db) if r.status != "skipped"]
    for r in results:  # one line per new file, shown by `planetl serve`
        detail = r.message if r.status == "failed" else f"{r.n_facts} facts"
        print(f"  {r.status:<8} {r.source_file}: {detail}", file=sys.stderr, flush=True)
    return results
