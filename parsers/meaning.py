"""What a figure means, from the words around it: metric, housing type, region, period and kind.

Each helper takes context texts in order of authority (the figure's own sentence or cell labels
first, then titles and the headings above, innermost first) and returns the first answer found.
Signal words count only where they stand as whole words (see words.py).
"""
from __future__ import annotations

import re
from functools import cache, lru_cache

from parsers.catalog import housing_types, metrics, relative_years, scope_words, stock_words, unit_words, units
from parsers.meta import DocumentInfo
from parsers.periods import last_period
from parsers.regions import examples, is_whole, last_place, whole_of
from parsers.words import add_words, first_word_at, last_word

FORECAST_WORDS = ("预计", "预测")  # not 预期: 稳预期 is a slogan
ACTUAL_WORDS = ("截至", "截止", "累计完成", "已完成", "完成了", "完成投资", "现有", "实施了",
                # 已 before the work done (2025年1-6月，全市已供应住宅用地320亩)
                "已供应", "已出让", "已开工", "已新开工", "已竣工", "已筹集", "已建成", "已改造", "已分配", "已发放",
                "已交付", "已销售", "已于", "已经",
                # 实际 before the work done (上年全市实际发放贷款30亿元): not 结合实际
                "实际完成", "实际发放", "实际供应", "实际出让", "实际开工", "实际新开工", "实际竣工", "实际筹集",
                "实际建成", "实际改造", "实际分配", "实际交付", "实际销售", "实际投资", "实际归集", "实际提取")
PLANNED_BEFORE_DONE = ("计划", "力争", "确保", "争取", "要", "将", "拟", "预期", "目标")
PLANNED_CLAUSE_WORDS = ("计划", "力争", "确保", "争取", "拟", "目标")
# a figure its own clause announces as planned: 计划 with the work planned, up to the figure (计划筹集…2000套)
PLANNED_FIGURE = re.compile(r"(?:年度)?计划(?:新建|筹集|建设|新开工|开工|供应|改造|实施|发放|分配|竣工)[^，,。；;：:]*$")
AMOUNT_UNITS = ("yuan", "unit", "household", "item")
# a level of the market a plan aims at, written 控制在/稳定在 like a rule: 去化周期控制在18个月以内 is a target
TARGET_LEVELS = ("destocking_months",)
TARGET_WORDS = ("控制在",)
# counts of what is to be done: a bound on them (不少于150户) is a target, not a rule
COUNTED_UNITS = ("unit", "household", "item", "person")
# the size of one dwelling (套型建筑面积以90—144平方米为主) is a standard wherever a plan states it
RULE_METRICS = ("dwelling_size",)
STANDARD_WORDS = ("应停止", "控制在", "不得", "原则上", "额度", "上限", "下限", "补助标准", "补贴标准", "标准为",
                  # loan terms a policy sets (首付比例调整为25%, 贷款期限最长可达25年, 贷款利率下调0.2个百分点)
                  "首付", "贷款期限", "贷款利率")
# a floor or ceiling written as a rule (比例不低于20%, 面积不超过120平方米) is a standard; 超过30% is a target
RULE_BOUNDS = re.compile(r"(不低于|不少于|不超过|不高于|不大于|不小于)\s*[\d零一二两三四五六七八九十百千]+[^，。；]*$")
# "去化周期在36个月以上的应停止供地": a figure that starts a condition is a threshold, not a target
CONDITION = re.compile(r"^(以上|以下|以内|之间|及以上|及以下)?[）)]?(的|时)")
# 保持在12至18个月的合理区间: the range a level is to stay in is a target, not a condition (超过12-18个月的
# 合理区间 names a norm)
KEEP_WITHIN = re.compile(r"(保持在|稳定在|维持在|控制在)[^，,。；;]{0,12}$")
RANGE_NAMED = re.compile(r"^的?(合理)?(区间|范围|水平)")
# an area of one dwelling (不超过120平方米, 平均户型120平方米) is not an amount of housing: small areas
# written in 平方米 go to the per-dwelling or per-person metrics only
SMALL_AREA = 1000.0
PER_DWELLING_METRICS = ("dwelling_size", "per_capita_floor_area")
PRICE_METRIC = "price"
LAND_UNITS = ("公顷", "亩", "万亩", "平方公里")
POLICY_HEADINGS = ("保障措施", "政策支持")
REPORT_TYPES = ("statistical_report",)
# what a report still plans (下半年计划再筹集800套); 完成年度计划的102% is done
REPORT_PLAN = re.compile(r"(计划|力争|确保|争取|拟)(?!的|任务|目标)")
# a mid-year report restating the year's targets: 市下达我县开工改造老旧小区20个, under 一、年度目标任务
TARGETS_GIVEN = re.compile(r"下达(?!的)")
REPORT_TARGET_HEADINGS = ("目标任务", "年度目标", "年度任务", "计划安排")
# 占全市46.27%, 与全国相比, 向全国推广: the whole city or country as a yardstick, not the figure's area
# 为全省和全国提供示范: the places a thing serves, not the figure's area
YARDSTICK = re.compile(r"(占|与|较|比|同|向|为|超过|低于|高于)(全国|全省|全市|全区|全县)(?:[和及与、](全国|全省|全市|全区|全县))*")
# 申请家庭在中心城区无自有住房, 在本市连续缴纳社会保险: where an applicant lives or works is a condition on
# who qualifies, not the area of the figure
RESIDENCE = re.compile(r"在[^，,。；;在]{2,12}?(?=无自有|无住房|没有住房|拥有|工作|就业|居住|落户|连续缴纳|缴纳|缴存)")
TOTAL_WORDS = ("总计", "合计", "全市", "全县", "全区", "全地区", "全州", "总量", "全部")


