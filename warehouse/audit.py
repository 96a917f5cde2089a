"""The audit: check every fact against its source, and the figures of a document against each other.

Grounding re-opens each source file and confirms that every fact's quote and raw value stand at its
locator and offsets. The consistency checks compare what a plan says in several places: table totals
against the sum of their rows and columns, prose figures against the table figures they repeat, a
total against the 其中 parts listed after it, yearly schedules against the multi-year total, and a
number written with one unit in the prose and another in a table. Values agree when they agree to
the precision they are written with (3.3万户 and 33229户 do). Coverage lists, as warnings, every
number of the source that is neither in a fact nor excluded for a reason (parsers/coverage.py). The
audit counts each plan once: every version of a plan (documents.plan_id: its .docx, .pdf, scan) is
checked, and a finding found in several versions is one finding listing the places in each. The
audit writes findings; it never changes a figure.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb

from extractors import BadInputError, BlockKind, extract
from parsers.coverage import measure
from parsers.roles import group_subtotals
from warehouse.places import LOCATOR, numbering, place

# figures that add up: counts, areas, money (not months, rates, prices or years)
ADDITIVE_UNITS = ("m2", "unit", "household", "item", "yuan", "person", "t", "m")
TOTAL_LABEL = re.compile(r"^(?:总计|合计|共计|总合计|全(?:省|市|县|区|地区|州|盟|旗|自治区)(?:合计|总计)?)$")
TOTAL_HEADER = re.compile(r"合计|总计|小计")


@dataclass(frozen=True)
class Finding:
    check: str
    severity: str  # "error": a figure disagrees with another or with its source; "warning": worth a look
    doc_id: str
    source_file: str
    message: str
    expected: float | None = None
    stated: float | None = None
    facts: tuple[dict, ...] = field(default=(), compare=False)
    plan_id: str | None = None
    versions: tuple[tuple[str, str], ...] = ()  # (doc_id, source_file) of every version it is found in
    key: str = ""  # what it says, the same in every version of the plan (set by merge_versions)

    @property
    def finding_id(self) -> str:
        key = "|".join([self.check, self.plan_id or self.doc_id, self.key or self.message])
        return hashlib.sha256(key.encode()).hexdigest()[:16]

    def to_row(self) -> dict:
        versions = self.versions or ((self.doc_id, self.source_file),)
        return {
            "finding_id": self.finding_id, "check": self.check, "severity": self.severity, "doc_id": self.doc_id,
            "source_file": self.source_file, "message": self.message, "expected": self.expected, "stated": self.stated,
            "fact_ids": [f["fact_id"] for f in self.facts if f.get("fact_id")], "quotes": [f["quote"] for f in self.facts],
            "locators": [f["locator"] for f in self.facts], "pages": [f["page"] for f in self.facts],
            "plan_id": self.plan_id, "doc_ids": [d for d, _ in versions], "source_files": [s for _, s in versions],
            "place_files": [f.get("source_file", self.source_file) for f in self.facts],
            "places": [f.get("place") for f in self.facts],
        }


def tolerance(fact: dict) -> float:
    """Half a unit of the figure's last written digit, in base units (3.3万 → ±500)."""
    raw = re.sub(r"[^0-9.]", "", str(fact["raw_value"]).replace("．", "."))
    try:
        number = float(raw)
    except ValueError:
        return 0.0
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    factor = abs(fact["value"] / number) if number else 1.0
    return 0.5 * 10 ** -decimals * factor


def _disagree(a: float, tol_a: float, b: float, tol_b: float) -> bool:
    return abs(a - b) > tol_a + tol_b + 1e-9


def _show(value: float, unit: str) -> str:
    return f"{value:,.10g} {unit}"


def versions(con: duckdb.DuckDBPyConnection, doc_ids: list[str] | None = None) -> list[tuple]:
    """(doc_id, source_file, source_path, plan_id) of the ok documents to audit: every version of the
    plans of `doc_ids` (all plans when None), each plan's primary document first."""
    where = "" if doc_ids is None else (
        "AND (list_contains($1, doc_id) OR plan_id IN (SELECT plan_id FROM documents WHERE list_contains($1, doc_id)))")
    return con.execute(f"""
        SELECT doc_id, source_file, source_path, plan_id FROM documents WHERE status = 'ok' {where}
        ORDER BY min(source_file) OVER (PARTITION BY coalesce(plan_id, doc_id)), coalesce(plan_id, doc_id),
                 is_primary DESC NULLS LAST, source_file""", [] if doc_ids is None else [doc_ids]).fetchall()


