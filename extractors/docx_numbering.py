"""Automatic paragraph numbering of Word (numbering.xml): the number Word draws before a paragraph
whose w:numPr (its own or its style's) puts it in a list, counted in document order, so that
headings numbered by a list style (一、 / （二） / 3.) are seen as the headings they are."""
from __future__ import annotations

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_CHINESE_DIGITS = "零一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"


def _chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (Word's chineseCounting)."""
    if n <= 0 or n >= 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = _CHINESE_DIGITS[hundreds] + "百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else _CHINESE_DIGITS[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    return out + (_CHINESE_DIGITS[ones] if ones else "")


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def number_format(n: int, fmt: str) -> str | None:
    """A list counter as Word draws it in the number format `fmt`; None for a bullet."""
    if fmt in ("bullet", "none"):
        return None
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "taiwaneseCounting",
               "taiwaneseCountingThousand", "japaneseCounting", "ideographDigital"):
        return _chinese_number(n)
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _HEAVENLY_STEMS[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter") and n >= 1:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman") and n >= 1:
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    return str(n)  # decimal and anything else


class Numbering:
    """The numbers of automatically numbered paragraphs (w:numPr on the paragraph or its style),
    counted in document order as Word does: a counter per list and level, deeper levels starting
    again when a level above counts on."""

    def __init__(self, part) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        self._levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # abstract id → level → (start, format, text)
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}  # num id → (abstract id, level → start override)
        self._counts: dict[str, dict[int, int]] = {}  # abstract id → level → last number drawn
        self._started: set[str] = set()
        root = next((rel.target_part.element for rel in part.rels.values()
                     if rel.reltype == RT.NUMBERING and not rel.is_external and hasattr(rel.target_part, "element")),
                    None)
        if root is None:
            return
        for abstract in root.iterchildren(f"{W}abstractNum"):
            levels = {}
            for lvl in abstract.iterchildren(f"{W}lvl"):
                levels[int(lvl.get(f"{W}ilvl", "0"))] = (_int_val(lvl, "start", 1), _val(lvl, "numFmt") or "decimal",
                                                         _val(lvl, "lvlText") or "")
            self._levels[abstract.get(f"{W}abstractNumId")] = levels
        for num in root.iterchildren(f"{W}num"):
            overrides = {int(o.get(f"{W}ilvl", "0")): _int_val(o, "startOverride", 1)
                         for o in num.iterchildren(f"{W}lvlOverride") if o.find(f"{W}startOverride") is not None}
            self._nums[num.get(f"{W}numId")] = (_val(num, "abstractNumId") or "", overrides)

    def label(self, p, styles) -> str:
        """The number drawn before paragraph `p` ("一、", "（2）", "3."), or "" (not numbered, a bullet);
        `styles`: the document's extractors.docx_styles.Styles."""
        num_id, level = _num_pr(p, styles)
        if num_id is None or num_id not in self._nums:
            return ""
        abstract, overrides = self._nums[num_id]
        levels = self._levels.get(abstract, {})
        if level not in levels:
            return ""
        counts = self._counts.setdefault(abstract, {})
        if num_id not in self._started:
            self._started.add(num_id)
            for lvl, start in overrides.items():
                counts[lvl] = start - 1
        counts[level] = counts.get(level, levels[level][0] - 1) + 1
        for deeper in [lvl for lvl in counts if lvl > level]:
            del counts[deeper]
        text = levels[level][2]
        for lvl in range(level + 1):
            start, fmt, _ = levels.get(lvl, (1, "decimal", ""))
            shown = number_format(counts.get(lvl, start), fmt)
            if shown is None:
                return ""
            text = text.replace(f"%{lvl + 1}", shown)
        return text.strip()


def _val(node, name: str) -> str | None:
    child = node.find(f"{W}{name}")
    return child.get(f"{W}val") if child is not None else None


def _int_val(node, name: str, default: int) -> int:
    try:
        return int(_val(node, name) or default)
    except ValueError:
        return default


def _num_pr(p, styles) -> tuple[str | None, int]:
    """The (numId, level) numbering paragraph `p`, from its own w:numPr or its style's (inherited
    through basedOn); numId 0 switches numbering off."""
    num_id = level = None
    own = p.find(f"{W}pPr/{W}numPr")
    if own is not None:
        num_id, level = _val(own, "numId"), _val(own, "ilvl")
    if num_id is None:
        for style in styles.chain(p):
            numpr = style.find(f"{W}pPr/{W}numPr")
            if numpr is not None:
                num_id = _val(numpr, "numId")
                level = level if level is not None else _val(numpr, "ilvl")
                if num_id is not None:
                    break
    if num_id in (None, "0"):
        return None, 0
    try:
        return num_id, int(level or 0)
    except ValueError:
        return num_id, 0
