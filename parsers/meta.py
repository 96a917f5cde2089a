"""What a document is: its title, issuing jurisdiction, kind of plan and period."""
from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.model import Document
from parsers.periods import YEAR, YEAR_RANGE, named_period
from parsers.regions import jurisdiction_code

# A plan's own name: ends in 计划/规划/方案 (optionally 试行/征求意见稿); notices (通知) are other documents.
PLAN_TITLE = re.compile(r"(住房|保障|安居|房地产|城镇).{0,30}(计划|规划|方案)(（[^）]{1,10}）)?$")
QUOTED_NAME = re.compile(r"《([^《》]{4,60})》")
# the issuing jurisdiction is the first place name in the title: …市 / …地区 / …州 / …盟 / …县 / …区 / …旗
JURISDICTION = re.compile(r"^(?P<name>[\u4e00-\u9fff]{1,12}?(?:自治州|自治县|地区|市|州|盟|县|区|旗))")
# plans are published as attachments: "附件" or "附件1：" may stand before the title on its line
ATTACHMENT_LABEL = re.compile(r"^附件\s*\d*\s*[:：]?\s*")
DOC_TYPES = (("年度计划", "annual_plan"), ("实施方案", "implementation_scheme"), ("规划", "five_year_plan"), ("方案", "implementation_scheme"))


@dataclass(frozen=True)
class DocumentInfo:
    title: str | None
    jurisdiction: str | None
    doc_type: str
    period_start: int | None
    period_end: int | None
    jurisdiction_code: str | None = None  # national division code (GB/T 2260), where unambiguous


def describe(document: Document, look_at: int = 12) -> DocumentInfo:
    title = find_title([b.text for b in document.paragraphs()[:look_at]])
    if title is None:
        return DocumentInfo(None, None, "other", None, None)
    m = JURISDICTION.match(title)
    doc_type = next((code for word, code in DOC_TYPES if word in title), "other")
    start, end = _title_period(title, doc_type)
    jurisdiction = m.group("name") if m else None
    return DocumentInfo(title, jurisdiction, doc_type, start, end, jurisdiction_code(jurisdiction))


def find_title(texts: list[str]) -> str | None:
    """The plan's name: a short line that names a plan, else the first plan named in 《》."""
    for text in texts:
        line = ATTACHMENT_LABEL.sub("", text.strip())
        if len(line) <= 60 and PLAN_TITLE.search(line) and not line.startswith("《"):
            return line
    for text in texts:
        for name in QUOTED_NAME.findall(text):
            if PLAN_TITLE.search(name):
                return name
    return None


def _title_period(title: str, doc_type: str) -> tuple[int | None, int | None]:
    if m := YEAR_RANGE.search(title):
        return int(m.group(1)), int(m.group(2))
    if named := named_period(title):
        return named
    if m := YEAR.search(title):
        year = int(m.group(1))
        return year, year
    return None, None
