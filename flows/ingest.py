"""Prefect flows: ingest plan files into the warehouse (read → load, as tasks).

Each file is read — extracted and parsed — in a child process forked from a fork server
(extractors.isolate, flows.worker), one per core at a time, so reading uses every core while this
process only loads: DuckDB has one writer. Files are loaded in the order they finish, a few at a
time in one transaction, and only a few are in flight at once, so memory stays flat however many
files there are.
"""
from __future__ import annotations

import errno
import hashlib
import itertools
import os
import queue
import stat
import sys
import threading
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

import extractors
from extractors.errors import BadInputError
from extractors.isolate import ReaderError, preload, run_isolated
from flows import worker
from flows.worker import Parsed
from warehouse.load import (LoadResult, connect, failed_row, ingest_memory_limit, load_batch, loaded_statuses,
                            mark_absent, record_locations)

# readers start with the parsers and their dictionaries loaded; and with flows.cli, because
# multiprocessing runs the parent's main script again in every child, and `planetl`'s imports it
# (about 20 ms a file when flows.cli and click are not loaded yet)
READER_MODULES = ("flows.worker", "flows.cli", "flows.preload")
preload(*READER_MODULES)

READERS = os.cpu_count() or 2  # child processes reading at once: one per core
LOAD_BATCH = 8  # files loaded together: one transaction, one insert per table, one Prefect task run
BATCH_WAIT_SECONDS = 5.0  # the longest a read file waits for others to fill its batch
IN_FLIGHT = LOAD_BATCH + 2 * READERS  # read or being read, not yet loaded: bounds memory, and keeps
# every reader busy while a batch fills and loads
CHECK_CHUNK = 64  # files whose bytes are looked up in the warehouse together, before reading


@cache
def _readers() -> threading.BoundedSemaphore:
    """Held while a child reads (made on first use: a served flow is pickled, and a lock cannot be)."""
    return threading.BoundedSemaphore(READERS)


@dataclass(frozen=True)
class Found:
    """What a walk over the given files and folders found."""
    files: list[tuple[Path, str]]  # to ingest: (path, name as given), sorted
    unsupported: list[str]  # files in the folders that planetl does not read (.xls, .jpg …)
    skipped: list[str]  # "path: why" of links not followed: symlink loops, broken symlinks
    unreadable: list[str]  # "path: why" of what could not be read: a folder that cannot be listed


def scan(paths: list[str]) -> Found:
    """Walk files and folders (recursively, following symlinked folders once) for files to ingest."""
    files: list[tuple[Path, str]] = []
    unsupported: list[str] = []
    skipped: list[str] = []
    unreadable: list[str] = []
    for given in paths:
        path = Path(given)
        try:
            path.stat()
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                unreadable.append(f"{given}: a symlink loop; nothing to read")
                continue
        if not path.is_dir():
            files.append((path, given))  # a missing file is recorded as failed when read
            continue
        found = []
        visited = {os.path.realpath(path)}

        def cannot_list(exc: OSError) -> None:
            why = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc)).lower()
            unreadable.append(f"{exc.filename}: {why}; the folder cannot be listed, its files were not ingested")

        for folder, subfolders, names in os.walk(path, onerror=cannot_list, followlinks=True):
            here = os.path.realpath(folder)
            subfolders.sort(key=lambda name: (os.path.islink(os.path.join(folder, name)), name))  # real ones first
            for name in list(subfolders):
                real = os.path.realpath(os.path.join(folder, name))
                if here == real or here.startswith(real.rstrip(os.sep) + os.sep):
                    skipped.append(f"{Path(folder, name)}: a symlink loop (back to {real}); not followed")
                if real in visited:
                    subfolders.remove(name)  # a loop, or a folder walked already through another link
                visited.add(real)
            for name in names:
                child = Path(folder, name)
                try:
                    mode = child.stat().st_mode
                except OSError as exc:
                    why = ("a symlink loop" if exc.errno == errno.ELOOP
                           else f"a broken symlink (to {os.readlink(child)})")
                    skipped.append(f"{child}: {why}; skipped")
                    continue
                if not stat.S_ISREG(mode):
                    continue
                if child.suffix.lower() in extractors.SUFFIXES:
                    found.append(child)
                elif not name.startswith("."):
                    unsupported.append(str(child))
        files += [(child, str(child)) for child in sorted(found)]
    return Found(files, sorted(unsupported), sorted(skipped), sorted(unreadable))


def find_files(paths: list[str]) -> list[tuple[Path, str]]:
    """Files to ingest from files and folders (recursively), as (path, name as given), sorted."""
    return scan(paths).files


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
def load(db: str, batch: list[tuple[Path, str, Parsed | str]]) -> list[LoadResult]:
    """Load read files, and record the ones that could not be read, in one transaction. The
    warehouse is open for writing (DuckDB's lock held) only meanwhile: queries run between batches."""
    items = []
    for path, source_file, parsed in batch:
        if isinstance(parsed, str):
            doc_id = file_sha256(path) or hashlib.sha256(str(path.resolve()).encode()).hexdigest()
            fmt = path.suffix.lower().lstrip(".") or "unknown"
            items.append((failed_row(path, source_file, doc_id, fmt), parsed))
        else:
            items.append((parsed.document, parsed.facts))
    with closing(connect(db, memory_limit=ingest_memory_limit())) as con:
        return load_batch(con, items)


