"""OCR with Tesseract (Debian packages tesseract-ocr, tesseract-ocr-chi-sim): scanned PDF pages, PDF pages
whose text cannot be decoded (fonts without ToUnicode), and pictures of pages in a .docx."""
from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from extractors.errors import BadInputError
from extractors.pdf_unruled import Line, find_tables, runs
from extractors.text import heading_level, join_lines
from extractors.txt import TABLE_TITLE

LANGUAGES = "chi_sim"  # chi_sim alone: adding eng turns units such as 公顷 into Latin garbage
RESOLUTION = 300  # for pages whose images don't say their resolution
TIMEOUT_SECONDS = 120
# Tesseract's OpenMP threads make one page 4x slower here (5.5 s against 1.3 s, both cores busy
# spinning); planetl reads files in parallel instead, one per core
_ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}
# Tesseract writes Chinese with spaces between characters; drop spaces next to CJK text and digits
_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
_SPACE_NEAR_CJK = re.compile(rf"(?<={_CJK})\s+|\s+(?={_CJK})")
_SPACE_IN_NUMBER = re.compile(r"(?<=\d)\s*([.．])\s*(?=\d)")
# Tesseract reads （市） as 〈市), (市) or 《市): brackets around a few Chinese characters are （）
_CID = re.compile(r"\(cid:\d+\)")
# a paragraph that is only a page number: 3, - 3 -, — 3 —, 第3页, 3/12 (first or last on a scanned page)
PAGE_NUMBER = re.compile(r"^[-—–－_~\s]*(第\s*)?(\d{1,4})(\s*页)?(\s*/\s*(共\s*)?\d+\s*页?)?[-—–－_~\s]*$")
PAGE_OFFSET = 4  # printed page numbers lag the file's by the cover and contents pages
_BRACKETED = re.compile(r"[(（〈《\[]([\u4e00-\u9fff、]{1,12})[)）〉》\]]")


def read_page(page, path: Path, why: str = "scanned page with no text layer") -> list:
    """The paragraphs (str) and tables (their cells) of one PDF page read from its picture, in
    reading order; `why` says, in the error when OCR is impossible, why the page needs it. Tables
    are found in Tesseract's word boxes as in a PDF without ruling lines (pdf_unruled): a row is a
    line of separate runs holding figures, so each figure keeps its row's and column's labels."""
    need_tesseract(path, f"{why} (page {page.page_number})")
    dpi = scan_resolution(page)
    image = page.to_image(resolution=dpi).original
    text, tsv = _tesseract(image, path, f"page {page.page_number}", tsv=True)
    found: list = paragraphs(text)
    tables, rest = find_tables(_tsv_lines(tsv, dpi, page.page_number, page.height), page.page_number)
    tables = [(bbox, _dashes(cells)) for bbox, cells, *weak in tables if not weak]  # a few rows atop continue nothing
    if tables:  # paragraphs from the same word boxes, around the tables
        found = _tsv_paragraphs(rest, [(bbox[1], cells) for bbox, cells in tables])
    if found and isinstance(found[-1], str) and is_page_number(found[-1], page.page_number):  # its number at its foot
        found.pop()
    if found and isinstance(found[0], str) and is_page_number(found[0], page.page_number):
        found.pop(0)
    return found


_DASH_READ = re.compile(r"^[一二－\-~～]{1,3}$")  # a dash (none) alone in a cell: Tesseract reads 一 or 二
_JUNK = "|_”“‘’\"'`"  # Tesseract's readings of ruling lines and specks around words


