"""Prefect flow `crawl`: fetch bureaus' listing pages, download the plans new or changed since the
last run, ingest them through the one pipeline (flows.steps), and record every fetch.

crawl.links finds the links, crawl.fetch fetches (one attempt; here a Prefect task retries the
transient failures with backoff). Every fetch is a row of `fetches`; a URL answered before is asked
again with its ETag / Last-Modified, so an unchanged article or attachment is a 304 and nothing is
downloaded or ingested. A changed attachment is saved over its own earlier file (the same path), so
the pipeline replaces that version's facts. planetl writes in the download folder only files it
created there (listed in `fetches.path`): a file of another's is never overwritten.
"""
from __future__ import annotations

import datetime as dt
import os
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from crawl.fetch import Fetched, Fetcher, FetchError, _safe
from crawl.links import Link, article, listing, plan_title, standalone
from flows import steps
from warehouse.load import LoadResult, connect, last_fetches, record_fetches

RETRIES = 2  # more attempts of a fetch that timed out, was refused or got a 5xx
RETRY_DELAYS = [2.0, 10.0]  # seconds before each retry (backoff)
MAX_PAGES = 100  # listing pages followed from one start URL


@dataclass
class CrawlReport:
    results: list[LoadResult] = field(default_factory=list)  # of the files ingested
    fetched: int = 0  # answered 200 (pages, articles, attachments)
    not_modified: int = 0  # answered 304
    failed: int = 0  # fetches that failed: an HTTP error, a timeout, a refused connection, too large
    failures: list[str] = field(default_factory=list)  # "url: why" of each
    disallowed: list[str] = field(default_factory=list)  # not fetched, as robots.txt asks (recorded, not failed)
    downloaded: list[str] = field(default_factory=list)  # files written (new or changed)
    articles: int = 0  # plan articles found on the listing pages

    def problem_lines(self) -> list[str]:
        """A line for each failed fetch, then for each page robots.txt kept planetl from."""
        return ([f"  failed   {failure}" for failure in self.failures]
                + [f"  skipped  {url}: disallowed by robots.txt" for url in self.disallowed])

    def counts(self) -> str:
        """The fetch counts: 12 fetched, 0 not modified, 2 failed, 1 disallowed by robots.txt."""
        return (f"{self.fetched} fetched, {self.not_modified} not modified, {self.failed} failed"
                + (f", {len(self.disallowed)} disallowed by robots.txt" if self.disallowed else ""))


def default_download_dir(db: str) -> str:
    """Where a crawl into the warehouse `db` downloads by default: `<db stem>-downloads/` beside it."""
    path = Path(db)
    return str(path.with_name(f"{path.stem}-downloads"))


def _transient(task, task_run, state) -> bool:
    """Retry a fetch only for what may pass: a timeout, a refused connection, a 5xx."""
    try:
        state.result()
    except FetchError as exc:
        return exc.transient
    except Exception:
        return False
    return False


