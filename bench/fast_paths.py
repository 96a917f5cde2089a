"""What one command costs, against its bare floor, each in a new process (median of --runs):

- one new .docx (and .pdf) into a new warehouse vs a bare python-docx (pdfplumber) read of the file
- a run with nothing new (the same file again) vs the same bare read
- `planetl query "select 1"` vs a bare `python -c "import duckdb"`

    .venv/bin/python bench/fast_paths.py [--docx FILE] [--pdf FILE] [--runs 5]

Without PREFECT_API_URL, as a user runs it: `planetl ingest` runs its steps without Prefect.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLANETL = [sys.executable, "-c", "from flows.cli import main; main()"]
BARE_READ = [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(ROOT / 'bench')!r}); "
             "from floor import read_bare; read_bare(sys.argv[1])"]
TARGETS = {"one new": 12, "nothing new": 5, "query": 3}


def seconds(cmd: list[str], before=None) -> float:
    if before:
        before()
    start = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def median(runs: int, cmd: list[str], before=None) -> float:
    return statistics.median(seconds(cmd, before) for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docx", default="samples/kashgar-2025-annual-plan.docx")
    parser.add_argument("--pdf", default="samples/kashgar-2025-annual-plan.pdf")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.pop("PREFECT_API_URL", None)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp, "bench.duckdb"))

        def fresh() -> None:
            for suffix in ("", ".wal"):
                Path(db + suffix).unlink(missing_ok=True)

        for kind, path in (("docx", args.docx), ("pdf", args.pdf)):
            floor = median(args.runs, [*BARE_READ, path])
            seconds([*PLANETL, "ingest", path, "--db", db], fresh)  # warms the user's cache (jieba, fingerprint)
            rows.append((f"one new .{kind}", f"bare read of {Path(path).name}", floor,
                         median(args.runs, [*PLANETL, "ingest", path, "--db", db], fresh), TARGETS["one new"]))
            rows.append((f"nothing new (.{kind})", f"bare read of {Path(path).name}", floor,
                         median(args.runs, [*PLANETL, "ingest", path, "--db", db]), TARGETS["nothing new"]))
        rows.append(('query "select 1"', "python -c 'import duckdb'",
                     median(args.runs, [sys.executable, "-c", "import duckdb"]),
                     median(args.runs, [*PLANETL, "query", "select 1", "--db", db]), TARGETS["query"]))
    print(f"| command | floor | floor s | planetl s | ratio | target | ({os.cpu_count()} cores, median of {args.runs})")
    print("|---|---|---:|---:|---:|---:|")
    for name, floor_name, floor, took, target in rows:
        ratio = took / floor
        print(f"| {name} | {floor_name} | {floor:.2f} | {took:.2f} | {ratio:.1f}x | <= {target}x "
              f"{'ok' if ratio <= target else 'MISSED'} |")


if __name__ == "__main__":
    main()