def audit(con: duckdb.DuckDBPyConnection, doc_ids: list[str] | None = None) -> list[Finding]:
    """The findings of the plans of `doc_ids` (every plan when None), each plan's counted once."""
    per_version = [(row, audit_document(con, *row[:3])) for row in versions(con, doc_ids)]
    return merge_versions(per_version)


def audit_document(con: duckdb.DuckDBPyConnection, doc_id: str, source_file: str, source_path: str) -> list[Finding]:
    """The findings of one document on its own."""
    cursor = con.execute("SELECT * FROM facts WHERE doc_id = ? ORDER BY block_index, locator, char_start", [doc_id])
    names = [d[0] for d in cursor.description]
    facts = [dict(zip(names, row)) for row in cursor.fetchall()]
    context = (doc_id, source_file)
    document, findings = read_source(context, source_path)
    if document is not None:
        findings += grounding(context, document, facts)
        findings += unread_numbers(context, document, facts)
    findings += table_totals(context, facts)
    titles = {b.index: b.table.title or "" for b in document.blocks if b.table is not None} if document else {}
    findings += prose_vs_table(context, facts, titles)
    findings += parts_vs_total(context, facts)
    findings += schedule_vs_total(context, facts)
    findings += unit_mismatch(context, facts)
    findings += average_size(context, facts)
    if document is not None:  # each place as a person finds it in the file (Word table 7, row 3, column 2)
        tables, _ = numbering(document)
        for finding in findings:
            for where in finding.facts:
                if where.get("locator") and (found := place(where["locator"], None, document.format.value, tables, {})):
                    where["place"] = found  # a table's; a paragraph's (no numbering given) is ""
    return findings


def merge_versions(per_version: list[tuple[tuple, list[Finding]]]) -> list[Finding]:
    """One finding per plan for what several versions of it say alike (the same check on the same
    figures: metric, type, region, years, kind, value as written), listing every version's places;
    the first version (the primary) gives the message. The n-th of several alike findings of one
    version pairs with the n-th of another's."""
    merged: dict[tuple, Finding] = {}
    for (doc_id, source_file, _, plan_id), findings in per_version:
        seen: Counter = Counter()
        for f in findings:
            what = _meaning(f)
            seen[what] += 1
            key = json.dumps([what, seen[what]], ensure_ascii=False, default=str)
            facts = tuple({**x, "doc_id": doc_id, "source_file": source_file} for x in f.facts)
            slot = (plan_id or doc_id, key)
            if slot in merged:
                m = merged[slot]
                merged[slot] = replace(m, versions=(*m.versions, (doc_id, source_file)), facts=m.facts + facts)
            else:
                merged[slot] = replace(f, facts=facts, plan_id=plan_id, versions=((doc_id, source_file),), key=key)
    return list(merged.values())


def _meaning(f: Finding) -> tuple:
    """What a finding says, apart from where: its check, severity, figures and the facts it is about
    (what each states, not where); a finding about the file itself (gone, changed) is its message."""
    def number(v):
        return None if v is None else float(f"{v:.9g}")

    def what(x: dict) -> tuple:
        if not x.get("fact_id"):  # a number no fact holds: its text in its clause
            return (x["raw_value"], re.sub(r"\s+", "", x["quote"]))
        return (x["metric"], x["housing_type"], x["region"], x["period_start"], x["period_end"], x["kind"],
                x["unit"], x["qualifier"], x["raw_value"], x["raw_unit"], number(x["value"]))

    about = tuple(what(x) for x in f.facts) if f.facts else (f.message,)
    return (f.check, f.severity, number(f.expected), number(f.stated), about)


