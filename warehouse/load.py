"""Loading documents and their facts into DuckDB, one transaction per document.

Incremental like dlt's cursor + primary key: a file whose bytes (sha256) are already loaded is
skipped; a changed file at a path loaded before replaces that version's rows. The loader writes
only the columns declared in schema.sql and rejects any other (DuckDB's binder checks them).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import hashlib
import unicodedata
from collections import Counter
import os
import re
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb
import pandas as pd

from extractors.errors import PlanetlError
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


def connect(db: str | Path, read_only: bool = False, memory_limit: str | None = None) -> duckdb.DuckDBPyConnection:
    """Open the warehouse, waiting for another writer; a writer gets the schema, and `memory_limit`
    (DuckDB's syntax, '192MB') caps DuckDB's memory, spilling to disk beyond it."""
    db = Path(db)
    if read_only and not db.exists():
        raise WarehouseError(f"{db}: no such warehouse; create it with `planetl ingest PATH --db {db}`")
    deadline = time.monotonic() + lock_wait_seconds()
    while True:
        try:
            con = duckdb.connect(str(db), read_only=read_only)
            break
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise WarehouseError(f"{db}: cannot open the warehouse ({exc})") from exc
            if time.monotonic() >= deadline:
                raise WarehouseError(
                    f"{db}: another planetl process is using this warehouse (waited {lock_wait_seconds():g} s); "
                    "retry when it has finished, or set PLANETL_LOCK_WAIT to wait longer") from exc
            time.sleep(0.2)
    if memory_limit:
        try:
            con.execute("SET memory_limit = ?", [memory_limit])
        except duckdb.Error as exc:
            con.close()
            raise WarehouseError(f"memory limit {memory_limit!r}: {exc}") from exc
    if not read_only:
        try:
            ensure_schema(con)
        except duckdb.Error as exc:
            error = _rolled_back(con, exc)
            con.close()
            if error is exc:
                raise
            raise error from exc
    return con


# columns added to `documents` after its first release: a warehouse made by an older planetl gets them
ADDED_DOCUMENT_COLUMNS = {"n_numbers": "INTEGER", "n_numbers_in_facts": "INTEGER", "n_numbers_excluded": "INTEGER",
                          "n_numbers_unread": "INTEGER", "plan_id": "VARCHAR", "is_primary": "BOOLEAN DEFAULT false"}


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(resources.files("warehouse").joinpath("schema.sql").read_text(encoding="utf-8"))
    if con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'documents' "
                   "AND table_type = 'BASE TABLE' AND table_schema = current_schema()").fetchone()[0]:
        for name, kind in ADDED_DOCUMENT_COLUMNS.items():
            con.execute(f"ALTER TABLE documents ADD COLUMN IF NOT EXISTS {name} {kind}")
    _drop_old_doc_type_check(con)
    con.execute(resources.files("warehouse").joinpath("views.sql").read_text(encoding="utf-8"))
    con.execute("BEGIN")
    con.execute("DELETE FROM doc_types")
    con.executemany("INSERT INTO doc_types VALUES (?, ?, ?, ?)",
                    [(t.code, t.name_zh, t.name_en, t.description) for t in doc_types()])
    con.execute("DELETE FROM metrics")
    con.executemany("INSERT INTO metrics VALUES (?, ?, ?, ?, ?)",
                    [(m.code, m.name_zh, m.name_en, m.base_unit or None, m.definition) for m in metrics().values()])
    con.execute("DELETE FROM housing_types")
    con.executemany("INSERT INTO housing_types VALUES (?, ?, ?)",
                    [(h.code, h.name_zh, h.name_en) for h in housing_types().values()])
    if con.execute("SELECT count(*) FROM regions").fetchone()[0] != len(divisions()):
        con.execute("DELETE FROM regions")
        _insert(con, "regions", [{"code": c, "name": n} for c, n in sorted(divisions().items())])
    con.execute("COMMIT")


# the CHECK on documents.doc_type that planetl wrote before doc_types became a table: it refuses the
# new codes, and DuckDB cannot drop a CHECK
OLD_DOC_TYPE_CHECK = "(doc_type IN ('annual_plan', 'five_year_plan', 'implementation_scheme', 'other'))"


def _drop_old_doc_type_check(con: duckdb.DuckDBPyConnection) -> None:
    """A `documents` table made by an older planetl (its CHECK exactly as planetl wrote it) is
    rebuilt without that CHECK, its rows copied, in one transaction; any other table is left alone."""
    old = con.execute("SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'documents' "
                      "AND schema_name = current_schema() AND constraint_type = 'CHECK' AND expression = ?",
                      [OLD_DOC_TYPE_CHECK]).fetchone()[0]
    if not old:
        return
    schema = resources.files("warehouse").joinpath("schema.sql").read_text(encoding="utf-8")
    create = re.search(r"CREATE TABLE IF NOT EXISTS documents \(.*?\n\);", schema, re.S).group()
    con.execute("BEGIN")
    try:
        con.execute("CREATE TABLE _planetl_documents_migrating AS SELECT * FROM documents")
        con.execute("DROP TABLE documents")
        con.execute(create)
        kept = [c for c in _columns(con, "_planetl_documents_migrating") if c in set(_columns(con, "documents"))]
        names = ", ".join(f'"{c}"' for c in kept)
        con.execute(f"INSERT INTO documents ({names}) SELECT {names} FROM _planetl_documents_migrating")
        con.execute("DROP TABLE _planetl_documents_migrating")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


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
        for document, content in batch:
            if isinstance(content, str):
                results.append(_stage_failure(con, {**document, "ingested_at": now}, content, staged))
            else:
                results.append(_stage_document(con, {**document, "ingested_at": now}, content, staged, facts,
                                               replaced))
        affected = _assign_plans(con, staged, facts, replaced)
        if staged:
            _check_doc_types(staged.values())
            _insert(con, "documents", list(staged.values()))
        if facts:
            _check_unique(facts)
            _insert(con, "facts", facts)
        _choose_primary(con, affected)
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


def _stage_document(con, document: dict, facts: list[dict], staged: dict, batch_facts: list[dict],
                    replaced: dict[str, set[str]]) -> LoadResult:
    doc_id, source_file = document["doc_id"], document["source_file"]
    if doc_id in staged or loaded_status(con, doc_id) == "ok":
        return LoadResult(source_file, doc_id, "skipped", 0, "already loaded (same bytes)")
    rows = con.execute(
        "SELECT doc_id, plan_id FROM documents WHERE source_path = ? OR doc_id = ?", [document["source_path"], doc_id]
    ).fetchall()
    old = [r[0] for r in rows]
    if old:
        con.execute("DELETE FROM facts WHERE list_contains(?, doc_id)", [old])
        con.execute("DELETE FROM documents WHERE list_contains(?, doc_id)", [old])
        replaced[doc_id] = {r[1] for r in rows if r[1]}
    staged[doc_id] = {**document, "n_facts": len(facts), "plan_id": None, "is_primary": False}
    batch_facts.extend(facts)
    replaced = any(o != doc_id for o in old)
    return LoadResult(source_file, doc_id, "replaced" if replaced else "loaded", len(facts))


def _stage_failure(con, document: dict, error: str, staged: dict) -> LoadResult:
    doc_id = document["doc_id"]
    con.execute("DELETE FROM documents WHERE doc_id = ? AND status = 'failed'", [doc_id])
    if doc_id not in staged and loaded_status(con, doc_id) is None:
        staged[doc_id] = {**document, "status": "failed", "error": error, "n_facts": 0,
                          "doc_type": document.get("doc_type") or "other", "plan_id": None, "is_primary": False}
    return LoadResult(document["source_file"], doc_id, "failed", 0, error)


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
        "SELECT doc_id, title, jurisdiction, period_start, period_end, doc_type FROM documents "
        "WHERE status = 'ok' AND plan_id IS NULL ORDER BY ingested_at, doc_id").fetchall()
    legacy_docs = [dict(zip(("doc_id", "title", "jurisdiction", "period_start", "period_end", "doc_type"), r))
                   for r in legacy if r[0] not in staged]
    if not pending and not legacy_docs:
        return affected
    todo = legacy_docs + pending
    figures: dict[str, Counter] = {d["doc_id"]: Counter() for d in todo}
    for fact in batch_facts:
        if fact["doc_id"] in figures:
            figures[fact["doc_id"]][_figure(fact["metric"], fact["value"], fact["unit"])] += 1
    keys = {_plan_key(d) for d in todo}
    frame = pd.DataFrame(list(keys), columns=["jurisdiction", "period_start", "period_end", "doc_type"])
    con.register("_plan_keys", frame)
    try:
        found = con.execute(
            "SELECT d.doc_id, d.title, d.jurisdiction, d.period_start, d.period_end, d.doc_type, d.plan_id "
            "FROM documents d JOIN _plan_keys k ON d.jurisdiction IS NOT DISTINCT FROM k.jurisdiction "
            "AND d.period_start IS NOT DISTINCT FROM k.period_start AND d.period_end IS NOT DISTINCT FROM k.period_end "
            "AND d.doc_type = k.doc_type WHERE d.status = 'ok' AND d.plan_id IS NOT NULL "
            "ORDER BY d.ingested_at, d.doc_id").fetchall()
    finally:
        con.unregister("_plan_keys")
    candidates: dict[tuple, list[dict]] = {}
    for r in found:
        doc = dict(zip(("doc_id", "title", "jurisdiction", "period_start", "period_end", "doc_type", "plan_id"), r))
        candidates.setdefault(_plan_key(doc), []).append(doc)
        figures[doc["doc_id"]] = Counter()
    legacy_ids = [d["doc_id"] for d in legacy_docs]
    stored = [d["doc_id"] for d in (doc for docs in candidates.values() for doc in docs)] + legacy_ids
    if stored:
        for doc_id, metric, value, unit in con.execute(
                "SELECT doc_id, metric, value, unit FROM facts WHERE list_contains(?, doc_id)", [stored]).fetchall():
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
    mostly OCR ranks last), then the newest ingested, then a .docx before a .pdf, then doc_id."""
    if not plan_ids:
        return
    con.execute("""
        UPDATE documents SET is_primary = (ranked.rank = 1)
        FROM (
            SELECT d.doc_id, row_number() OVER (
                       PARTITION BY d.plan_id
                       ORDER BY coalesce(o.ocr_share, 0) > 0.5, d.ingested_at DESC,
                                CASE d.format WHEN 'docx' THEN 0 WHEN 'pdf' THEN 1 ELSE 2 END, d.doc_id) AS rank
            FROM documents d
            LEFT JOIN (SELECT doc_id, avg(ocr::INTEGER) AS ocr_share FROM facts
                       WHERE doc_id IN (SELECT doc_id FROM documents WHERE list_contains($1, plan_id))
                       GROUP BY doc_id) o USING (doc_id)
            WHERE d.status = 'ok' AND list_contains($1, d.plan_id)
        ) ranked
        WHERE documents.doc_id = ranked.doc_id""", [sorted(plan_ids)])


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position", [table]
    ).fetchall()]


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    frame = pd.DataFrame(rows)
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
