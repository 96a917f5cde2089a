"""The `planetl` command line: small verbs over the flows and the warehouse."""
from __future__ import annotations

import json
import os
import signal
from contextlib import nullcontext
import sys
import threading
from pathlib import Path

import click

DEFAULT_DB = "plans.duckdb"


def _quiet_prefect(verbose: bool) -> None:
    """Prefect runs flows against a temporary local server: no telemetry (there is no network),
    and its logs only with --verbose. Must run before prefect is imported."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "ERROR")
        os.environ.setdefault("PREFECT_LOGGING_LOGGERS_PREFECT_LEVEL", "ERROR")
        os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "ERROR")


def _lean_temporary_server() -> None:
    """Without PREFECT_API_URL, Prefect runs `ingest` against a temporary server that lives as long as
    the command. Nobody watches its event stream or defines automations on it, so those services are
    off, and task runs are recorded in batches: this halves the server's CPU, which the readers need.
    Must run before prefect is imported; any of these set in the environment wins."""
    for name, value in (("PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED", "false"),
                        ("PREFECT_SERVER_SERVICES_EVENT_PERSISTER_ENABLED", "false"),
                        ("PREFECT_SERVER_EVENTS_STREAM_OUT_ENABLED", "false"),
                        ("PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE", "100"),
                        ("PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_READ_BATCH_SIZE", "100")):
        os.environ.setdefault(name, value)


def db_option(fn):
    return click.option(
        "--db", "db", envvar="PLANETL_DB", default=DEFAULT_DB, show_default=True,
        help="Warehouse file (DuckDB); defaults to $PLANETL_DB, else plans.duckdb.",
    )(fn)


@click.group()
@click.version_option(package_name="planetl")
def main() -> None:
    """planetl: Chinese housing plans (.docx, .pdf) into a DuckDB warehouse of sourced figures."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--verbose", is_flag=True, help="Show Prefect's logs.")
def ingest(paths: tuple[str, ...], db: str, verbose: bool) -> None:
    """Ingest plan files and folders into the warehouse.

    Example: planetl ingest samples/ --db plans.duckdb
    """
    _quiet_prefect(verbose)
    _lean_temporary_server()
    from extractors.isolate import start as start_readers
    from flows.ingest import find_files, ingest_files
    from warehouse.load import WarehouseError

    start_readers()  # the readers' fork server loads the parsers while Prefect starts its server

    def report(result) -> None:
        if result.status == "failed":
            click.echo(f"  failed   {result.message}", err=True)
        elif result.status == "skipped":
            click.echo(f"  skipped  {result.source_file}: {result.message}", err=True)
        else:
            click.echo(f"  {result.status:<8} {result.source_file}: {result.n_facts} facts", err=True)

    total = len(find_files(list(paths)))
    show_bar = total > 1 and sys.stderr.isatty()  # a progress bar on a terminal; plain lines in logs and pipes
    with click.progressbar(length=total, label="ingesting", file=sys.stderr) if show_bar else nullcontext() as bar:

        def report_and_advance(result) -> None:
            report(result)
            if bar is not None:
                bar.update(1)

        try:
            results = ingest_files(list(paths), db, on_result=report_and_advance)
        except WarehouseError as exc:
            raise click.ClickException(str(exc)) from exc
    counts = {s: sum(r.status == s for r in results) for s in ("loaded", "replaced", "skipped", "failed")}
    facts = sum(r.n_facts for r in results)
    click.echo(
        f"{len(results)} files: {counts['loaded']} loaded, {counts['replaced']} replaced, "
        f"{counts['skipped']} skipped, {counts['failed']} failed; {facts} facts into {db}",
        err=True,
    )
    _print_overview(db)
    if counts["failed"]:
        sys.exit(1)


def _print_overview(db: str) -> None:
    """What the warehouse now holds, city by city: the headline plan figures."""
    from warehouse.load import connect

    con = connect(db, read_only=True)
    try:
        frame = con.execute("SELECT * FROM city_overview").df()
    finally:
        con.close()
    if len(frame):
        click.echo(_table(frame))


@main.command()
@click.argument("sql")
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
def query(sql: str, db: str, fmt: str) -> None:
    """Run read-only SQL against the warehouse.

    Example: planetl query "select jurisdiction, count(*) from facts group by 1" --db plans.duckdb
    """
    import duckdb

    from warehouse.load import WarehouseError, connect

    try:
        con = connect(db, read_only=True)
    except WarehouseError as exc:
        raise click.ClickException(str(exc)) from exc
    # read-only for the whole machine: no COPY … TO, no ATTACH of another file, no reading of files;
    # and the setting itself locked (writing goes through `planetl export`)
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    try:
        frame = con.execute(sql).df()
    except duckdb.Error as exc:
        raise click.ClickException(f"{exc.__class__.__name__}: {exc}") from exc
    finally:
        con.close()
    if fmt == "csv":
        click.echo(frame.to_csv(index=False), nl=False)
    elif fmt == "json":
        click.echo(frame.to_json(orient="records", force_ascii=False, date_format="iso"))
    else:
        click.echo(_table(frame))


