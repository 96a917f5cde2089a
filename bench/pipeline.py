"""planetl's reading alone: extract and parse every file exactly as `planetl ingest` does (a forked,
limited child per file, one per core at a time), without Prefect and without DuckDB. The difference
to `planetl ingest` is their cost. Prints JSON: wall seconds, files, facts.

    .venv/bin/python bench/pipeline.py FOLDER
"""
from __future__ import annotations

import argparse
import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from extractors.errors import BadInputError
from extractors.isolate import run_isolated
from flows import worker


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    from flows.ingest import READERS  # preloads the readers as the flow does; as many at once

    files = sorted(p for p in args.folder.rglob("*") if p.suffix.lower() in (".pdf", ".docx", ".txt"))

    def read(path: Path) -> int:
        try:
            return len(run_isolated(worker.read, path, str(path)).facts)
        except BadInputError:
            return 0

    start = time.perf_counter()
    with ThreadPoolExecutor(args.workers or READERS) as pool:
        facts = sum(pool.map(read, files))
    print(json.dumps({"wall": time.perf_counter() - start, "files": len(files), "facts": facts}))


if __name__ == "__main__":
    main()
