"""OCR of scanned PDF pages with Tesseract (Debian packages tesseract-ocr, tesseract-ocr-chi-sim)."""
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
_BRACKETED = re.compile(r"[(（〈《\[]([\u4e00-\u9fff、]{1,12})[)）〉》\]]")


def read_page(page, path: Path) -> list[str]:
    """The paragraphs of one scanned page, in reading order."""
    if shutil.which("tesseract") is None:
        raise BadInputError(path, "scanned page with no text layer, and Tesseract is not installed "
                                  "(install tesseract-ocr and tesseract-ocr-chi-sim)")
    image = page.to_image(resolution=scan_resolution(page)).original.convert("L")
    with tempfile.TemporaryDirectory(prefix="planetl-ocr-") as tmp:
        png = Path(tmp) / "page.png"
        image.save(png)
        try:
            done = subprocess.run(
                ["tesseract", str(png), "stdout", "-l", LANGUAGES, "--psm", "4"],
                capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=True, env=_ENV,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise BadInputError(path, f"OCR failed on page {page.page_number}: {exc}") from exc
    return paragraphs(done.stdout)


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
