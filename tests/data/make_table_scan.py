"""Write tests/data/yichang-2025-table-page-scanned.pdf: the table page (page 2) of
samples/yichang-2025-housing-construction-plan.pdf as an image-only "scan", made as
scripts/samples/make_samples.py makes the scanned 佳木斯 plan (grey paper, slight skew, noise, 200 dpi).

    .venv/bin/python tests/data/make_table_scan.py
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pypdfium2

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "scripts" / "samples"))

from make_samples import make_scan  # noqa: E402

SOURCE, PAGE = REPO / "samples" / "yichang-2025-housing-construction-plan.pdf", 2
OUT = HERE / "yichang-2025-table-page-scanned.pdf"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.pdf"
        source, single = pypdfium2.PdfDocument(str(SOURCE)), pypdfium2.PdfDocument.new()
        single.import_pages(source, [PAGE - 1])
        single.save(str(page))
        make_scan(page, OUT)
    print(OUT)


if __name__ == "__main__":
    main()
