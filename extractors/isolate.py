"""Run an extraction in a child process with a time and memory limit.

A damaged or hostile file can make a parser loop or allocate without end. Each file is read in a
process forked from a clean, single-threaded fork server (with the parsers preloaded, so a fork
costs milliseconds); the child is killed when it runs past its time, and cannot grow past its
address-space limit. Either way the caller gets a BadInputError naming the file.
"""
from __future__ import annotations

import multiprocessing
import resource
from multiprocessing.connection import Connection
from pathlib import Path

from extractors.errors import BadInputError, PlanetlError
from extractors.model import Document

TIMEOUT_SECONDS = 300


class ReaderError(PlanetlError):
    """The reader failed on a file for a reason that is a bug in planetl, not in the file."""

MEMORY_LIMIT_BYTES = 8 << 30
_PRELOAD = ["extractors", "extractors.docx", "extractors.pdf", "extractors.txt", "docx", "pdfplumber"]
_context = None


def _ctx():
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(_PRELOAD)
    return _context


def _child(path: str, memory_limit: int, conn: Connection) -> None:
    import extractors

    resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    try:
        conn.send(("ok", extractors.extract(path)))
    except BadInputError as exc:
        conn.send(("bad", exc.reason))
    except MemoryError:
        conn.send(("bad", f"needs more than {memory_limit >> 30} GB of memory to read; is it damaged?"))
    except Exception as exc:  # a bug, not bad input: report it as such
        conn.send(("error", f"{exc.__class__.__name__}: {exc}"))
    finally:
        conn.close()


def extract_isolated(path: str | Path, timeout: float = TIMEOUT_SECONDS,
                     memory_limit: int = MEMORY_LIMIT_BYTES) -> Document:
    """Like extractors.extract, but in a child process that cannot hang or exhaust this one."""
    path = Path(path)
    receive, send = _ctx().Pipe(duplex=False)
    child = _ctx().Process(target=_child, args=(str(path), memory_limit, send), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise BadInputError(path, f"reading took longer than {timeout:g} s and was stopped; is the file damaged?")
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
