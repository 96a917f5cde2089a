"""The `planetl` command line: small verbs over the flows and the warehouse."""
from __future__ import annotations

import decimal
import io
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
from contextlib import contextmanager, nullcontext
from pathlib import Path

import click

DEFAULT_DB = "plans.duckdb"


def _quiet_prefect(verbose: bool) -> None:
    """Prefect runs flows against a temporary local server: no telemetry (there is no network),
    and its logs only with --verbose. Must run before prefect is imported."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    if not verbose:
        # CRITICAL: an expected error (a locked warehouse) is said once, as `Error: …`, not logged with a traceback
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "CRITICAL")
        os.environ.setdefault("PREFECT_LOGGING_LOGGERS_PREFECT_LEVEL", "CRITICAL")
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


def _prefect_api_url() -> str | None:
    """The Prefect server the user set: $PREFECT_API_URL, else the active Prefect profile's (read
    from its file: importing Prefect to ask costs 2 s)."""
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    import tomllib

    home = Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect").expanduser()
    try:
        profiles = tomllib.loads(Path(os.environ.get("PREFECT_PROFILES_PATH") or home / "profiles.toml")
                                 .expanduser().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    profile = profiles.get("profiles", {}).get(os.environ.get("PREFECT_PROFILE") or profiles.get("active"), {})
    return profile.get("PREFECT_API_URL") or None


def db_option(fn):
    return click.option(
        "--db", "db", envvar="PLANETL_DB", default=DEFAULT_DB, show_default=True,
        help="Warehouse file (DuckDB); defaults to $PLANETL_DB, else plans.duckdb.",
    )(fn)


@click.group()
@click.version_option(package_name="planetl")
@click.pass_context
def main(ctx: click.Context) -> None:
    """planetl: Chinese housing plans (.docx, .doc, .wps, .pdf, web pages) into a DuckDB warehouse of sourced figures."""
    if ctx.invoked_subcommand in ("ingest", "serve", "crawl"):  # they start processes: all end when this one does
        from extractors.lifetime import watch

        watch()


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--verbose", is_flag=True, help="Show Prefect's logs.")
@click.option("--stage", "stage", metavar="DIR", help="Read into DIR as Parquet, no warehouse; `planetl load DIR` loads it.")
def ingest(paths: tuple[str, ...], db: str, verbose: bool, stage: str | None = None) -> None:
    """Ingest plan files and folders into the warehouse.

    Example: planetl ingest samples/ --db plans.duckdb
    """
    if stage:
        return _stage(paths, stage, verbose)
    _quiet_prefect(verbose)
    _lean_temporary_server()
    from extractors.errors import PlanetlError
    from extractors.isolate import read_timeout
    from flows.steps import scan, start_readers, unread
    from warehouse.load import WarehouseError

    try:
        read_timeout()
    except PlanetlError as exc:
        raise click.ClickException(str(exc)) from exc
    found = scan(list(paths))
    new = unread(db, found.files)  # a quick look, read-only: the readers start only if there is something to read
    if new is None or new:  # and load the parsers meanwhile
        start_readers(pdf=new is None or any(path.suffix.lower() == ".pdf" for path, _ in new))
    _open(db).close()  # a bad --db, or a warehouse another process holds, is said before anything is read
    for line in found.skipped:
        click.echo(f"  note     {line}", err=True)
    for line in found.unreadable:
        click.echo(f"  failed   {line}", err=True)
    with _progress(len(found.files)) as say:

        def report(result) -> None:
            if (line := _result_line(result)) is not None:
                say(line)
            say(None)

        try:
            if _prefect_api_url():  # a Prefect server is set: the run is a Prefect flow run, seen in its UI
                from flows.ingest import ingest_files

                results = ingest_files(list(paths), db, on_result=report)
            else:  # the same steps, without Prefect's import (2 s) and temporary server (5-8 s)
                from flows.steps import ingest_here

                results = ingest_here(list(paths), db, on_result=report, files=found.files)
        except WarehouseError as exc:
            raise click.ClickException(str(exc)) from exc
    counts = _summary(results, ("loaded", "replaced", "skipped", "failed"), db)
    warehouse = str(Path(db).resolve())  # the warehouse itself may sit in an ingested folder
    unsupported = [name for name in found.unsupported
                   if str(Path(name).resolve()) not in (warehouse, warehouse + ".wal")]
    if unsupported:
        from extractors import SUFFIXES

        names = ", ".join(unsupported[:10]) + (f" and {len(unsupported) - 10} more" if len(unsupported) > 10 else "")
        click.echo(f"{len(unsupported)} files not supported: {names} (planetl reads {', '.join(sorted(SUFFIXES))})",
                   err=True)
    if counts["loaded"] or counts["replaced"]:
        _print_overview(db)
    if counts["failed"] or found.unreadable:
        sys.exit(1)


def _stage(paths: tuple[str, ...], folder: str, verbose: bool) -> None:
    """`ingest --stage DIR`: read files into DIR (flows/stage.py) on this machine's cores, or on the
    Dask cluster at $PLANETL_DASK_ADDRESS."""
    _quiet_prefect(verbose)
    _lean_temporary_server()
    from extractors.errors import PlanetlError
    from flows.stage import stage_paths

    if Path(folder).exists() and not Path(folder).is_dir():
        raise click.ClickException(f"{folder}: is a file; --stage takes a folder")
    try:
        results = stage_paths(list(paths), folder, on_result=_say_result)
    except PlanetlError as exc:
        raise click.ClickException(str(exc)) from exc
    if _summary(results, ("staged", "skipped", "failed"), folder)["failed"]:
        sys.exit(1)


def _result_line(result) -> str | None:
    """A file's line in ingest's, --stage's and load's output; None for a file skipped (only counted)."""
    if result.status == "failed":
        return f"  failed   {result.message}"
    if result.status != "skipped":
        return f"  {result.status:<8} {result.source_file}: {result.n_facts} facts"
    return None


def _say_result(result) -> None:
    if (line := _result_line(result)) is not None:
        click.echo(line, err=True)


def _summary(results, statuses: tuple[str, ...], into: str) -> dict[str, int]:
    counts = {s: sum(r.status == s for r in results) for s in statuses}
    facts = sum(r.n_facts for r in results)
    click.echo(f"{len(results)} files: {', '.join(f'{n} {s}' for s, n in counts.items())}; {facts} facts into {into}",
               err=True)
    return counts


@main.command()
@click.argument("folder", type=click.Path(file_okay=False))
@db_option
def load(folder: str, db: str) -> None:
    """Load the documents `planetl ingest --stage FOLDER` staged, with one writer; again loads nothing new.

    Example: planetl load staged/ --db plans.duckdb
    """
    from warehouse.stage import load_staged
    from warehouse.load import WarehouseError

    _open(db).close()
    try:
        results = load_staged(folder, db, on_result=_say_result)
    except WarehouseError as exc:
        raise click.ClickException(str(exc)) from exc
    counts = _summary(results, ("loaded", "replaced", "skipped", "failed"), db)
    if counts["loaded"] or counts["replaced"]:
        _print_overview(db)
    if counts["failed"]:
        sys.exit(1)


@main.command()
@click.argument("urls", nargs=-1, required=True)
@db_option
@click.option("--download-dir", metavar="DIR", help="Where downloads go (default: <db stem>-downloads/ beside --db).")
@click.option("--match", metavar="REGEX", help="Plan titles to take (default: the words of crawl/data/plan_titles.csv).")
@click.option("--verbose", is_flag=True, help="Show Prefect's logs.")
def crawl(urls: tuple[str, ...], db: str, download_dir: str | None, match: str | None, verbose: bool) -> None:
    """Fetch bureaus' listing pages, download the plans new or changed since last time, ingest them.

    Example: planetl crawl https://zjj.example.gov.cn/zfxxgk/ghjh/index.html --db plans.duckdb

    Follows the pages' pagination, takes the articles whose titles name a plan, downloads their
    attachments (.docx .pdf .doc .wps), or the article itself when the plan is published inline,
    and ingests them with documents.source_url and published_at. Every fetch is recorded in the
    `fetches` table; a second run asks with If-None-Match / If-Modified-Since and downloads nothing
    unchanged. Exit code 1 when a fetch or a file failed.
    """
    import re

    for url in urls:
        if not re.match(r"https?://[^/\s]+", url):
            raise click.UsageError(f"{url}: not a web address; give the listing page's http:// or https:// URL")
    if match is not None:
        try:
            re.compile(match)
        except re.error as exc:
            raise click.UsageError(f"--match {match!r}: not a regular expression ({exc})") from None
    _quiet_prefect(verbose)
    _lean_temporary_server()
    from extractors.errors import PlanetlError
    from flows.crawl import crawl as run_crawl
    from flows.crawl import default_download_dir

    _open(db).close()  # a bad --db, or a warehouse another process holds, is said before anything is fetched
    folder = download_dir or default_download_dir(db)
    try:
        report = run_crawl(list(urls), db, folder, match)
    except PlanetlError as exc:
        raise click.ClickException(str(exc)) from exc
    for line in report.problem_lines():
        click.echo(line, err=True)
    for result in report.results:
        _say_result(result)
    click.echo(f"{report.articles} plan articles; {report.fetched + report.not_modified + report.failed} fetches: "
               f"{report.counts()}; {len(report.downloaded)} files downloaded into {folder}", err=True)
    counts = _summary(report.results, ("loaded", "replaced", "skipped", "failed"), db)
    if counts["loaded"] or counts["replaced"]:
        _print_overview(db)
    if report.failed or counts["failed"]:
        sys.exit(1)


@contextmanager
def _progress(total: int):
    """say(line) prints a line to stderr, say(None) counts a file done. On a terminal a progress bar
    (rich's) stays below the lines printed; in logs and pipes, plain lines only."""
    if total < 2 or not sys.stderr.isatty():
        yield lambda line: line is not None and click.echo(line, err=True)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True, highlight=False), transient=True) as progress:
        task = progress.add_task("ingesting", total=total)

        def say(line: str | None) -> None:
            if line is None:
                progress.advance(task)
            else:
                progress.console.print(line, markup=False, emoji=False, soft_wrap=True)

        yield say


