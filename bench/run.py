"""Benchmark: planetl ingest against the bare pdfplumber / python-docx floor, at 1, 10 and 100 copies.

    .venv/bin/python bench/run.py            # about 15 minutes on a 2-core machine
    .venv/bin/python bench/run.py --copies 1 10

For the samples as they are, and for N distinct copies of the samples that have a text layer (a
scan's cost is OCR, which the floor does not do), it measures in one run:
  ingest    `planetl ingest FOLDER --db NEW.duckdb`, the command as users run it
  pipeline  bench/pipeline.py: the same reading (extract + parse) without Prefect or DuckDB
  floor     bench/floor.py: pdfplumber extract_text + extract_tables, python-docx iteration
each as its own process, timed by wall clock, with the peak memory (PSS) of its whole process tree
sampled every 0.2 s. It prints a Markdown table and writes it, the raw figures (JSON) and a chart
(PNG) to bench/results/.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb
import pdfplumber
import psutil

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PLANETL = str(Path(PYTHON).with_name("planetl"))
TARGETS = {"ratio": 1.5, "overhead_ms": 50.0, "linearity": 11.0}


@dataclass
class Run:
    wall: float
    peak_mb: float
    output: str


def measured(cmd: list[str], env: dict | None = None) -> Run:
    """Run `cmd`, timing it and sampling the memory of its process tree; fail loudly if it fails."""
    with tempfile.TemporaryFile("w+") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=out, stderr=subprocess.STDOUT,
                                text=True)
        peak = 0
        tree = psutil.Process(proc.pid)
        while proc.poll() is None:
            total = 0
            try:
                members = [tree, *tree.children(recursive=True)]
            except psutil.NoSuchProcess:
                members = []
            for member in members:
                try:
                    total += member.memory_full_info().pss
                except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                    pass
            peak = max(peak, total)
            time.sleep(0.2)
        wall = time.perf_counter() - start
        out.seek(0)
        output = out.read()
    if proc.returncode not in (0,):
        raise SystemExit(f"{' '.join(cmd)} failed (exit {proc.returncode}):\n{output[-3000:]}")
    return Run(wall, peak / 2**20, output)


def has_text_layer(path: Path) -> bool:
    if path.suffix.lower() != ".pdf":
        return True
    with pdfplumber.open(path) as pdf:
        return any(page.chars for page in pdf.pages)


def make_copies(originals: list[Path], n: int, folder: Path) -> None:
    """N copies of each file, each with different bytes (so none is skipped as already loaded) and
    the same content: a comment after a PDF's end, a comment on a .docx's zip archive."""
    folder.mkdir(parents=True)
    for i in range(1, n + 1):
        for original in originals:
            copy = folder / f"{original.stem}-copy{i:03d}{original.suffix}"
            shutil.copyfile(original, copy)
            mark = f"planetl benchmark copy {i}".encode()
            if original.suffix.lower() == ".pdf":
                with open(copy, "ab") as f:
                    f.write(b"\n%" + mark + b"\n")
            else:
                with zipfile.ZipFile(copy, "a") as z:
                    z.comment = mark


@dataclass
class Row:
    corpus: str
    copies: int
    files: int
    pages: int
    facts: int
    ingest_s: float
    pipeline_s: float
    floor_s: float
    floor_one_process_s: float
    ingest_mb: float
    pipeline_mb: float
    floor_mb: float


def measure(name: str, copies: int, folder: Path, work: Path) -> Row:
    db = work / f"{name}.duckdb"
    env = {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
    print(f"[bench] {name}: floor", file=sys.stderr, flush=True)
    floor = measured([PYTHON, "bench/floor.py", str(folder)])
    print(f"[bench] {name}: pipeline", file=sys.stderr, flush=True)
    pipeline = measured([PYTHON, "bench/pipeline.py", str(folder)])
    print(f"[bench] {name}: ingest", file=sys.stderr, flush=True)
    ingest = measured([PLANETL, "ingest", str(folder), "--db", str(db)], env)
    f = json.loads(floor.output.strip().splitlines()[-1])
    con = duckdb.connect(str(db), read_only=True)
    try:
        files, facts = con.execute("SELECT count(*), sum(n_facts) FROM documents WHERE status = 'ok'").fetchone()
    finally:
        con.close()
    if files != f["files"]:
        raise SystemExit(f"{name}: ingest loaded {files} of {f['files']} files:\n{ingest.output[-3000:]}")
    db.unlink()
    return Row(name, copies, files, f["pages"], int(facts), ingest.wall, pipeline.wall, f["wall"], f["one_process"],
               ingest.peak_mb, pipeline.peak_mb, floor.peak_mb)


def derived(rows: list[Row]) -> dict:
    """The figures the targets are about."""
    by_copies = {r.copies: r for r in rows if r.corpus.startswith("copies")}
    out = {}
    if 10 in by_copies and 100 in by_copies:
        a, b = by_copies[10], by_copies[100]
        # Prefect + DuckDB cost per extra document: fixed costs (start-up, the temporary Prefect
        # server) cancel out between 10 and 100 copies
        out["overhead_ms"] = 1000 * ((b.ingest_s - b.pipeline_s) - (a.ingest_s - a.pipeline_s)) / (b.files - a.files)
        out["fixed_s"] = (a.ingest_s - a.pipeline_s) - a.files * out["overhead_ms"] / 1000
        out["linearity"] = b.ingest_s / a.ingest_s
        out["ratio"] = b.ingest_s / b.floor_s
        out["ratio_one_process"] = b.ingest_s / b.floor_one_process_s
        out["memory_growth"] = b.ingest_mb / by_copies[min(by_copies)].ingest_mb
    return out


def table(rows: list[Row], d: dict) -> str:
    head = ("| corpus | files | PDF pages | facts | ingest s | docs/s | pages/s | facts/s | pipeline s | floor s "
            "(1 process) | ingest ÷ floor | ingest peak MB | pipeline MB | floor MB |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        lines.append(
            f"| {r.corpus} | {r.files} | {r.pages} | {r.facts} | {r.ingest_s:.1f} | {r.files / r.ingest_s:.2f} | "
            f"{r.pages / r.ingest_s:.1f} | {r.facts / r.ingest_s:.0f} | {r.pipeline_s:.1f} | {r.floor_s:.1f} "
            f"({r.floor_one_process_s:.1f}) | {r.ingest_s / r.floor_s:.2f} | {r.ingest_mb:.0f} | {r.pipeline_mb:.0f} | "
            f"{r.floor_mb:.0f} |")
    if d:
        def verdict(ok: bool) -> str:
            return "met" if ok else "NOT met"

        lines += [
            "",
            f"- ingest ÷ floor at 100 copies: **{d['ratio']:.2f}×** against the floor on the same cores "
            f"({d['ratio_one_process']:.2f}× against one process) — target ≤ {TARGETS['ratio']}×: "
            f"{verdict(d['ratio'] <= TARGETS['ratio'])}",
            f"- Prefect + DuckDB cost per document (ingest − pipeline, 10 → 100 copies): **{d['overhead_ms']:.1f} ms** "
            f"— target < {TARGETS['overhead_ms']:g} ms: {verdict(d['overhead_ms'] < TARGETS['overhead_ms'])}; "
            f"fixed cost per run (start-up, Prefect's temporary server): {d['fixed_s']:.1f} s",
            f"- 100 copies ÷ 10 copies: **{d['linearity']:.2f}×** — target ≤ {TARGETS['linearity']:g}×: "
            f"{verdict(d['linearity'] <= TARGETS['linearity'])}",
            f"- peak memory, 100 copies ÷ fewest copies: **{d['memory_growth']:.2f}×** "
            f"(flat is 1×): {verdict(d['memory_growth'] <= 1.25)}",
        ]
    return "\n".join(lines)


def chart(rows: list[Row], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    copies = [r for r in rows if r.corpus.startswith("copies")]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    files = [r.files for r in copies]
    for label, attr, style in (("planetl ingest", "ingest_s", "o-"), ("reading only (no Prefect, no DuckDB)", "pipeline_s", "s--"),
                               ("floor: pdfplumber + python-docx, same cores", "floor_s", "^:"),
                               ("floor, one process", "floor_one_process_s", "v:")):
        left.plot(files, [getattr(r, attr) for r in copies], style, label=label)
    left.set(xscale="log", yscale="log", xlabel="documents", ylabel="seconds (wall)", title="Time")
    left.legend(fontsize=8)
    for label, attr, style in (("planetl ingest", "ingest_mb", "o-"), ("reading only", "pipeline_mb", "s--"),
                               ("floor", "floor_mb", "^:")):
        right.plot(files, [getattr(r, attr) for r in copies], style, label=label)
    right.set(xscale="log", xlabel="documents", ylabel="peak memory, MB (PSS of the process tree)", title="Memory",
              ylim=(0, None))
    right.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--samples", type=Path, default=ROOT / "samples")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()
    originals = sorted(p for p in args.samples.iterdir() if p.suffix.lower() in (".pdf", ".docx"))
    text_layer = [p for p in originals if has_text_layer(p)]
    rows = []
    with tempfile.TemporaryDirectory(prefix="planetl-bench-") as tmp:
        work = Path(tmp)
        samples = work / "samples"
        samples.mkdir()
        for p in originals:
            shutil.copyfile(p, samples / p.name)
        rows.append(measure("samples", 0, samples, work))
        for n in args.copies:
            folder = work / f"copies-{n}"
            make_copies(text_layer, n, folder)
            rows.append(measure(f"copies ×{n}", n, folder, work))
            shutil.rmtree(folder)
    d = derived(rows)
    text = table(rows, d)
    args.out.mkdir(parents=True, exist_ok=True)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB, " \
              f"Python {platform.python_version()}"
    header = (f"# planetl benchmark\n\n{dt.date.today()}, {machine}. Corpus `copies ×N`: N distinct copies of the "
              f"{len(text_layer)} samples with a text layer; `samples`: the {len(originals)} samples as they are "
              f"(the scan's time is OCR, which the floor does not do).\n\n")
    (args.out / "results.md").write_text(header + text + "\n", encoding="utf-8")
    (args.out / "results.json").write_text(json.dumps({"machine": machine, "rows": [asdict(r) for r in rows],
                                                       "derived": d}, indent=2), encoding="utf-8")
    if len([r for r in rows if r.corpus.startswith("copies")]) > 1:
        chart(rows, args.out / "results.png")
    print(text)


if __name__ == "__main__":
    main()
