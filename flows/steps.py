"""The steps of an ingest, without Prefect: find files, tell what is new, read, load.

flows.ingest runs them as Prefect tasks of a flow (served and scheduled runs, and any run with
PREFECT_API_URL set); `planetl ingest` on its own runs the same steps on a thread pool, so that a
run with nothing new imports nothing heavy (no Prefect, no parsers, no pandas) and one new file
costs about two seconds, not fifteen.

Each file is read — extracted and parsed — in a child process forked from a fork server
(extractors.isolate, flows.worker), one per core at a time, so reading uses every core while this
process only loads: DuckDB has one writer. Files are loaded in the order they finish, a few at a
time in one transaction, and only a few are in flight at once, so memory stays flat however many
files there are.
"""
from __future__ import annotations

import collections
import ctypes
import errno
import hashlib
import itertools
import os
import queue
import stat
import threading
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import extractors

READERS = os.cpu_count() or 2  # child processes reading at once: one per core
LOAD_BATCH = 8  # files loaded together: one transaction, one insert per table, one Prefect task run
BATCH_WAIT_SECONDS = 5.0  # the longest a read file waits for others to fill its batch
IN_FLIGHT = LOAD_BATCH + 2 * READERS  # read or being read, not yet loaded: bounds memory, and keeps
# every reader busy while a batch fills and loads
CHECK_CHUNK = 64  # files whose bytes are looked up in the warehouse together, before reading

# readers start with the parsers and their dictionaries loaded; and with flows.cli, because
# multiprocessing runs the parent's main script again in every child, and `planetl`'s imports it
# (about 20 ms a file when flows.cli and click are not loaded yet)
READER_MODULES = ("flows.worker", "flows.cli", "flows.preload")


@dataclass(frozen=True)
class Parsed:
    """One file read: its `documents` row and its `facts` rows, ready to load."""
    source_file: str
    document: dict
    facts: list[dict]


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


_hashed: dict[tuple, str] = {}  # (path, size, mtime, inode) -> sha256: a file is hashed once a run


def file_sha256(path: Path) -> str | None:
    try:
        info = os.stat(path)
        key = (os.path.abspath(path), info.st_size, info.st_mtime_ns, info.st_ino)
        if key in _hashed:
            return _hashed[key]
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    if len(_hashed) > 100_000:  # a long-lived process (serve): forget, never grow without end
        _hashed.clear()
    _hashed[key] = h.hexdigest()
    return _hashed[key]


def unread(db: str, files: list[tuple[Path, str]]) -> list[tuple[Path, str]] | None:
    """Of `files`, those whose bytes the warehouse at `db` has not loaded, by a read-only look (the
    ingest itself looks again, holding the warehouse); None if it cannot be looked at now."""
    if not files or not Path(db).is_file():
        return list(files)
    import duckdb

    hashes = [file_sha256(path) for path, _ in files]
    try:
        with closing(duckdb.connect(db, read_only=True)) as con:
            ok = {doc_id for (doc_id,) in con.execute("SELECT doc_id FROM documents WHERE status = 'ok' "
                                                      "AND list_contains(?, doc_id)", [hashes]).fetchall()}
    except duckdb.Error:  # locked by a writer, not a warehouse, an old one: the ingest says
        return None
    return [file for file, doc_id in zip(files, hashes) if doc_id not in ok]


@cache
def _readers() -> threading.BoundedSemaphore:
    """Held while a child reads (made on first use: a served flow is pickled, and a lock cannot be)."""
    return threading.BoundedSemaphore(READERS)


def start_readers(pdf: bool = True) -> None:
    """Start the readers' fork server now: it loads the parsers while this process goes on. Without
    `pdf`, it does not load pdfplumber (half a second): no PDF is to be read, or a child imports it."""
    from extractors import isolate

    isolate.preload(*READER_MODULES)
    isolate.start(skip=() if pdf else ("pdfplumber", "extractors.pdf", "extractors.pdf_open"))