def store(con: duckdb.DuckDBPyConnection, findings: list[Finding], doc_ids: list[str] | None) -> None:
    """Replace the findings of the audited plans (every version of those of `doc_ids`), in one transaction."""
    import pandas as pd

    audited = [row[0] for row in versions(con, doc_ids)]
    con.execute("BEGIN")
    try:
        con.execute("DELETE FROM findings WHERE list_contains($1, doc_id) OR list_has_any(doc_ids, $1)", [audited])
        if findings:
            frame = pd.DataFrame([{**f.to_row(), "audited_at": dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)}
                                  for f in findings]).drop_duplicates("finding_id")
            frame["acknowledged"] = acknowledged(con, list(frame["fact_ids"]))
            con.register("_findings", frame)
            con.execute("INSERT INTO findings BY NAME SELECT * FROM _findings")
            con.unregister("_findings")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def acknowledged(con: duckdb.DuckDBPyConnection, fact_ids: list[list[str]]) -> list[bool]:
    """Per finding (its fact_ids): whether a reviewer accepted every one of its facts (their latest
    review, reviewed_facts, is `accepted`); a finding without facts is never acknowledged."""
    wanted = sorted({i for ids in fact_ids for i in ids})
    accepted = {r[0] for r in con.execute("SELECT fact_id FROM reviewed_facts WHERE review_status = 'accepted' "
                                          "AND list_contains(?, fact_id)", [wanted]).fetchall()} if wanted else set()
    return [bool(len(ids)) and all(i in accepted for i in ids) for ids in fact_ids]


def read_source(context, source_path: str):
    """The source document as ingested, or None and the grounding finding saying why it cannot be."""
    doc_id, source_file = context
    path = Path(source_path)
    if not path.is_file():
        return None, [Finding("grounding", "warning", doc_id, source_file,
                              f"source file {path} is gone: its facts cannot be re-checked")]
    if hashlib.sha256(path.read_bytes()).hexdigest() != doc_id:
        return None, [Finding("grounding", "warning", doc_id, source_file,
                              f"{path} has changed since it was ingested: ingest it again before auditing")]
    try:
        return extract(path), []
    except BadInputError as exc:
        return None, [Finding("grounding", "error", doc_id, source_file, f"source cannot be read any more: {exc}")]


def grounding(context, document, facts: list[dict]) -> list[Finding]:
    """Every fact's quote and raw value still stand at its locator and offsets in the source file."""
    doc_id, source_file = context
    out = []
    for fact in facts:
        text = _source_text(document, fact["locator"])
        figure = text[fact["char_start"] : fact["char_end"]] if text is not None else None
        quoted = text is not None and (fact["quote"] in text or fact["quote"].endswith(" | " + text)
                                       or (fact.get("ocr") and _read_again(fact["quote"], text)))
        if figure is None or fact["raw_value"] not in figure or not quoted:
            out.append(Finding("grounding", "error", doc_id, source_file,
                               f"{fact['locator']}: {fact['raw_value']}{fact['raw_unit']} is not where the fact says "
                               f"(found {figure!r})", facts=(fact,)))
    return out


def _read_again(quote: str, text: str) -> bool:
    """An OCR'd quote in a text OCR'd again: character recognition may read a stroke differently
    (25公项 once, 25公顷 the next time); the quote stands when it matches nearly all of a stretch of
    the text as long as itself."""
    from difflib import SequenceMatcher

    if not quote or len(text) < len(quote) // 2:
        return False
    best = max(SequenceMatcher(None, quote, text[i : i + len(quote)], autojunk=False).ratio()
               for i in range(0, max(1, len(text) - len(quote) + 1)))
    return best >= 0.9


def unread_numbers(context, document, facts: list[dict]) -> list[Finding]:
    """Every number of the source that is in no fact and not excluded for a reason (a date, a
    document number, a list number ...): a figure the parsers did not read, one warning each."""
    doc_id, source_file = context
    coverage = measure(document, [(f["locator"], f["char_start"], f["char_end"]) for f in facts])
    out = []
    for t in coverage.unread:
        page = f" (page {t.page})" if t.page is not None else ""
        message = f"{t.locator}{page}: the number {t.text} (characters {t.start}-{t.end}) is in no fact and not excluded"
        where = {"fact_id": None, "raw_value": t.text, "raw_unit": "", "quote": t.quote, "locator": t.locator,
                 "page": t.page}
        out.append(Finding("unread_number", "warning", doc_id, source_file, message, facts=(where,)))
    return out


def _source_text(document, locator: str) -> str | None:
    m = LOCATOR.match(locator)
    if not m or int(m.group(2)) >= len(document.blocks):
        return None
    block = document.blocks[int(m.group(2))]
    if m.group(1) == "p":
        return block.text if block.kind is not BlockKind.TABLE else None
    if block.table is None:
        return None
    r, c = int(m.group(3)), int(m.group(4))
    return next((cell.text for cell in block.table.cells if (cell.row, cell.col) == (r, c)), None)


