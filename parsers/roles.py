"""How the figures of one document add up: each fact's role is `total`, `part`, `subtotal` or `single`.

A part is a figure another figure of the document sums: a row under a total row (合计, 总计, 全市,
全省合计) or a 小计 row of its group, a column under a 合计/小计 column, a 其中 row or column; in the text,
a figure after 其中 (其中商品住宅用地209.18公顷, or a sentence opening with 其中, which details the one
before) and a figure in an aside after a figure (0.02万套（保租房0.02万套）); and, anywhere in the
document, a figure of a sub-area (市区, a county) or of a narrower housing type (公租房 under 保障性住房
under all) stated with a whole-jurisdiction or broader one. Only figures of the same unit, years and
kind add up (a 2027 row is no part of a 2026-2030 total), and in the text and across the document only
figures of the same metric; rates, prices and sizes of one dwelling add up to nothing. A figure summing
parts is a total, or a subtotal when it is itself a part; the rest are single. Summing the total and
single figures of a metric, its years and kind counts every figure once (a figure stated twice, in the
text and in a table, is still stated twice).
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace

from extractors.model import Document
from parsers.catalog import broader_types, scope_words
from parsers.cells import TOTAL_END, WHOLE
from parsers.meaning import PER_DWELLING_METRICS
from parsers.meta import DocumentInfo
from parsers.prose import SENTENCE
from parsers.regions import is_total_label, is_whole, place_words, places_under
from parsers.source import Fact

ADDITIVE_UNITS = ("m2", "unit", "household", "item", "yuan", "person", "t", "m")
CELL = re.compile(r"^t\d+/r(\d+)/c(\d+)$")
DETAIL = "其中"
OPEN, CLOSE = "（(〈［[", "）)〉］]"  # 〈 is how OCR reads （ at times
BRACKET = re.compile(f"[{re.escape(OPEN + CLOSE)}]")


def assign_roles(document: Document, facts: list[Fact], info: DocumentInfo) -> list[Fact]:
    parents: dict[int, set[int]] = defaultdict(set)
    add = _adder(parents, facts)
    for block in document.blocks:
        if block.table is not None:
            _table_edges(block, facts, add)
    _text_edges(facts, add)
    _whole_edges(facts, info, add, parents)
    summing = {p for ps in parents.values() for p in ps}
    roles = [("subtotal" if i in parents else "total") if i in summing else ("part" if i in parents else "single")
             for i in range(len(facts))]
    return [replace(f, role=role) if role != f.role else f for f, role in zip(facts, roles)]


def _adds_up(total: Fact, part: Fact, same_metric: bool) -> bool:
    """Whether `part` can be a part of `total`; `same_metric` (in the text and across the document): of
    the total's metric, and of its housing type or a narrower one."""
    return (total.quantity.unit == part.quantity.unit and total.quantity.unit in ADDITIVE_UNITS
            and total.metric not in PER_DWELLING_METRICS and part.metric not in PER_DWELLING_METRICS
            and (total.period_start, total.period_end) == (part.period_start, part.period_end)
            and total.kind == part.kind
            and (not same_metric or (total.metric == part.metric and total.metric != "other"
                                     and total.housing_type in (part.housing_type, *broader_types(part.housing_type)))))


def _adder(parents: dict[int, set[int]], facts: list[Fact]):
    def ancestors(i: int) -> set[int]:
        seen, todo = set(), [i]
        while todo:
            for p in parents.get(todo.pop(), ()):
                if p not in seen:
                    seen.add(p)
                    todo.append(p)
        return seen

    def add(total: int, part: int, same_metric: bool = False) -> bool:
        if total == part or not _adds_up(facts[total], facts[part], same_metric) or part in ancestors(total):
            return False
        parents[part].add(total)
        return True
    return add


# ---- tables ---------------------------------------------------------------------------------------------

