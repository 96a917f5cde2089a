"""Polite HTTP for the crawler (Scrapy's downloader middlewares, at our size): a User-Agent naming
planetl, robots.txt, a per-host rate limit, timeouts, a size cap, redirects, conditional requests;
and what a page or a file is called: the encoding of an HTML page, the name of a downloaded file.

One attempt per `get`: retries with backoff are the caller's (flows/crawl.py, Prefect task retries),
told by `FetchError.transient` (a timeout, a refused connection, a 5xx).
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import threading
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from pathlib import PurePosixPath
from urllib.parse import unquote, unquote_to_bytes, urlsplit

import httpx

from extractors.errors import PlanetlError

TIMEOUT_SECONDS = 30.0  # connect, read, write and pool, each
RATE_SECONDS = 1.0  # per host: at most one request a second
MAX_BYTES = 100 << 20  # a download larger than this is refused
MAX_REDIRECTS = 10


def user_agent() -> str:
    return f"planetl/{importlib.metadata.version('planetl')} (housing plan crawler)"


class FetchError(PlanetlError):
    """A fetch that got no usable answer; `transient` ones (timeouts, connection errors, 5xx) are
    worth retrying."""

    def __init__(self, url: str, message: str, status: int | None = None, transient: bool = False,
                 disallowed: bool = False):
        super().__init__(f"{url}: {message}")
        self.url, self.reason, self.status, self.transient = url, message, status, transient
        self.disallowed = disallowed  # by robots.txt: not fetched, by the site's wish


@dataclass
class Fetched:
    url: str  # as requested
    final_url: str  # after redirects
    status: int  # 200, or 304 not modified
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    def text(self) -> str:
        return decode_html(self.content, self.headers.get("content-type"))

    def filename(self, link_text: str | None = None) -> str:
        return file_name(self.final_url, self.headers.get("content-disposition"), link_text)


class Fetcher:
    """One client for a crawl: every request goes through `get`. `rate_seconds`, `timeout`,
    `max_bytes` default to the module's constants (read when made, so a test can lower them);
    `clock` and `sleep` are injectable for the rate limit's tests."""

    def __init__(self, *, rate_seconds: float | None = None, timeout: float | None = None,
                 max_bytes: int | None = None, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep, transport: httpx.BaseTransport | None = None):
        self.rate_seconds = RATE_SECONDS if rate_seconds is None else rate_seconds
        self.max_bytes = MAX_BYTES if max_bytes is None else max_bytes
        self.clock, self.sleep = clock, sleep
        self.client = httpx.Client(headers={"User-Agent": user_agent()}, follow_redirects=True,
                                   max_redirects=MAX_REDIRECTS, transport=transport,
                                   timeout=TIMEOUT_SECONDS if timeout is None else timeout)
        self._next: dict[str, float] = {}  # host -> earliest time of its next request
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def wait_turn(self, url: str) -> None:
        """Sleep until this host may be asked again (one request per `rate_seconds`)."""
        host = urlsplit(url).netloc.lower()
        with self._lock:
            now = self.clock()
            at = max(now, self._next.get(host, now))
            self._next[host] = at + self.rate_seconds
        if at > now:
            self.sleep(at - now)

    def allowed(self, url: str) -> bool:
        """Whether the site's robots.txt lets planetl fetch `url` (fetched once per site)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            robots = urllib.robotparser.RobotFileParser(f"{origin}/robots.txt")
            try:
                answer = self._request(f"{origin}/robots.txt", {})
            except FetchError as exc:  # as the standard library's reader: 401/403 forbid all, another 4xx none
                if exc.status is None or exc.status >= 500 or exc.status == 429:  # unreachable: not fetched now
                    raise FetchError(url, f"robots.txt could not be read ({exc.reason})", exc.status,
                                     transient=True) from None
                answer = None
                robots.disallow_all = exc.status in (401, 403)
                robots.allow_all = not robots.disallow_all
            if answer is not None:
                robots.parse(decode_html(answer.content, answer.headers.get("content-type")).splitlines())
            self._robots[origin] = robots
        return self._robots[origin].can_fetch(user_agent(), url)

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET `url`, conditionally when given the validators of the last answer; raises FetchError."""
        if not self.allowed(url):
            raise FetchError(url, "disallowed by robots.txt", disallowed=True)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._request(url, headers)

    def _request(self, url: str, headers: dict[str, str]) -> Fetched:
        self.wait_turn(url)
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                if response.status_code == 304:
                    return Fetched(url, str(response.url), 304, b"", _lower(response.headers))
                if response.status_code >= 400:
                    raise FetchError(url, f"HTTP {response.status_code}", response.status_code,
                                     transient=response.status_code >= 500 or response.status_code == 429)
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(url, f"too large: {int(declared)} bytes (the limit is {self.max_bytes})",
                                     response.status_code)
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(url, f"too large: more than {self.max_bytes} bytes", response.status_code)
                    chunks.append(chunk)
                return Fetched(url, str(response.url), response.status_code, b"".join(chunks),
                               _lower(response.headers))
        except httpx.TimeoutException:
            raise FetchError(url, "timed out", transient=True) from None
        except httpx.TooManyRedirects:
            raise FetchError(url, "too many redirects") from None
        except httpx.HTTPError as exc:  # refused, reset, a bad answer
            raise FetchError(url, f"{exc.__class__.__name__}: {exc}", transient=True) from None


