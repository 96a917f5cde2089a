"""The review web app: pages over the warehouse, and the one write, a review.

Pages open the warehouse read-only for the request; a review opens a short write connection. DuckDB
lets one process write a file at a time: while an ingest holds it (one batch at a time), a request
waits up to WAIT seconds, then answers 503 saying so.
"""
from __future__ import annotations

import datetime as dt
import getpass
import threading
import time
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import duckdb
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from review import source as src
from warehouse.load import ensure_schema

WAIT = 5.0  # seconds a request waits for an ingest's hold on the warehouse
STATUSES = ("accepted", "flagged", "corrected")
UNITS = ("m2", "unit", "household", "item", "yuan", "yuan_per_m2", "percent", "permille", "month", "year", "person",
         "ratio", "m", "t")


class Busy(Exception):
    pass


def rows(con, sql: str, params=None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor.fetchall()]


def describe(f: dict) -> str:
    """What a figure is, for a mark's title."""
    period = "" if f.get("period_start") is None else (
        f"{f['period_start']}" if f["period_start"] == f["period_end"] else f"{f['period_start']}-{f['period_end']}")
    return " · ".join(str(x) for x in (f"{f['metric_label_zh']} ({f['metric']})", f["housing_type"], f["region"],
                                       period, f["kind"], f"{f['value']:,.10g} {f['unit']}") if x)


