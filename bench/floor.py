"""The floor: what the bare libraries take to read the same files, nothing more.

PDFs: pdfplumber's own `extract_text` and `extract_tables` on every page. Word: python-docx's
paragraph and table-cell iteration. Run over a folder on a pool of one process per core (the same
cores planetl gets); prints JSON: wall seconds, the sum of per-file seconds (one process's time),
files, PDF pages.

    .venv/bin/python bench/floor.py FOLDER [--workers N]
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import time
from pathlib import Path

SUFFIXES = (".pdf", ".docx")


def read_bare(path: str) -> tuple[int, float]:
    """(PDF pages, seconds) for one file read with the bare library."""
    start = time.perf_counter()
    pages = 0
    if path.endswith(".pdf"):
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.extract_tables()
                page.close()  # drop the page's cached objects, as planetl does
                pages += 1
    else:
        import docx

        document = docx.Document(path)
        for paragraph in document.paragraphs:
            paragraph.text
        for table in document.tables:
            for row in table.rows:
                for cell in row.cells:
                    cell.text
    return pages, time.perf_counter() - start


def files_in(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    files = files_in(args.folder)
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(args.workers) as pool:
        done = list(pool.imap_unordered(read_bare, files, chunksize=1))
    wall = time.perf_counter() - start
    print(json.dumps({"wall": wall, "one_process": sum(s for _, s in done), "files": len(files),
                      "pages": sum(p for p, _ in done)}))


if __name__ == "__main__":
    main()
