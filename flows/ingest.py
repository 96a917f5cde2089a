"""Prefect flows: ingest plan files into the warehouse (read → load, as tasks).

Each file is read — extracted and parsed — in a child process forked from a fork server
(extractors.isolate, flows.worker), one per core at a time, so reading uses every core while this
process only loads: DuckDB has one writer. Files are loaded in the order they finish, and only a
few are in flight at once, so memory stays flat however many files there are.
"""
from __future__ import annotations

import hashlib
import os
import sys
import threading
from collections.abc import Callable
from functools import cache
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

import extractors
from extractors.errors import BadInputError
from extractors.isolate import ReaderError, preload, run_isolated
from flows import worker
from flows.worker import Parsed
from warehouse.load import LoadResult, connect, failed_row, load_document, loaded_status, record_failure

preload("flows.worker", "flows.preload")  # readers start with the parsers and their dictionaries loaded

READERS = os.cpu_count() or 2  # child processes reading at once: one per core
IN_FLIGHT = 4 * READERS  # files submitted but not yet loaded; bounds memory, keeps every reader busy


@cache
def _readers() -> threading.BoundedSemaphore:
    """Held while a child reads (made on first use: a served flow is pickled, and a lock cannot be)."""
    return threading.BoundedSemaphore(READERS)


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
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


@task(name="read", cache_policy=NO_CACHE)
def read(path: Path, source_file: str) -> Parsed | str:
    """Extract and parse one file in a child process; the reason, if it cannot be read."""
    with _readers():
        try:
            return run_isolated(worker.read, path, source_file)
        except (BadInputError, ReaderError) as exc:
            return str(exc)


@task(name="load", cache_policy=NO_CACHE)
def load(con, path: Path, source_file: str, parsed: Parsed | str) -> LoadResult:
    if isinstance(parsed, str):
        doc_id = file_sha256(path) or hashlib.sha256(str(path.resolve()).encode()).hexdigest()
        fmt = path.suffix.lower().lstrip(".") or "unknown"
        return record_failure(con, failed_row(path, source_file, doc_id, fmt), parsed)
    return load_document(con, parsed.document, parsed.facts)


def _finished(futures: dict):
    """The first of the in-flight reads to finish."""
    return next(iter(as_completed(list(futures))))


@flow(name="ingest-files", log_prints=False, task_runner=ThreadPoolTaskRunner(max_workers=IN_FLIGHT))
def ingest_files(paths: list[str], db: str, on_result: Callable[[LoadResult], None] | None = None) -> list[LoadResult]:
    """Ingest files and folders into the warehouse at `db`; a bad file is recorded, never fatal.

    Returns a result per file in file order; `on_result` sees each as it is loaded."""
    con = connect(db)
    results: dict[int, LoadResult] = {}
    in_flight: dict = {}  # future -> (index, path, source_file)

    def done(index: int, result: LoadResult) -> None:
        results[index] = result
        if on_result is not None:
            on_result(result)

    def load_one(future) -> None:
        index, path, source_file = in_flight.pop(future)
        # quoted: Prefect would otherwise walk every fact row looking for futures (half the run's time)
        done(index, load(con, path, source_file, quote(future.result())))

    try:
        for index, (path, source_file) in enumerate(find_files(paths)):
            doc_id = file_sha256(path)
            if doc_id and loaded_status(con, doc_id) == "ok":
                done(index, LoadResult(source_file, doc_id, "skipped", 0, "already loaded (same bytes)"))
                continue
            while len(in_flight) >= IN_FLIGHT:
                load_one(_finished(in_flight))
            in_flight[read.submit(path, source_file)] = (index, path, source_file)
        while in_flight:
            load_one(_finished(in_flight))
    finally:
        con.close()
    return [results[i] for i in sorted(results)]


@flow(name="ingest-inbox", log_prints=False)
def ingest_inbox(inbox: str, db: str) -> list[LoadResult]:
    """Ingest the files in `inbox` that are not loaded yet (a changed file counts as new)."""
    results = [r for r in ingest_files([inbox], db) if r.status != "skipped"]
    for r in results:  # one line per new file, shown by `planetl serve`
        detail = r.message if r.status == "failed" else f"{r.n_facts} facts"
        print(f"  {r.status:<8} {r.source_file}: {detail}", file=sys.stderr, flush=True)
    return results