def _row_role(label: str) -> tuple[str, tuple[str, ...]]:
    """("detail", ()) for a 其中 row; ("total", ()) for 合计, 总计, 全市, 全省合计; ("subtotal", group)
    for 小计 (中心城区 / 小计: the rows of 中心城区) or a group's total (市区合计, 片区 / 合计); else ("row",
    its levels)."""
    levels = tuple(level.strip() for level in label.split(" / "))
    if levels[-1].startswith(DETAIL):
        return "detail", ()
    for i, level in enumerate(levels):
        bare = re.sub(r"\s+", "", level)
        if bare.endswith("小计"):
            return "subtotal", levels[:i]
        if is_total_label(bare) or WHOLE.match(bare) or is_whole(bare, None):
            return ("total", ()) if i == 0 else ("subtotal", levels[:i])
        if TOTAL_END.search(bare):  # 市区合计: the rows since the last total
            return "subtotal", ()
    return "row", levels


def group_subtotals(rows: list[tuple[str, tuple, int]]) -> tuple[list[tuple[int, list[int]]], list[int]]:
    """Of a run of rows (role, group, index) with no grand total among them: (subtotal, its members)
    pairs, and the rows a grand total over the run adds up (the subtotals, the rows none covers)."""
    pairs, covered, since, tops = [], set(), [], []
    for role, group, r in rows:
        if role == "row":
            since.append(r)
        elif role == "subtotal":
            members = ([r2 for role2, g2, r2 in rows if role2 == "row" and g2[: len(group)] == group
                        and len(g2) > len(group)] if group else since)
            pairs.append((r, members))
            covered.update(members)
            tops.append(r)
            since = []
    return pairs, tops + [r for role, _, r in rows if role == "row" and r not in covered]


def _line_edges(labels: dict[int, str]) -> list[tuple[int, int]]:
    """(total, part) pairs of rows (or columns), in order: a 其中 line is a part of the line before it;
    a 小计 of its group; a total of the lines since the previous total, or, when the first line is a
    total, of the lines after it up to the next."""
    order = sorted(labels)
    roles = {i: _row_role(labels[i]) for i in order}
    edges = []
    for k, i in enumerate(order):
        if roles[i][0] == "detail":
            above = next((j for j in reversed(order[:k]) if roles[j][0] != "detail"), None)
            if above is not None:
                edges.append((above, i))
    lines = [(roles[i][0], roles[i][1], i) for i in order if roles[i][0] != "detail"]
    leading = bool(lines) and lines[0][0] == "total"
    runs: list[tuple[int | None, list]] = []  # (total, the lines it adds up)
    run: list = []
    after_total = False
    for line in (reversed(lines) if leading else lines):
        if line[0] == "total":
            # totals side by side (小计 / 套数, 小计 / 面积) add up the same lines, each in its own unit
            members = (run[::-1] if leading else run) if run or not after_total else runs[-1][1]
            runs.append((line[2], members))
            run, after_total = [], True
        else:
            run.append(line)
            after_total = False
    runs.append((None, run[::-1] if leading else run))
    for total, members in runs:
        pairs, tops = group_subtotals(members)
        edges += [(s, m) for s, ms in pairs for m in ms]
        if total is not None:
            edges += [(total, t) for t in tops]
    return list(dict.fromkeys(edges))


def _table_edges(block, facts: list[Fact], add) -> None:
    table = block.table
    cells: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, f in enumerate(facts):
        if f.source.block_index == block.index and (m := CELL.match(f.source.locator)):
            cells[(int(m.group(1)), int(m.group(2)))].append(i)
    if not cells:
        return
    for found in cells.values():
        found.sort(key=lambda i: facts[i].source.char_start)
    rows = {r for r, _ in cells}
    cols = {c for _, c in cells}
    row_edges = _line_edges({r: table.row_labels[r] for r in rows if r < len(table.row_labels)})
    col_edges = _line_edges({c: _header_label(table.header_paths[c]) for c in cols if c < len(table.header_paths)})
    for c in cols:
        for total, part in row_edges:
            _pair(cells.get((total, c), []), cells.get((part, c), []), facts, add)
    for r in rows:
        for total, part in col_edges:
            _pair(cells.get((r, total), []), cells.get((r, part), []), facts, add)