def _tsv_lines(tsv: str, dpi: int, page: int, height: float) -> list[Line]:
    """Tesseract's word boxes as text lines split into runs at wide gaps and at ruling lines (|)."""
    scale = 72 / dpi
    words: dict[tuple[int, int, int], list[dict]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") != "5" or not (row.get("text") or "").strip():
            continue
        x0, top, width, tall = (int(row[k]) * scale for k in ("left", "top", "width", "height"))
        text = row["text"].strip()
        cleaned = text.strip(_JUNK)
        key = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
        words.setdefault(key, []).append(dict(x0=x0, x1=x0 + width, top=top, bottom=top + tall, text=cleaned,
                                              rule="|" in text and not cleaned))
    lines = []
    for (block, par, _), found in words.items():
        found.sort(key=lambda w: w["x0"])
        kept = [w for w in found if w["text"]]
        if not kept:
            continue
        widths = sorted((w["x1"] - w["x0"]) / len(w["text"]) for w in kept)
        char_width = widths[len(widths) // 2]
        pieces: list[list[dict]] = [[]]
        for w in found:  # a ruling line read as | ends a run
            if w["rule"]:
                pieces.append([])
            elif w["text"]:
                pieces[-1].append(w)
        line_runs = tuple(replace(r, text=_clean(r.text)) for piece in pieces if piece for r in runs(piece, char_width))
        tops = sorted(w["top"] for w in kept)
        bottoms = sorted(w["bottom"] for w in kept)
        top, bottom = tops[len(tops) // 2], bottoms[len(bottoms) // 2]
        lines.append(Line(" ".join(r.text for r in line_runs), kept[0]["x0"], kept[-1]["x1"], top, bottom, page,
                          char_width, top < height * 0.08 or bottom > height * 0.92, line_runs, (block, par)))
    lines.sort(key=lambda ln: ln.top)
    return lines


def _dashes(cells: list) -> list:
    """A dash for "none" read as 一 or 二, in a column of figures, is the dash."""
    figures: dict[int, int] = {}
    for cell in cells:
        if any(ch.isdigit() for ch in cell.text):
            figures[cell.col] = figures.get(cell.col, 0) + 1
    return [replace(c, text="—") if figures.get(c.col, 0) >= 2 and _DASH_READ.match(c.text) else c for c in cells]


def _tsv_paragraphs(lines: list[Line], tables: list[tuple[float, list]]) -> list:
    """Lines outside the tables joined by Tesseract's paragraphs, and the tables, top-down. A line
    that is a table's title, or a heading after a finished sentence, starts a paragraph of its own
    (Tesseract often runs them into the text around them)."""
    items: list[tuple[float, object]] = list(tables)
    current: list[Line] = []
    for line in lines + [None]:
        text = _clean(line.text) if line is not None else ""
        if current and (line is None or line.paragraph != current[-1].paragraph
                        or any(current[-1].bottom <= top <= line.top for top, _ in tables)
                        or TABLE_TITLE.match(text) or (heading_level(text) is not None and (
                            _clean(current[-1].text).endswith(("。", "；")) or
                            heading_level(_clean(current[-1].text)) is not None))):
            items.append((current[0].top, join_lines([_clean(ln.text) for ln in current])))
            current = []
        if line is not None:
            current.append(line)
    out: list = []
    for _, item in sorted(items, key=lambda item: item[0]):
        if out and isinstance(item, str) and isinstance(out[-1], str) and _opens(out[-1]) > 0 > _opens(item):
            out[-1] = _HECTARE_MISREAD.sub("公顷", out[-1] + item)  # a title's end set apart: …公 / 顷）
        else:
            out.append(item)
    return out


def _opens(text: str) -> int:
    return sum(map(text.count, "（(〈")) - sum(map(text.count, "）)〉"))


def is_page_number(text: str, page: int) -> bool:
    """A paragraph that is the number of PDF page `page`: — 3 —, 第3页, 3/12; a bare number (OCR
    often loses the dashes) only when it is near the page's place in the file, since a lone
    figure may also stand at the top or foot of a scanned page."""
    m = PAGE_NUMBER.match(text)
    if not m:
        return False
    return text.strip() != m.group(2) or abs(int(m.group(2)) - page) <= PAGE_OFFSET


def read_image(image, path: Path, where: str) -> list[str]:
    """The paragraphs of a PIL image (a page picture), in reading order."""
    need_tesseract(path, f"{where} is a picture of text")
    return paragraphs(_tesseract(image, path, where)[0])


def _tesseract(image, path: Path, where: str, tsv: bool = False) -> tuple[str, str]:
    """Tesseract's text of a PIL image, and with `tsv` its word boxes too (one run gives both)."""
    with tempfile.TemporaryDirectory(prefix="planetl-ocr-") as tmp:
        png = Path(tmp) / "page.png"
        image.convert("L").save(png)
        try:
            subprocess.run(
                ["tesseract", str(png), str(Path(tmp) / "out"), "-l", LANGUAGES, "--psm", "4", "txt",
                 *(["tsv"] if tsv else [])],
                capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=True, env=_ENV,
            )
            text = (Path(tmp) / "out.txt").read_text(encoding="utf-8")
            boxes = (Path(tmp) / "out.tsv").read_text(encoding="utf-8") if tsv else ""
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            raise BadInputError(path, f"OCR failed on {where}: {exc}") from exc
    return text, boxes


def need_tesseract(path: Path, why: str) -> None:
    """Raise BadInputError naming `path` and `why` it needs OCR, if Tesseract is not installed."""
    if shutil.which("tesseract") is None:
        raise BadInputError(path, f"{why}, and Tesseract is not installed to read it "
                                  "(install tesseract-ocr and tesseract-ocr-chi-sim)")


def undecodable(text: str) -> bool:
    """Text a font without a usable ToUnicode map turned into garbage: mostly private-use
    characters, (cid:NNN) placeholders, replacement or control characters."""
    text = re.sub(r"\s", "", text)
    if not text:
        return False
    bad = sum(len(m.group()) for m in _CID.finditer(text))
    rest = _CID.sub("", text)
    bad += sum(1 for ch in rest if _bad_char(ch))
    return bad >= 0.3 * len(text)


def readable(text: str) -> bool:
    """Whether `text` holds any decoded writing: a CJK character or a Latin word."""
    return bool(re.search(r"[\u4e00-\u9fff]|[A-Za-z]{2,}", _CID.sub("", text)))


def _bad_char(ch: str) -> bool:
    code = ord(ch)
    return 0xE000 <= code <= 0xF8FF or code == 0xFFFD or code < 0x20 or 0x7F <= code < 0xA0 or code >= 0xF0000


def scan_resolution(page) -> int:
    """Render at the scan's own resolution: resampling a 200 dpi scan to 300 dpi costs accuracy."""
    widths = [img["srcsize"][0] / ((img["x1"] - img["x0"]) / 72) for img in page.images if img["x1"] > img["x0"]]
    return round(max(widths)) if widths else RESOLUTION


def paragraphs(text: str) -> list[str]:
    """Tesseract's output → paragraphs: blank lines separate them; CJK spacing removed."""
    out = []
    for chunk in re.split(r"\n\s*\n", text):
        lines = [_clean(line) for line in chunk.splitlines() if line.strip()]
        if lines:
            out.append(_HECTARE_MISREAD.sub("公顷", join_lines(lines)))
    return out


# 表1 2025年… read without its space (表12025年…): the table's number is apart from the year
_TABLE_NUMBER_YEAR = re.compile(r"^(附表|表)\s*(\d{1,2})((?:19|20)\d\d\s*年)")


# Tesseract (chi_sim) reads the 顷 of 公顷 as 项 or 质: neither 公项 nor 公质 is a word
_HECTARE_MISREAD = re.compile(r"公[项质]")


def _clean(line: str) -> str:
    line = _SPACE_NEAR_CJK.sub("", line.strip())
    line = _TABLE_NUMBER_YEAR.sub(r"\1\2 \3", line)
    line = _HECTARE_MISREAD.sub("公顷", line)
    line = _BRACKETED.sub(lambda m: m.group() if m.group()[0] + m.group()[-1] == "《》" else f"（{m.group(1)}）", line)
    return _SPACE_IN_NUMBER.sub(r"\1", line)
