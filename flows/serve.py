"""Scheduled ingestion: a local Prefect server (schedules need one; a temporary server cannot run
them) and the inbox flow served as a deployment, both in the foreground; and the inbox's rules:
a file is taken once it has stopped changing, a file that failed is not read again until its bytes
change, a processed file may be moved out (--done, --failed)."""
from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from extractors.lifetime import die_with_parent

STARTUP_SECONDS = 120
STOP_SECONDS = 2  # then it is killed: `serve` stops within 5 s


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def reachable(api_url: str) -> bool:
    """Whether a Prefect server answers at `api_url` (any HTTP answer: Prefect Cloud asks for a key)."""
    try:
        with urllib.request.urlopen(f"{api_url.rstrip('/')}/health", timeout=10):
            return True
    except urllib.error.HTTPError:
        return True
    except (OSError, ValueError):
        return False


@contextlib.contextmanager
def local_server(home: Path, scheduler_loop_seconds: float):
    """A Prefect server on a free loopback port, with its own state in `home`; yields its API URL."""
    port = _free_port()
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": str(scheduler_loop_seconds),
        "PREFECT_SERVER_API_HOST": "127.0.0.1",
        "PREFECT_SERVER_API_PORT": str(port),
    }
    env.pop("PREFECT_API_URL", None)
    home.mkdir(parents=True, exist_ok=True)
    log = open(home / "server.log", "ab")
    server = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                               "--port", str(port)], env=env, stdout=log, stderr=log,
                              preexec_fn=die_with_parent)  # call from the main thread: the signal is the thread's
    url = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the local Prefect server did not start; see {home / 'server.log'}")
                time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


# The inbox: which files to take, which failed before, where they go once processed

SETTLE_SECONDS = 5.0  # an inbox file is taken once unchanged this long ($PLANETL_INBOX_SETTLE_SECONDS)


def settle_seconds() -> float:
    """How long an inbox file's size and modification time must stay the same before it is taken."""
    value = os.environ.get("PLANETL_INBOX_SETTLE_SECONDS", "").strip()
    try:
        seconds = float(value) if value else SETTLE_SECONDS
    except ValueError:
        raise ValueError(f"PLANETL_INBOX_SETTLE_SECONDS={value!r}: not a number of seconds") from None
    if not 0 <= seconds < float("inf"):
        raise ValueError(f"PLANETL_INBOX_SETTLE_SECONDS={value!r}: not a number of seconds")
    return seconds


def _look(path: Path) -> tuple[int, int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns  # ctime: also changed by a tool that sets an old mtime


def settled(files: list[tuple[Path, str]], seconds: float) -> tuple[list[tuple[Path, str]], list[tuple[Path, str]]]:
    """Of inbox files (path, name): those whose size and modification time have not changed for
    `seconds`, and those still changing (being written: left for a later run). A file changed less
    than `seconds` ago is looked at again once it has had them (a wait of `seconds` at most)."""
    first = {file: _look(file[0]) for file in files}
    now = time.time_ns()
    young = {file: seen for file, seen in first.items() if seen is not None and now - max(seen[1:]) < seconds * 1e9}
    if young:
        last_change = max(max(seen[1:]) for seen in young.values())
        time.sleep(min(seconds, max((last_change - now) / 1e9 + seconds, 0)))
    changed = {file for file, seen in young.items() if _look(file[0]) != seen}
    return ([file for file in files if first[file] is not None and file not in changed],
            [file for file in files if file in changed])


def failed_before(db: str, files: list[tuple[Path, str]]) -> dict[tuple[Path, str], tuple[str, str]]:
    """Of `files`, those whose bytes failed before: the warehouse records a failed file by the sha256
    of its bytes. File -> (doc_id, the error then)."""
    if not files or not Path(db).is_file():
        return {}
    from contextlib import closing

    import duckdb

    from flows.steps import file_sha256
    from warehouse.load import WarehouseError, connect

    hashes = {file: file_sha256(file[0]) for file in files}
    try:
        with closing(connect(db, read_only=True)) as con:
            failed = dict(con.execute("SELECT doc_id, error FROM documents WHERE status = 'failed' "
                                      "AND list_contains(?, doc_id)", [[h for h in hashes.values() if h]]).fetchall())
    except (duckdb.Error, WarehouseError):  # not to be looked at now: the ingest itself says why
        return {}
    return {file: (doc_id, failed[doc_id]) for file, doc_id in hashes.items() if doc_id in failed}


def move_into(path: Path, inbox: Path, folder: Path) -> Path:
    """Move `path`, a file in `inbox`, to its relative place under `folder`, never over a file there
    (then as name-1.docx, name-2.docx …); where it went."""
    target = folder / path.relative_to(inbox)
    target.parent.mkdir(parents=True, exist_ok=True)
    dest, n = target, 0
    while True:
        try:
            _place(path, dest)
            break
        except FileExistsError:
            n += 1
            dest = target.with_name(f"{target.stem}-{n}{target.suffix}")
    try:
        os.unlink(path)
    except OSError:
        dest.unlink()  # not moved: in one place only
        raise
    return dest


def _place(path: Path, dest: Path) -> None:
    """Put the bytes of `path` at `dest`, a new file: FileExistsError if there is one (no overwrite,
    even in a race)."""
    try:
        os.link(path, dest)
        return
    except FileExistsError:
        raise
    except OSError as exc:  # another file system, or no hard links there: copy into a new file
        if not path.is_file():
            raise exc from None
    with open(path, "rb") as source, open(dest, "xb") as copy:
        try:
            shutil.copyfileobj(source, copy)
            shutil.copystat(path, dest)
        except BaseException:
            dest.unlink()
            raise


def record_moves(db: str, inbox: str, moved: list[tuple[str, Path]]) -> None:
    """Record the new place of each moved file's document (doc_id, where it went), and that it is no
    longer in the inbox."""
    from warehouse.load import ingest_memory_limit, mark_absent, record_locations, writing

    with writing(db, ingest_memory_limit()) as con:
        record_locations(con, [(doc_id, str(dest.resolve()), str(dest)) for doc_id, dest in moved])
        mark_absent(con, [str(Path(inbox).resolve())], [])