def _cell(fact: dict) -> tuple[int, int, int] | None:
    m = LOCATOR.match(fact["locator"])
    return (int(m.group(2)), int(m.group(3)), int(m.group(4))) if m and m.group(1) == "t" else None


def _labels(fact: dict) -> tuple[str, str]:
    """(row label, header path) of a table fact, from its quote "row | header | cell"."""
    parts = fact["quote"].split(" | ")
    return (parts[0], parts[1]) if len(parts) == 3 else ("", parts[0])


def _position(fact: dict, others: list[dict]) -> int:
    """Which figure of its cell a fact is (164（42938户） holds two)."""
    return sorted(o["char_start"] for o in others if o["locator"] == fact["locator"]).index(fact["char_start"])


def table_totals(context, facts: list[dict]) -> list[Finding]:
    """A total row (总计, 合计, 全市) against the rows it adds up, a 小计 row against the rows of its
    group; a total column (合计, 小计) against the columns it adds up."""
    doc_id, source_file = context
    cells = [f for f in facts if _cell(f)]
    by_table: dict[int, list[dict]] = defaultdict(list)
    for f in cells:
        by_table[_cell(f)[0]].append(f)
    out = []
    for table, tfacts in by_table.items():
        # rows: per column and figure position, the total rows against the rows they add up
        columns: dict[tuple, list[dict]] = defaultdict(list)
        for f in tfacts:
            columns[(_cell(f)[2], _position(f, tfacts), f["unit"])].append(f)
        for group in columns.values():
            for check, total, parts in _row_sums(sorted(group, key=lambda f: _cell(f)[1])):
                out += _compare_sum(doc_id, source_file, check, total, parts,
                                    f"table {table}: {_labels(total)[0]} row of {_labels(total)[1]}")
        # columns: per row, a 合计/小计 column against the columns it adds up
        rows: dict[tuple, list[dict]] = defaultdict(list)
        for f in tfacts:
            rows[(_cell(f)[1], _position(f, tfacts), f["unit"])].append(f)
        for group in rows.values():
            for total in [f for f in group if TOTAL_HEADER.search(_labels(f)[1])]:
                parts = _column_parts(total, group)
                if parts:
                    out += _compare_sum(doc_id, source_file, "table_total_column", total, parts,
                                        f"table {table}: {_labels(total)[1]} of {_labels(total)[0]}")
    return out


def _row_role(fact: dict) -> tuple[str, tuple[str, ...]]:
    """What a table row is, from its label: ("total", ()) for 合计 / 总计 / 全市; ("subtotal", group)
    for a 小计 (中心城区 / 小计: the rows labelled 中心城区 / …) or a total word under a group
    (市区 / 合计); ("share", ()) for a 其中 row, a part of the row above; else ("row", its levels)."""
    levels = tuple(level.strip() for level in _labels(fact)[0].split(" / "))
    if levels[-1].startswith("其中"):
        return "share", ()
    for i, level in enumerate(levels):
        if level.endswith("小计"):
            return "subtotal", levels[:i]
        if TOTAL_LABEL.match(level):
            return ("total", ()) if i == 0 else ("subtotal", levels[:i])
    return "row", levels


def _row_sums(column: list[dict]) -> list[tuple[str, dict, list[dict]]]:
    """(check, total, parts) for the total rows of one column, top to bottom. A 小计 adds up the rows
    of its group (the rows whose label starts with its group's name), else the rows since the last
    total or 小计; a 合计 adds up the 小计 rows since the last 合计 and the rows no 小计 covers, so
    a table with 小计 rows per group never counts a group twice."""
    out = []
    segment: list[tuple[str, tuple, int]] = []  # (role, group, index in column) since the last grand total

    def close(total: int | None = None) -> None:
        pairs, tops = group_subtotals(segment)
        out.extend(("table_total_row", column[s], [column[m] for m in members]) for s, members in pairs)
        if total is not None:
            out.append(("table_total_row", column[total], [column[t] for t in tops]))

    for i, f in enumerate(column):
        role, group = _row_role(f)
        if role == "total":
            close(i)
            segment = []
        elif role != "share":
            segment.append((role, group, i))
    close()
    return out


