"""Run a reader in a child process with a time and memory limit.

A damaged or hostile file can make a parser loop or allocate without end. Files are read in
processes forked from a clean, single-threaded fork server (with the readers preloaded, so a fork
costs milliseconds). A child reads one file after another, up to FILES_PER_READER, each under its
own address-space limit; it is killed when a file runs past its time, and ends after any file that
fails, so what one file leaves behind never reaches another's reading. Either way the caller gets a
BadInputError naming the file.
"""
from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import resource
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Callable

from extractors.errors import BadInputError, PlanetlError
from extractors.lifetime import die_with_parent
from extractors.model import Document

TIMEOUT_SECONDS = 300  # the per-file time limit; the environment variable PLANETL_READ_TIMEOUT overrides it
MEMORY_LIMIT_BYTES = 8 << 30
FILES_PER_READER = 50  # then a new reader: what a long run leaves in one (caches, a fragmented heap) stays small
IDLE_SECONDS = 60  # a reader with nothing to read for this long ends
COLLECT_EVERY = 2  # files between a reader's full collections of reference cycles (pdfplumber's pages hold some)


class ReaderError(PlanetlError):
    """The reader failed on a file for a reason that is a bug in planetl, not in the file."""


_preload = ["extractors", "extractors.docx", "extractors.pdf", "extractors.txt", "extractors.html", "extractors.office",
            "docx", "pdfplumber", "extractors.pdf_open", "readability"]
_context = None


def preload(*modules: str) -> None:
    """Import these modules in the fork server too, so every reader starts with them loaded.

    Takes effect if called before the first isolated read of the process (the fork server starts then);
    a module not preloaded is still imported by each child that needs it, only slower."""
    _preload.extend(m for m in modules if m not in _preload)
    if _context is not None:
        _context.set_forkserver_preload(_preload)


def start(skip: tuple[str, ...] = ()) -> None:
    """Start the fork server now: it imports the preloaded modules while the caller goes on; but not
    those in `skip` (not needed this run: a child that needs one imports it)."""
    from multiprocessing import forkserver

    _ctx().set_forkserver_preload([m for m in _preload if m not in skip])
    forkserver.ensure_running()


def _ctx():
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(_preload)
    return _context


_given_timeout: float | None = None  # in a reader: the time limit of the file it is reading


def read_timeout() -> float:
    """Seconds a file may take to read: in a reader, the limit its caller gave for the file being
    read; else $PLANETL_READ_TIMEOUT, else TIMEOUT_SECONDS."""
    if _given_timeout is not None:
        return _given_timeout
    value = os.environ.get("PLANETL_READ_TIMEOUT", "").strip()
    if not value:
        return TIMEOUT_SECONDS
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0
    if not seconds > 0:
        raise PlanetlError(f"PLANETL_READ_TIMEOUT={value!r}: give the per-file time limit in seconds, e.g. 600")
    return seconds


