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
from prefect.states import Failed
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from extractors.isolate import preload
from flows import serve, steps
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
def ingest_files(paths: list[str], db: str, on_result: Callable[[LoadResult], None] | None = None,
                 files: list[tuple[Path, str]] | None = None) -> list[LoadResult]:
    """Ingest files and folders into the warehouse at `db`; a bad file is recorded, never fatal.

    Returns a result per file in file order; `on_result` sees each as it is loaded. The same bytes at
    another path are recorded as another location of their document; a file gone from a folder
    ingested before is marked absent (documents.absent, document_locations.absent_since); `files`,
    when given, are those of `paths` to ingest (the others are left as they are). The
    warehouse is open for writing only while a batch loads (or a few quick look-ups are made), so
    `planetl query` runs between batches."""
    # module globals looked up now: find_files and LOAD_BATCH can be replaced (tests do). LoadResult is
    # named in the code: a served flow is pickled with the globals its code names, and Prefect resolves
    # the annotation of on_result from them
    return cast(list[LoadResult], steps.run(
        paths, db, on_result, files=find_files(paths) if files is None else files, load_size=LOAD_BATCH,
        submit=read.submit,
        # quoted: Prefect would otherwise walk every fact row looking for futures (half the run's time)
        load=lambda db, batch: load(db, quote([(p, n, future.result()) for p, n, future in batch]))))


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)  # shown by `planetl serve`


def _say_result(r: LoadResult) -> None:
    if r.status != "skipped":
        _say(f"  failed   {r.message}" if r.status == "failed"
             else f"  {r.status:<8} {r.source_file}: {r.n_facts} facts")


@flow(name="ingest-inbox", log_prints=False)
def ingest_inbox(inbox: str, db: str, done: str | None = None, failed: str | None = None,
                 sources: list[str] | None = None, download_dir: str | None = None,
                 match: str | None = None) -> list[LoadResult]:
    """Crawl the listing pages `sources` (flows.crawl, into `download_dir`), then ingest the files
    in `inbox` not loaded yet (a changed file counts as new), each once its size and modification
    time have stopped changing (serve.settle_seconds); a file whose bytes failed before is not read
    again until they change. With `done` / `failed`, each file taken is then moved there (loaded or
    already loaded / failed), at its place relative to `inbox`. Returns the files loaded, replaced
    or failed; the run ends in the Failed state when a file or a fetch failed (the others loaded)."""
    here = str(Path(inbox).resolve()) + "/"
    outboxes = [str(Path(folder).resolve()) + "/" for folder in (done, failed) if folder]
    if here in outboxes:
        raise ValueError(f"{inbox}: the inbox cannot be the folder files are moved to (done, failed)")
    outboxes = [folder for folder in outboxes if folder.startswith(here)]  # not taken again from there
    problems = _crawl(sources, db, download_dir, match) if sources else []
    found = scan([inbox])
    for line in found.unreadable:
        _say(f"  note     {line}")
    files = [(path, name) for path, name in found.files
             if not any(str(path.resolve()).startswith(folder) for folder in outboxes)]
    settle = serve.settle_seconds()
    taken, waiting = serve.settled(files, settle)
    for _, name in waiting:
        _say(f"  waiting  {name}: still being written (changed in the last {settle:g} s); taken on a later run")
    known = serve.failed_before(db, taken)
    for (_, name), (_, error) in known.items():
        _say(f"  skipped  {name}: failed before with the same bytes ({error}); read again once the file changes")
    to_read = [file for file in taken if file not in known]
    results = ingest_files([inbox], db, files=to_read)
    new = [r for r in results if r.status != "skipped"]
    for r in new:
        _say_result(r)
    problems += [r.message for r in new if r.status == "failed"]
    if done or failed:
        processed = [(path, result.doc_id, result.status == "failed") for (path, _), result in zip(to_read, results)]
        _move(inbox, db, done, failed, processed + [(path, doc_id, True) for (path, _), (doc_id, _) in known.items()])
    if problems:
        return cast(list[LoadResult], Failed(message=f"{len(problems)} failed: " + "; ".join(problems), data=new))
    return new


def _move(inbox: str, db: str, done: str | None, failed: str | None, processed: list[tuple[Path, str, bool]]) -> None:
    """Move each processed inbox file (path, doc_id, whether it failed) to `done` or `failed`."""
    moved = []
    for path, doc_id, bad in processed:
        folder = failed if bad else done
        if folder is None:
            continue
        try:
            dest = serve.move_into(path, Path(inbox), Path(folder))
        except OSError as exc:
            _say(f"  note     {path}: not moved to {folder} ({exc.strerror or exc})")
            continue
        _say(f"  moved    {path} to {dest}")
        if doc_id:
            moved.append((doc_id, dest))
    if moved:
        serve.record_moves(db, inbox, moved)


def _crawl(sources: list[str], db: str, download_dir: str | None, match: str | None) -> list[str]:
    """Crawl the listing pages `sources` (flows.crawl) as a subflow of this run: what failed (the
    fetches, the downloaded files that could not be read)."""
    from flows.crawl import crawl, default_download_dir

    state = crawl(urls=list(sources), db=db, download_dir=download_dir or default_download_dir(db), match=match,
                  return_state=True)
    if not state.is_completed():
        _say(f"  failed   crawl of {', '.join(sources)}: {state.message}")
        return [f"crawl of {', '.join(sources)}: {state.message}"]
    report = state.result()
    for r in report.results:
        _say_result(r)
    for line in report.problem_lines():
        _say(line)
    _say(f"  crawled  {', '.join(sources)}: {report.counts()}")
    return [*report.failures, *(r.message for r in report.results if r.status == "failed")]