@cache
def _signal_words() -> None:
    add_words({*_catalog_signals(), *scope_words()})


def nearest(text: str, signals: dict[str, str]) -> str | None:
    """The code of the signal word standing last in `text` (the longer word wins a tie)."""
    return _signal_standing(text, signals, last=True)


@cache
def _catalog_signals() -> tuple[str, ...]:
    """Every signal word of the metrics and the housing types, once each."""
    return tuple(dict.fromkeys([*(w for m in metrics().values() for w in m.signals),
                                *(w for h in housing_types().values() for w in h.signals)]))


@lru_cache(maxsize=2048)  # headings and labels are asked again for every figure under them
def _signals_in(text: str) -> tuple[str, ...]:
    """The catalog's signal words written in `text` (standing or not): most are absent."""
    return tuple(w for w in _catalog_signals() if w in text)


def _signal_standing(text: str, signals: dict[str, str], last: bool) -> str | None:
    """The code of the signal word standing last (or first) in `text`; the longer word wins a tie.
    `signals` maps catalog signal words (see _catalog_signals) to codes."""
    _signal_words()
    best: tuple[int, int, str] | None = None
    for word in _signals_in(text):
        code = signals.get(word)
        if code is None:
            continue
        pos = last_word(text, word) if last else first_word_at(text, word)
        if pos >= 0:
            cand = (pos + len(word) if last else -pos, len(word), code)
            best = max(best, cand) if best else cand
    return best[2] if best else None


def first(fn, texts):
    for t in texts:
        if t and (found := fn(t)) is not None:
            return found
    return None


