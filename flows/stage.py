"""Staging for many machines: read files into a folder of Parquet (warehouse/stage.py) on any task
runner — this machine's cores, or Dask workers on many hosts sharing the folder — then `planetl load`
(warehouse.stage.load_staged) loads the folder with one writer.

Each read task writes its document where it runs, so rows never travel to the flow's process. The
task runner is threads by default; with PLANETL_DASK_ADDRESS (a scheduler, tcp://host:8786) it is
Prefect's Dask task runner on that cluster.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner

from extractors.errors import PlanetlError
from flows.ingest import READERS, file_sha256, find_files, read
from flows.steps import failed_document
from warehouse import stage
from warehouse.load import LoadResult


@task(name="stage", cache_policy=NO_CACHE)
def stage_file(path: Path, source_file: str, folder: str) -> LoadResult:
    """Read one file (flows.ingest's `read`) and stage it, or its failure, in `folder`."""
    doc_id = file_sha256(path)
    if doc_id and stage.is_staged(folder, doc_id):
        return LoadResult(source_file, doc_id, "skipped", 0, "already staged (same bytes)")
    parsed = read.fn(path, source_file)
    if isinstance(parsed, str):
        document = failed_document(path, source_file, doc_id)
        stage.write(folder, document, parsed)
        return LoadResult(source_file, document["doc_id"], "failed", 0, parsed)
    stage.write(folder, parsed.document, parsed.facts)
    return LoadResult(source_file, parsed.document["doc_id"], "staged", len(parsed.facts))


@flow(name="stage-files", log_prints=False, task_runner=ThreadPoolTaskRunner(max_workers=READERS))
def stage_files(paths: list[str], folder: str,
                on_result: Callable[[LoadResult], None] | None = None) -> list[LoadResult]:
    """Stage files and folders into `folder` (made if missing); a result per file, in file order."""
    folder = str(Path(folder).resolve())  # as workers on other hosts see it too
    os.makedirs(folder, exist_ok=True)
    futures = [stage_file.submit(path.resolve(), source_file, folder) for path, source_file in find_files(paths)]
    order = {future: i for i, future in enumerate(futures)}
    results = {}
    for future in as_completed(futures):
        results[order[future]] = future.result()
        if on_result is not None:
            on_result(results[order[future]])
    return [results[i] for i in sorted(results)]


def task_runner():
    """Prefect's Dask task runner on the cluster at PLANETL_DASK_ADDRESS, else None (threads)."""
    address = os.environ.get("PLANETL_DASK_ADDRESS")
    if not address:
        return None
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError as exc:
        raise PlanetlError("PLANETL_DASK_ADDRESS: Prefect's Dask task runner is not installed; "
                           "pip install prefect-dask==0.3.7") from exc
    return DaskTaskRunner(address=address)


def stage_paths(paths: list[str], folder: str, on_result: Callable[[LoadResult], None] | None = None):
    runner = task_runner()
    run = stage_files if runner is None else stage_files.with_options(task_runner=runner)
    return run(paths, folder, on_result=on_result)