def _read_in_child(path: str, source_file: str) -> Parsed:
    """flows.worker.read, named here so that this process need not import the parsers to ask a child
    for it (the fork server has them loaded)."""
    from flows.worker import read

    return read(path, source_file)


def read_file(path: Path, source_file: str) -> Parsed | str:
    """Extract and parse one file in a child process; the reason, if it cannot be read."""
    from extractors.errors import BadInputError
    from extractors.isolate import ReaderError, run_isolated

    with _readers():
        try:
            return run_isolated(_read_in_child, path, source_file)
        except (BadInputError, ReaderError) as exc:
            return str(exc)


def load_files(db: str, batch: list[tuple[Path, str, Parsed | str]]) -> list:
    """Load read files, and record the ones that could not be read, in one transaction. The
    warehouse is open for writing (DuckDB's lock held) only meanwhile: queries run between batches."""
    from warehouse.load import ingest_memory_limit, load_batch, writing

    items = [(failed_document(path, source_file), parsed) if isinstance(parsed, str)
             else (parsed.document, parsed.facts) for path, source_file, parsed in batch]
    with writing(db, ingest_memory_limit()) as con:
        return load_batch(con, items)


def failed_document(path: Path, source_file: str, doc_id: str | None = None) -> dict:
    """The `documents` row of a file that could not be read: its bytes' hash (`doc_id` when known),
    or its path's when the bytes cannot be read either."""
    from warehouse.load import failed_row

    doc_id = doc_id or file_sha256(path) or hashlib.sha256(str(path.resolve()).encode()).hexdigest()
    return failed_row(path, source_file, doc_id, path.suffix.lower().lstrip(".") or "unknown")


def already_loaded(db: str, files: list[tuple[int, Path, str]]) -> tuple[list[tuple], list[tuple]]:
    """Of files (index, path, name as given): those whose bytes are loaded, as (index, name,
    doc_id), each recorded as a location of its document; and the rest, to read. One short write hold."""
    from warehouse.load import ingest_memory_limit, loaded_statuses, record_locations, writing

    hashed = [(index, path, source_file, file_sha256(path)) for index, path, source_file in files]
    with writing(db, ingest_memory_limit()) as con:
        status = loaded_statuses(con, [doc_id for *_, doc_id in hashed if doc_id])
        loaded = [h for h in hashed if status.get(h[3]) == "ok"]
        record_locations(con, [(doc_id, str(path.resolve()), source_file) for _, path, source_file, doc_id in loaded])
    return ([(index, source_file, doc_id) for index, _, source_file, doc_id in loaded],
            [(index, path, source_file) for index, path, source_file, doc_id in hashed if status.get(doc_id) != "ok"])


def _next_batch(in_flight: dict, finished: queue.SimpleQueue, size: int) -> list:
    """Finished reads to load next: the first to finish, and the next ones as they finish, up to
    `size` of them or for BATCH_WAIT_SECONDS (a batch costs about as much to load as one file)."""
    batch = [finished.get()]
    deadline = time.monotonic() + BATCH_WAIT_SECONDS
    while len(batch) < min(size, len(in_flight)):
        try:
            batch.append(finished.get(timeout=max(deadline - time.monotonic(), 0)))
        except queue.Empty:
            break
    return batch


def one_malloc_arena() -> None:
    """glibc gives each thread that allocates its own heap (arena), and keeps what is freed there for
    that heap: the threads that take in the readers' results fill theirs, and the loader frees the
    results later. With one arena for the process, what one batch freed serves the next (measured:
    the ingest process a few MB smaller at 1100 documents). DuckDB's own threads use jemalloc."""
    try:
        ctypes.CDLL("libc.so.6").mallopt(-8, 1)  # M_ARENA_MAX; a no-op where libc is not glibc
    except (OSError, AttributeError):
        pass