def _header_label(path: str) -> str:
    """A header path as a label _row_role reads: 计划供应住宅用地面积合计（公顷） is a total column,
    计划供应租赁住宅用地面积（公顷） / 小计 a subtotal of its group, 小计 / 套数（套） a total of every
    group's 套数; units in brackets dropped."""
    levels = [re.sub(r"[（(][^（）()]*[）)]$", "", level.strip()) for level in path.split(" / ")]
    if len(levels) > 1 and TOTAL_END.search(levels[0]):
        return "合计"
    levels = [("合计" if TOTAL_END.search(level) and not level.endswith("小计") else level) for level in levels]
    return " / ".join(levels)


def _pair(totals: list[int], parts: list[int], facts: list[Fact], add) -> None:
    """The figures of two cells, matched by unit and place in the cell (164（42938户） holds two)."""
    by_unit: dict[str, list[int]] = defaultdict(list)
    for i in totals:
        by_unit[facts[i].quantity.unit].append(i)
    placed: dict[str, list[int]] = defaultdict(list)
    for i in parts:
        placed[facts[i].quantity.unit].append(i)
    for unit, found in placed.items():
        for k, i in enumerate(found):
            if k < len(by_unit.get(unit, [])):
                add(by_unit[unit][k], i)


# ---- the text ---------------------------------------------------------------------------------------------

def _text_edges(facts: list[Fact], add) -> None:
    """Asides first (配租型保障性住房0.02万套（保租房0.02万套）), then 其中."""
    by_block: dict[int, list[int]] = defaultdict(list)
    for i, f in enumerate(facts):
        if "/" not in f.source.locator:
            by_block[f.source.block_index].append(i)
    blocks = sorted(by_block)
    for i, f in enumerate(facts):
        if "/" in f.source.locator:
            continue
        text, start = f.source.text, f.source.char_start
        s_start = _sentence_start(text, start)
        same = [j for j in by_block[f.source.block_index] if facts[j].source.char_end <= start]
        opened = _open_paren(text, start)
        if opened is not None and opened >= s_start:
            before = [j for j in same if s_start <= facts[j].source.char_start and facts[j].source.char_end <= opened]
            if _nearest(i, before, facts, add):
                continue
        detail = text.rfind(DETAIL, s_start, start)
        if detail < 0:
            continue
        before = [j for j in same if s_start <= facts[j].source.char_start and facts[j].source.char_end <= detail]
        if not before and not text[s_start:detail].strip(" \t，,：:"):  # a sentence opening with 其中
            previous = _sentence_start(text, s_start - 1) if s_start > 0 else None
            if previous is not None:
                before = [j for j in same if previous <= facts[j].source.char_start < s_start]
            else:  # the paragraph's first: the paragraph before it details
                k = blocks.index(f.source.block_index)
                if k > 0 and blocks[k - 1] == f.source.block_index - 1:
                    prior = by_block[blocks[k - 1]]
                    last = _sentence_start(facts[prior[-1]].source.text, facts[prior[-1]].source.char_start)
                    before = [j for j in prior if facts[j].source.char_start >= last]
        _nearest(i, before, facts, add)


def _nearest(i: int, candidates: list[int], facts: list[Fact], add) -> bool:
    """Link figure i to the last candidate of its metric, unit, years and kind."""
    for j in sorted(candidates, key=lambda j: facts[j].source.char_start, reverse=True):
        if add(j, i, same_metric=True):
            return True
    return False


def _sentence_start(text: str, offset: int) -> int:
    for m in SENTENCE.finditer(text):
        if m.start() <= offset < m.end():
            return m.start()
    return 0


