"""Whatever planetl starts dies with it (Linux; elsewhere these do nothing).

watch(): a small watchdog process that, once this process is gone (its normal end, a crash or a
`kill -9`), kills every process started under it: each carries PLANETL_PARENT=<this pid> in its
environment (Prefect's servers and flow-run processes, the readers' fork server and readers, the
resource tracker), whoever started it. die_with_parent(): the kernel kills this process when its
parent dies (a parent-death signal), for children planetl starts itself.

Run as a script, this file is the watchdog: `python lifetime.py PID FD`.
"""
from __future__ import annotations

import ctypes
import os
import select
import signal
import subprocess
import sys
import time

TAG = "PLANETL_PARENT"  # a process that must outlive planetl is started without it
_PR_SET_PDEATHSIG = 1
_watching = None  # the watchdog
_write_end = None  # kept open (not inherited) as long as this process lives


try:
    _prctl = ctypes.CDLL(None, use_errno=True).prctl
except (OSError, AttributeError):  # not Linux
    _prctl = None


def die_with_parent() -> None:
    """Have the kernel SIGKILL this process when its parent dies. Call it in the child, after fork
    (e.g. as subprocess's preexec_fn); the signal comes when the parent THREAD that forked ends."""
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def watch() -> None:
    """Tag this process's children (PLANETL_PARENT) and start the watchdog that kills them all when
    this process ends. Once per process; call it before starting any child."""
    global _watching, _write_end
    if _watching is not None or not os.path.isdir("/proc"):
        return
    os.environ[TAG] = str(os.getpid())
    read, _write_end = os.pipe()  # the watchdog reads end-of-file when this process is gone
    _watching = subprocess.Popen(
        [sys.executable, "-I", "-S", __file__, str(os.getpid()), str(read)], pass_fds=(read,),
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(read)


def _sweep(parent: int) -> None:
    """SIGKILL every process tagged with `parent`, until none is left."""
    tag, me = f"{TAG}={parent}".encode(), os.getpid()
    for _ in range(100):
        found = False
        for name in os.listdir("/proc"):
            if not name.isdigit() or int(name) == me:
                continue
            try:
                with open(f"/proc/{name}/environ", "rb") as f:
                    if tag not in f.read().split(b"\0"):
                        continue
                os.kill(int(name), signal.SIGKILL)
                found = True
            except OSError:  # gone already, or not ours
                pass
        if not found:
            return
        time.sleep(0.05)


def _watchdog(parent: int, fd: int) -> None:
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):  # Ctrl-C reaches the whole group: outlive it
        signal.signal(sig, signal.SIG_IGN)
    # end-of-file when the parent is gone; polled too, in case a fork of it holds the pipe
    while os.getppid() == parent and not (select.select([fd], [], [], 1.0)[0] and not os.read(fd, 1)):
        pass
    _sweep(parent)


if __name__ == "__main__":
    _watchdog(int(sys.argv[1]), int(sys.argv[2]))
