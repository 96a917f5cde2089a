"""The one document model every extractor fills (docling-style: one backend per format).

Blocks are in reading order. Each keeps its page (None where a format has no pages), its
section path (第X章 / 第X节 / 一、 / （一） / 1.) and a stable locator, so any figure found in a
block can be traced back to the exact paragraph or table cell it came from.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class BlockKind(str, Enum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    TABLE = "table"


class Format(str, Enum):
    DOCX = "docx"
    PDF = "pdf"
    TXT = "txt"
    HTML = "html"
    DOC = "doc"  # Word 97-2003, read through LibreOffice as .docx
    WPS = "wps"  # Kingsoft WPS Office (Word's binary layout) or Microsoft Works


@dataclass(frozen=True)
class Cell:
    """One grid position's cell; a merged cell appears once, at its top-left position."""

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    page: int | None = None  # where a format has pages: a table may run over several

    def __post_init__(self) -> None:
        if self.row < 0 or self.col < 0 or self.rowspan < 1 or self.colspan < 1:
            raise ValueError(f"bad cell geometry: {self!r}")


@dataclass(frozen=True)
class Table:
    n_rows: int
    n_cols: int
    cells: tuple[Cell, ...]
    title: str | None = None
    header_rows: int = 0  # the first rows hold headers (a title row spanning the table included)
    header_paths: tuple[str, ...] = ()  # per column: its header texts top-down, "公租房 / 套数（套）"
    row_labels: tuple[str, ...] = ()  # per row: what names it ("甘州区"); "" for header rows
    unit: str | None = None  # a unit the title states for the whole table ("单位：万平方米")
    unit_col: int | None = None  # a 单位 column giving each row's unit

    def __post_init__(self) -> None:
        for cell in self.cells:
            if cell.row + cell.rowspan > self.n_rows or cell.col + cell.colspan > self.n_cols:
                raise ValueError(f"cell {cell!r} outside a {self.n_rows}x{self.n_cols} table")

    def text(self) -> str:
        """The cells row by row, tab-separated: a table block's text."""
        return "\n".join("\t".join(row) for row in self.grid())

    def grid(self) -> list[list[str]]:
        """Row-major text grid; a merged cell's text fills every position it covers."""
        grid = [["" for _ in range(self.n_cols)] for _ in range(self.n_rows)]
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    grid[r][c] = cell.text
        return grid


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    index: int  # position in the document's reading order, 0-based
    text: str  # paragraph/heading text; for tables, the cells row by row
    page: int | None = None
    section: tuple[str, ...] = ()
    table: Table | None = None
    ocr: bool = False  # text came from OCR of a page image: less certain
    # for a paragraph that runs onto later pages: (offset in text, page) where each later page starts
    page_breaks: tuple[tuple[int, int], ...] = ()

    def __post_init__(self) -> None:
        if (self.kind is BlockKind.TABLE) != (self.table is not None):
            raise ValueError("a table block needs a table, and only a table block has one")

    def page_at(self, offset: int) -> int | None:
        """The page on which the character at `offset` of this block's text stands."""
        page = self.page
        for start, later_page in self.page_breaks:
            if offset >= start:
                page = later_page
        return page

    @property
    def locator(self) -> str:
        return f"{'t' if self.kind is BlockKind.TABLE else 'p'}{self.index}"


@dataclass(frozen=True)
class Document:
    path: str
    sha256: str
    format: Format
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    pages: int | None = None

    def paragraphs(self) -> list[Block]:
        return [b for b in self.blocks if b.kind is not BlockKind.TABLE]

    def tables(self) -> list[Block]:
        return [b for b in self.blocks if b.kind is BlockKind.TABLE]