def _column_parts(total: dict, row: list[dict]) -> list[dict]:
    path = _labels(total)[1].split(" / ")
    others = [f for f in row if f is not total]
    if len(path) > 1 and TOTAL_HEADER.search(path[-1]):  # 租赁 / 小计: its siblings
        return [f for f in others if _labels(f)[1].split(" / ")[:-1] == path[:-1]]
    if len(path) > 1 and TOTAL_HEADER.search(path[0]):  # 小计 / 套数（套）: the same measure of every group
        return [f for f in others if _labels(f)[1].split(" / ")[-1] == path[-1]]
    return [f for f in others if not TOTAL_HEADER.search(_labels(f)[1])]  # 合计 of the whole row


def _compare_sum(doc_id, source_file, check, total: dict, parts: list[dict], what: str,
                 at_most: bool = False) -> list[Finding]:
    """A total against the sum of its parts; with `at_most`, only parts adding up to more than the
    total are a finding (a 其中 list need not name every part)."""
    if len(parts) < 2 or total["unit"] not in ADDITIVE_UNITS:
        return []
    expected = sum(p["value"] for p in parts)
    slack = tolerance(total) + sum(tolerance(p) for p in parts)
    if at_most and expected <= total["value"] + slack:
        return []
    if not _disagree(total["value"], tolerance(total), expected, slack - tolerance(total)):
        return []
    message = (f"{what}: states {_show(total['value'], total['unit'])}, its {len(parts)} parts add up to "
               f"{_show(expected, total['unit'])}")
    return [Finding(check, "error", doc_id, source_file, message, expected, total["value"], (total, *parts))]


def _key(f: dict) -> tuple:
    return (f["metric"], f["housing_type"], f["region"], f["period_start"], f["period_end"], f["unit"], _stance(f))


def _stance(f: dict) -> str:
    """What a figure says of its years: done (actual), to be done (plan or forecast alike), or a rule
    (standard). 2000套 planned and 2100套 done for one year are no contradiction."""
    return {"plan": "plan", "forecast": "plan"}.get(f["kind"], f["kind"])


# words before a figure that narrow what it counts beyond its metric, type, place and years: a batch
# (第2批次), a part of the year (6月份, 一季度, 上半年), a basis (环比, 同比), an inclusion note
# ((含非住宅)), an average (年均, 月均). A prose figure and a table figure that differ in them are not
# the same figure.
SCOPE_MARKERS = re.compile(
    r"第\s*[\d一二三四五六七八九十]+\s*批|首批|批次"
    r"|(?<!\d)\d{1,2}\s*(?:[-—–~～至]\s*\d{1,2}\s*)?月份?|[一二三四十]{1,2}月份?|[一二三四1-4]\s*季度|上半年|下半年|前三季度"
    r"|环比|同比|[（(]\s*(?:含|包括|不含)[^（()）]*[）)]|年均|月均|日均|平均|每年|户均|套均")
AVERAGE = re.compile(r"年均|月均|日均|平均|每年|户均|套均")
FALL_WORDS = re.compile(r"(下降|减少|降低|回落|下滑|下跌|收窄|负)\s*$")


def _before(f: dict) -> str:
    """The words of a prose figure's quote before the figure (the 20 of 20套, not of 2025年)."""
    raw = rf"(?<![\d.]){re.escape(f['raw_value'])}(?![\d])"
    found = re.search(raw + rf"(?=\s*{re.escape(f['raw_unit'])})", f["quote"]) or re.search(raw, f["quote"])
    return f["quote"][: found.start()] if found else f["quote"]


def _markers(text: str) -> set[str]:
    return {re.sub(r"\s+|份$", "", m.group()) for m in SCOPE_MARKERS.finditer(text)}


def _signed(f: dict) -> float:
    """A change written in words (同比下降5.3%) as the signed figure a table writes (-5.3)."""
    if f["unit"] in ("percent", "permille") and f["value"] > 0 and FALL_WORDS.search(_before(f)[-6:]):
        return -f["value"]
    return f["value"]


