"""Staged documents: each read file as Parquet in a folder, for one writer to load later.

Readers on many hosts write to a shared folder; `planetl load` reads it. A document is a pair of
files named by its doc_id: <doc_id>.facts.parquet, its facts rows as the loader inserts them, and
<doc_id>.document.parquet, its `documents` row with n_facts (for a file that could not be read:
status 'failed' and the error). Each is written under a temporary name and renamed, the document
last, so a reader sees a document whole or not at all. Writing opens no warehouse; load_staged
loads a folder with one writer, through load.load_batch.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import duckdb
import pandas as pd

from warehouse.load import (LoadResult, WarehouseError, ingest_memory_limit, load_batch, loaded_statuses,
                            record_locations, writing)

DOCUMENT = ".document.parquet"
FACTS = ".facts.parquet"
LOAD_BATCH = 16  # documents loaded in one transaction, as ingest loads them (flows.ingest.LOAD_BATCH)


class StageError(WarehouseError):
    pass


def is_staged(folder: str | Path, doc_id: str) -> bool:
    return (Path(folder) / f"{doc_id}{DOCUMENT}").exists()


def write(folder: str | Path, document: dict, content: list[dict] | str) -> Path:
    """Stage a `documents` row with its facts, or with the reason its file could not be read."""
    folder = Path(folder)
    facts = [] if isinstance(content, str) else content
    row = {**document, "n_facts": len(facts)}
    if isinstance(content, str):
        row.update(status="failed", error=content)
    path = folder / f"{document['doc_id']}{DOCUMENT}"
    with closing(duckdb.connect()) as con:
        _write(con, facts, folder / f"{document['doc_id']}{FACTS}")
        _write(con, [row], path)
    return path


def _write(con: duckdb.DuckDBPyConnection, rows: list[dict], path: Path) -> None:
    temp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    relation = con.from_df(pd.DataFrame(rows)) if rows else con.sql("SELECT NULL::VARCHAR AS fact_id WHERE false")
    try:
        relation.write_parquet(str(temp))
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def staged(folder: str | Path) -> list[Path]:
    """The document files staged in `folder`, by name."""
    if not Path(folder).is_dir():
        raise StageError(f"{folder}: no such folder; stage files first with `planetl ingest --stage {folder} FILES`")
    return sorted(Path(folder).glob(f"*{DOCUMENT}"))


def read_document(con: duckdb.DuckDBPyConnection, path: Path) -> dict:
    """The staged `documents` row at `path`, n_facts included."""
    return _rows(con, path)[0]


def read(con: duckdb.DuckDBPyConnection, document: dict, path: Path) -> tuple[dict, list[dict] | str]:
    """What load_batch takes for a staged document (its row from read_document, at `path`): the
    `documents` row with its facts, or with the reason its file could not be read."""
    facts_path = path.with_name(path.name.removesuffix(DOCUMENT) + FACTS)
    facts = _rows(con, facts_path)
    row = {k: v for k, v in document.items() if k != "n_facts"}
    if len(facts) != document["n_facts"]:
        raise StageError(f"{facts_path}: {len(facts)} facts where {path.name} says {document['n_facts']}; "
                         "stage the file again")
    if row["status"] == "failed":
        return {k: v for k, v in row.items() if k not in ("status", "error")}, row["error"]
    return row, facts


def _rows(con: duckdb.DuckDBPyConnection, path: Path) -> list[dict]:
    try:
        relation = con.read_parquet(str(path))
        return [dict(zip(relation.columns, r)) for r in relation.fetchall()]
    except (duckdb.IOException, duckdb.InvalidInputException) as exc:
        raise StageError(f"{path}: cannot be read ({exc}); stage the file again") from exc


def load_staged(folder: str, db: str, on_result: Callable[[LoadResult], None] | None = None,
                batch_size: int = LOAD_BATCH) -> list[LoadResult]:
    """Load the documents staged in `folder` into the warehouse at `db`, in batches, one writer, as
    ingest loads read files: a document whose bytes are loaded is skipped (its path recorded as a
    location), a changed file replaces its earlier version at that path. In source_file order."""
    with closing(duckdb.connect()) as reader:
        documents = sorted(((read_document(reader, p), p) for p in staged(folder)),
                           key=lambda d: (d[0]["source_file"], d[0]["doc_id"]))
        results = []
        for start in range(0, len(documents), batch_size):
            batch = documents[start:start + batch_size]
            with writing(db, ingest_memory_limit()) as con:
                status = loaded_statuses(con, [d["doc_id"] for d, _ in batch])
                loaded = [d for d, _ in batch if status.get(d["doc_id"]) == "ok"]
                record_locations(con, [(d["doc_id"], d["source_path"], d["source_file"]) for d in loaded])
                done = {d["doc_id"]: LoadResult(d["source_file"], d["doc_id"], "skipped", 0,
                                                "already loaded (same bytes)") for d in loaded}
                todo = [read(reader, d, p) for d, p in batch if d["doc_id"] not in done]
                if todo:
                    done.update((r.doc_id, r) for r in load_batch(con, todo))
            for d, _ in batch:
                results.append(done[d["doc_id"]])
                if on_result is not None:
                    on_result(results[-1])
    return results