def _open(db: str, read_only: bool = False, **kwargs):
    """The warehouse at `db`, or a click error saying why it cannot be opened (no traceback)."""
    from warehouse.load import WarehouseError, connect, lock_wait_seconds

    try:
        lock_wait_seconds()
    except ValueError:
        raise click.ClickException(f"PLANETL_LOCK_WAIT={os.environ.get('PLANETL_LOCK_WAIT')!r}: give the seconds "
                                   "to wait for another planetl process, e.g. 300") from None
    path = Path(db)
    if path.is_dir():
        raise click.ClickException(f"{db}: is a folder, not a warehouse file; give a file, "
                                   f"e.g. --db {path / DEFAULT_DB}")
    if not read_only and not path.exists() and not path.parent.is_dir():
        raise click.ClickException(f"{db}: no such folder {path.parent} to make the warehouse in; create it first")
    try:
        with open(path, "rb") as f:
            head = f.read(12)
    except FileNotFoundError:
        head = b""
    except PermissionError:
        raise click.ClickException(f"{db}: permission denied; planetl may not read this file") from None
    if len(head) == 12 and head[8:12] != b"DUCK":
        raise click.ClickException(f"{db}: not a DuckDB file, so not a planetl warehouse; give the warehouse's "
                                   "file with --db (a new name makes a new one)")
    try:
        return connect(db, read_only=read_only, **kwargs)
    except WarehouseError as exc:
        if "Permission denied" in str(exc):
            raise click.ClickException(f"{db}: permission denied; planetl may not {'read' if read_only else 'write'} "
                                       "this file") from exc
        raise click.ClickException(str(exc)) from exc