def metric(contexts, unit: str, quantity=None, after: str = "", rest: str = "") -> str:
    """The nearest measure word whose metric is counted in `unit`: the unit picks among a word's
    metrics (新开工 → projects, units or floor area). A word right after the figure, before any
    punctuation, names what is counted first (43个保交房项目); then the words of the figure's own
    comma-clause before it, then the first measure word in the rest of its clause (向3500户困难家庭
    发放租赁补贴; 一期工程800套安置住房已于…交付使用), then the earlier clauses and the other contexts.
    A unit statement (单位：个) names no measure. A change rate (下降2.7%) of a price is a price change;
    a rate with no measure word is a coverage rate when what follows says what meets it (100%执行
    绿色建筑标准), a share when it is written as one of a whole (市场价格的60%, 三成小区)."""
    contexts = [UNIT_NOTE.sub(lambda m: " " * len(m.group()), t) if t and "单位" in t else t for t in contexts]
    small = land = None
    if unit == "m2" and quantity is not None:
        raw = unit_words().get(quantity.raw_unit, quantity.raw_unit)
        small = 0 < quantity.value < SMALL_AREA and units()[raw].factor == 1
        land = raw in LAND_UNITS
    candidates, signals = _candidates(unit, small, land)
    if contexts and contexts[0]:
        contexts[0] = _adjectival_new(contexts[0], signals)
    own = re.split(r"[，,；;]", contexts[0])[-1] if rest and contexts and contexts[0] else ""
    if unit == "percent" and contexts and contexts[0] and PART_OF_PLAN.search(contexts[0]):
        return "completion_rate"  # 完成年度计划的91.5%, 占年度计划的17.2%
    counted = _counted(after)
    if (people := PEOPLE.search(counted)) and (done := _first_word(_own_rest(rest[rest.find(people.group()) + len(people.group()):], "、"), signals)):
        return done  # 为21100户城镇住房保障家庭发放租赁补贴: the households are counted by what they are given
    found = (first(lambda t: nearest(t, signals), (counted, own))
             or (_first_word(_own_rest(rest, "、"), signals) if own or not rest else None)
             or first(lambda t: nearest(t, signals), contexts)
             or _first_word(_own_rest(rest), signals))
    if found == "growth_rate" and contexts and contexts[0] and re.search(r"(增加|增长|提高|下降|减少)(到|至)\s*$", contexts[0]):
        # 占比增加到30%: the level reached, not a change
        change = set(metrics()["growth_rate"].signals)
        found = nearest(contexts[0], {w: c for w, c in signals.items() if w not in change})
    if found == "growth_rate" and contexts and contexts[0] and _last_measure(contexts[0]) == PRICE_METRIC:
        return "price_change"
    # 改造城镇老旧小区42个，惠及居民1.36万户: the households a renewal reaches are renewal households;
    # 发放住房租赁补贴2.7万元，惠及1.3万户: those a subsidy reaches receive it
    if found == "assisted_households" and contexts and contexts[0] and REACH.match(re.split(r"[，,；;]", contexts[0])[-1]):
        done = _last_measure(contexts[0], set(metrics()["assisted_households"].signals)) or ""
        if done.startswith("renewal_"):
            return "renewal_households"
        if done == "rental_subsidy_households":
            return done
    # 老旧小区改造280个小区、1081栋: buildings are counted by 栋 (幢)
    if found and found.startswith("renewal_") and quantity is not None and quantity.raw_unit in BUILDING_UNITS:
        return "renewal_buildings"
    # 加装电梯150部: communities are counted in 个 (处), never in 部, 台 or 辆
    if found in COMMUNITY_METRICS and quantity is not None and quantity.raw_unit.lstrip("十百千万亿") not in COMMUNITY_UNITS:
        found = None
    if found is None and unit == "percent":
        found = _bare_rate(contexts[0] if contexts else "", after, rest)
    if found and metrics()[found].stock in candidates:
        found = _stock_form(found, (counted, own, *contexts[:2]), signals)  # the figure's own words, not a heading
    return found or "other"


@lru_cache(maxsize=64)
def _candidates(unit: str, small: bool | None, land: bool | None) -> tuple[frozenset[str], dict[str, str]]:
    """The codes of the metrics a figure in `unit` may have, and their signal words (word → code; shared,
    not to be changed). For an area in m2, `small`: an area of one dwelling (see SMALL_AREA); `land`:
    written in a land unit."""
    # 按每平方米300元给予购房补贴: an amount per square metre may be a subsidy's rate as well as a price
    candidates = [m for m in metrics().values() if m.base_unit == unit or (unit == "yuan_per_m2" and m.code in PER_M2_AMOUNTS)]
    if small is not None:
        candidates = [m for m in candidates if (m.code in PER_DWELLING_METRICS) == small]
    if land:  # 公顷 and 亩 measure land, never floor area
        candidates = [m for m in candidates if "land" in m.code.split("_")]
    return frozenset(m.code for m in candidates), {w: m.code for m in candidates for w in m.signals}


# the phrase of a measure word: from the last separator before it (a label's group, a comma, a figure)
PHRASE_BREAK = re.compile(r"[，,；;。：:、/|（）()\d]")


def _stock_form(code: str, texts, signals: dict[str, str]) -> str:
    """城镇居住用地总量, 现有住宅用地: a flow's measure word in a phrase saying stock (stock_words.csv)
    and no flow word (供应总量, 新增用地) names the stock, a level metric of its own."""
    for text in texts:
        if not text or nearest(text, signals) != code:
            continue
        words = [w for w in _signals_in(text) if signals.get(w) == code]
        end, length = max((pos + len(w), len(w)) for w in words if (pos := last_word(text, w)) >= 0)
        starts = [m.end() for m in PHRASE_BREAK.finditer(text, 0, end - length)]
        stop = PHRASE_BREAK.search(text, end)
        phrase = text[starts[-1] if starts else 0 : stop.start() if stop else len(text)]
        said = {says for word, says in stock_words().items() if word in phrase}
        return metrics()[code].stock if said == {"stock"} else code
    return code


PER_M2_AMOUNTS = ("housing_subsidy", "award_funds")
# 销售新建商品住房2000套: 新建 describes the housing, when a measure word stands before it in its clause
ADJECTIVAL_NEW = re.compile(r"新建(?=商品住房|商品房|商品住宅)")


