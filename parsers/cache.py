"""What a reader builds the same way every time (jieba's dictionary with the domain words, the
division table) kept in planetl's folder of the user's cache, so that a new process loads it in a
fraction of the time: $PLANETL_CACHE, else $XDG_CACHE_HOME/planetl or ~/.cache/planetl. Each is
named by a hash of what it is built from; a folder that cannot be written only costs the building."""
from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def folder() -> Path:
    return Path(os.environ.get("PLANETL_CACHE") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache",
                                                         "planetl"))


def kept(name: str, key: str, build: Callable[[], T]) -> T:
    """build(), or what it returned before for this `key` (marshal: dicts, lists, str, int, float)."""
    path = folder() / f"{name}-{hashlib.sha256(key.encode()).hexdigest()[:32]}.marshal"
    with contextlib.suppress(OSError, EOFError, ValueError, TypeError):
        return marshal.loads(path.read_bytes())  # marshal.load of the file object is 4x slower
    value = build()
    with contextlib.suppress(OSError, ValueError):
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_suffix(f".{os.getpid()}")
        part.write_bytes(marshal.dumps(value))
        part.replace(path)
        for stale in path.parent.glob(f"{name}-*.marshal"):  # built from what has changed since
            if stale != path:
                stale.unlink(missing_ok=True)
    return value