# DuckDB's memory for the overview after an ingest: it scans every fact, and without a limit keeps
# each block it read until the process ends, so an ingest's peak grew with the warehouse
OVERVIEW_MEMORY = "16MB"


def _print_overview(db: str) -> None:
    """What the warehouse now holds, city by city: the headline plan figures."""
    import duckdb

    for limit in (OVERVIEW_MEMORY, None):  # a warehouse so large that the query needs more: without a limit
        con = _open(db, read_only=True, memory_limit=limit)
        try:
            cursor = con.execute("SELECT * FROM city_overview")
            names, rows = [d[0] for d in cursor.description], cursor.fetchall()
            break
        except duckdb.OutOfMemoryException:
            if limit is None:
                raise
        finally:
            con.close()
    if rows:
        click.echo(_table(names, rows))


@main.command()
@click.argument("sql")
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "parquet", "xlsx"]),
              help="table (the default on the terminal), csv or json; with -o also parquet or xlsx "
                   "(by default the one the file name ends with).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the result to this file.")
@click.option("--excel", is_flag=True, help="CSV only: begin with the UTF-8 byte order mark Excel needs.")
@click.option("--force", is_flag=True, help="Replace the -o file if it exists.")
def query(sql: str, db: str, fmt: str | None, output: str | None, excel: bool, force: bool) -> None:
    """Run read-only SQL against the warehouse; SQL `-` reads it from standard input.

    Example: planetl query "select jurisdiction, count(*) from facts group by 1" --db plans.duckdb

    csv, json and -o files hold every value unchanged, as `planetl export` writes them (csv: NULL as an
    empty field, lists as JSON arrays; --excel adds the byte order mark Excel needs).
    """
    import duckdb

    from warehouse.export import export, format_for, place_file
    from warehouse.load import WarehouseError

    if sql == "-":
        with click.open_file("-") as stdin:
            sql = stdin.read()
    if output is not None:
        fmt = fmt or format_for(output)
        if fmt in (None, "table"):
            raise click.UsageError("-o writes --format csv|json|parquet|xlsx (give it, or a file name ending so)")
        _check_output(output, db, force)
    elif fmt in ("parquet", "xlsx"):
        raise click.UsageError(f"--format {fmt} writes a file: give -o FILE")
    fmt = fmt or "table"
    if excel and fmt != "csv":
        raise click.UsageError("--excel applies to --format csv only")
    con = _open(db, read_only=True)
    work = None
    try:
        if fmt != "table":  # an empty folder of our own, the one place DuckDB may write the result
            work = Path(tempfile.mkdtemp(prefix=".planetl-query.", dir=Path(output).parent if output else None))
            con.execute("SET allowed_directories = [?]", [f"{work}{os.sep}"])
        # read-only for the whole machine: no COPY … TO, no ATTACH of another file, no reading of files;
        # and the settings themselves locked (writing goes through `planetl export`)
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
        if fmt == "table":
            cursor = con.execute(sql)
            if cursor.description:
                click.echo(_table([d[0] for d in cursor.description], cursor.fetchall()))
            return
        _one_query(con, sql)
        result = work / f"result.{fmt}"
        n = export(con, result, fmt, sql=sql, excel=excel)
        if output is None:
            with open(result, "rb") as f, click.open_file("-", "wb") as stdout:
                shutil.copyfileobj(f, stdout)
        else:
            place_file(result, Path(output), force)
            click.echo(f"{n} rows into {output} ({fmt})", err=True)
    except duckdb.Error as exc:
        raise click.ClickException(f"{exc.__class__.__name__}: {exc}") from exc
    except WarehouseError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        con.close()
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)


