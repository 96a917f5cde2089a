"""What a page links to (a Scrapy spider's `parse`, at our size): on a bureau's listing page its
articles (title, URL, date) and the next page; on an article its attachments, its date, and its
body when the plan is published inline. Parsed with lxml; the crawler never reads figures.
"""
from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from urllib.parse import urljoin, urlsplit

from lxml import etree, html

from crawl.fetch import ATTACHMENT_SUFFIXES

NEXT_PAGE_WORDS = ("下一页", "下页", "后一页")
DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
DATE_LABELS = ("发布时间", "发布日期", "成文日期", "日期", "时间")
DATE_METAS = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time", "dc.date", "dcterms.created")
TITLE_METAS = ("articletitle", "title", "og:title")
CONTENT_TAGS = ("div", "article", "section", "td", "main")
BODY_TAGS = ("p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "pre", "blockquote")  # of an article's own text
INLINE_MIN_CHARS = 200  # an article body shorter than this (and without a table) is no plan
# TRS's pager: createPageHTML(total pages, current page (0-based), "index", "html")
CREATE_PAGE = re.compile(r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"']([^\"']+)[\"']\s*,\s*[\"']([^\"']+)[\"']")


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    date: dt.date | None = None


@dataclass
class Article:
    title: str
    date: dt.date | None
    attachments: list[Link] = field(default_factory=list)
    body: str | None = None  # the content element's HTML, when the plan is inline

    @property
    def inline(self) -> bool:
        return self.body is not None


@cache
def plan_title_words() -> tuple[str, ...]:
    """The words of crawl/data/plan_titles.csv: a title holding one is a plan's."""
    text = resources.files("crawl").joinpath("data/plan_titles.csv").read_text(encoding="utf-8")
    return tuple(row["word"] for row in csv.DictReader(text.splitlines()) if row["word"].strip())


def plan_title(match: str | None = None) -> re.Pattern:
    """The pattern a plan article's title matches: `match`, else any word of plan_titles.csv."""
    return re.compile(match if match is not None else "|".join(map(re.escape, plan_title_words())))


def _tree(page: str, url: str):
    try:
        tree = html.document_fromstring(page)
    except (etree.ParserError, ValueError):  # an empty page, or no markup at all
        tree = html.document_fromstring("<html><body></body></html>")
    _expand_records(tree)
    tree.make_links_absolute(url, resolve_base_href=True, handle_failures="ignore")
    return tree


def _expand_records(tree) -> None:
    """大汉 JCMS keeps its list in `<script type="text/xml"><datastore><recordset><record><![CDATA[<li>…</li>]]>`:
    the records' items are added to the page, where the links are looked for."""
    for script in list(tree.iter("script")):
        if (script.get("type") or "").lower() != "text/xml" or not (script.text or "").strip():
            continue
        try:
            data = etree.fromstring(script.text.strip().encode(), etree.XMLParser(recover=True, strip_cdata=False))
        except etree.XMLSyntaxError:
            continue
        if data is None:
            continue
        holder = etree.Element("div", {"class": "planetl-records"})
        for record in data.iter("record"):
            if not (record.text or "").strip():
                continue
            for item in html.fragments_fromstring(record.text, no_leading_text=False):
                if not isinstance(item, str):
                    holder.append(item)
        script.addnext(holder)


def _text(element) -> str:
    return " ".join(element.text_content().split())


def parse_date(text: str) -> dt.date | None:
    found = DATE.search(text or "")
    if not found:
        return None
    try:
        return dt.date(*map(int, found.groups()))
    except ValueError:
        return None


def _is_page(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and not _attachment_suffix(url)


def _attachment_suffix(url_or_name: str) -> str | None:
    path = urlsplit(url_or_name).path.lower() if "://" in url_or_name else url_or_name.lower()
    return next((s for s in ATTACHMENT_SUFFIXES if path.endswith(s)), None)


def listing(page: str, url: str) -> tuple[list[Link], str | None]:
    """A listing page's article links (title, absolute URL, the date written beside it), in page
    order, and the URL of the next page (None on the last)."""
    tree = _tree(page, url)
    links, seen = [], set()
    for a in tree.iter("a"):
        href = a.get("href")
        title = (a.get("title") or "").strip() or _text(a)
        if not href or not title or href in seen or not _is_page(href) or href.split("#")[0] == url:
            continue
        if any(word in title for word in NEXT_PAGE_WORDS):
            continue
        seen.add(href)
        links.append(Link(title, href.split("#")[0], parse_date(_text(row)) if (row := _row(a)) is not None else None))
    return links, next_page(tree, url)


def _row(a):
    """The list item a link is in (its date is written beside it): an li, tr, dd or p, else a
    parent holding no other link."""
    row = next((p for p in a.iterancestors() if p.tag in ("li", "tr", "dd", "p")), None)
    parent = a.getparent()
    if row is None and parent is not None and parent.tag not in ("body", "html") and len(parent.findall(".//a")) == 1:
        row = parent
    return row


def next_page(tree, url: str) -> str | None:
    for a in tree.iter("a"):
        if any(word in _text(a) for word in NEXT_PAGE_WORDS):
            href = a.get("href")
            if href and _is_page(href) and href.split("#")[0] != url:
                return href.split("#")[0]
    for script in tree.iter("script"):
        found = CREATE_PAGE.search(script.text or "")
        if found:
            total, current, stem, ext = int(found[1]), int(found[2]), found[3], found[4]
            if current + 1 < total:
                return urljoin(url, f"{stem}_{current + 1}.{ext}")
    return None


def article(page: str, url: str) -> Article:
    """An article: its title, date, attachments (.docx/.pdf/.doc/.wps links, with their link text),
    and its body's HTML when it has no attachment but text enough (or a table) to be the plan."""
    tree = _tree(page, url)
    metas = {(m.get("name") or m.get("property") or "").lower(): (m.get("content") or "").strip()
             for m in tree.iter("meta")}
    h1 = next(iter(tree.iter("h1")), None)
    title_tag = next(iter(tree.iter("title")), None)
    title = (next((metas[k] for k in TITLE_METAS if metas.get(k)), None)
             or (h1 is not None and _text(h1)) or (title_tag is not None and _text(title_tag)) or "")
    date = next((d for d in (parse_date(metas.get(k, "")) for k in DATE_METAS) if d), None) or _labelled_date(tree)
    attachments, seen = [], set()
    for a in tree.iter("a"):
        href, text = a.get("href"), _text(a) or (a.get("title") or "").strip()
        if href and href not in seen and (_attachment_suffix(href) or _attachment_suffix(text)):
            seen.add(href)
            attachments.append(Link(text, href, date))
    body = None
    if not attachments:
        content = _content(tree)
        if content is not None and (len(_text(content)) >= INLINE_MIN_CHARS or content.find(".//table") is not None):
            body = html.tostring(content, encoding="unicode")
    return Article(title, date, attachments, body)


def _labelled_date(tree) -> dt.date | None:
    """The date after a 发布时间 / 日期 label in the page's text."""
    for text in tree.itertext():
        for label in DATE_LABELS:
            at = text.find(label)
            if at >= 0 and (date := parse_date(text[at:at + 40])):
                return date
    return None


def _content(tree):
    """The element holding the article's body: the one whose own paragraphs and tables hold the
    most text (a site's header, navigation and footer are links and short lines)."""
    best, best_size = None, 0
    for element in tree.iter(*CONTENT_TAGS):
        size = sum(len(_text(child)) for child in element if child.tag == "table" or (
            child.tag in BODY_TAGS and child.find(".//a") is None))
        if size > best_size:
            best, best_size = element, size
    return best


def standalone(article_: Article, url: str) -> bytes:
    """An inline plan as a file of its own: the title and the body, UTF-8."""
    root = html.document_fromstring("<html><head><meta charset='utf-8'><title></title></head><body></body></html>")
    root.find(".//title").text = article_.title
    body = root.find("body")
    heading = etree.SubElement(body, "h1")
    heading.text = article_.title
    body.append(html.fragment_fromstring(article_.body))
    source = etree.SubElement(root.find("head"), "meta", name="source_url", content=url)
    source.tail = None
    return html.tostring(root, encoding="utf-8", doctype="<!DOCTYPE html>")