def _adjectival_new(text: str, signals: dict[str, str]) -> str:
    if "新建" not in text:
        return text
    start = max(text.rfind(c) for c in "，,；;：:") + 1
    others = {w: c for w, c in signals.items() if w != "新建"}
    for m in ADJECTIVAL_NEW.finditer(text, start):
        if nearest(text[start : m.start()], others) is not None:
            text = text[: m.start()] + "  " + text[m.end() :]
    return text
# a figure written as a part of a plan or task (完成年度计划的91.5%, 完成改造任务的60%以上) is a completion rate
PART_OF_PLAN = re.compile(r"(计划|任务)的\s*$")
# a rate a levy is charged at (征收房产税), not a part of a whole
LEVY = re.compile(r"^\s*(征收|计征|缴纳|计提|征缴)")
BUILDING_UNITS = ("栋", "幢")
COMMUNITY_METRICS = ("renewal_communities", "complete_communities", "smart_communities", "managed_communities")
COMMUNITY_UNITS = ("个", "处")
# a clause counting whom the work before it reaches (，惠及居民1.36万户)
REACH = re.compile(r"^\s*(惠及|涉及|覆盖|受益)")
# the people a count of households or persons names (城镇住房保障家庭), not what is done for them
PEOPLE = re.compile(r"(家庭|居民|群众|职工|住户|农户|人口)")
# 单位：个 / （单位：万平方米、套）: the units of a table, not a measure (单位 also counts institutions)
UNIT_NOTE = re.compile(r"单位\s*[:：][^）)。；;]*")
# what a rate with no measure word is of: 100%执行绿色建筑标准 (those meeting it); 价格的60%, 其中约三成小区
# (a part of a whole)
MEETS = re.compile(r"^(以上|左右)?\s*(执行|达到|符合|满足|录入|纳入|实现)")


def _bare_rate(before: str, after: str, rest: str) -> str | None:
    if MEETS.match(_own_rest(rest)):
        return "coverage_rate"
    if LEVY.match(_own_rest(rest)):
        return None  # 按租金收入的4%征收房产税: a tax rate
    if before.rstrip().endswith("的") or "其中" in re.split(r"[，,；;]", before)[-1]:
        return "share"
    return None


def _last_measure(text: str, aside: set[str] | None = None) -> str | None:
    """The metric of the measure word standing last in `text`, the words `aside` (by default the
    change words) left out."""
    aside = metrics()["growth_rate"].signals if aside is None else aside
    return nearest(text, _measure_signals(frozenset(aside)))


@lru_cache(maxsize=16)
def _measure_signals(aside: frozenset[str] = frozenset()) -> dict[str, str]:
    """Signal word → metric code, of every metric, the words `aside` left out."""
    return {w: m.code for m in metrics().values() for w in m.signals if w not in aside}


# a date inside a clause (已于2024.12.28交付使用, 于2025年6月底前完成) is no figure that ends the clause's words
DATE = re.compile(r"(?:19|20)\d\d(?:[.．/-]\d{1,2}){1,2}|(?:(?:19|20)\d\d年)?\d{1,2}月(?:\d{1,2}日|底|末|份|上旬|中旬|下旬)?")


def _own_rest(rest: str, stops: str = "") -> str:
    """The words after a figure up to the end of its comma-clause (or `stops`) or the next figure (a
    date is none)."""
    rest = DATE.sub(lambda m: " " * len(m.group()), rest)
    m = re.match(rf"[^，,。；;：:\d{stops}]*", rest)
    return m.group() if m else ""


def _first_word(text: str, signals: dict[str, str]) -> str | None:
    """The code of the signal word standing first in `text` (the longer word wins a tie)."""
    return _signal_standing(text, signals, last=False)


def _counted(after: str) -> str:
    """The words right after a figure up to punctuation or the next number: 个保交房项目 → 保交房项目."""
    m = re.match(r"[^，,。；;、：:（(\d]{1,8}", after)
    return m.group() if m else ""


def is_price(contexts) -> bool:
    """Housing prices written in bare 元 are per square metre (商品住房价格为3100-4100元)."""
    return metric(contexts, "yuan_per_m2") == PRICE_METRIC


@cache
def _housing_signals() -> dict[str, str]:
    """Signals of housing types; `all` has only explicit words (各类住房, 住宅用地 with no type before it),
    since it is the default; 其他住宅用地 is `other`, housing outside the named types."""
    return {w: h.code for h in housing_types().values() for w in h.signals}


def housing_type(contexts) -> str:
    return first(lambda t: nearest(t, _housing_signals()), contexts) or "all"


