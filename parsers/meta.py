"""What a document is: its title, issuing jurisdiction, kind (doc_type) and period.

The title is the plan's own name (a short line naming a plan, or the plan a notice carries in 《》 or
as its 附件); without a plan, the notice's title (关于下达…目标任务的通知). The kind comes from the title
by the patterns of parsers/data/doc_types.csv, first match in file order: a notice that carries a plan
is typed by the plan. The jurisdiction is the place the title starts with (喀什地区2025年…, 贵州省住房和
城乡建设厅关于…), else the issuing body named on its own line (…省住房和城乡建设厅, …市人民政府办公室),
else the first place named in the title. A document number (黔建保〔2025〕12号) names no place.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from extractors.model import Document
from extractors.text import heading_level
from parsers.catalog import CatalogError
from parsers.periods import YEAR, YEAR_RANGE, named_period
from parsers.regions import find_places, jurisdiction_code, place_words

# A plan's own name: ends in 计划/规划/方案 (optionally 试行/征求意见稿); notices (通知) are other documents.
PLAN_TITLE = re.compile(r"(住房|保障|安居|房地产|城镇|老旧小区|城中村|棚户区|危旧房).{0,30}(计划|规划|方案|清单)(（[^）]{1,10}）|\([^)]{1,10}\)){0,2}$")
QUOTED_NAME = re.compile(r"《([^《》]{4,60})》")
# a notice's title on its own line: [issuer]关于…的通知 (or 意见, 决定, 批复)
NOTICE_TITLE = re.compile(r"^[^，。；]{0,30}?关于[^。；]{2,80}的(通知|通报|意见|决定|批复|函)$")
# the issuing jurisdiction as the title's first name: …市 / …地区 / …州 / …盟 / …县 / …区 / …旗
JURISDICTION = re.compile(r"^(?P<name>[\u4e00-\u9fff]{1,12}?(?:自治州|自治县|地区|市|州|盟|县|区|旗))")
# plans are published as attachments: "附件" or "附件1：" may stand before the title on its line
ATTACHMENT_LABEL = re.compile(r"^附件\s*\d*\s*[:：]?\s*")
DOCUMENT_NUMBER = re.compile(r"〔(?:19|20)\d\d〕")
SENTENCE_MARK = re.compile(r"[，。；：,;:]")
SPACES = re.compile(r"[\s\u3000]+")
# what may follow the issuing bodies on their line: 文件 (a letterhead), a date, separators
ISSUER_TAIL = re.compile(r"(文件|(?:19|20)\d\d年\d{1,2}月\d{1,2}日|[、，,])")
DOC_TYPE_CODES_REQUIRED = ("annual_plan", "five_year_plan", "implementation_scheme", "other")


@dataclass(frozen=True)
class DocType:
    code: str
    name_zh: str
    name_en: str
    description: str
    title_pattern: re.Pattern[str] | None


@cache
def doc_types() -> tuple[DocType, ...]:
    """The document kinds of parsers/data/doc_types.csv, in matching order."""
    text = resources.files("parsers").joinpath("data").joinpath("doc_types.csv").read_text(encoding="utf-8")
    out = []
    for line, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        if not re.fullmatch(r"[a-z_]+", row["code"] or ""):
            raise CatalogError("doc_types.csv", line, f"code must be snake_case, not {row['code']!r}")
        try:
            pattern = re.compile(row["title_pattern"]) if row["title_pattern"] else None
        except re.error as e:
            raise CatalogError("doc_types.csv", line, f"bad title_pattern: {e}") from e
        out.append(DocType(row["code"], row["name_zh"], row["name_en"], row["description"], pattern))
    missing = set(DOC_TYPE_CODES_REQUIRED) - {t.code for t in out}
    if missing:
        raise CatalogError("doc_types.csv", 1, f"missing codes {sorted(missing)}")
    return tuple(out)


@dataclass(frozen=True)
class DocumentInfo:
    title: str | None
    jurisdiction: str | None
    doc_type: str
    period_start: int | None
    period_end: int | None
    jurisdiction_code: str | None = None  # national division code (GB/T 2260), where unambiguous


def describe(document: Document, look_at: int = 12) -> DocumentInfo:
    paragraphs = [b.text for b in document.paragraphs()]
    head = paragraphs[:look_at]
    plan = find_title(head) or find_title([t for t in paragraphs if ATTACHMENT_LABEL.match(t.strip())])
    notice = find_notice_title(head)
    report = leading_heading(head)  # 2024年…住房发展情况: a report's own heading, not a plan its text quotes
    if report and _type_of(report) == "statistical_report" and not (plan and plan in report):
        plan = report
    title = plan or notice
    if title is None:  # no plan, no notice: a news roundup, a report; its heading still dates it
        heading = leading_heading(head)
        # 某某市2025年促进房地产市场平稳健康发展若干措施: the place the heading starts with issues it
        name = leading_place(heading) or issuer(head + paragraphs[-look_at:])
        start, end = _title_period(heading, "") if heading else (None, None)
        return DocumentInfo(heading, name, "other", start, end, jurisdiction_code(name))
    start, end = _title_period(title, "")
    if notice and _type_of(notice) == "target_notice" and (plan is None or _type_of(plan) != "annual_plan"):
        title, doc_type = notice, "target_notice"  # a notice handing down targets, whatever plan it names
        start, end = _title_period(title, doc_type)
    else:
        doc_type = doc_type_of(title, start, end)
    name = (leading_place(title) or (leading_place(notice) if notice and notice != title else None)
            or issuer(head + paragraphs[-look_at:]) or first_place(title))
    return DocumentInfo(title, name, doc_type, start, end, jurisdiction_code(name))


def _type_of(title: str) -> str:
    return next((t.code for t in doc_types() if t.title_pattern is not None and t.title_pattern.search(title)), "other")


def doc_type_of(title: str, start: int | None = None, end: int | None = None) -> str:
    """The doc_types.csv code of a title; an "annual" plan over several years (2026—2030年住房建设计划)
    is a multi-year plan."""
    code = _type_of(title)
    if code == "annual_plan" and start is not None and end is not None and end > start:
        return "five_year_plan"
    return code


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


def leading_heading(texts: list[str]) -> str | None:
    """The short lines a document opens with, before its first sentence, joined (a PDF may break a
    heading over two lines); a document number (〔2025〕12号) is no heading."""
    lines = []
    for text in texts:
        line = text.strip()
        if not line or DOCUMENT_NUMBER.search(line):
            continue
        # a numbered section heading (一、年度目标任务) after the title opens the body
        if len(line) > 40 or SENTENCE_MARK.search(line) or (lines and heading_level(line) is not None):
            break
        lines.append(line)
    heading = "".join(lines)
    return heading if 4 <= len(heading) <= 60 else None


def find_notice_title(texts: list[str]) -> str | None:
    """A notice's title on a line of its own: 关于下达2025年全省保障性安居工程目标任务的通知 (or …进展情况的通报)."""
    for text in texts:
        line = SPACES.sub("", text)
        if len(line) <= 100 and NOTICE_TITLE.match(line):
            return line
    return None


