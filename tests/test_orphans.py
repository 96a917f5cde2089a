"""Whatever planetl starts dies with it: after `kill -9` of the command, no Prefect server, fork
server, reader, resource tracker or other helper is left. Real processes, each command in its own
session; what is left is found both by process group and by planetl's tag in the environment."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, sample


def _processes() -> dict[int, tuple[int, int, bytes]]:
    """Every live process: pid -> (parent, process group, environment)."""
    found = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                state, ppid, pgrp = f.read().rsplit(")", 1)[1].split()[:3]
            with open(f"/proc/{name}/environ", "rb") as f:
                env = f.read()
        except OSError:
            continue
        if state not in ("Z", "X"):  # a zombie is dead already
            found[int(name)] = (int(ppid), int(pgrp), env)
    return found


def _started_by(pid: int) -> list[int]:
    """Processes of `pid`'s group (its session's), or tagged as started under it, other than itself."""
    tag = f"PLANETL_PARENT={pid}".encode()
    return sorted(p for p, (_, pgrp, env) in _processes().items()
                  if p != pid and (pgrp == pid or tag in env.split(b"\0")))


def _depth(pid: int, root: int) -> int:
    """How many generations below `root` `pid` is (0: not below it)."""
    procs, n = _processes(), 0
    while pid in procs and pid != root:
        pid, n = procs[pid][0], n + 1
    return n if pid == root else 0


def _wait_for(root: int, depth: int, seconds: float) -> list[int]:
    """Wait until some process is `depth` generations below `root`; the processes below it then."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        below = _started_by(root)
        if any(_depth(p, root) >= depth for p in below):
            return below
        time.sleep(0.1)
    raise AssertionError(f"no process {depth} generations below {root} after {seconds} s")


def left_behind(root: int, seconds: float = 10) -> list[str]:
    """What is still running of `root`'s processes after up to `seconds`: their command lines (then killed)."""
    deadline = time.monotonic() + seconds
    while (left := _started_by(root)) and time.monotonic() < deadline:
        time.sleep(0.1)
    lines = []
    for p in left:
        with open(f"/proc/{p}/cmdline", "rb") as f:
            cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
        lines.append(f"{p}: {cmdline[:120]}")
        os.kill(p, signal.SIGKILL)  # leave nothing behind for the next test
    return lines


def _start(*args: str, home: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "PLANETL_PARENT")}
    return subprocess.Popen([sys.executable, "-c", "from flows.cli import main; main()", *args], cwd=ROOT,
                            env={**env, "PLANETL_HOME": str(home)}, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_readers_die_with_their_caller(tmp_path):
    """No CLI and no watchdog: the fork server and a reader stuck on a file die with the process
    that asked for the read (parent-death signal), and the resource tracker then ends too."""
    fifo = tmp_path / "never-written.txt"
    os.mkfifo(fifo)  # opening it for reading blocks until a writer comes: a reader that hangs
    caller = subprocess.Popen([sys.executable, "-c", "import sys; from extractors.isolate import run_isolated; "
                               "run_isolated(open, sys.argv[1], timeout=600)", str(fifo)],
                              cwd=ROOT, start_new_session=True)
    try:
        below = _wait_for(caller.pid, depth=2, seconds=60)  # the reader, below the fork server
        assert len(below) >= 3  # resource tracker, fork server, reader
    finally:
        caller.kill()
        caller.wait()
    assert left_behind(caller.pid) == []


def test_kill_9_of_ingest_leaves_nothing(tmp_path):
    """`kill -9` of `planetl ingest` while a file is being read: nothing it started survives."""
    ingest = _start("ingest", str(sample("jiamusi-2026-annual-plan-scanned.pdf")),
                    str(sample("turpan-2024-annual-plan.docx")), "--db", str(tmp_path / "x.duckdb"),
                    home=tmp_path / "home")
    try:
        _wait_for(ingest.pid, depth=2, seconds=120)  # a reader is reading
    finally:
        ingest.kill()
        ingest.wait()
    assert left_behind(ingest.pid) == []


def test_kill_9_of_serve_leaves_nothing(tmp_path):
    """`kill -9` of `planetl serve` during a run: its Prefect server, the flow-run process, its
    fork server, readers and resource tracker all end."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(sample("jiamusi-2026-annual-plan-scanned.pdf"), inbox)
    serve = _start("serve", "--inbox", str(inbox), "--interval", "1", "--db", str(tmp_path / "x.duckdb"),
                   home=tmp_path / "home")
    try:
        _wait_for(serve.pid, depth=3, seconds=240)  # serve > flow run > fork server > reader
    finally:
        serve.kill()
        serve.wait()
    assert left_behind(serve.pid) == []
