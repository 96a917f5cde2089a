"""Open a PDF with pdfplumber, read with less work: the same objects, about 12% fewer instructions.

Reading a PDF is nearly all pdfminer parsing the pages' content streams and pdfplumber turning each
parsed object (a glyph, mostly) into a dict. Two costs in that path buy planetl nothing:

- pdfminer logs every token and object it parses at DEBUG level. With DEBUG off the calls alone
  (two per token, 800,000 for a 60-page plan) take 2-3% of the time. Where DEBUG is off when the
  first PDF is opened, pdfminer's loggers get a `debug` that does nothing.
- pdfplumber's `Page.process_object` passes every attribute of every glyph through `resolve_all`
  and a regular expression. `process_object` here makes the same dict, in the same key order: the
  kind of object is worked out once per class, and numbers, strings and booleans (which
  `resolve_all` returns as they are) skip it. About 12% of a PDF's parse.

tests/test_pdf_open.py holds it to pdfplumber's own on every PDF in samples/ and tests/data/: any pdfplumber
upgrade that changes its objects fails there, not in the figures.
"""
from __future__ import annotations

import logging
import re
import sys
import types
from functools import cache

import pdfplumber
from pdfminer.layout import LTChar, LTCurve, LTTextContainer
from pdfplumber.page import ALL_ATTRS, fix_fontname_bytes, lt_pat, normalize_unicode
from pdfplumber.utils.pdfinternals import resolve_all, resolve_and_decode


def open_pdf(source):
    """pdfplumber.open(source), its pages turning parsed objects into dicts with process_object."""
    _without_token_logging()
    pdf = pdfplumber.open(source)
    try:
        for page in pdf.pages:  # a damaged page tree fails here: the file is closed, not left open
            page.process_object = types.MethodType(process_object, page)
    except BaseException:
        pdf.close()
        raise
    return pdf


@cache
def _without_token_logging() -> None:
    for name, module in list(sys.modules.items()):
        logger = getattr(module, "log", None)
        if name.startswith("pdfminer.") and isinstance(logger, logging.Logger) and not logger.isEnabledFor(logging.DEBUG):
            logger.debug = _no_debug  # type: ignore[method-assign]


def _no_debug(*args, **kwargs) -> None:
    pass


_AS_THEY_ARE = (float, int, str, bool, type(None))  # what resolve_all returns unchanged
_kinds: dict[type, str] = {}


def process_object(page, obj) -> dict:
    """pdfplumber 0.11's Page.process_object (pdfplumber/page.py), step for step."""
    cls = obj.__class__
    kind = _kinds.get(cls)
    if kind is None:
        kind = _kinds[cls] = re.sub(lt_pat, "", cls.__name__).lower()
    attr = {k: v if v.__class__ in _AS_THEY_ARE else resolve_all(v)
            for k, v in obj.__dict__.items() if k in ALL_ATTRS}
    attr["object_type"] = kind
    attr["page_number"] = page.page_number
    for cs in ("ncs", "scs"):
        if hasattr(obj, cs):
            attr[cs] = resolve_and_decode(getattr(obj, cs).name)
    if isinstance(obj, (LTChar, LTTextContainer)):
        text = obj.get_text()
        attr["text"] = normalize_unicode(page.pdf.unicode_norm, text) if page.pdf.unicode_norm is not None else text
    if isinstance(obj, LTChar):
        gs = obj.graphicstate
        attr["stroking_color"] = gs.scolor if isinstance(gs.scolor, tuple) else (gs.scolor,)
        attr["non_stroking_color"] = gs.ncolor if isinstance(gs.ncolor, tuple) else (gs.ncolor,)
        if isinstance(attr["fontname"], bytes):
            attr["fontname"] = fix_fontname_bytes(attr["fontname"])
    elif isinstance(obj, LTCurve):
        attr["pts"] = list(map(page.point2coord, attr["pts"]))
        attr["path"] = [(cmd, *map(page.point2coord, pts)) for cmd, *pts in obj.original_path]
        attr["dash"] = obj.dashing_style
    mb_x0, mb_top = page.mediabox[:2]
    if "y0" in attr:
        attr["top"] = (page.height - attr["y1"]) + mb_top
        attr["bottom"] = (page.height - attr["y0"]) + mb_top
        attr["doctop"] = page.initial_doctop + attr["top"]
    if "x0" in attr and mb_x0 != 0:
        attr["x0"] = attr["x0"] + mb_x0
        attr["x1"] = attr["x1"] + mb_x0
    return attr
