"""A PDF page as a PNG, the figure boxed: the extractor keeps no character boxes, so the figure is
found again in the page's text layer (pdfplumber's search) as written, its n-th occurrence on the
page being the n-th fact written so there. A page without a text layer (a scan) gets no box."""
from __future__ import annotations

import io
import re


def pattern(fact: dict) -> str:
    """The figure as written (value, and unit in prose), spaces allowed between characters."""
    text = fact["raw_value"] + ("" if "/r" in fact["locator"] else fact["raw_unit"])
    body = r"\s*".join(re.escape(ch) for ch in text if not ch.isspace())
    return r"(?<![\d.])" + body + (r"(?!\.?\d)" if text[-1:].isdigit() else "")  # not part of a longer number


def render(path: str, number: int, figure: str | None = None, occurrence: int = 0) -> tuple[bytes, bool]:
    """Page `number` (1-based) as PNG, and whether the `occurrence`-th match of `figure` is boxed."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        page = pdf.pages[number - 1]
        image = page.to_image(resolution=108)
        found = page.search(figure, regex=True) if figure else []
        boxed = len(found) > occurrence
        if boxed:
            box = found[occurrence]
            image.draw_rect((box["x0"] - 2, box["top"] - 2, box["x1"] + 2, box["bottom"] + 2),
                            fill=(255, 0, 0, 40), stroke=(220, 0, 0), stroke_width=3)
        out = io.BytesIO()
        image.save(out, format="PNG")
    return out.getvalue(), boxed