# the households a renewal programme reaches (改造老旧小区8个，惠及居民960户) are the households it renews
RENEWAL_TYPES = ("old_community", "urban_village", "shantytown", "dilapidated")
# and the projects it starts (老旧小区改造已开工9个) are the communities renewed
RENEWAL_OF = {"assisted_households": "renewal_households", "new_start_projects": "renewal_communities"}


# dwellings of a kind a plan builds or raises, counted with no measure word (共有产权住房100套, a column
# 配售型保障性住房（套）): the dwellings to supply; of a renewal programme: the dwellings to renew
SUPPLIED_TYPES = ("affordable", "public_rental", "affordable_rental", "affordable_rental_type",
                  "affordable_for_sale", "shared_ownership", "talent", "resettlement", "market_rental")


def programme_metric(metric_code: str, housing_type_code: str, own: str | None = None,
                     stated: dict[str, str] | None = None) -> str:
    """A metric made specific by the housing type: households reached by a renewal programme are
    that programme's renewal households, not households given housing assistance; dwellings of a
    type a plan supplies, with no measure word of any metric in `own` (the figure's words), are
    dwellings of the measure the document states for that type (`stated`, see stated_measures: a
    column 配售型保障性住房（套） of a notice saying 新开工配售型保障性住房800套 holds new starts), else
    dwellings supplied (renewed, for a renewal programme). A renewal word of a title or heading
    (城中村改造项目计划表) does not measure dwellings a plan builds (安置住房（套）)."""
    if housing_type_code in RENEWAL_TYPES:
        metric_code = RENEWAL_OF.get(metric_code, metric_code)
    if own is not None and not any_measure(own):
        if housing_type_code in SUPPLIED_TYPES and metric_code in ("other", "renewal_units"):
            return (stated or {}).get(housing_type_code, "supply_units")
        if metric_code == "other" and housing_type_code in RENEWAL_TYPES:
            return "renewal_units"
    return metric_code


@lru_cache(maxsize=4)  # one document's texts: asked once per table of it
def stated_measures(texts: tuple[str, ...]) -> dict[str, str]:
    """The measure of dwellings a document's text writes right before each housing type it plans
    (新开工配售型保障性住房, 筹集保障性租赁住房, 开工安置住房): the metric counted in 套 of the words
    written most often, the first written on a tie (a renewal word is none). Types never written after
    such a word are left out."""
    _signal_words()
    # 城中村改造安置住房: the renewal is the village's; the dwellings are built
    measures = {w: m.code for m in metrics().values() if m.base_unit == "unit" and not m.code.startswith("renewal_")
                for w in m.signals}
    types = sorted(((w, h.code) for h in housing_types().values() if h.code in SUPPLIED_TYPES for w in h.signals),
                   key=lambda x: -len(x[0]))
    counts: dict[str, dict[str, int]] = {}
    for text in texts:
        taken: list[tuple[int, int]] = []
        for word, code in types:
            pos = text.find(word)
            while pos >= 0:
                end = pos + len(word)
                if not any(s < end and pos < e for s, e in taken):
                    taken.append((pos, end))
                    before = text[max(0, pos - 8) : pos]
                    found = [(len(w), c) for w, c in measures.items()
                             if before.endswith(w) and last_word(before, w) == len(before) - len(w)]
                    if found:
                        by_code = counts.setdefault(code, {})
                        measure = max(found)[1]
                        by_code[measure] = by_code.get(measure, 0) + 1
                pos = text.find(word, end)
    return {code: max(by.items(), key=lambda kv: kv[1])[0] for code, by in counts.items()}


def last_measure(text: str) -> str | None:
    """The metric of the measure word of any metric standing last in `text`."""
    return nearest(text, _measure_signals())


def any_measure(text: str) -> bool:
    """Whether `text` holds a measure word of any metric (销售, 库存, 竣工 …)."""
    return nearest(text, _measure_signals()) is not None


def place(text: str, info: DocumentInfo) -> str | None:
    """The scope word or place name standing last in `text`, as written: a place anywhere in China
    (贵州省, 黔东南州, 长沙高新区); for words meaning the whole of a place (全市, 全省, 全县（市）) the
    place of that kind named before them (广东省…今年全省…), else the jurisdiction when they mean
    the whole of it, else the word; the jurisdiction for its own name."""
    text = YARDSTICK.sub(lambda m: " " * len(m.group()), text)
    text = RESIDENCE.sub(lambda m: " " * len(m.group()), text)
    _signal_words()
    best: tuple[int, int, str] | None = None
    for word in scope_words():
        if word not in text:  # most are absent: a C-level look first
            continue
        pos = last_word(text, word)
        if pos >= 0:
            cand = (pos + len(word), len(word), word)
            best = max(best, cand) if best else cand
    if (found := last_place(examples(text), info)) is not None:
        end, length, region = found[0], found[1], found[2]
        if best is None or (end, length) > best[:2]:
            return region
    if best is None:
        return None
    word = best[2]
    return whole_of(word, text[: best[0] - best[1]], info) or (info.jurisdiction if is_whole(word, info.jurisdiction_code) else word)


