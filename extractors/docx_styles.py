"""A .docx's paragraph styles, read once per document.

python-docx's `Paragraph.style` looks the default style up again, over every style of the document,
for each paragraph without a style of its own: four fifths of the time a .docx took to read. Here
the styles are indexed by id once; a paragraph's style resolves as python-docx resolves it (its
w:pStyle, else the default paragraph style; an unknown id or a style of another type gives the default)."""
from __future__ import annotations

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _val(node, name: str) -> str | None:
    child = node.find(f"{W}{name}")
    return child.get(f"{W}val") if child is not None else None


class Styles:
    def __init__(self, document) -> None:
        from docx.styles import BabelFish

        self._ui_name = BabelFish.internal2ui
        self._by_id: dict[str, object] = {}  # every style, the first of an id (as python-docx's look-up)
        self._default = None  # the default paragraph style: the last so marked, as the spec says
        try:
            root = document.styles.element
        except (KeyError, ValueError):  # a styles part python-docx cannot read: no styles
            return
        for style in root.iterchildren(f"{W}style"):
            self._by_id.setdefault(style.get(f"{W}styleId"), style)
            if _is_paragraph(style) and style.get(f"{W}default") == "1":
                self._default = style

    def of(self, p):
        """The style element of paragraph element `p` (None when the document has no default)."""
        ppr = p.find(f"{W}pPr")
        style = self._by_id.get(_val(ppr, "pStyle")) if ppr is not None else None
        return style if style is not None and _is_paragraph(style) else self._default

    def name(self, p) -> str:
        """The UI name of paragraph `p`'s style ("Heading 1", "Title", "Normal"), or ""."""
        style = self.of(p)
        name = _val(style, "name") if style is not None else None
        return self._ui_name(name) if name else ""

    def chain(self, p) -> list:
        """Paragraph `p`'s style and the styles it is based on, nearest first (a loop is cut)."""
        chain, style = [], self.of(p)
        while style is not None and style not in chain:
            chain.append(style)
            based = _val(style, "basedOn")
            style = self._by_id.get(based) if based is not None else None
        return chain


def _is_paragraph(style) -> bool:
    return style.get(f"{W}type", "paragraph") == "paragraph"