def _check_output(output: str, db: str, force: bool) -> None:
    """Before the warehouse is read: an -o file that must not be written says so."""
    out = Path(output)
    if out.is_dir():
        raise click.ClickException(f"{out}: is a folder; give a file name")
    if not out.parent.is_dir():
        raise click.ClickException(f"{out.parent}: no such folder")
    if out.exists() and not force:
        raise click.ClickException(f"{out}: already exists; give --force to replace it")
    if out.resolve() == Path(db).resolve():
        raise click.ClickException(f"{out}: is the warehouse itself")


def _one_query(con, sql: str) -> None:
    """csv, json and files take one query; anything else is run for its own error, then refused."""
    import duckdb

    statements = con.extract_statements(sql)
    if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
        con.execute(sql)  # a write says the warehouse is read-only
        raise click.ClickException("--format csv|json and -o take one query (SELECT, FROM, WITH, VALUES, DESCRIBE, "
                                   "SHOW, SUMMARIZE); for PRAGMA x or CALL x(…) write FROM x(…)")


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
    A plan counts once: --doc audits every version of its plan (.docx, .pdf, scan), and a finding found
    in several versions is one finding listing the places in each.
    """
    from warehouse.audit import audit as run_audit
    from warehouse.audit import store, versions
    from warehouse.load import WarehouseError, connect

    writable = os.access(db, os.W_OK)  # a missing file is no warehouse: connect(read_only=True) says so
    try:
        con = connect(db, read_only=not writable)
    except WarehouseError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        ids = _resolve_docs(con, docs)
        findings = run_audit(con, ids)
        audited = versions(con, ids)
        if writable:
            store(con, findings, ids)
    finally:
        con.close()
    if fmt == "json":
        click.echo(json.dumps([{**f.to_row(), "facts": [
            {k: fact.get(k) for k in ("fact_id", "raw_value", "raw_unit", "quote", "locator", "page", "place", "source_file")}
            for fact in f.facts]} for f in findings], ensure_ascii=False, default=str))
    else:
        for f in findings:
            click.echo(f"{f.severity:<7} {f.check:<18} {f.source_file}: {f.message}")
            shown = f.source_file
            for fact in f.facts:  # the primary version's places, then each other version's
                if fact.get("source_file", shown) != shown:
                    shown = fact["source_file"]
                    click.echo(f"          also in {shown}:")
                page = f" p.{fact['page']}" if fact.get("page") else ""
                where = f" ({fact['place']})" if fact.get("place") else ""  # Word table 7, row 3, column 2
                click.echo(f"          {fact['raw_value']}{fact['raw_unit']} at {fact['locator']}{page}{where}: {fact['quote']}")
    errors = sum(f.severity == "error" for f in findings)
    plans = len({row[3] or row[0] for row in audited})
    click.echo(f"{len(findings)} findings ({errors} errors, {len(findings) - errors} warnings) in {len(audited)} "
               f"documents of {plans} plans", err=True)
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
    from warehouse.load import WarehouseError

    if table is not None and sql is not None:
        raise click.UsageError("give one of --table NAME or --sql SQL")
    fmt = fmt or format_for(output)
    if fmt is None:
        raise click.UsageError("give --format csv|parquet|json|xlsx (the -o file name does not say)")
    _check_output(output, db, force)  # before opening the warehouse: nothing is read in vain
    con = _open(db, read_only=True)  # a missing file is no warehouse: an error, nothing created
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
@click.option("--done", type=click.Path(file_okay=False), help="Move each file loaded (or loaded before) here.")
@click.option("--failed", type=click.Path(file_okay=False), help="Move each file that failed here.")
@click.option("--source", "sources", multiple=True, metavar="URL", help="Also crawl this listing page on each run "
              "(repeatable).")
@click.option("--download-dir", metavar="DIR", help="Where --source downloads go (as `planetl crawl`).")
@click.option("--match", metavar="REGEX", help="Plan titles to take from --source (as `planetl crawl`).")
@click.option("--verbose", is_flag=True, help="Show Prefect's logs.")
def serve(inbox: str, interval: int | None, cron: str | None, db: str, done: str | None, failed: str | None,
          sources: tuple[str, ...], download_dir: str | None, match: str | None, verbose: bool) -> None:
    """Ingest new plans dropped into a folder, on a schedule, in the foreground (Ctrl-C stops).

    A file is taken once unchanged for a few seconds ($PLANETL_INBOX_SETTLE_SECONDS, 5); one that
    failed is read again only when it changes; a run in which a file or fetch failed ends Failed.

    Example: planetl serve --inbox inbox/ --interval 600 --db plans.duckdb --done loaded/ --failed failed/
    """
    if (interval is None) == (cron is None):
        raise click.UsageError("give one of --interval SECONDS or --cron EXPR")
    if not verbose:  # scheduled runs cut short when serving stops would log tracebacks
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "CRITICAL")
        os.environ.setdefault("PREFECT_LOGGING_LOGGERS_PREFECT_LEVEL", "CRITICAL")
    _quiet_prefect(verbose)
    import hashlib

    from flows.serve import local_server, reachable, settle_seconds

    try:
        settle_seconds()
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    if Path(inbox).resolve() in [Path(folder).resolve() for folder in (done, failed) if folder]:
        raise click.UsageError("--done and --failed must be other folders than --inbox")
    if (api_url := _prefect_api_url()) and not reachable(api_url):  # the user's own server runs the schedule
        raise click.ClickException(f"cannot reach the Prefect server at {api_url} (PREFECT_API_URL)")
    Path(inbox).mkdir(parents=True, exist_ok=True)
    for sig in (signal.SIGINT, signal.SIGTERM):  # stop on either, server included (even if started with
        signal.signal(sig, signal.default_int_handler)  # SIGINT ignored, as `serve &` in a script is)
    home = Path(os.environ.get("PLANETL_HOME", Path.home() / ".planetl")) / "prefect"
    with nullcontext(api_url) if api_url else local_server(
            home, scheduler_loop_seconds=min(interval or 60, 60)) as api_url:
        os.environ["PREFECT_API_URL"] = api_url  # before prefect is imported: the runner talks to this server
        from prefect.settings import PREFECT_UI_URL

        from flows.ingest import ingest_inbox

        schedule = f"every {interval} s" if interval else f"on cron '{cron}'"
        crawling = f"crawl {len(sources)} listing pages and " if sources else ""
        click.echo(f"serving: {crawling}ingest new files in {inbox} into {db} {schedule}; Ctrl-C stops", err=True)
        click.echo(f"Prefect UI: {PREFECT_UI_URL.value() or api_url} (runs, their states and logs)", err=True)
        # the runner polls in a worker thread, so Ctrl-C and SIGTERM reach this thread and stop
        # both it and the local server (Prefect's own shutdown handler does not return).
        # One run at a time (limit=1): a run uses every core and holds the warehouse's one writer
        # lock, so runs that overlap (a short interval, a backlog after a pause) only queue on it
        parameters = {"inbox": str(Path(inbox).resolve()), "db": str(Path(db).resolve()),
                      "done": done and str(Path(done).resolve()), "failed": failed and str(Path(failed).resolve())}
        if sources:
            parameters.update(sources=list(sources), download_dir=download_dir and str(Path(download_dir).resolve()),
                              match=match)
        # a deployment of its own per inbox and warehouse: two serves on one server must not run each other's
        key = hashlib.sha256(f"{parameters['inbox']}\0{parameters['db']}".encode()).hexdigest()[:8]
        runner = threading.Thread(target=ingest_inbox.serve, daemon=True, kwargs=dict(
            name=f"planetl-inbox-{key}", interval=interval, cron=cron, print_starting_message=verbose, limit=1,
            parameters=parameters,
        ))
        runner.start()
        try:
            while runner.is_alive():
                runner.join(0.5)
        except KeyboardInterrupt:
            pass
    click.echo("stopped", err=True)
    os._exit(0)  # Prefect's runner leaves threads behind that would keep the process alive


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every network).")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--reviewer", help="Name stored with each review (default: the user running planetl).")
def review(db: str, host: str, port: int, reviewer: str | None) -> None:
    """Review figures in their source in a local web page; accept, flag or correct them.

    Example: planetl review --db plans.duckdb

    Reviews are stored in the `reviews` table; they never change a figure.
    """
    con = _open(db, read_only=True)  # a missing or foreign --db is said here
    try:
        has_reviews = bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'reviews' "
                                       "AND database_name = current_database()").fetchone()[0])
    finally:
        con.close()
    if os.access(db, os.W_OK):
        _open(db).close()  # a warehouse made before reviews existed gets its `reviews` table
    elif not has_reviews:
        raise click.ClickException(f"{db}: made by an older planetl and read-only here, so it cannot get the "
                                   "`reviews` table; open it once with write permission")
    import uvicorn

    from review.app import create_app

    app = create_app(db, reviewer)
    click.echo(f"planetl review: http://{host}:{port}/ (Ctrl-C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


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


TABLE_ROWS = 1000  # rows a table shows; csv, json and -o give them all


def _table(names: list[str], rows: list[tuple]) -> str:
    """Rows as a text table (rich's) that lines up CJK text, as wide as the terminal at most (160
    columns in a pipe or file): long text wraps inside its column, numbers are right-aligned. The
    columns that do not fit, and the rows past TABLE_ROWS, are left out, and a note on stderr says so."""
    from rich import box
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    width = shutil.get_terminal_size((160, 24)).columns if sys.stdout.isatty() else 160
    shown = [[_cell(v) for v in row] for row in rows[:TABLE_ROWS]]
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="none")
    used = 0
    for i, name in enumerate(names):
        natural = max([cell_len(name)] + [cell_len(row[i]) for row in shown])
        least = min(natural, max(cell_len(name), 8))  # narrower, a column is no longer readable
        if used + least > width and i:
            click.echo(f"{len(names) - i} columns not shown, the table would be wider than {width}: "
                       f"{', '.join(names[i:])} (all of them: --format csv|json or -o FILE)", err=True)
            names, shown = names[:i], [row[:i] for row in shown]
            break
        used += least + 3  # and the gap to the next column
        values = [row[i] for row in rows if row[i] is not None]
        numeric = bool(values) and all(isinstance(v, (int, float, decimal.Decimal)) and not isinstance(v, bool)
                                       for v in values)
        table.add_column(Text(name), justify="right" if numeric else "left", overflow="fold", min_width=least)
    for row in shown:
        table.add_row(*map(Text, row))
    out = io.StringIO()
    Console(file=out, width=width, color_system=None, highlight=False, emoji=False).print(table)
    if len(rows) > TABLE_ROWS:
        click.echo(f"{len(rows) - TABLE_ROWS} more rows not shown (all of them: --format csv|json or -o FILE)",
                   err=True)
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines())


def _cell(v) -> str:
    """A value as the table shows it: NULL empty, no float noise (604000, not 604000.0), lists as JSON."""
    if v is None:
        return ""
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else f"{v:.15g}"
    if isinstance(v, (list, tuple, dict)):
        return json.dumps(v, ensure_ascii=False, default=str)
    return str(v)