def mask_yardsticks(text: str) -> str:
    """较“十三五”, 比2020年, 较上年, 与去年同期相比: a time named as a yardstick is not the figure's time
    (新开工面积较上年增长10% is a figure of the document's year)."""
    return _yardstick_time().sub(lambda m: " " * len(m.group()), text)


def yardstick_value(before: str) -> str:
    """较“十三五”销售量563.85万平米: a figure right after its yardstick, with no change word between,
    is the yardstick's own value, of its time; returns that time's words, else ""."""
    last = None
    for m in _yardstick_time().finditer(before):
        last = m
    if last is None or re.search(r"[，,。；;：:]|" + CHANGE_WORDS, before[last.end() :]) or len(before) - last.end() > 10:
        return ""
    return before[last.start(2) :]  # with what follows it: 较“十三五”末的 is its last year


CHANGE_WORDS = r"增长|下降|增加|减少|提高|降低|上升|回落|扩大|缩小|缩短|延长|压缩|收窄|相比|多|少|高|低|超|翻"


@cache
def _yardstick_time() -> re.Pattern[str]:
    relative = "|".join(map(re.escape, sorted(relative_years(), key=len, reverse=True)))
    return re.compile(rf"(较|比|相比|与|同|高于|低于|超过|多于|少于)“?(十[三四五六]五|(?:19|20)\d\d年|{relative})”?(同期)?")


def now(info: DocumentInfo) -> int | None:
    """The year a plan speaks from: the year before its period starts (a 2026 plan reviews to 2025)."""
    return info.period_start - 1 if info.period_start else None


def doc_year(info: DocumentInfo) -> int | None:
    """The year relative words (上年, 今年, 明年) count from: a single-year document's own year (an
    annual plan's plan year, the year of a 关于下达2025年…任务的通知); for a plan over several years
    the year it is written, `now` (its 今年 is the year before its period). None when unknown."""
    if info.period_start is None:
        return None
    if info.period_end is None or info.period_end == info.period_start:
        return info.period_start
    return now(info)


def period(contexts, info: DocumentInfo) -> tuple[int | None, int | None]:
    """The period the first context naming one gives (a yardstick such as 比上年 in a column header
    names none), else the document's."""
    single = info.period_start is not None and info.period_end in (None, info.period_start)
    start, year = now(info), doc_year(info)
    found = first(lambda t: last_period(mask_yardsticks(t), start, year, single), contexts)
    return found or (info.period_start, info.period_end)


def kind(clause: str, after: str, years: tuple[int | None, int | None], info: DocumentInfo, headings=(),
         metric_code: str = "", unit: str = "") -> str:
    """plan | actual | forecast | standard. A five-year plan's review of the past five years
    reports actuals; 预计 marks forecasts; a figure that sets a threshold or a rule is a standard.
    A figure of a year before the document's is an actual; an actual-word cannot make a figure of a
    later year one. The figure's metric and unit, where given, refine the rules (see _is_rule)."""
    if any(w in clause for w in FORECAST_WORDS) or any(w in h for h in headings for w in ("预测", "预计")):
        return "forecast"
    keep = KEEP_WITHIN.search(clause) is not None and RANGE_NAMED.match(after) is not None
    if (CONDITION.match(after) and not keep) or _is_rule(clause, metric_code, unit) or _is_rate_rule(clause, after):
        return "standard"
    # a bound on a count (向住房困难家庭发放补贴不少于6000户) is a target, not who qualifies
    if unit not in COUNTED_UNITS and _is_threshold(clause, after) and (
            ELIGIBILITY_WORDS.search(own_words(clause)) or any(w in h for h in headings for w in ELIGIBILITY_HEADINGS)):
        return "standard"
    # 实施保障措施: policy parameters (税率, 比例, 利率); an amount the measures commit (安排专项资金1.5亿元)
    # is still a plan
    if any(w in h for h in headings for w in POLICY_HEADINGS) and not (unit in AMOUNT_UNITS and _is_amount(metric_code)):
        return "standard"
    if PLANNED_FIGURE.search(clause) and not re.search(r"已|实际", PLANNED_FIGURE.search(clause).group()):
        return "plan"  # 2024年度计划筹集保障性住房2000套, said in a review: that year's target, not what was done
    start = info.period_start
    if start and years[1] and years[1] < start:  # 上年完成, 2023年: a year before the plan's
        return "actual"
    # a report of a past year (2024年…住房发展情况, published in 2025) states what was done in it; only
    # the later years it announces (2025年计划筹集…) are plans
    if info.doc_type in REPORT_TYPES and info.period_end and (years[1] or info.period_end) <= info.period_end \
            and not REPORT_PLAN.search(own_words(clause)) and not TARGETS_GIVEN.search(clause) \
            and not any(w in h for h in headings for w in REPORT_TARGET_HEADINGS):
        return "actual"
    # a time the text names after the document's year (到“十四五”末累计完成 in a 2024 plan) is still to come
    year = doc_year(info)
    named = years != (info.period_start, info.period_end)
    ahead = named and year is not None and years[0] is not None and years[0] > year
    if not ahead and _says_done(clause):
        return "actual"
    if is_review(headings):
        return "actual"
    return "standard" if metric_code in RULE_METRICS else "plan"