def _already_loaded(db: str, files: list[tuple[int, Path, str]]) -> tuple[list[tuple], list[tuple]]:
    """Of files (index, path, name as given): those whose bytes are loaded, as (index, name,
    doc_id), each recorded as a location of its document; and the rest, to read. One short write hold."""
    hashed = [(index, path, source_file, file_sha256(path)) for index, path, source_file in files]
    with closing(connect(db, memory_limit=ingest_memory_limit())) as con:
        status = loaded_statuses(con, [doc_id for *_, doc_id in hashed if doc_id])
        loaded = [h for h in hashed if status.get(h[3]) == "ok"]
        record_locations(con, [(doc_id, str(path.resolve()), source_file) for _, path, source_file, doc_id in loaded])
    return ([(index, source_file, doc_id) for index, _, source_file, doc_id in loaded],
            [(index, path, source_file) for index, path, source_file, doc_id in hashed if status.get(doc_id) != "ok"])


def _next_batch(in_flight: dict, finished: queue.SimpleQueue) -> list:
    """Finished reads to load next: the first to finish, and the next ones as they finish, up to
    LOAD_BATCH of them or for BATCH_WAIT_SECONDS (a batch costs about as much to load as one file)."""
    batch = [finished.get()]
    deadline = time.monotonic() + BATCH_WAIT_SECONDS
    while len(batch) < min(LOAD_BATCH, len(in_flight)):
        try:
            batch.append(finished.get(timeout=max(deadline - time.monotonic(), 0)))
        except queue.Empty:
            break
    return batch


@flow(name="ingest-files", log_prints=False, task_runner=ThreadPoolTaskRunner(max_workers=IN_FLIGHT))
def ingest_files(paths: list[str], db: str, on_result: Callable[[LoadResult], None] | None = None) -> list[LoadResult]:
    """Ingest files and folders into the warehouse at `db`; a bad file is recorded, never fatal.

    Returns a result per file in file order; `on_result` sees each as it is loaded. The same bytes at
    another path are recorded as another location of their document; a file gone from a folder
    ingested before is marked absent (documents.absent, document_locations.absent_since). The
    warehouse is open for writing only while a batch loads (or a few quick look-ups are made), so
    `planetl query` runs between batches."""
    files = find_files(paths)
    folders = [str(Path(p).resolve()) for p in paths if Path(p).is_dir()]
    results: dict[int, LoadResult] = {}
    in_flight: dict = {}  # future -> (index, path, source_file)
    finished: queue.SimpleQueue = queue.SimpleQueue()  # futures of reads as they finish

    def done(index: int, result: LoadResult) -> None:
        results[index] = result
        if on_result is not None:
            on_result(result)

    def load_next() -> None:
        batch = [(future, *in_flight.pop(future)) for future in _next_batch(in_flight, finished)]
        # quoted: Prefect would otherwise walk every fact row looking for futures (half the run's time)
        loaded = load(db, quote([(path, source_file, future.result()) for future, _, path, source_file in batch]))
        for (_, index, _, _), result in zip(batch, loaded):
            done(index, result)

    numbered = iter([(index, path, source_file) for index, (path, source_file) in enumerate(files)])
    while chunk := list(itertools.islice(numbered, CHECK_CHUNK)):
        skipped, to_read = _already_loaded(db, chunk)
        for index, source_file, doc_id in skipped:  # LoadResult named here: a served flow is pickled with
            # the globals its code names, and Prefect resolves the annotation of on_result from them
            done(index, LoadResult(source_file, doc_id, "skipped", 0, "already loaded (same bytes)"))
        for index, path, source_file in to_read:
            while len(in_flight) >= IN_FLIGHT:
                load_next()
            future = read.submit(path, source_file)
            in_flight[future] = (index, path, source_file)
            future.add_done_callback(finished.put)
    while in_flight:
        load_next()
    if folders or not files:  # and a run with nothing to load still makes the warehouse
        with closing(connect(db, memory_limit=ingest_memory_limit())) as con:
            mark_absent(con, folders, [str(path.resolve()) for path, _ in files])
    return [results[i] for i in sorted(results)]


@flow(name="ingest-inbox", log_prints=False)
def ingest_inbox(inbox: str, db: str) -> list[LoadResult]:
    """Ingest the files in `inbox` that are not loaded yet (a changed file counts as new)."""
    results = [r for r in ingest_files([inbox], db) if r.status != "skipped"]
    for r in results:  # one line per new file, shown by `planetl serve`
        detail = r.message if r.status == "failed" else f"{r.n_facts} facts"
        print(f"  {r.status:<8} {r.source_file}: {detail}", file=sys.stderr, flush=True)
    return results