def _lower(headers: httpx.Headers) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def decode_html(content: bytes, content_type: str | None = None) -> str:
    """A page's text, decoded as the .html backend decodes a page on disk (extractors.html.decode:
    header charset, meta tag, detection), with its Content-Type header; GB18030 when nothing reads it."""
    from extractors.html import decode

    return decode(content, content_type or "") or content.decode("gb18030", errors="replace")


def _from_header_bytes(value: str) -> str:
    """A header value httpx decoded as Latin-1: its bytes as UTF-8, else GB18030 (servers send
    Chinese file names raw in either)."""
    try:
        raw = value.encode("latin-1")
    except UnicodeEncodeError:
        return value
    for codec in ("utf-8", "gb18030"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return value


def _percent_decoded(text: str) -> str:
    if "%" not in text:
        return text
    raw = unquote_to_bytes(text)
    for codec in ("utf-8", "gb18030"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return unquote(text)


def _safe(name: str) -> str:
    """A file name without folders or control characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch >= " " and ch not in '<>:"|?*').strip().strip(".")
    return name


def file_name(url: str, content_disposition: str | None = None, link_text: str | None = None) -> str:
    """What to call a downloaded file: Content-Disposition's filename* (RFC 6266/5987), or its
    filename (raw UTF-8 or GBK bytes, or percent-encoded); else the link's text when it names a file
    of the URL's type; else the URL's last segment, percent-decoded."""
    path_name = _safe(_percent_decoded(PurePosixPath(urlsplit(url).path).name))
    suffix = PurePosixPath(path_name).suffix.lower()
    if content_disposition:
        message = Message()
        message["content-disposition"] = content_disposition
        params = dict(message.get_params(header="content-disposition") or [])
        if "filename*" in params or any(isinstance(v, tuple) for v in params.values()):
            name = message.get_filename()  # RFC 2231 decoding
        else:
            name = params.get("filename")
            name = _percent_decoded(_from_header_bytes(name)) if name else None
        if name and _safe(name):
            return _safe(name)
    if link_text:
        text = _safe(" ".join(link_text.split()))
        if text:
            if PurePosixPath(text).suffix.lower() in (suffix, *ATTACHMENT_SUFFIXES) and PurePosixPath(text).suffix:
                return text
            if suffix:
                return text + suffix
    return path_name or "index.html"


ATTACHMENT_SUFFIXES = (".docx", ".pdf", ".doc", ".wps")