def create_app(db: str | Path, reviewer: str | None = None) -> FastAPI:
    db = str(db)
    reviewer = reviewer or _user()
    app = FastAPI(title="planetl review", docs_url=None, redoc_url=None, openapi_url=None)
    templates = Jinja2Templates(directory=str(resources.files("review") / "templates"))  # autoescapes .html
    templates.env.globals["describe"] = describe
    lock = threading.Lock()  # one connection at a time: DuckDB refuses a second one of another mode in a process

    @contextmanager
    def warehouse(write: bool = False):
        with lock:
            deadline = time.monotonic() + WAIT
            while True:
                try:
                    con = duckdb.connect(db, read_only=not write)
                    break
                except duckdb.IOException as exc:
                    if "lock" not in str(exc).lower():
                        raise
                    if time.monotonic() >= deadline:
                        raise Busy() from exc
                    time.sleep(0.1)
            try:
                if write:
                    ensure_schema(con)
                yield con
            finally:
                con.close()

    @app.exception_handler(Busy)
    def busy(request: Request, exc: Busy):
        saved = "Your review was not saved: " if request.method == "POST" else ""
        return HTMLResponse(f"<!doctype html><title>busy</title><p>{saved}the warehouse is being written by another "
                            f"planetl process (an ingest?) and stayed busy for {WAIT:g} s. Go back and try again "
                            "in a moment.</p>", status_code=503, headers={"Retry-After": "5"})

    def page(request: Request, name: str, **context) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context)

    def fact_or_404(con, fact_id: str) -> dict:
        found = rows(con, "SELECT f.*, d.format, d.title FROM facts f JOIN documents d USING (doc_id) "
                          "WHERE f.fact_id = ?", [fact_id])
        if not found:
            raise HTTPException(404, f"no fact {fact_id}")
        return found[0]

    @app.get("/", response_class=HTMLResponse)
    def index(request: Request):
        with warehouse() as con:
            docs = rows(con, """
                SELECT d.doc_id, d.source_file, d.format, d.title, d.jurisdiction, d.doc_type, d.period_start,
                       d.period_end, d.pages, d.status, d.error, d.is_primary, coalesce(d.plan_id, d.doc_id) AS plan,
                       (SELECT count(*) FROM facts f WHERE f.doc_id = d.doc_id) AS n_facts,
                       (SELECT count(*) FROM findings g WHERE g.doc_id = d.doc_id
                                                           OR list_contains(g.doc_ids, d.doc_id)) AS n_findings,
                       (SELECT count(DISTINCT r.fact_id) FROM reviews r JOIN facts f USING (fact_id)
                         WHERE f.doc_id = d.doc_id) AS n_reviewed
                FROM documents d
                ORDER BY d.jurisdiction NULLS LAST, d.period_start, plan, d.is_primary DESC, d.source_file""")
        plans: dict[str, list[dict]] = {}
        for d in docs:
            plans.setdefault(d["plan"], []).append(d)
        return page(request, "index.html", plans=list(plans.values()))

    @app.get("/documents/{doc_id}", response_class=HTMLResponse)
    def document(request: Request, doc_id: str):
        with warehouse() as con:
            found = rows(con, "SELECT * FROM documents WHERE doc_id = ?", [doc_id])
            if not found:
                raise HTTPException(404, f"no document {doc_id}")
            facts = _facts(con, "f.doc_id = ?", [doc_id])
            paths = src.paths(con, doc_id)
        source = src.read(doc_id, paths)
        doc = found[0]
        for f in facts:
            f["where"] = src.place(f, doc["format"], source)
        by_block: dict[int, list[dict]] = {}
        for f in facts:
            by_block.setdefault(f["block_index"], []).append(f)
        blocks = _blocks(source, by_block, src.cells_by_position(facts)) if source.document else None
        return page(request, "document.html", doc=doc, facts=facts, blocks=blocks, problem=source.problem,
                    by_block=by_block, quote_segments=src.quote_segments)

    @app.get("/facts/{fact_id}", response_class=HTMLResponse)
    def fact(request: Request, fact_id: str):
        with warehouse() as con:
            f = fact_or_404(con, fact_id)
            neighbours = _facts(con, "f.block_index = ? AND f.doc_id = ?", [f["block_index"], f["doc_id"]])
            findings = rows(con, "SELECT * FROM findings WHERE list_contains(fact_ids, ?) "
                                 "ORDER BY severity, \"check\"", [fact_id])
            same = rows(con, """
                SELECT f.*, d.format FROM facts f JOIN documents d USING (doc_id)
                WHERE f.fact_id <> $id AND f.metric = $metric AND f.housing_type = $type AND f.unit = $unit
                  AND f.value = $value AND f.region IS NOT DISTINCT FROM $region
                  AND f.period_start IS NOT DISTINCT FROM $ps AND f.period_end IS NOT DISTINCT FROM $pe
                ORDER BY f.source_file, f.block_index, f.char_start LIMIT 100""",
                        {"id": fact_id, "ps": f["period_start"], "pe": f["period_end"], "metric": f["metric"],
                         "type": f["housing_type"], "unit": f["unit"], "value": f["value"], "region": f["region"]})
            reviews = rows(con, "SELECT * FROM reviews WHERE fact_id = ? ORDER BY reviewed_at DESC", [fact_id])
            metrics = [r[0] for r in con.execute("SELECT code FROM metrics ORDER BY code").fetchall()]
            paths = src.paths(con, f["doc_id"])
        source = src.read(f["doc_id"], paths)
        f["where"] = src.place(f, f["format"], source)
        for other in same:
            same_doc = other["doc_id"] == f["doc_id"]
            other["where"] = src.place(other, other["format"], source if same_doc else None)
        this = [n for n in neighbours if n["fact_id"] == fact_id]
        context = _context(source, f, this) if source.document else None
        return page(request, "fact.html", fact=f, context=context, problem=source.problem, findings=findings,
                    same=same, reviews=reviews, statuses=STATUSES, units=UNITS, metrics=metrics,
                    quote=src.quote_segments(f), reviewer=reviewer)

    @app.post("/facts/{fact_id}/review")
    async def review(request: Request, fact_id: str):
        # a page of another site may post a form to this address (a browser sends it, with the
        # user's access to 127.0.0.1): only the review page's own form is taken
        origin = request.headers.get("origin")
        if origin is not None and urlsplit(origin).netloc != request.headers.get("host"):
            raise HTTPException(403, f"a review from another site ({origin}) is refused; review on this page")
        form = {k: v[-1].strip() for k, v in parse_qs((await request.body()).decode("utf-8"),
                                                      keep_blank_values=True).items()}
        status = form.get("status", "")
        if status not in STATUSES:
            raise HTTPException(400, f"status must be one of {', '.join(STATUSES)}, not {status!r}")
        value = form.get("value") or None
        if value is not None:
            try:
                value = float(value.replace(",", ""))
            except ValueError:
                raise HTTPException(400, f"value {value!r} is not a number") from None
        unit, metric = form.get("unit") or None, form.get("metric") or None
        if unit is not None and unit not in UNITS:
            raise HTTPException(400, f"unit must be a base unit ({', '.join(UNITS)}), not {unit!r}")
        with warehouse(write=True) as con:
            fact_or_404(con, fact_id)
            if metric is not None and not con.execute("SELECT count(*) FROM metrics WHERE code = ?",
                                                      [metric]).fetchone()[0]:
                raise HTTPException(400, f"metric {metric!r} is not a code of the metrics table")
            con.execute("INSERT INTO reviews VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [fact_id, status, form.get("note") or None, value, unit, metric, reviewer,
                         dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)])
        return RedirectResponse(f"/facts/{fact_id}", status_code=303)

    @app.get("/documents/{doc_id}/pages/{number}.png")
    def page_image(doc_id: str, number: int, fact: str | None = None):
        """A page of a PDF as an image; with `fact`, that figure boxed where the text layer has it."""
        from review.pdfpage import pattern, render

        with warehouse() as con:
            paths = src.paths(con, doc_id)
            figure, occurrence = None, 0
            if fact is not None:
                f = fact_or_404(con, fact)
                figure = pattern(f)
                # the n-th fact written so on its page is taken for the n-th occurrence there
                same = [r[0] for r in con.execute(
                    "SELECT fact_id FROM facts WHERE doc_id = ? AND page = ? AND raw_value = ? "
                    "AND (raw_unit = ? OR locator LIKE '%/r%') ORDER BY block_index, "
                    "try_cast(regexp_extract(locator, '/r(\\d+)', 1) AS INTEGER) NULLS FIRST, "
                    "try_cast(regexp_extract(locator, '/c(\\d+)', 1) AS INTEGER) NULLS FIRST, char_start",
                    [doc_id, number, f["raw_value"], f["raw_unit"]]).fetchall()]
                occurrence = same.index(fact) if fact in same else 0
        source = src.read(doc_id, paths)
        if source.document is None or source.document.format.value != "pdf":
            raise HTTPException(404, source.problem or "not a PDF")
        if not 1 <= number <= (source.document.pages or 0):
            raise HTTPException(404, f"no page {number}")
        png, boxed = render(source.document.path, number, figure, occurrence)
        return Response(png, media_type="image/png", headers={"X-Figure-Boxed": str(boxed).lower()})

    @app.get("/findings", response_class=HTMLResponse)
    def findings(request: Request, severity: str | None = None, check: str | None = None):
        with warehouse() as con:
            found = rows(con, """
                SELECT g.*, (SELECT list(coalesce(r.review_status, 'unreviewed') ORDER BY u.i)
                             FROM unnest(g.fact_ids) WITH ORDINALITY AS u(id, i)
                             LEFT JOIN reviewed_facts r ON r.fact_id = u.id) AS statuses
                FROM findings g
                WHERE ($1 IS NULL OR severity = $1) AND ($2 IS NULL OR "check" = $2)
                ORDER BY source_file, severity, "check", finding_id""", [severity, check])
            checks = rows(con, 'SELECT "check", severity, count(*) AS n FROM findings GROUP BY ALL ORDER BY ALL')
        return page(request, "findings.html", findings=found, checks=checks, severity=severity, check=check)

    @app.get("/compare", response_class=HTMLResponse)
    def compare(request: Request, metric: str | None = None, housing_type: str = "all", kind: str = "plan"):
        with warehouse() as con:
            choices = rows(con, """
                SELECT metric, any_value(metric_label_zh) AS label, housing_type, kind, count(*) AS n,
                       count(DISTINCT jurisdiction) AS cities
                FROM plan_facts WHERE region = jurisdiction GROUP BY metric, housing_type, kind
                HAVING count(DISTINCT jurisdiction) > 1 ORDER BY cities DESC, n DESC, metric""")
            if metric is None and choices:
                metric, housing_type, kind = choices[0]["metric"], choices[0]["housing_type"], choices[0]["kind"]
            table = _compared(con, metric, housing_type, kind)
        return page(request, "compare.html", choices=choices, metric=metric, housing_type=housing_type, kind=kind,
                    table=table)

    @app.get("/compare.svg")
    def compare_svg(metric: str, housing_type: str = "all", kind: str = "plan"):
        from review.chart import chart

        with warehouse() as con:
            table = _compared(con, metric, housing_type, kind)
        return Response(chart(table, f"{metric} · {housing_type} · {kind}"), media_type="image/svg+xml")

    return app


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        return "unknown"