@task(name="fetch", cache_policy=NO_CACHE, retry_condition_fn=_transient)
def fetch(fetcher: Fetcher, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
    return fetcher.get(url, etag, last_modified)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


@flow(name="crawl", log_prints=False)
def crawl(urls: list[str], db: str, download_dir: str, match: str | None = None) -> CrawlReport:
    """Crawl the listing pages at `urls` (following their pagination) for plan articles (titles
    matching `match`, else a word of crawl/data/plan_titles.csv); download their attachments, or
    the article itself when the plan is inline, into `download_dir`; ingest what is new or changed
    into the warehouse at `db`, with documents.source_url and published_at."""
    pattern = plan_title(match)
    folder = Path(download_dir)
    folder.mkdir(parents=True, exist_ok=True)
    with closing(connect(db)) as con:
        before = last_fetches(con)
        children: dict[str, list[str]] = {}  # article URL -> the attachments it linked to
        for article_url, url in con.execute("SELECT DISTINCT listing_url, url FROM fetches WHERE kind = 'attachment' "
                                            "ORDER BY url").fetchall():
            children.setdefault(article_url, []).append(url)
        saved = dict(con.execute("SELECT url, arg_max(path, fetched_at) FROM fetches WHERE path IS NOT NULL "
                                 "GROUP BY url").fetchall())  # URL -> the file it was last saved as
    owned = set(saved.values())  # files planetl wrote
    report, rows = CrawlReport(), []
    asked: set[str] = set()  # attachment URLs fetched this run
    candidates: dict[Path, tuple[str, dt.date | None]] = {}  # file -> (its URL, published_at)
    attempt = fetch.with_options(retries=RETRIES, retry_delay_seconds=list(RETRY_DELAYS))

    def get(fetcher: Fetcher, url: str, listing_url: str | None, kind: str, conditional: bool = False,
            **extra) -> Fetched | None:
        prev = before.get(url) if conditional else None
        validators = (prev["etag"], prev["last_modified"]) if prev and prev["status"] in (200, 304) else (None, None)
        state = attempt(quote(fetcher), url, *validators, return_state=True)
        row = {"url": url, "listing_url": listing_url, "kind": kind, "fetched_at": _now(), **extra}
        if not state.is_completed():
            exc = state.result(raise_on_failure=False)
            if isinstance(exc, FetchError) and exc.disallowed:
                report.disallowed.append(exc.url)
            else:
                report.failed += 1
                report.failures.append(str(exc))
            rows.append({**row, "status": getattr(exc, "status", None), "error": getattr(exc, "reason", str(exc))})
            return None
        got = state.result()
        if got.not_modified:
            report.not_modified += 1
            rows.append({**{k: prev.get(k) for k in ("etag", "last_modified", "sha256", "path", "published_at")},
                         **row, "status": 304, "final_url": got.final_url,
                         **{k: v for k, v in (("etag", got.etag), ("last_modified", got.last_modified)) if v}})
        else:
            report.fetched += 1
            rows.append({**row, "status": got.status, "final_url": got.final_url, "etag": got.etag,
                         "last_modified": got.last_modified, "sha256": got.sha256})
        return got

    def mine(url: str) -> Path | None:
        """The file this URL was saved as before, if planetl's and still there."""
        path = saved.get(url)
        return Path(path) if path and path in owned and Path(path).is_file() else None

    def save(url: str, name: str, content: bytes, date: dt.date | None) -> Path:
        """Write `content` as this URL's file: over its own earlier file, else under a new name."""
        target = mine(url)
        if target is None:
            target = _free(folder / (_safe(name) or "download"))
        if not (target.is_file() and steps.file_sha256(target) == _sha256(content)):
            part = target.with_name(f".{target.name}.part")
            part.write_bytes(content)
            os.replace(part, target)
            if not report.downloaded:  # something to read: the readers load the parsers while fetching goes on
                steps.start_readers()
            report.downloaded.append(str(target))
        owned.add(str(target.resolve()))
        saved[url] = str(target.resolve())
        candidates[target] = (url, date)
        rows[-1]["path"] = str(target.resolve())
        return target

    def attachment(fetcher: Fetcher, url: str, name: str, article_url: str, date: dt.date | None) -> None:
        if url in asked:  # linked from two articles: fetched once
            return
        asked.add(url)
        got = get(fetcher, url, article_url, "attachment", conditional=mine(url) is not None, published_at=date)
        if got is None:
            return
        if got.not_modified:
            candidates[mine(url)] = (url, date)
        else:
            save(url, got.filename(name), got.content, date)

    with Fetcher() as fetcher:
        found: dict[str, tuple[Link, str]] = {}  # article URL -> (its link, the listing it is on)
        for start in urls:
            page, seen, previous = start, set(), None
            while page and page not in seen and len(seen) < MAX_PAGES:
                seen.add(page)
                got = get(fetcher, page, previous, "listing")
                if got is None:
                    break
                links, next_url = listing(got.text(), got.final_url)
                for link in links:
                    if pattern.search(link.title):
                        found.setdefault(link.url, (link, page))
                previous, page = page, next_url
        report.articles = len(found)
        for url, (link, listing_url) in found.items():
            prev = before.get(url) or {}
            # asked conditionally unless its inline plan's file is gone (then read in full, saved again)
            got = get(fetcher, url, listing_url, "article", conditional=url not in saved or mine(url) is not None)
            if got is None:
                continue
            if got.not_modified:  # as last time: its attachments asked again, its inline file kept
                date = prev.get("published_at")
                if mine(url):
                    candidates[mine(url)] = (url, date)
                for child in children.get(url, []):
                    attachment(fetcher, child, Path(saved[child]).name if child in saved else "", url, date)
                continue
            art = article(got.text(), got.final_url)
            date = art.date or link.date
            rows[-1]["published_at"] = date
            for att in art.attachments:
                attachment(fetcher, att.url, att.title, url, date)
            if art.inline:
                save(url, f"{(art.title or link.title)[:100]}.html", standalone(art, url), date)
    files = [(path, str(path)) for path in candidates]
    new = steps.unread(db, files)
    try:
        if new is None or new:
            report.results = steps.ingest_here([str(p) for p, _ in files], db, files=files if new is None else new)
    finally:
        sources = [(steps.file_sha256(path), url, date) for path, (url, date) in candidates.items()]
        with closing(connect(db)) as con:
            record_fetches(con, rows, [s for s in sources if s[0]])
    return report


def _sha256(content: bytes) -> str:
    import hashlib

    return hashlib.sha256(content).hexdigest()


def _free(path: Path) -> Path:
    """`path`, or `name-2.ext`, `name-3.ext` … the first that does not exist."""
    n = 1
    candidate = path
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate
