"""Writing a table, view or query result of the warehouse to a file, every value unchanged.

CSV, Parquet and JSON go through DuckDB's COPY: Parquet keeps DuckDB's types; CSV writes NULL as an
empty field (an empty string is written quoted, `""`) and lists, structs and maps as JSON text; JSON is one
array of objects. xlsx is written row by row with openpyxl: text stays text (never a formula), and a value
Excel cannot hold exactly (a timezone-aware timestamp, an integer beyond 2^53, a list) is written as its text.

The file appears whole or not at all: it is written to a temporary file beside it and renamed into place.
"""
from __future__ import annotations

import datetime as dt
import decimal
import json
import math
import os
import re
import shutil
import tempfile
import uuid
from pathlib import Path

import duckdb

from warehouse.load import WarehouseError

FORMATS = ("csv", "parquet", "json", "xlsx")
EXCEL_MAX_ROWS = 1_048_576  # header included
EXCEL_MAX_TEXT = 32_767
UTF8_BOM = b"\xef\xbb\xbf"
_END = re.compile(r"(;\s*(--[^\n]*)?\s*)+$")
_NESTED = re.compile(r"(\[\d*\]$)|^(STRUCT|MAP|UNION)\b", re.IGNORECASE)


class ExportError(WarehouseError):
    pass


def format_for(path: str | Path) -> str | None:
    """The format a file name asks for (`facts.parquet` -> parquet), if any."""
    suffix = Path(path).suffix.lower().lstrip(".")
    return {"xlsx": "xlsx", "csv": "csv", "parquet": "parquet", "json": "json"}.get(suffix)


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def source_sql(con: duckdb.DuckDBPyConnection, table: str | None = None, sql: str | None = None) -> str:
    """The query to export: a table or view of the warehouse (checked to exist), or the user's SQL."""
    if sql is not None:
        sql = sql.strip()
        try:
            statements = con.extract_statements(sql) if sql else []
        except duckdb.Error as exc:
            raise ExportError(f"{exc.__class__.__name__}: {exc}") from exc
        if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
            raise ExportError("--sql takes one query (SELECT, FROM, WITH, VALUES …), nothing else")
        # the query goes inside COPY (…): without its closing semicolon (and a comment after it), and ending
        # with a new line, so that a closing line comment ends there
        bare = _END.sub("", sql)
        try:
            if [st.type for st in con.extract_statements(bare)] == [duckdb.StatementType.SELECT]:
                sql = bare
        except duckdb.Error:
            pass  # the semicolon was inside a text: keep the query as given
        return sql + "\n"
    table = table or "facts"
    names = [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND NOT internal "
        "UNION SELECT view_name FROM duckdb_views() WHERE database_name = current_database() AND NOT internal "
        "ORDER BY 1").fetchall()]
    if table not in names:
        raise ExportError(f"{table}: no such table or view in the warehouse (it has: {', '.join(names)})")
    return f"SELECT * FROM {_ident(table)}"


def columns(con: duckdb.DuckDBPyConnection, query: str) -> list[tuple[str, str]]:
    """(name, DuckDB type) of each column the query returns."""
    try:
        return [(r[0], r[1]) for r in con.execute(f"DESCRIBE {query}").fetchall()]
    except duckdb.Error as exc:
        raise ExportError(f"{exc.__class__.__name__}: {exc}") from exc


def count(con: duckdb.DuckDBPyConnection, table: str | None = None, sql: str | None = None) -> int:
    """How many rows an export of `table` (default `facts`) or of `sql` would write."""
    query = source_sql(con, table, sql)
    try:
        return con.execute(f"SELECT count(*) FROM ({query})").fetchone()[0]
    except duckdb.Error as exc:
        raise ExportError(f"{exc.__class__.__name__}: {exc}") from exc


