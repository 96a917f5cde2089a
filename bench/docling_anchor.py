"""The anchor: Docling's .docx converter on the same .docx files, per file. Runs with the Python
of a separate environment that has Docling (never planetl's: Docling pulls in torch):

    python -m venv /tmp/docling-venv && /tmp/docling-venv/bin/pip install docling
    /tmp/docling-venv/bin/python bench/docling_anchor.py FILE.docx ...

Prints JSON: seconds to import Docling and make its converter, and each file's conversion seconds.
"""
from __future__ import annotations

import json
import sys
import time


def main() -> None:
    start = time.perf_counter()
    from docling.datamodel.base_models import InputFormat
    from docling.document_converter import DocumentConverter

    converter = DocumentConverter(allowed_formats=[InputFormat.DOCX])
    setup = time.perf_counter() - start
    files = {}
    for path in sys.argv[1:]:
        start = time.perf_counter()
        converter.convert(path).document.export_to_markdown()
        files[path] = time.perf_counter() - start
    print(json.dumps({"setup": setup, "files": files}))


if __name__ == "__main__":
    main()
