"""Text helpers shared by the extractors: joining wrapped lines and finding section headings.

Extractors never interpret numbers; they only decide where text starts and ends and which
heading it sits under.
"""
from __future__ import annotations

import re

from extractors.model import Block, BlockKind

# Heading numbering used in Chinese government documents, outermost first.
_HEADING_LEVELS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(r"^第[一二三四五六七八九十百零〇0-9]+章")),
    (2, re.compile(r"^第[一二三四五六七八九十百零〇0-9]+节")),
    (3, re.compile(r"^[一二三四五六七八九十]+、")),
    (3, re.compile(r"^\d+、\s*\S")),  # "4、 工作任务" stands in for 四、 in some plans
    (4, re.compile(r"^[（(][一二三四五六七八九十]+[）)]")),
    (5, re.compile(r"^\d{1,2}[.．](?!\d)|^\d{1,2}[.．](?=(19|20)\d\d年)")),  # "1.2026年建设计划", not "1.5万套"
)
_SENTENCE_END = "。；;！？"
# the label opening an attachment on a line of its own: 附件 / 附件2 / 附件2： / 附件二（plus a short name）
ATTACHMENT = re.compile(r"^(附件|附表)\s*[0-9０-９一二三四五六七八九十]*(?:\s*[:：]\s*[^。；;，,]{0,40}|\s+[^。；;，,]{1,40})?$")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


def heading_level(text: str) -> int | None:
    """The outline level a heading-like paragraph opens, or None for body text."""
    text = text.strip()
    for level, pattern in _HEADING_LEVELS:
        if pattern.match(text):
            return level
    return None


def heading_title(text: str) -> str:
    """A heading's own words: a run-in heading ("（一）新开工项目。2026年…") stops at its first full stop."""
    text = text.strip()
    for stop in _SENTENCE_END + "：:":
        cut = text.find(stop)
        if 0 < cut < len(text) - 1:
            text = text[:cut]
    return re.sub(r"\s+", " ", text)  # "第一章  总则" as Word spaces it and "第一章 总则" as a PDF gives it


def is_standalone_heading(text: str) -> bool:
    """A short numbered line with no sentence in it, e.g. "一、住房用地供应目标"."""
    text = text.strip()
    return (
        heading_level(text) is not None
        and len(text) <= 40
        and not any(stop in text[:-1] for stop in _SENTENCE_END)
    )


class SectionTracker:
    """Keeps the current section path while blocks are read in order."""

    def __init__(self) -> None:
        self._stack: list[tuple[int, str]] = []

    def see(self, text: str) -> None:
        if ATTACHMENT.match(text.strip()):
            self._stack.clear()  # an attachment (附件2) is no part of the chapter before it
            return
        level = heading_level(text)
        if level is None:
            return
        while self._stack and self._stack[-1][0] >= level:
            self._stack.pop()
        self._stack.append((level, heading_title(text)))

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(title for _, title in self._stack)


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines: no space between CJK text, one space between two Latin words."""
    out = ""
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        if out and _ASCII_WORD.match(out[-1]) and _ASCII_WORD.match(line[0]) and not (
            out[-1].isdigit() and line[0].isdigit()
        ):
            out += " "
        out += line
    return out


_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")


def strip_artifacts(text: str) -> str:
    """Remove Word artifacts that text conversions leave behind, such as "[bookmark: _GoBack]"."""
    return _BOOKMARK.sub("", text)


def text_block(sections: SectionTracker, index: int, text: str, page: int | None = None, ocr: bool = False,
               page_breaks: tuple[tuple[int, int], ...] = ()) -> Block:
    """A paragraph, or a heading when it stands alone as one, after the section path has seen it."""
    sections.see(text)
    kind = BlockKind.HEADING if is_standalone_heading(text) else BlockKind.PARAGRAPH
    return Block(kind, index, text, page, sections.path, ocr=ocr, page_breaks=page_breaks)