def leading_place(title: str | None) -> str | None:
    """The place a title starts with, as written: 喀什地区, 第十师北屯市, 贵州省 (贵州省住房和城乡建设厅关于…),
    黔东南州 (贵州省黔东南州2025年…), 某某新区 (a named area)."""
    if not title:
        return None
    places = find_places(title)
    if places and places[0].start == 0:
        return places[0].name
    m = JURISDICTION.match(title)  # 第十师北屯市: a unit's prefix before the place
    if m and jurisdiction_code(m.group("name")):
        return m.group("name")
    return None


@cache
def _issuer_pattern() -> re.Pattern[str]:
    bodies = "|".join(map(re.escape, place_words()["issuer"]))
    return re.compile(rf"(?P<pre>[\u4e00-\u9fff]{{2,24}}?)(?:{bodies})")


def issuer(texts: list[str]) -> str | None:
    """The jurisdiction of an issuing body written on a line of its own (…省住房和城乡建设厅, …市人民政府
    办公室 …; several bodies may share the line): the place it starts with."""
    for text in texts:
        line = ISSUER_TAIL.sub("", SPACES.sub("", text))
        matches = list(_issuer_pattern().finditer(line))
        if not line or len(line) > 80 or not matches or "".join(m.group() for m in matches) != line:
            continue  # a line of issuing bodies only, not a sentence naming one
        for m in matches:
            if found := leading_place(m.group("pre")):
                return found
    return None


def first_place(title: str) -> str | None:
    """The first division named anywhere in a title (关于印发长沙市…的通知)."""
    for place in find_places(title):
        if place.code is not None:
            return place.name
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