# headings of a review (第一章 发展基础 / 第一节 主要成效 / 一、上年工作完成情况): what was done
REVIEW_HEADINGS = ("回顾", "现状", "发展基础", "主要成效", "工作成效", "取得成效", "主要成就", "完成情况", "执行情况")


def is_review(headings) -> bool:
    return any(w in h for h in headings for w in REVIEW_HEADINGS)


def review_period(headings, years: tuple, info: DocumentInfo) -> tuple:
    """Under a review heading naming no time, a figure whose words name none either is of the time
    reviewed: a plan over several years reviews the five years before it, an annual plan the year
    before its own."""
    whole = (info.period_start, info.period_end)
    if years != whole or info.period_start is None or not is_review(headings) \
            or any(last_period(h, now(info), doc_year(info)) for h in headings if h):
        return years
    end = now(info)
    if info.period_end is None or info.period_end == info.period_start:
        return end, end
    return info.period_start - 5, end


def reviewed_level(years: tuple, info: DocumentInfo, metric_code: str, unit: str) -> tuple:
    """A level (a stock, a rate) of the years reviewed is where they ended."""
    level = unit in ("percent", "permille") or (metric_code in metrics() and metrics()[metric_code].measure == "level")
    if level and info.period_start is not None and years == (info.period_start - 5, now(info)):
        return years[1], years[1]
    return years


def _is_rule(clause: str, metric_code: str, unit: str) -> bool:
    """A rule word (控制在, 原则上) or a written bound (不低于20%) makes a standard, except 去化周期控制在18个月
    (a market level to reach), a bound on a count to do (发放补贴不少于150户) and a bound on an amount of
    housing or land to supply or build (供地规模控制在1.2平方公里以内). Only the figure's own words count: a rule
    word of an earlier figure in the clause (去化周期控制在18个月以内，均价保持在…) is not this one's."""
    clause = own_words(clause)
    # money to spend or lend in total (贷款发放额不低于100亿元) is a target like a count; money per dwelling,
    # household or project (单套最高不超过2万元) is a rule
    amount = metric_code in metrics() and metrics()[metric_code].measure == "flow" and (
        unit in ("m2", *COUNTED_UNITS) or (unit == "yuan" and not PER_ITEM.search(clause)))
    words = [w for w in STANDARD_WORDS
             if w in clause and not ((metric_code in TARGET_LEVELS or amount) and w in TARGET_WORDS)]
    # 新开工各类住房1万套，其中保障性住房占比不低于25%: the make-up of the amount just planned is a target
    share_of_plan = SHARE_OF_PLANNED.match(re.split(r"[，,]", clause)[-1]) is not None
    return bool(words) or (RULE_BOUNDS.search(clause) is not None and unit not in COUNTED_UNITS and not amount
                           and not share_of_plan)


SHARE_OF_PLANNED = re.compile(r"\s*其中[^，,。；;\d]{0,20}(占比|比重|所占比例)")


