"""Shared test fixtures: sample paths, and one Prefect test server for the whole session."""
from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SEEDS = ROOT.parent / "shared" / "seeds"

# no telemetry (there is no network) and no log noise in test output
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "ERROR")


def sample(name: str) -> Path:
    return SAMPLES / name


def seed(prefix: str) -> Path:
    """A seed plan by its number (000..004); skipped when ../shared/seeds is not beside the repo."""
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"seed {prefix} not found in {SEEDS}")
    return found[0]


@contextlib.contextmanager
def lock_held(db: Path):
    """Another process holding the warehouse open for writing (DuckDB's file lock), until the block ends;
    yields that process."""
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, time; con = duckdb.connect(%r); "
                               "print('holding', flush=True); time.sleep(60)" % str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        yield holder
    finally:
        holder.kill()
        holder.wait()


@pytest.fixture(scope="session")
def prefect_server():
    """Flows run against one temporary Prefect server (with its own database) for the session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


def pytest_terminal_summary(terminalreporter):
    """Print the expected-facts scores of every sample after the run."""
    try:
        from test_expected import SCORES
    except ImportError:
        return
    if SCORES:
        terminalreporter.write_sep("-", "expected facts: recall and precision per sample")
        for line in SCORES.values():
            terminalreporter.write_line(line)
