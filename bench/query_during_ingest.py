"""How long `planetl query` takes while `planetl ingest` loads ~100 files into the same warehouse.

    .venv/bin/python bench/query_during_ingest.py            # about 3 minutes on a 2-core machine
    .venv/bin/python bench/query_during_ingest.py --files 40 --every 2

Ingest holds DuckDB's write lock only while a batch loads, so a query waits at most for one batch.
The corpus: distinct copies of the samples that have a text layer (bench/run.py's make_copies).
While ingest runs, `planetl query "select count(*) from facts"` is started every --every seconds
and its wall time measured (the whole command, Python's start included); the same query on the
idle warehouse afterwards is the baseline. Prints each query's latency and writes
bench/results/query_during_ingest.md. Target: every query answers within 2 s.
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ROOT, has_text_layer, make_copies  # noqa: E402

PLANETL = str(Path(sys.executable).with_name("planetl"))
SQL = "select count(*) from facts"
TARGET_S = 2.0


def query(db: Path) -> tuple[float, str, int]:
    start = time.perf_counter()
    done = subprocess.run([PLANETL, "query", SQL, "--db", str(db), "--format", "csv"], capture_output=True, text=True)
    return time.perf_counter() - start, (done.stdout.strip().splitlines() or [""])[-1], done.returncode


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=100, help="about this many files to ingest")
    parser.add_argument("--every", type=float, default=3.0, help="seconds between queries")
    args = parser.parse_args()
    originals = sorted(p for p in (ROOT / "samples").iterdir() if p.suffix.lower() in (".pdf", ".docx")
                       and has_text_layer(p))
    copies = max(1, round(args.files / len(originals)))
    with tempfile.TemporaryDirectory(prefix="planetl-qdi-") as tmp:
        folder, db = Path(tmp) / "plans", Path(tmp) / "w.duckdb"
        make_copies(originals, copies, folder)
        n_files = len(list(folder.iterdir()))
        started = time.perf_counter()
        ingest = subprocess.Popen([PLANETL, "ingest", str(folder), "--db", str(db)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        during: list[tuple[float, float, str, int]] = []  # (at, latency, answer, exit code)
        while ingest.poll() is None:
            time.sleep(args.every)
            if db.exists() and ingest.poll() is None:
                at = time.perf_counter() - started
                during.append((at, *query(db)))
                print(f"  {at:6.1f} s into ingest: query took {during[-1][1]:.2f} s -> {during[-1][2]} "
                      f"(exit {during[-1][3]})", flush=True)
        ingest_s = time.perf_counter() - started
        errors = ingest.stderr.read()
        if ingest.returncode not in (0, 1):
            raise SystemExit(f"ingest failed (exit {ingest.returncode}):\n{errors[-3000:]}")
        idle = [query(db)[0] for _ in range(3)]
    latencies = [d[1] for d in during]
    waits = errors.count("waiting for the warehouse lock")
    lines = [
        f"# planetl query during ingest\n\n{dt.datetime.now():%Y-%m-%d %H:%M}, `{SQL}` every {args.every:g} s while "
        f"`planetl ingest` loads {n_files} files ({copies} distinct copies of {len(originals)} samples with a text "
        f"layer) in {ingest_s:.0f} s. Latency is the whole `planetl query` command, Python's start included.\n",
        "| | queries | median s | max s | within 2 s |", "|---|---|---|---|---|",
        f"| during ingest | {len(latencies)} | {statistics.median(latencies) if latencies else 0:.2f} | "
        f"{max(latencies, default=0):.2f} | {sum(t <= TARGET_S for t in latencies)}/{len(latencies)} |",
        f"| idle warehouse | {len(idle)} | {statistics.median(idle):.2f} | {max(idle):.2f} | "
        f"{sum(t <= TARGET_S for t in idle)}/{len(idle)} |",
        "", f"Ingest's own waits for the lock (held by a query) it reported: {waits}.", "",
        "| s into ingest | latency s | facts then | exit |", "|---|---|---|---|",
        *[f"| {at:.1f} | {t:.2f} | {answer} | {code} |" for at, t, answer, code in during],
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    out = ROOT / "bench" / "results" / "query_during_ingest.md"
    out.write_text(text, encoding="utf-8")
    print(f"written to {out}")


if __name__ == "__main__":
    main()