def prose_vs_table(context, facts: list[dict], titles: dict[int, str] | None = None) -> list[Finding]:
    """A figure in the prose against the table figure it repeats (same metric, housing type,
    region, period and unit, and both planned or both done) when the two disagree; not when the
    words before the prose figure and the table's cell and title (`titles`, by block) narrow them
    differently (6月份 against a table of the half-year, a total against a table of 首批 projects)."""
    doc_id, source_file = context
    table: dict[tuple, list[dict]] = defaultdict(list)
    for f in facts:
        if _cell(f) and f["metric"] != "other" and f["qualifier"] in ("exact", "approx"):
            table[_key(f)].append(f)
    prose: dict[tuple, list[dict]] = defaultdict(list)
    for f in facts:
        if not _cell(f):
            prose[(f["block_index"], *_key(f))].append(f)
    out = []
    for f in facts:
        if _cell(f) or f["metric"] == "other" or f["qualifier"] not in ("exact", "approx"):
            continue
        same = table.get(_key(f), [])
        if not same or any(_disagree(t["value"], tolerance(t), same[0]["value"], tolerance(same[0])) for t in same):
            continue  # no table figure, or the tables themselves hold several values for this key
        if len({p["value"] for p in prose[(f["block_index"], *_key(f))]}) > 1:
            continue  # the paragraph gives several values the catalog does not tell apart
        t = same[0]
        if _markers(_before(f)) != _markers(t["quote"] + " " + (titles or {}).get(_cell(t)[0], "")):
            continue  # 6月份 against the half-year's table, 第2批次 against all the projects
        slack = 0.02 * abs(f["value"]) if f["qualifier"] == "approx" else 0.0  # 约31.43万套 is about 314358
        if not _disagree(_signed(f), tolerance(f) + slack, t["value"], tolerance(t)):
            continue
        message = (f"{f['locator']} says {f['raw_value']}{f['raw_unit']} ({f['metric']}, {f['housing_type']}); "
                   f"the table at {t['locator']} says {t['raw_value']}{t['raw_unit']}")
        out.append(Finding("prose_vs_table", "error", doc_id, source_file, message, t["value"], f["value"], (f, t)))
    return out


def parts_vs_total(context, facts: list[dict]) -> list[Finding]:
    """A figure against the 其中 parts the next sentence lists (3464套; 其中公租房1200套、保租房2446套)."""
    doc_id, source_file = context
    prose = [f for f in facts if not _cell(f) and f["qualifier"] in ("exact", "approx")]
    out = []
    for i, total in enumerate(prose):
        parts = [p for p in prose[i + 1 :] if p["locator"] == total["locator"] or p["block_index"] == total["block_index"] + 1]
        parts = [p for p in parts if p["quote"].startswith("其中") and p["quote"] != total["quote"]
                 and p["metric"] == total["metric"] and p["unit"] == total["unit"]
                 and p["period_start"] == total["period_start"] and p["period_end"] == total["period_end"]
                 and _stance(p) == _stance(total)]
        if len(parts) >= 2 and _breaks_down(total, parts):
            out += _compare_sum(doc_id, source_file, "parts_vs_total", total, parts,
                                f"{total['locator']}: {total['raw_value']}{total['raw_unit']} against its 其中 parts",
                                at_most=True)
    return out


def _breaks_down(total: dict, parts: list[dict]) -> bool:
    """Parts split their total along one line: by housing type within its place (其中公租房…、保租房…),
    or by place within its housing type (其中市区…、各县…). A 其中 naming one place's share of several
    programmes (其中，某州新开工…90套，改造老旧小区80个) is not a breakdown."""
    by_type = all(p["region"] == total["region"] for p in parts) and len({p["housing_type"] for p in parts}) == len(parts)
    by_place = all(p["housing_type"] == total["housing_type"] for p in parts) and len({p["region"] for p in parts}) == len(parts)
    return by_type or by_place