@main.command()
@db_option
@click.option("--doc", "docs", multiple=True, metavar="ID|FILE",
              help="Audit only this document: its doc_id (or a prefix of it), its file or file name. Repeatable.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json: one object per finding, with its facts (quote, locator, page).")
@click.option("--fail-on", type=click.Choice(["error", "warning"]),
              help="Exit 1 when a finding of this severity (or, for warning, any finding) exists.")
def audit(db: str, docs: tuple[str, ...], fmt: str, fail_on: str | None) -> None:
    """Re-check every fact against its source and the plan's figures against each other.

    Example: planetl audit --db plans.duckdb --doc samples/zhangye-2026-2030-housing-plan.docx

    Findings are printed and stored in the `findings` table; no figure is ever changed. A warehouse
    that cannot be written (a read-only file) is audited all the same: the findings are printed, not stored.
    """
    from warehouse.audit import audit as run_audit
    from warehouse.audit import store
    from warehouse.load import WarehouseError, connect

    writable = os.access(db, os.W_OK)  # a missing file is no warehouse: connect(read_only=True) says so
    try:
        con = connect(db, read_only=not writable)
    except WarehouseError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        ids = _resolve_docs(con, docs)
        findings = run_audit(con, ids)
        if writable:
            store(con, findings, ids)
    finally:
        con.close()
    if fmt == "json":
        click.echo(json.dumps([{**f.to_row(), "facts": [
            {k: fact.get(k) for k in ("fact_id", "raw_value", "raw_unit", "quote", "locator", "page")} for fact in f.facts]}
            for f in findings], ensure_ascii=False, default=str))
    else:
        for f in findings:
            click.echo(f"{f.severity:<7} {f.check:<18} {f.source_file}: {f.message}")
            for fact in f.facts:
                page = f" p.{fact['page']}" if fact.get("page") else ""
                click.echo(f"          {fact['raw_value']}{fact['raw_unit']} at {fact['locator']}{page}: {fact['quote']}")
    errors = sum(f.severity == "error" for f in findings)
    click.echo(f"{len(findings)} findings ({errors} errors, {len(findings) - errors} warnings) in {len(ids)} documents",
               err=True)
    if not writable:
        click.echo(f"{db} is read-only: the findings were printed, not stored in its findings table", err=True)
    if (fail_on == "error" and errors) or (fail_on == "warning" and findings):
        sys.exit(1)


@main.command()
@click.option("--table", help="Table or view to export (default: facts).")
@click.option("--sql", help="A query whose result to export, instead of a table.")
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "json", "xlsx"]),
              help="File format; by default the one the -o file name ends with.")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False), help="File to write.")
@db_option
@click.option("--excel", is_flag=True, help="CSV only: begin with the UTF-8 byte order mark Excel needs.")
@click.option("--force", is_flag=True, help="Replace the -o file if it exists.")
@click.option("--dry-run", is_flag=True, help="Say how many rows would be written; write nothing.")
def export(table: str | None, sql: str | None, fmt: str | None, output: str, db: str, excel: bool, force: bool,
           dry_run: bool) -> None:
    """Write a table, view or query result to a file, every value unchanged.

    Example: planetl export --table facts --format parquet -o facts.parquet --db plans.duckdb
    """
    from warehouse.export import export as write_export
    from warehouse.export import count, format_for
    from warehouse.load import WarehouseError, connect

    if table is not None and sql is not None:
        raise click.UsageError("give one of --table NAME or --sql SQL")
    fmt = fmt or format_for(output)
    if fmt is None:
        raise click.UsageError("give --format csv|parquet|json|xlsx (the -o file name does not say)")
    if Path(output).exists() and not force:  # before opening the warehouse: nothing is read in vain
        raise click.ClickException(f"{output}: already exists; give --force to replace it")
    if Path(output).resolve() == Path(db).resolve():
        raise click.ClickException(f"{output}: is the warehouse itself")
    try:
        con = connect(db, read_only=True)  # a missing file is no warehouse: an error, nothing created
    except WarehouseError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        if dry_run:
            n = count(con, table=table, sql=sql)
        else:
            n = write_export(con, output, fmt, table=table, sql=sql, excel=excel, force=force)
    except WarehouseError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        con.close()
    if dry_run:
        click.echo(f"would write {n} rows of {'the query' if sql is not None else table or 'facts'} into {output} "
                   f"({fmt}); nothing written", err=True)
        return
    click.echo(f"{n} rows of {'the query' if sql is not None else table or 'facts'} into {output} ({fmt})", err=True)