def run(paths: list[str], db: str, on_result: Callable | None, *, submit: Callable, load: Callable,
        files: list[tuple[Path, str]], load_size: int = LOAD_BATCH) -> list:
    """Ingest `files` (found in `paths`) into the warehouse at `db`: the steps, whoever runs them.

    `submit(path, source_file)` starts a read and returns its future (a Prefect or a concurrent.futures
    one); `load(db, batch)` loads a batch of (path, source_file, future). Returns a LoadResult per
    file in file order; `on_result` sees each as it is loaded. The same bytes at another path are
    recorded as another location of their document; a file gone from a folder ingested before is
    marked absent."""
    from warehouse.load import LoadResult, ingest_memory_limit, mark_absent, writing

    one_malloc_arena()
    folders = [str(Path(p).resolve()) for p in paths if Path(p).is_dir()]
    results: dict[int, LoadResult] = {}
    in_flight: dict = {}  # future -> (index, path, source_file)
    finished: queue.SimpleQueue = queue.SimpleQueue()  # futures of reads as they finish

    def done(index: int, result: LoadResult) -> None:
        results[index] = result
        if on_result is not None:
            on_result(result)

    numbered = iter([(index, path, source_file) for index, (path, source_file) in enumerate(files)])
    to_read: collections.deque = collections.deque()  # new files, not submitted yet

    def top_up() -> None:
        """Submit reads until IN_FLIGHT are read or being read and not loaded, looking up the next
        chunk of files in the warehouse when those found new so far are all submitted."""
        while len(in_flight) < IN_FLIGHT:
            if not to_read:
                if not (chunk := list(itertools.islice(numbered, CHECK_CHUNK))):
                    return
                skipped, new = already_loaded(db, chunk)
                for index, source_file, doc_id in skipped:
                    done(index, LoadResult(source_file, doc_id, "skipped", 0, "already loaded (same bytes)"))
                to_read.extend(new)
                continue
            index, path, source_file = to_read.popleft()
            future = submit(path, source_file)
            in_flight[future] = (index, path, source_file)
            future.add_done_callback(finished.put)

    def load_next() -> None:
        batch = [(future, *in_flight.pop(future)) for future in _next_batch(in_flight, finished, load_size)]
        top_up()  # before loading: the readers go on reading meanwhile
        loaded = load(db, [(path, source_file, future) for future, _, path, source_file in batch])
        for (_, index, _, _), result in zip(batch, loaded):
            done(index, result)

    top_up()
    while in_flight:
        load_next()
    if folders or not files:  # and a run with nothing to load still makes the warehouse
        with writing(db, ingest_memory_limit()) as con:
            mark_absent(con, folders, [str(path.resolve()) for path, _ in files])
    return [results[i] for i in sorted(results)]


def ingest_here(paths: list[str], db: str, on_result: Callable | None = None,
                files: list[tuple[Path, str]] | None = None) -> list:
    """The steps of flows.ingest.ingest_files without Prefect: reads on a pool of threads (each waits
    for its child process), loads in this thread. What `planetl ingest` runs when no Prefect server
    is set (PREFECT_API_URL). A thread per reader, no more: reads submitted beyond them wait in the
    pool's queue, and each thread that takes in a reader's results keeps a heap of its own."""
    from concurrent.futures import ThreadPoolExecutor

    files = find_files(paths) if files is None else files
    with ThreadPoolExecutor(max_workers=READERS) as pool:
        try:
            return run(paths, db, on_result, files=files, submit=lambda path, name: pool.submit(read_file, path, name),
                       load=lambda db, batch: load_files(db, [(p, n, future.result()) for p, n, future in batch]))
        except KeyboardInterrupt:  # Ctrl-C: stop now, not when the files being read are read
            pool.shutdown(wait=False, cancel_futures=True)
            _stop_readers()
            raise


def _stop_readers() -> None:
    """Stop the readers' fork server; the readers die with it (extractors.isolate), and each thread
    waiting for one is told it crashed."""
    from multiprocessing import forkserver

    stop = getattr(forkserver._forkserver, "_stop", None)  # CPython's own (3.8+), used by its tests
    if stop is not None:
        stop()