PER_ITEM = re.compile(r"单套|单个|单户|单项|单宗|单笔|每[套户人个项宗笔名]|每平方米|每㎡|套均|户均|最高|最多")
# 每套再给予2万元补贴, 每户补助1万元: an amount per dwelling or household granted is a rule
PER_ITEM_GRANT = re.compile(r"每(?:套|户|人|名|平方米|㎡)[^\d，,。；;]{0,10}" + r"\s*[\d.,，]+\s*[^\d，,。；;]{0,6}$")
# who may apply (准入条件): 人均住房建筑面积低于15平方米, 月收入在6000元以下, 年龄在35周岁以下, 缴纳社保12个月以上
ELIGIBILITY_HEADINGS = ("准入", "申请条件", "申请对象", "保障对象", "保障范围", "供应对象", "配售对象", "配租对象")
ELIGIBILITY_WORDS = re.compile(r"申请|收入|年龄|准入|缴纳|缴存|户籍|无自有住房|住房困难")
FIGURE_END = r"\s*[\d.,，]+\s*[^\d，,。；;]{0,6}$"  # the figure itself, which ends the clause kind() is given
# the bound may name its yardstick first: 不高于上年度城镇居民人均可支配收入的2倍
BOUND_BEFORE = re.compile(r"(低于|高于|小于|大于|不高于|不低于|不超过|不少于|少于|多于|超过|满)([^\d，,。；;]{0,30}的)?"
                          + FIGURE_END)
BOUND_AFTER = re.compile(r"^[）)]?\s*(及以下|及以上|以下|以上|以内|之内)")
# 租金按同地段市场租金的80%确定: a rate a price or rent is set at is a rule
# 按每平方米200元给予补助, 按每户1.5万元补助: an amount per unit is a rule too
RATE_RULE_BEFORE = re.compile(r"按(照)?[^，,。；;]{0,24}(的|每[^\d，,。；;]{1,6})" + FIGURE_END)
# 租金不高于同地段同品质市场租赁住房租金的90%: a bound on a price or rent against another is a rule
PRICE_BOUND = re.compile(r"(不高于|不低于|不超过|低于|高于)[^\d，,。；;]{0,30}(租金|价格|房价|收入|成本)[^\d，,。；;]{0,6}的"
                         + FIGURE_END)
RATE_RULE_AFTER = re.compile(r"^\s*(左右)?(的)?(确定|执行|收取|计收|核定|计算|给予|缴纳|补贴|补助|标准)")


def _is_threshold(clause: str, after: str) -> bool:
    """A bound the figure sets (低于15平方米, 6000元以下): a threshold, when its words say who qualifies."""
    return BOUND_BEFORE.search(clause) is not None or BOUND_AFTER.match(after) is not None


def _is_rate_rule(clause: str, after: str) -> bool:
    return ((RATE_RULE_BEFORE.search(clause) is not None or PER_ITEM_GRANT.search(clause) is not None)
            and RATE_RULE_AFTER.match(after) is not None) \
        or PRICE_BOUND.search(clause) is not None


def own_words(clause: str) -> str:
    """The comma-separated parts of a clause since the last part before the figure's own that holds
    another figure (a digit): "去化周期控制在18个月以内，均价保持在7500" → "均价保持在7500"."""
    parts = re.split(r"(?<=[，,])", clause)
    kept = [parts[-1]]
    for part in reversed(parts[:-1]):
        if re.search(r"\d", part):
            break
        kept.insert(0, part)
    return "".join(kept)


def _says_done(clause: str) -> bool:
    """An actual-word (累计完成, 已完成) not led by a plan word (计划完成投资 is a target), nor following
    one earlier in its clause (计划实施项目14个，…，完成投资18.6亿元) unless 已 or 实际 marks it done."""
    for word in ACTUAL_WORDS:
        pos = clause.find(word)
        while pos >= 0:
            if not clause[:pos].endswith(PLANNED_BEFORE_DONE) and not _planned_clause(clause[:pos]):
                return True
            pos = clause.find(word, pos + 1)
    return False


def _planned_clause(before: str) -> bool:
    """A plan word (计划, 力争 …) earlier in the clause, with no 已/实际 since."""
    plan = max((before.rfind(w) for w in PLANNED_CLAUSE_WORDS), default=-1)
    return plan >= 0 and not re.search(r"已|实际", before[plan:])


def _is_amount(metric_code: str) -> bool:
    return metric_code == "other" or (metric_code in metrics() and metrics()[metric_code].measure == "flow")


def level_period(metric_code: str, unit: str, years: tuple, info: DocumentInfo) -> tuple:
    """A plan's level or rate (a stock, a coverage, a share) is a state to reach at the end of the
    plan period; a flow (new starts, supply) adds up over it."""
    whole = (info.period_start, info.period_end)
    is_level = unit in ("percent", "permille") or metrics()[metric_code].measure == "level"
    if is_level and years == whole and whole[0] != whole[1] and whole[1] is not None:
        return whole[1], whole[1]
    return years