@main.command()
@click.option("--inbox", required=True, type=click.Path(file_okay=False), help="Folder to watch for new plans.")
@click.option("--interval", type=click.IntRange(min=1), help="Seconds between runs.")
@click.option("--cron", help="A cron schedule instead, e.g. '0 6 * * *'.")
@db_option
@click.option("--verbose", is_flag=True, help="Show Prefect's logs.")
def serve(inbox: str, interval: int | None, cron: str | None, db: str, verbose: bool) -> None:
    """Ingest new plans dropped into a folder, on a schedule, in the foreground (Ctrl-C stops).

    Example: planetl serve --inbox inbox/ --interval 600 --db plans.duckdb
    """
    if (interval is None) == (cron is None):
        raise click.UsageError("give one of --interval SECONDS or --cron EXPR")
    if not verbose:  # scheduled runs cut short when serving stops would log tracebacks
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "CRITICAL")
        os.environ.setdefault("PREFECT_LOGGING_LOGGERS_PREFECT_LEVEL", "CRITICAL")
    _quiet_prefect(verbose)
    from flows.serve import local_server

    Path(inbox).mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stop on SIGTERM as on Ctrl-C, server included
    home = Path(os.environ.get("PLANETL_HOME", Path.home() / ".planetl")) / "prefect"
    with local_server(home, scheduler_loop_seconds=min(interval or 60, 60)) as api_url:
        os.environ["PREFECT_API_URL"] = api_url  # before prefect is imported: the runner talks to this server
        from flows.ingest import ingest_inbox

        schedule = f"every {interval} s" if interval else f"on cron '{cron}'"
        click.echo(f"serving: ingest new files in {inbox} into {db} {schedule} (Prefect at {api_url}); "
                   "Ctrl-C stops", err=True)
        # the runner polls in a worker thread, so Ctrl-C and SIGTERM reach this thread and stop
        # both it and the local server (Prefect's own shutdown handler does not return).
        # One run at a time (limit=1): a run uses every core and holds the warehouse's one writer
        # lock, so runs that overlap (a short interval, a backlog after a pause) only queue on it
        runner = threading.Thread(target=ingest_inbox.serve, daemon=True, kwargs=dict(
            name="planetl-inbox", interval=interval, cron=cron, print_starting_message=verbose, limit=1,
            parameters={"inbox": str(Path(inbox).resolve()), "db": str(Path(db).resolve())},
        ))
        runner.start()
        try:
            while runner.is_alive():
                runner.join(0.5)
        except KeyboardInterrupt:
            pass
    click.echo("stopped", err=True)
    os._exit(0)  # Prefect's runner leaves threads behind that would keep the process alive


def _resolve_docs(con, docs: tuple[str, ...]) -> list[str]:
    rows = con.execute("SELECT doc_id, source_file, source_path FROM documents WHERE status = 'ok'").fetchall()
    if not docs:
        return [r[0] for r in rows]
    chosen = []
    for wanted in docs:
        resolved = str(Path(wanted).resolve())
        match = [r[0] for r in rows
                 if r[0].startswith(wanted) or wanted in (r[1], r[2], Path(r[1]).name) or resolved == r[2]]
        if not match:
            raise click.ClickException(f"{wanted}: no such document in the warehouse (give a doc_id or an ingested file)")
        chosen += match
    return list(dict.fromkeys(chosen))


def _table(frame) -> str:
    """A plain aligned text table that lines up CJK text (two columns per wide character)."""
    import unicodedata

    def width(s: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)

    def show(v) -> str:
        if v is None or (isinstance(v, float) and v != v):
            return ""
        if isinstance(v, float):
            return str(int(v)) if v.is_integer() and abs(v) < 1e15 else f"{v:.10g}"
        return str(v)

    header = [str(c) for c in frame.columns]
    rows = [[show(v) for v in row] for row in frame.itertuples(index=False)]
    widths = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(header)]

    def line(cells):
        return "  ".join(c + " " * (w - width(c)) for c, w in zip(cells, widths)).rstrip()

    out = [line(header), line(["-" * w for w in widths])] + [line(r) for r in rows]
    return "\n".join(out)
