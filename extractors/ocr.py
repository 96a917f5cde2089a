"""OCR with Tesseract (Debian packages tesseract-ocr, tesseract-ocr-chi-sim): scanned PDF pages, PDF pages
whose text cannot be decoded (fonts without ToUnicode), and pictures of pages in a .docx."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from extractors.errors import BadInputError
from extractors.text import join_lines

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


def read_page(page, path: Path, why: str = "scanned page with no text layer") -> list[str]:
    """The paragraphs of one PDF page read from its picture, in reading order; `why` says, in the
    error when OCR is impossible, why the page needs it."""
    need_tesseract(path, f"{why} (page {page.page_number})")
    image = page.to_image(resolution=scan_resolution(page)).original
    found = read_image(image, path, f"page {page.page_number}")
    if found and is_page_number(found[-1], page.page_number):  # the page's number at its foot
        found.pop()
    if found and is_page_number(found[0], page.page_number):
        found.pop(0)
    return found


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
    with tempfile.TemporaryDirectory(prefix="planetl-ocr-") as tmp:
        png = Path(tmp) / "page.png"
        image.convert("L").save(png)
        try:
            done = subprocess.run(
                ["tesseract", str(png), "stdout", "-l", LANGUAGES, "--psm", "4"],
                capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=True, env=_ENV,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise BadInputError(path, f"OCR failed on {where}: {exc}") from exc
    return paragraphs(done.stdout)


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
            out.append(join_lines(lines))
    return out


def _clean(line: str) -> str:
    line = _SPACE_NEAR_CJK.sub("", line.strip())
    line = _BRACKETED.sub(lambda m: m.group() if m.group()[0] + m.group()[-1] == "《》" else f"（{m.group(1)}）", line)
    return _SPACE_IN_NUMBER.sub(r"\1", line)