def _address_space() -> int:
    """This process's virtual memory size, in bytes (Linux)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * resource.getpagesize()


def _size(n: int) -> str:
    return f"{n / 2**30:g} GB" if n >= 2**30 else f"{n / 2**20:g} MB"


def _die_with_fork_server() -> None:
    """A reader dies with the fork server (a parent-death signal), and the fork server with its caller:
    the reader lets go of the caller's "alive" pipe, whose end is the fork server's cue to exit."""
    from multiprocessing import forkserver

    die_with_parent()  # first: while this child holds the pipe, the fork server cannot have exited
    server = forkserver._forkserver
    if server._forkserver_alive_fd is not None:
        os.close(server._forkserver_alive_fd)
        server._forkserver_alive_fd = None


def _serve(conn: Connection) -> None:
    """A reader: read files one at a time, as the caller sends them, each under its own memory limit;
    end when the caller closes the pipe, after IDLE_SECONDS without a file, or after a file that failed."""
    _die_with_fork_server()
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    global _given_timeout
    files = 0
    while conn.poll(IDLE_SECONDS):
        try:
            reader, args, memory_limit, _given_timeout = conn.recv()
        except EOFError:
            break
        # the limit is on what the reader allocates for this file, over what the child holds already;
        # only the soft limit, so that the child can lift it again to report running out
        resource.setrlimit(resource.RLIMIT_AS, (_address_space() + memory_limit, hard))
        try:
            answer = ("ok", reader(*args))
        except BadInputError as exc:
            answer = ("bad", exc.reason)
        except PermissionError:
            answer = ("bad", "permission denied: planetl may not read it; give it read access (chmod a+r) or copy it")
        except MemoryError:
            resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
            answer = ("bad", f"needs more than {_size(memory_limit)} of memory to read; is it damaged?")
        except Exception as exc:  # a bug, not bad input: report it as such
            answer = ("error", f"{exc.__class__.__name__}: {exc}")
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
        try:
            conn.send(answer)
        except Exception as exc:  # what the reader returned cannot be pickled: a bug, not bad input
            answer = ("error", f"{exc.__class__.__name__}: {exc}")
            conn.send(answer)
        if answer[0] != "ok":  # whatever the failure left half done goes with this process
            break
        del answer
        files += 1
        _let_go(full=files % COLLECT_EVERY == 0)
    conn.close()


def _let_go(full: bool) -> None:
    """Give back what the last files took, so that a reader's memory does not grow file after file:
    `full`, their reference cycles (a full collection, 5-10 ms); and the heap glibc keeps after freeing."""
    if full:
        gc.collect()
    if _malloc_trim is not None:
        _malloc_trim(0)


try:
    _malloc_trim = ctypes.CDLL("libc.so.6").malloc_trim  # glibc
except (OSError, AttributeError):
    _malloc_trim = None


class _Reader:
    """A child forked from the fork server that reads one file after another (a new process for each
    file costs 30-60 ms: the fork, and the copy of every page of the parsers' memory that it touches)."""

    def __init__(self) -> None:
        self.conn, child_end = _ctx().Pipe(duplex=True)
        self.process = _ctx().Process(target=_serve, args=(child_end,), daemon=True)
        self.process.start()
        child_end.close()
        self.files = 0
        self.idle_since = time.monotonic()

    def fresh(self) -> bool:
        return (self.files < FILES_PER_READER and self.process.is_alive()
                and time.monotonic() - self.idle_since < IDLE_SECONDS / 2)

    def close(self) -> None:
        self.conn.close()  # its cue to end
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)


_idle: list[_Reader] = []
_idle_lock = threading.Lock()


def _take_reader() -> _Reader:
    with _idle_lock:
        while _idle:
            reader = _idle.pop()
            if reader.fresh():
                return reader
            reader.close()
    return _Reader()


def _give_back(reader: _Reader) -> None:
    reader.files += 1
    reader.idle_since = time.monotonic()
    if reader.fresh():
        with _idle_lock:
            _idle.append(reader)
    else:
        reader.close()


def run_isolated(reader: Callable[..., Any], path: str | Path, *args: Any, timeout: float | None = None,
                 memory_limit: int = MEMORY_LIMIT_BYTES) -> Any:
    """`reader(str(path), *args)` in a child process that cannot hang or exhaust this one; `timeout`
    in seconds (default: read_timeout()). Safe to call from several threads: each gets its own child.

    `reader` is a module-level function (the child finds it by name); what it returns is pickled back."""
    path = Path(path)
    timeout = read_timeout() if timeout is None else timeout
    job = (reader, (str(path), *args), memory_limit, timeout)
    child = _take_reader()
    try:
        try:
            child.conn.send(job)
        except (BrokenPipeError, ConnectionResetError):  # an idle reader gone meanwhile, not this file's doing
            child.close()
            child = _Reader()
            child.conn.send(job)
    except BaseException:  # the job cannot be sent (not picklable): no reader is left behind
        child.close()
        raise
    kept = False
    try:
        if not child.conn.poll(timeout):
            raise BadInputError(path, f"reading took longer than {timeout:g} s, the per-file time limit, and was "
                                      "stopped; is the file damaged? (set PLANETL_READ_TIMEOUT to allow longer)")
        status, payload = child.conn.recv()
    except (EOFError, ConnectionResetError):
        child.process.join(5)
        raise BadInputError(path, f"the reader crashed (exit code {child.process.exitcode}); "
                                  "is the file damaged?") from None
    else:
        kept = status == "ok"
    finally:
        if kept:
            _give_back(child)
        else:
            child.process.kill()
            child.close()
    if status == "bad":
        raise BadInputError(path, payload)
    if status == "error":
        raise ReaderError(f"{path}: internal error while reading ({payload}); please report it with the file")
    return payload


def extract_isolated(path: str | Path, timeout: float | None = None,
                     memory_limit: int = MEMORY_LIMIT_BYTES) -> Document:
    """Like extractors.extract, but in a child process that cannot hang or exhaust this one."""
    import extractors

    return run_isolated(extractors.extract, path, timeout=timeout, memory_limit=memory_limit)
