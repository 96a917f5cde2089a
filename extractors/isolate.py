"""Run a reader in a child process with a time and memory limit.

A damaged or hostile file can make a parser loop or allocate without end. Each file is read in a
process forked from a clean, single-threaded fork server (with the readers preloaded, so a fork
costs milliseconds); the child is killed when it runs past its time, and cannot grow past its
address-space limit. Either way the caller gets a BadInputError naming the file.
"""
from __future__ import annotations

import multiprocessing
import os
import resource
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Callable

from extractors.errors import BadInputError, PlanetlError
from extractors.lifetime import die_with_parent
from extractors.model import Document

TIMEOUT_SECONDS = 300  # the per-file time limit; the environment variable PLANETL_READ_TIMEOUT overrides it
MEMORY_LIMIT_BYTES = 8 << 30


class ReaderError(PlanetlError):
    """The reader failed on a file for a reason that is a bug in planetl, not in the file."""


_preload = ["extractors", "extractors.docx", "extractors.pdf", "extractors.txt", "extractors.html", "extractors.office",
            "docx", "pdfplumber", "readability"]
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


def read_timeout() -> float:
    """Seconds a file may take to read: $PLANETL_READ_TIMEOUT, else TIMEOUT_SECONDS."""
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


def _child(reader: Callable, args: tuple, memory_limit: int, conn: Connection) -> None:
    _die_with_fork_server()
    # the limit is on what the reader allocates, over what the child has from the fork server;
    # only the soft limit, so that the child can lift it again to report running out
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _address_space() + memory_limit
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        conn.send(("ok", reader(*args)))
    except BadInputError as exc:
        conn.send(("bad", exc.reason))
    except PermissionError:
        conn.send(("bad", "permission denied: planetl may not read it; give it read access (chmod a+r) or copy it"))
    except MemoryError:
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
        conn.send(("bad", f"needs more than {_size(memory_limit)} of memory to read; is it damaged?"))
    except Exception as exc:  # a bug, not bad input: report it as such
        conn.send(("error", f"{exc.__class__.__name__}: {exc}"))
    finally:
        conn.close()


def run_isolated(reader: Callable[..., Any], path: str | Path, *args: Any, timeout: float | None = None,
                 memory_limit: int = MEMORY_LIMIT_BYTES) -> Any:
    """`reader(str(path), *args)` in a child process that cannot hang or exhaust this one; `timeout`
    in seconds (default: read_timeout()).

    `reader` is a module-level function (the child finds it by name); what it returns is pickled back."""
    path = Path(path)
    timeout = read_timeout() if timeout is None else timeout
    receive, send = _ctx().Pipe(duplex=False)
    child = _ctx().Process(target=_child, args=(reader, (str(path), *args), memory_limit, send), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise BadInputError(path, f"reading took longer than {timeout:g} s, the per-file time limit, and was "
                                      "stopped; is the file damaged? (set PLANETL_READ_TIMEOUT to allow longer)")
        status, payload = receive.recv()
    except EOFError:
        child.join(5)
        raise BadInputError(path, f"the reader crashed (exit code {child.exitcode}); is the file damaged?") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join(5)
        receive.close()
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