def _facts(con, where: str, params) -> list[dict]:
    """Facts with the number of findings naming each and its latest review."""
    return rows(con, f"""
        SELECT f.*, r.review_status,
               (SELECT count(*) FROM findings g WHERE list_contains(g.fact_ids, f.fact_id)) AS n_findings
        FROM facts f JOIN reviewed_facts r USING (fact_id)
        WHERE {where} ORDER BY f.block_index, f.locator, f.char_start""", params)


def _compared(con, metric: str | None, housing_type: str, kind: str) -> list[dict]:
    """One metric's whole-jurisdiction figures, per city and period, each as first stated in the plan."""
    return rows(con, """
        SELECT jurisdiction, period_start, period_end, any_value(unit) AS unit,
               arg_min(value, [block_index, char_start]) AS value, arg_min(fact_id, [block_index, char_start]) AS fact_id,
               arg_min(source_file, [block_index, char_start]) AS source_file, count(*) AS n_places
        FROM plan_facts
        WHERE metric = ? AND housing_type = ? AND kind = ? AND region = jurisdiction AND qualifier IN ('exact', 'approx')
        GROUP BY plan_id, jurisdiction, period_start, period_end
        ORDER BY jurisdiction, period_start, period_end""", [metric, housing_type, kind])


def _blocks(source, by_block: dict[int, list[dict]], cell_facts: dict) -> list[dict]:
    """The document's blocks in reading order, ready to render."""
    out = []
    for block in source.document.blocks:
        item = {"index": block.index, "kind": block.kind.value, "page": block.page,
                "table_number": source.table_numbers.get(block.index)}
        if block.table is not None:
            item["title"] = block.table.title
            item["rows"] = src.table_rows(block, cell_facts)
        else:
            item["segments"] = src.segments(block.text, by_block.get(block.index, []))
        out.append(item)
    return out


def _context(source, fact: dict, this: list[dict]) -> dict:
    """The fact's paragraph (with the blocks before and after it) or its table rows, the figure marked."""
    blocks = source.document.blocks
    i = fact["block_index"]
    if i >= len(blocks):
        return {}
    block = blocks[i]
    text = lambda b: b.text if len(b.text) <= 400 else b.text[:400] + "…"  # noqa: E731
    before = [text(b) for b in blocks[max(0, i - 1):i] if b.table is None]
    after = [text(b) for b in blocks[i + 1:i + 2] if b.table is None]
    if block.table is not None:
        m = src.LOCATOR.match(fact["locator"])
        r = int(m.group(3)) if m and m.group(3) else 0
        return {"before": before, "after": after, "table_number": source.table_numbers.get(i),
                "title": block.table.title,
                "rows": src.table_rows(block, src.cells_by_position(this), range(max(0, r - 2), r + 3))}
    return {"before": before, "after": after, "segments": src.segments(block.text, this), "kind": block.kind.value}
