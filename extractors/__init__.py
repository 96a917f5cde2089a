"""File -> Document. One backend per format, picked by the file's suffix."""
from __future__ import annotations

from pathlib import Path

from extractors.errors import BadInputError, PlanetlError
from extractors.model import Block, BlockKind, Cell, Document, Format, Table

SUFFIXES = {".docx": Format.DOCX, ".pdf": Format.PDF, ".txt": Format.TXT, ".html": Format.HTML, ".htm": Format.HTML,
            ".doc": Format.DOC, ".wps": Format.WPS}


def extract(path: str | Path) -> Document:
    """Read one plan file into a Document; raises BadInputError naming the file if it can't."""
    path = Path(path)
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        supported = ", ".join(sorted(SUFFIXES))
        raise BadInputError(path, f"unsupported file type {path.suffix or '(none)'} (supported: {supported})")
    if not path.is_file():
        raise BadInputError(path, "no such file")
    if path.stat().st_size == 0:
        raise BadInputError(path, "empty file")
    if fmt is Format.DOCX:
        from extractors import docx as backend
    elif fmt is Format.PDF:
        from extractors import pdf as backend
    elif fmt is Format.HTML:
        from extractors import html as backend
    elif fmt in (Format.DOC, Format.WPS):
        from extractors import office as backend
    else:
        from extractors import txt as backend
    return backend.extract(path)


__all__ = ["extract", "SUFFIXES", "BadInputError", "PlanetlError", "Block", "BlockKind", "Cell", "Document", "Format", "Table"]
