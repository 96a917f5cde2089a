"""Prefect flows: ingest plan files into the warehouse (read → load, as tasks).

The steps are flows.steps' (find, tell what is new, read in forked children, load in batches);
here they run as Prefect tasks of a flow: served and scheduled runs, and `planetl ingest` when a
Prefect server is set (PREFECT_API_URL). See flows.steps for how reading and loading share the cores.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import cast

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from extractors.isolate import preload
from flows import steps
from flows.steps import (BATCH_WAIT_SECONDS, CHECK_CHUNK, IN_FLIGHT, LOAD_BATCH, READER_MODULES, READERS,  # noqa: F401
                         Found, Parsed, file_sha256, find_files, scan)
from warehouse.load import LoadResult

preload(*READER_MODULES)


@task(name="read", cache_policy=NO_CACHE)
def read(path: Path, source_file: str) -> Parsed | str:
    """Extract and parse one file in a child process; the reason, if it cannot be read."""
    return steps.read_file(path, source_file)


@task(name="load", cache_policy=NO_CACHE)
def load(db: str, batch: list[tuple[Path, str, Parsed | str]]) -> list[LoadResult]:
    """Load read files, and record the ones that could not be read, in one transaction. The
    warehouse is open for writing (DuckDB's lock held) only meanwhile: queries run between batches."""
    return steps.load_files(db, batch)


@flow(name="ingest-files", log_prints=False, task_runner=ThreadPoolTaskRunner(max_workers=IN_FLIGHT))
def ingest_files(paths: list[str], db: str, on_result: Callable[[LoadResult], None] | None = None) -> list[LoadResult]:
    """Ingest files and folders into the warehouse at `db`; a bad file is recorded, never fatal.

    Returns a result per file in file order; `on_result` sees each as it is loaded. The same bytes at
    another path are recorded as another location of their document; a file gone from a folder
    ingested before is marked absent (documents.absent, document_locations.absent_since). The
    warehouse is open for writing only while a batch loads (or a few quick look-ups are made), so
    `planetl query` runs between batches."""
    # module globals looked up now: find_files and LOAD_BATCH can be replaced (tests do). LoadResult is
    # named in the code: a served flow is pickled with the globals its code names, and Prefect resolves
    # the annotation of on_result from them
    return cast(list[LoadResult], steps.run(
        paths, db, on_result, files=find_files(paths), load_size=LOAD_BATCH, submit=read.submit,
        # quoted: Prefect would otherwise walk every fact row looking for futures (half the run's time)
        load=lambda db, batch: load(db, quote([(p, n, future.result()) for p, n, future in batch]))))


@flow(name="ingest-inbox", log_prints=False)
def ingest_inbox(inbox: str, db: str) -> list[LoadResult]:
    """Ingest the files in `inbox` that are not loaded yet (a changed file counts as new)."""
    results = [r for r in ingest_files([inbox], db) if r.status != "skipped"]
    for r in results:  # one line per new file, shown by `planetl serve`
        detail = r.message if r.status == "failed" else f"{r.n_facts} facts"
        print(f"  {r.status:<8} {r.source_file}: {detail}", file=sys.stderr, flush=True)
    return results
