"""Plain-text plans in the flattened form of a Word-to-text conversion.

In that form a table is one cell per line, each cell line starting with a tab; the rows are
separated by one blank line and the table ends at two blank lines. A cell's further paragraphs
follow its line without the tab (sometimes after a blank line of their own). A merged cell is
written once, at its top-left position, and the positions it covers are left out (along a row)
or written as empty cells (down a column), so the grid of a .txt table is as the text shows it.

Ordinary plain text (a plan copied from a web page) is read too: UTF-8 with or without a BOM, UTF-16
with a BOM, GBK/GB18030 (and, failing those, what charset-normalizer recognises); any line ends.
A text is in the flattened form when a line holds a tab and then only a value (a table cell); otherwise
it is plain: tables are runs of two or more rows with | separators (a |---| rule skipped), with tabs
between cells, or in columns aligned with spaces (two or more spaces between cells; a header cell over
several columns spans them); paragraphs are one a line, unless the lines are hard-wrapped (most prose
lines as long as the longest), when a full line runs on into the next unless that one is indented or
opens a heading or a table title.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterator

from extractors.errors import BadInputError
from extractors.model import Block, BlockKind, Cell, Document, Format, Table
from extractors.tables import build_table, cell_text, is_value
from extractors.text import ATTACHMENT, SectionTracker, heading_level, join_lines, strip_artifacts, text_block

_CJK = re.compile(r"[\u4e00-\u9fff]")
UNIT_LINE = re.compile(r"^\s*[（(]?(计量)?单位\s*[:：][^。；]{1,30}$")
TABLE_TITLE = re.compile(r"^(附表|表)\s*[0-9一二三四五六七八九十]*[：:\s]|^.{2,40}(表|情况|成效|规模)$")


def extract(path: str | Path) -> Document:
    path = Path(path)
    raw, text = read_text(path, decode, "save it as UTF-8, or convert it to .docx", "a .txt file")
    lines = text.splitlines()
    blocks = parse_lines(lines) if is_flattened(lines) else parse_plain(lines)
    return Document(str(path), hashlib.sha256(raw).hexdigest(), Format.TXT, tuple(blocks), None)


def read_text(path: Path, decode: Callable[[bytes], str | None], advice: str, kind: str) -> tuple[bytes, str]:
    """A text file's bytes and their text, by `decode`; BadInputError when nothing reads them (with
    `advice`) or the text holds binary data (NUL characters: not a `kind` at all)."""
    raw = path.read_bytes()
    text = decode(raw)
    if text is None:
        raise BadInputError(path, f"not text in a known encoding ({advice})")
    if "\x00" in text:
        raise BadInputError(path, f"binary data in {kind}")
    return raw, text


def decode(raw: bytes) -> str | None:
    """The text of a file's bytes: UTF-8 (a BOM dropped), UTF-16 with its BOM, GB18030 (which reads GBK
    and GB2312 too), UTF-8 with a stray bad byte or two, else charset-normalizer's guess if it reads
    Chinese; None when nothing reads it."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    mostly = raw.decode("utf-8-sig", errors="replace")
    if mostly.count("\ufffd") <= max(2, len(mostly) // 200):  # UTF-8 with a stray bad byte (a cut-off character)
        return mostly
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - pinned in requirements.lock
        return None
    best = from_bytes(raw).best()
    text = str(best) if best is not None else ""
    return text if _CJK.search(text) else None  # a plan is Chinese: no Chinese read means a wrong guess


def is_flattened(lines: list[str]) -> bool:
    """The seeds' flattened form: some line is a tab and then a value alone (a table cell)."""
    return any(line.startswith("\t") and "\t" not in line[1:] and is_value(line.strip(), years_too=True)
               for line in lines)


def scan(lines: list[str]) -> Iterator[str | list[list[list[str]]]]:
    """The raw items of a flattened text in order: a paragraph's text (artifacts removed), or a
    table as rows of cells, each cell the list of its paragraphs."""
    i = 0
    while i < len(lines):
        line = strip_artifacts(lines[i])
        if line.startswith("\t"):
            rows, i = _read_table(lines, i)
            yield rows
            continue
        i += 1
        if line.strip():
            yield line.strip()


def parse_lines(lines: list[str]) -> list[Block]:
    """Blocks of a flattened text, in order."""
    blocks: list[Block] = []
    sections = SectionTracker()
    for item in scan(lines):
        if isinstance(item, str):
            blocks.append(text_block(sections, len(blocks), item))
        else:
            table = _table_from_rows(item, title_before(blocks))
            blocks.append(Block(BlockKind.TABLE, len(blocks), table.text(), None, sections.path, table))
    return blocks


def _read_table(lines: list[str], i: int) -> tuple[list[list[list[str]]], int]:
    """Rows of cells (each cell a list of its paragraphs) from line i; returns the next line index."""
    rows: list[list[list[str]]] = [[]]
    blanks = 0
    while i < len(lines):
        line = strip_artifacts(lines[i])
        if line.startswith("\t"):
            if blanks and rows[-1]:
                rows.append([])
            rows[-1].append([line[1:].strip()])
            blanks = 0
        elif not line.strip():
            blanks += 1
            if blanks >= 2:
                break
        elif rows[-1] and (blanks == 0 or _continues_table(lines, i)):
            rows[-1][-1].append(line.strip())  # a further paragraph of the last cell
            blanks = 0
        else:
            break
        i += 1
    return [r for r in rows if r], i


def _continues_table(lines: list[str], i: int) -> bool:
    """An untabbed line after one blank line belongs to the table if a cell line follows
    before the table's closing double blank."""
    blanks = 0
    for line in lines[i + 1 :]:
        if line.startswith("\t"):
            return True
        blanks = blanks + 1 if not line.strip() else 0
        if blanks >= 2:
            return False
    return False


def _table_from_rows(rows: list[list[list[str]]], title: str | None) -> Table:
    """Rebuild the merged cells the flattening left out: a short header row spans the columns of
    the row below (its empty cells continue the cell above), a row of one cell spans the table,
    and an empty cell under a label continues that label down."""
    texts = [[cell_text(paragraphs) for paragraphs in row] for row in rows]
    n_cols = max(len(row) for row in texts)
    cells: list[Cell] = []
    for r, row in enumerate(texts):
        if len(row) == 1 and n_cols > 1:
            cells.append(Cell(r, 0, row[0], 1, n_cols))
        elif len(row) < n_cols and r + 1 < len(texts) and len(texts[r + 1]) == n_cols:
            cells.extend(_spread(r, row, texts[r + 1]))
        else:
            cells.extend(Cell(r, c, text) for c, text in enumerate(row))
    return build_table(_continue_down(cells, n_cols), title)


def _spread(r: int, parents: list[str], children: list[str]) -> list[Cell]:
    """Spans for a header row over the full row below: each parent covers either one column the
    row below leaves empty (and continues into it) or a run of the row below's cells. Of the ways
    to share the columns out, take the one whose parents share the most characters with their
    children, then the most even."""
    best: tuple | None = None
    for spans in _splits(len(parents), children):
        score = sum(len(set(p) & set(children[c])) for p, (c0, c1) in zip(parents, spans) for c in range(c0, c1)
                    if children[c])
        evenness = -max(c1 - c0 for c0, c1 in spans)
        key = (score, evenness, [c1 - c0 for c0, c1 in spans])
        if best is None or key > best[0]:
            best = (key, spans)
    if best is None:
        return [Cell(r, c, text) for c, text in enumerate(parents)]
    return [Cell(r, c0, p, 2 if not children[c0] and c1 - c0 == 1 else 1, c1 - c0)
            for p, (c0, c1) in zip(parents, best[1])]


def _splits(k: int, children: list[str], start: int = 0):
    """Every way to cut children[start:] into k consecutive runs, an empty child only alone."""
    n = len(children)
    if k == 0:
        if start == n:
            yield []
        return
    for end in range(start + 1, n - k + 2):
        run = children[start:end]
        if len(run) > 1 and not all(run):
            break
        for rest in _splits(k - 1, children, end):
            yield [(start, end), *rest]


def _continue_down(cells: list[Cell], n_cols: int) -> list[Cell]:
    """Drop the empty cells that a merged cell above covers, and stretch that cell over them."""
    by_pos = {(c.row, c.col): c for c in cells}
    covered = {(c.row + dr, c.col + dc) for c in cells for dr in range(c.rowspan) for dc in range(c.colspan)
               if (dr, dc) != (0, 0)}
    out = [c for c in cells if (c.row, c.col) not in covered]
    by_pos = {(c.row, c.col): c for c in out}
    label_cols = {col for col in range(n_cols)
                  if any(c.text for c in out if c.col == col and c.row > 0)
                  and not any(is_value(c.text) for c in out if c.col == col and c.row > 0 and c.text)}
    for cell in sorted(out, key=lambda c: (c.col, c.row)):
        if cell.text or cell.col not in label_cols or cell.colspan != 1:
            continue
        above = next((by_pos[(r, cell.col)] for r in range(cell.row - 1, -1, -1) if (r, cell.col) in by_pos), None)
        if above is not None and above.text and above.colspan == 1 and above.row + above.rowspan == cell.row:
            grown = replace(above, rowspan=above.rowspan + 1)
            out[out.index(above)] = grown
            by_pos[(above.row, above.col)] = grown
            out.remove(cell)
            del by_pos[(cell.row, cell.col)]
    return out


def title_before(blocks: list[Block]) -> str | None:
    """The paragraph just before a table, when it is the table's title (表 2 …, …汇总表)."""
    if blocks and blocks[-1].kind is not BlockKind.TABLE and TABLE_TITLE.match(blocks[-1].text):
        return blocks[-1].text
    if blocks and blocks[-1].kind is not BlockKind.TABLE and UNIT_LINE.match(blocks[-1].text):
        # a 单位：… line between the title and the table belongs to the table
        above = blocks[-2] if len(blocks) > 1 and blocks[-2].kind is not BlockKind.TABLE else None
        title = above.text.strip() if above and len(above.text) <= 50 and "。" not in above.text else None
        return f"{title}（{blocks[-1].text.strip()}）" if title else blocks[-1].text.strip()
    return None



# ---------------------------------------------------------------- plain text

_PIPE = re.compile(r"[|｜]")
_RULE = re.compile(r"^[\s|｜:：+\-=—–─━┼├┤┬┴┌┐└┘│]+$")  # |---|---| or +----+ between rows
_GAP = re.compile(r"(?: {2,}|\u3000+|\t+)")  # between the cells of an aligned row
_PARAGRAPH_END = "。！？；：!?;:”」）)"
_CAPTION = re.compile(r"^(附表|表)\s*[0-9０-９一二三四五六七八九十]+")


def parse_plain(lines: list[str]) -> list[Block]:
    """Blocks of an ordinary plain text, in order: its tables read as tables, its paragraphs with
    hard-wrapped lines joined."""
    lines = [strip_artifacts(line).rstrip() for line in lines]
    # a prose line, a table's lines with their kind ("pipe", "tab", "aligned"), or None for a blank line
    items: list[str | tuple[list[str], str] | None] = []
    i = 0
    while i < len(lines):
        found = _table_run(lines, i)
        if found:
            end, kind = found
            items.append((lines[i:end], kind))
            i = end
            continue
        items.append(lines[i] if lines[i].strip() else None)
        i += 1
    prose = [item for item in items if isinstance(item, str)]
    wrap = _wrap_width(prose)
    blocks: list[Block] = []
    sections = SectionTracker()
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(text_block(sections, len(blocks), join_lines(paragraph)))
            paragraph.clear()

    for item in items:
        if item is None:
            flush()
        elif isinstance(item, tuple):
            flush()
            table_lines, kind = item
            table = _plain_table(table_lines, kind, title_before(blocks))
            if table is not None:
                blocks.append(Block(BlockKind.TABLE, len(blocks), table.text(), None, sections.path, table))
            else:  # not a table after all: its lines are paragraphs
                for line in table_lines:
                    if line.strip():
                        blocks.append(text_block(sections, len(blocks), line.strip()))
        else:
            if paragraph and not _runs_on(paragraph[-1], item, wrap):
                flush()
            paragraph.append(item)
            if wrap is None:
                flush()
    flush()
    return blocks


def _width(text: str) -> int:
    """Display width: Chinese characters and full-width forms are two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _wrap_width(prose: list[str]) -> tuple[str, int] | None:
    """(measure, width) when the prose lines are hard-wrapped: at least three lines and a third of
    the longer ones as long as the longest (within a character), none much longer. The measure is
    characters or display columns, whichever the wrapping followed."""
    best = None
    for measure, size in (("chars", len), ("cols", _width)):
        sized = [(size(line.rstrip()), line.rstrip()) for line in prose if line.strip()]
        long = [n for n, _ in sized if n >= 16]
        if len(long) < 3:
            continue
        counts: dict[int, int] = {}
        for n in long:
            counts[n] = counts.get(n, 0) + 1
        width = max(counts, key=lambda n: (sum(counts.get(m, 0) for m in (n - 1, n)), n))
        full_lines = [line for n, line in sized if width - 1 <= n <= width]
        full = len(full_lines)
        over = sum(1 for n in long if n > width + 2)
        # a wrapped line mostly breaks off mid-sentence; a paragraph on a line of its own ends one
        open_ended = sum(1 for line in full_lines if line[-1] not in _PARAGRAPH_END)
        tolerance = 1 if measure == "chars" else 2
        if full >= 3 and full * 3 >= len(long) and over * 20 <= len(long) and open_ended * 2 >= full:
            key = (full, measure == "chars")
            if best is None or key > best[0]:
                best = (key, (measure, width, tolerance))
    return best[1] if best else None  # type: ignore[return-value]


def _runs_on(line: str, following: str, wrap) -> bool:
    """A hard-wrapped line runs on into the next one when it fills the width and the next is not
    indented and opens no heading, attachment or table title."""
    if wrap is None:
        return False
    measure, width, tolerance = wrap
    size = len(line.rstrip()) if measure == "chars" else _width(line.rstrip())
    if size < width - tolerance:
        return False
    nxt = following.rstrip()
    if nxt[:1].isspace() or nxt[:1] == "\u3000":
        return False
    nxt = nxt.strip()
    return not (heading_level(nxt) is not None and not re.match(r"^\d", nxt)) and not ATTACHMENT.match(nxt) \
        and not _CAPTION.match(nxt)


def _row_kind(line: str) -> str | None:
    """Which kind of table row a line could be: "pipe", "tab" or "aligned"."""
    text = line.strip()
    if not text:
        return None
    if len(_PIPE.findall(text)) >= 2 and len([f for f in _PIPE.split(text) if f.strip()]) >= 2:
        return "pipe"
    if "\t" in text and len([f for f in text.split("\t") if f.strip()]) >= 2:
        return "tab"
    if len([f for f in _GAP.split(text) if f.strip()]) >= 2:
        return "aligned"
    return None


def _table_run(lines: list[str], i: int) -> tuple[int, str] | None:
    """(end, kind) of a table starting at line i: two or more rows of one kind, one of them holding
    a value cell."""
    kind = _row_kind(lines[i])
    if kind is None:
        return None
    end, rows = i, 0
    while end < len(lines):
        if kind == "pipe" and _RULE.match(lines[end]) and lines[end].strip():
            end += 1
            continue
        if _row_kind(lines[end]) != kind:
            break
        rows += 1
        end += 1
    if rows < 2:
        return None
    fields = [f.strip() for line in lines[i:end] for f in _fields(line, kind)]
    if not any(is_value(f, years_too=True) for f in fields if f):
        return None
    return end, kind


def _fields(line: str, kind: str) -> list[str]:
    text = line.strip()
    if kind == "pipe":
        parts = [f.strip() for f in _PIPE.split(text)]
        if parts and not parts[0]:
            parts = parts[1:]
        if parts and not parts[-1]:
            parts = parts[:-1]
        return parts
    if kind == "tab":
        return [f.strip() for f in line.rstrip().split("\t")]
    return [f for f in _GAP.split(text) if f]


def _plain_table(lines: list[str], kind: str, title: str | None) -> Table | None:
    body = [line for line in lines if not (kind == "pipe" and _RULE.match(line))]
    if kind == "aligned":
        cells = _aligned_cells(body)
        if cells is None:
            return None
        n_cols = max(c.col + c.colspan for c in cells)
        return build_table(_continue_down(cells, n_cols), title)
    rows = [_fields(line, kind) for line in body]
    if kind == "tab" and len({len(r) for r in rows}) > 1:
        squeezed = [[f.strip() for f in re.split(r"\t+", line.strip())] for line in body]
        if len({len(r) for r in squeezed}) == 1:
            rows = squeezed  # tabs repeated to line the columns up
    return _grid_table(rows, title)


def _grid_table(rows: list[list[str]], title: str | None) -> Table:
    """A table whose cells stand at their positions (| or tab separated, an empty cell where a merged
    one continues): in a header row, a cell followed by empty cells over sub-headers spans them (a
    group header); an empty label under a label continues it down."""
    n_cols = max(len(r) for r in rows)
    rows = [r + [""] * (n_cols - len(r)) for r in rows]
    first_value = next((i for i, r in enumerate(rows) if any(is_value(t) for t in r if t)), len(rows))
    cells: list[Cell] = []
    for r, row in enumerate(rows):
        c = 0
        while c < n_cols:
            span = 1
            if r + 1 < first_value and row[c] and c > 0:
                while c + span < n_cols and not row[c + span] and rows[r + 1][c + span]:
                    span += 1
            cells.append(Cell(r, c, cell_text([row[c]]), 1, span))
            c += span
    return build_table(_continue_down(cells, n_cols), title)


def _aligned_cells(lines: list[str]) -> list[Cell] | None:
    """The cells of rows lined up in columns with spaces. The columns are where the fields of the
    value rows stand when they have the usual number of fields; every field goes to the columns it
    overlaps (a header over several columns spans them; 合  计 spaced out to the column's width is
    one cell)."""
    split = [[f for f in _GAP.split(line.strip()) if f] for line in lines]
    counts = [len(r) for r in split if any(is_value(f, years_too=True) for f in r)]
    n_cols = max(set(counts), key=lambda n: (counts.count(n), n))
    if all(len(r) == n_cols for r in split):
        return [Cell(r, c, cell_text([text])) for r, row in enumerate(split) for c, text in enumerate(row)]
    for size in (_width, len):
        spans = [_spans(line, size) for line in lines]
        full = [s for s in spans if len(s) == n_cols]
        columns = [(min(s[c][0] for s in full), max(s[c][1] for s in full)) for c in range(n_cols)]
        if any(columns[c][1] > columns[c + 1][0] for c in range(n_cols - 1)):
            continue  # the columns overlap: not lined up by this measure
        cells = _place(spans, columns)
        if cells is not None:
            return cells
    return None


def _place(spans: list[list[tuple[int, int, str]]], columns: list[tuple[int, int]]) -> list[Cell] | None:
    """Each row's fields put into the columns they overlap (the nearest one for a field in a gap);
    fields in the same column are one cell's text; None when a row's fields cross each other."""
    cells: list[Cell] = []
    n_cols = len(columns)
    for r, row in enumerate(spans):
        placed: list[tuple[int, int, list[str]]] = []  # first column, last column, texts
        for start, end, text in row:
            hit = [c for c, (c0, c1) in enumerate(columns) if start < c1 and end > c0]
            if not hit:
                middle = (start + end) / 2
                hit = [min(range(n_cols), key=lambda c: abs((columns[c][0] + columns[c][1]) / 2 - middle))]
            if placed and hit[0] <= placed[-1][1]:
                if hit[0] != placed[-1][1] or len(hit) > 1 or placed[-1][0] != placed[-1][1]:
                    return None
                placed[-1][2].append(text)  # the same column: one cell spaced out
                continue
            placed.append((hit[0], hit[-1], [text]))
        taken = set()
        for c0, c1, texts in placed:
            cells.append(Cell(r, c0, cell_text(texts), 1, c1 - c0 + 1))
            taken.update(range(c0, c1 + 1))
        cells.extend(Cell(r, c, "") for c in range(n_cols) if c not in taken)
    return cells


def _spans(line: str, size) -> list[tuple[int, int, str]]:
    """Each field of an aligned row with where it starts and ends (by the measure `size`)."""
    out = []
    for match in re.finditer(rf"(?:(?!{_GAP.pattern}).)+", line):
        text = match.group().strip()
        if not text:
            continue
        start = size(line[: match.start()]) + (size(match.group()) - size(match.group().lstrip()))
        out.append((start, start + size(text), text))
    return out