def _open_paren(text: str, offset: int) -> int | None:
    """The offset of the bracket open around `offset`, if any."""
    depth = 0
    for m in reversed(list(BRACKET.finditer(text, 0, offset))):  # the brackets before it, the nearest first
        if m.group() in CLOSE:
            depth += 1
        else:
            if depth == 0:
                return m.start()
            depth -= 1
    return None


# ---- across the document --------------------------------------------------------------------------------

def _whole_edges(facts: list[Fact], info: DocumentInfo, add, parents) -> None:
    """A figure not yet a part, of a sub-area of the jurisdiction or of a narrower housing type than
    another figure of its metric, unit, years and kind (the whole jurisdiction's, or its own area's),
    not larger than it: a part of the nearest broader one (of the nearest broader type, its own
    area's before the whole's, one no other figure sums first). Nothing when the nearest broader ones
    differ (two whole figures of one metric: the figure belongs to neither for sure), for figures of
    one table (its rows and columns say how they add up), and when a whole's sub-area parts found so
    add up to more than it (城镇人口 is no sum of the districts' 人口)."""
    inside = _sub_areas(info)
    by_key: dict[tuple, list[int]] = defaultdict(list)
    for i, f in enumerate(facts):
        by_key[(f.metric, f.quantity.unit, f.period_start, f.period_end, f.kind)].append(i)
    areas: dict[int, list[int]] = defaultdict(list)  # a whole figure → the sub-area figures linked to it
    for group in by_key.values():
        by_place: dict[tuple, list[int]] = defaultdict(list)  # (region, housing type) → figures
        for i in group:
            by_place[(facts[i].region, facts[i].housing_type)].append(i)
        for i in group:
            f = facts[i]
            if i in parents:
                continue
            broader = (f.housing_type, *broader_types(f.housing_type))
            sub = f.region is not None and f.region != info.jurisdiction and inside(f)
            # of its own area a broader type; of the whole jurisdiction, for a sub-area, its type or a broader one
            found = [((k, 0), j) for k, t in enumerate(broader) if k for j in by_place[(f.region, t)]]
            if sub:
                found += [((k, 1), j) for k, t in enumerate(broader) for j in by_place[(info.jurisdiction, t)]]
            found = [(r, j) for r, j in found
                     if not _same_table(f, facts[j]) and f.quantity.value <= facts[j].quantity.value * 1.005]
            if not found:
                continue
            rank = min(r for r, _ in found)
            best = [j for r, j in found if r == rank]
            best = [j for j in best if j not in parents] or best
            if len({round(facts[j].quantity.value, 6) for j in best}) > 1:
                continue
            j = min(best, key=lambda j: abs(j - i))
            if add(j, i, same_metric=True) and rank[1] == 1:
                areas[j].append(i)
    for whole, subs in areas.items():
        distinct = {(facts[i].region, facts[i].housing_type, facts[i].quantity.value) for i in subs}
        if sum(v for _, _, v in distinct) > facts[whole].quantity.value * 1.01:
            for i in subs:
                parents[i].discard(whole)
                if not parents[i]:
                    del parents[i]


def _same_table(f: Fact, g: Fact) -> bool:
    return "/" in f.source.locator and f.source.block_index == g.source.block_index


def _sub_areas(info: DocumentInfo):
    """Whether a fact's region lies within the jurisdiction: a division under it, a scope word for a
    part of it (市区, 各县（市）), a named zone (经开区)."""
    under = set(places_under(info.jurisdiction_code).values()) - {info.jurisdiction_code} if info.jurisdiction_code else set()
    zones = tuple(place_words().get("zone", ()))

    def inside(f: Fact) -> bool:
        if info.jurisdiction is None:
            return False
        if f.region_code is not None:
            return f.region_code in under
        word = f.region or ""
        if scope_words().get(word) == "part":
            return not word.startswith(("全", "我", "本"))
        return word.endswith(zones)
    return inside