def export(con: duckdb.DuckDBPyConnection, out: str | Path, fmt: str, table: str | None = None,
           sql: str | None = None, excel: bool = False, force: bool = False) -> int:
    """Write the rows of `table` (default `facts`) or of `sql` to `out` in `fmt`; return the row count.
    An existing `out` is replaced only with `force`; on any error no file is left behind."""
    if fmt not in FORMATS:
        raise ExportError(f"{fmt}: unknown format (one of {', '.join(FORMATS)})")
    if excel and fmt != "csv":
        raise ExportError("--excel applies to --format csv only")
    out = Path(out)
    if out.is_dir():
        raise ExportError(f"{out}: is a folder; give a file name")
    if not out.parent.is_dir():
        raise ExportError(f"{out.parent}: no such folder")
    if out.exists() and not force:
        raise ExportError(f"{out}: already exists; give --force to replace it")
    query = source_sql(con, table, sql)
    cols = columns(con, query)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        tmp = work / f"export.{fmt}"
        if fmt == "xlsx":
            n = _write_xlsx(con, query, cols, tmp)
        else:
            n = _copy(con, query, cols, fmt, tmp)
            if excel:
                with_bom = work / "export-bom.csv"
                with open(tmp, "rb") as src, open(with_bom, "wb") as dst:
                    dst.write(UTF8_BOM)
                    shutil.copyfileobj(src, dst, 1 << 20)
                tmp = with_bom
        place_file(tmp, out, force)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return n


def place_file(tmp: Path, out: Path, force: bool) -> None:
    """Move the whole written file `tmp` to `out` (same folder), replacing it only with `force`."""
    if force:
        os.replace(tmp, out)
        return
    try:
        os.link(tmp, out)  # fails if `out` appeared meanwhile: never replaces a file without --force
    except FileExistsError as exc:
        raise ExportError(f"{out}: already exists; give --force to replace it") from exc
    except OSError:  # a file system without hard links
        if out.exists():
            raise ExportError(f"{out}: already exists; give --force to replace it")
        os.replace(tmp, out)


def _copy(con, query: str, cols: list[tuple[str, str]], fmt: str, tmp: Path) -> int:
    if fmt == "csv" and any(_NESTED.search(t) for _, t in cols):
        # lists, structs and maps as JSON text, not DuckDB's own [a, b] notation
        select = ", ".join(f"to_json({_ident(c)})::VARCHAR AS {_ident(c)}" if _NESTED.search(t) else _ident(c)
                           for c, t in cols)
        query = f"SELECT {select} FROM ({query})"
    options = {"csv": "FORMAT csv, HEADER true",
               "parquet": "FORMAT parquet",
               "json": "FORMAT json, ARRAY true"}[fmt]
    try:
        row = con.execute(f"COPY ({query}) TO {_literal(str(tmp))} ({options})").fetchone()
    except duckdb.Error as exc:
        raise ExportError(f"{exc.__class__.__name__}: {exc}") from exc
    return int(row[0]) if row else 0


def _write_xlsx(con, query: str, cols: list[tuple[str, str]], tmp: Path) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("export")

    def cell(value):
        c = WriteOnlyCell(sheet, value=_excel_value(value))
        if isinstance(c.value, str):
            c.data_type = "s"  # text beginning with '=' stays text, never a formula
        return c

    sheet.append([cell(name) for name, _ in cols])
    n = 0
    try:
        result = con.execute(query)
        while batch := result.fetchmany(2048):
            n += len(batch)
            if n + 1 > EXCEL_MAX_ROWS:
                raise ExportError(f"more than {EXCEL_MAX_ROWS - 1} rows: too many for one xlsx sheet; "
                                  "export as csv or parquet")
            for row in batch:
                for (name, _), value in zip(cols, row):
                    if isinstance(value, str) and len(value) > EXCEL_MAX_TEXT:
                        raise ExportError(f"column {name}: a text of {len(value)} characters, more than an xlsx "
                                          f"cell holds ({EXCEL_MAX_TEXT}); export as csv or parquet")
                sheet.append([cell(v) for v in row])
    except duckdb.Error as exc:
        raise ExportError(f"{exc.__class__.__name__}: {exc}") from exc
    try:
        book.save(tmp)
    except ValueError as exc:  # openpyxl's IllegalCharacterError: a control character xlsx cannot hold
        raise ExportError(f"xlsx cannot hold a value of this export ({exc}); export as csv or parquet") from exc
    return n


def _excel_value(value):
    """A value as xlsx holds it exactly; otherwise its text."""
    if value is None or isinstance(value, (bool, str, dt.date, dt.time, dt.timedelta)):
        if isinstance(value, (dt.datetime, dt.time)) and value.tzinfo is not None:
            return value.isoformat()  # xlsx has no time zones
        return value
    if isinstance(value, int):
        return value if abs(value) <= 2 ** 53 else str(value)  # Excel's numbers are doubles
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, decimal.Decimal):
        return value if value.is_finite() and decimal.Decimal(repr(float(value))) == value else str(value)
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    if isinstance(value, uuid.UUID):
        return str(value)
    return str(value)