def schedule_vs_total(context, facts: list[dict]) -> list[Finding]:
    """A multi-year figure against the yearly figures of the same measure that cover its years."""
    doc_id, source_file = context
    yearly: dict[tuple, dict[int, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for f in facts:
        # a yearly schedule: figures under a heading named by their year (2027年建设计划)
        if (f["period_start"] is not None and f["period_start"] == f["period_end"] and f["kind"] == "plan"
                and str(f["period_start"]) in (f["section"] or "").split(" / ")[-1]):
            yearly[(f["metric"], f["housing_type"], f["region"], f["unit"])][f["period_start"]].append(f)
    out = []
    for f in facts:
        start, end = f["period_start"], f["period_end"]
        if (start is None or end is None or end <= start or f["qualifier"] not in ("exact", "approx")
                or _stance(f) != "plan"):  # the schedule is of plans: an actual total is no sum of them
            continue
        years = yearly.get((f["metric"], f["housing_type"], f["region"], f["unit"]), {})
        if all(len(years.get(y, [])) == 1 for y in range(start, end + 1)):
            parts = [years[y][0] for y in range(start, end + 1)]
            out += _compare_sum(doc_id, source_file, "schedule_vs_total", f, parts,
                                f"{f['locator']}: {f['raw_value']}{f['raw_unit']} for {start}-{end} against the yearly schedule")
    return out


COUNT_UNITS = ("unit", "household", "item")
_FAMILY = re.compile(r"_(?:units|floor_area|households|communities|projects|buildings)$")


def unit_mismatch(context, facts: list[dict]) -> list[Finding]:
    """The same number written with one unit in the prose and a different kind of unit in a table
    cell about the same thing (非成套住房117.279套 where the table's column is 面积（万㎡）): the same
    measure (new starts in 套 or in 万㎡ alike), housing type and years; a number that merely recurs
    in a table about something else (2019.5亩 of land, 2019.5万元 of one county's funds) is no
    finding. Two counts (6627套 against a table's 6627户) are a warning: 套 and 户 often count the
    same dwellings."""
    doc_id, source_file = context
    tables = defaultdict(list)
    for f in facts:
        if _cell(f):
            tables[f["raw_value"]].append(f)
    out = []
    for f in facts:
        if _cell(f) or len(re.sub(r"\D", "", f["raw_value"])) < 4:  # short numbers repeat by chance
            continue
        for t in tables.get(f["raw_value"], []):
            if t["unit"] == f["unit"] or not _same_thing(f, t):
                continue
            counts = f["unit"] in COUNT_UNITS and t["unit"] in COUNT_UNITS
            message = (f"{f['locator']} writes {f['raw_value']}{f['raw_unit']} ({f['unit']}); the table at "
                       f"{t['locator']} has {t['raw_value']} under {_labels(t)[1]} ({t['unit']})")
            out.append(Finding("unit_mismatch", "warning" if counts else "error", doc_id, source_file, message,
                               None, f["value"], (f, t)))
    return out


def _same_thing(a: dict, b: dict) -> bool:
    """Two facts about the same measure of the same housing in the same years (their units aside);
    a fact whose metric the catalog does not know (other) only about the same place."""
    if (a["housing_type"], a["period_start"], a["period_end"]) != (b["housing_type"], b["period_start"], b["period_end"]):
        return False
    if "other" in (a["metric"], b["metric"]):
        return a["region"] == b["region"]
    return _FAMILY.sub("", a["metric"]) == _FAMILY.sub("", b["metric"])


def average_size(context, facts: list[dict]) -> list[Finding]:
    """The floor area per dwelling a plan implies (an area and a count of units stated together
    for the same measure) far outside the plan's own range: under a third or over three times the
    median of its pairs."""
    doc_id, source_file = context
    pairs = []
    by_place: dict[tuple, dict[str, dict]] = defaultdict(dict)
    for f in facts:
        family = re.sub(r"_(units|floor_area)$", "", f["metric"])
        averaged = not _cell(f) and AVERAGE.search(_before(f)[-8:])  # 年均销售量0.64万套: a year's, not the total's
        if family != f["metric"] and f["qualifier"] in ("exact", "approx") and f["value"] > 0 and not averaged:
            row = _cell(f)
            place = (row[0], row[1]) if row else (f["locator"], f["quote"])
            key = (*place, family, f["housing_type"], f["region"], f["period_start"], f["period_end"])
            if f["unit"] == "m2" and "unit" not in by_place[key]:
                by_place[key]["m2"] = f  # the area nearest before the count (住宅 area, not all 商品房)
            else:
                by_place[key].setdefault(f["unit"], f)
    for key, found in by_place.items():
        if "unit" in found and "m2" in found:
            pairs.append((found["m2"]["value"] / found["unit"]["value"], found["unit"], found["m2"]))
    if len(pairs) < 3:
        return []
    sizes = sorted(size for size, _, _ in pairs)
    median = sizes[len(sizes) // 2]
    out = []
    for size, units, area in pairs:
        if size > 3 * median or size < median / 3:
            message = (f"{area['locator']}: {area['raw_value']}{area['raw_unit']} for {units['raw_value']}{units['raw_unit']} "
                       f"is {size:,.0f} m2 per dwelling; the plan's median is {median:,.0f} m2")
            out.append(Finding("average_size", "warning", doc_id, source_file, message, median, size, (units, area)))
    return out
