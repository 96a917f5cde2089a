"""Places anywhere in China: full and short spellings with their GB/T 2260 codes, names outside the
division table (新区, 高新区: code NULL), totals and whole-jurisdiction words, figures about several
places in one sentence."""
from __future__ import annotations

import pytest

from extractors import extract
from parsers import meaning, regions
from parsers.facts import parse
from parsers.meta import DocumentInfo

PROVINCE = DocumentInfo("关于下达2025年全省保障性安居工程目标任务的通知", "贵州省", "target_notice", 2025, 2025, "520000")
NOWHERE = DocumentInfo(None, None, "other", None, None, None)


def test_the_table_holds_every_level():
    names = regions.divisions()
    assert names["520000"] == "贵州省"
    assert names["522600"] == "黔东南苗族侗族自治州"  # an autonomous prefecture
    assert names["152500"] == "锡林郭勒盟" and names["653100"] == "喀什地区"
    assert names["110105"] == "朝阳区" and names["653121"] == "疏附县"  # districts and counties


@pytest.mark.parametrize("written, code", [
    ("黔东南苗族侗族自治州", "522600"), ("黔东南州", "522600"), ("湘西土家族苗族自治州", "433100"), ("湘西州", "433100"),
    ("巴音郭楞蒙古自治州", "652800"), ("巴音郭楞州", "652800"), ("伊犁州", "654000"),  # ethnic names without 族
    ("广西壮族自治区", "450000"), ("广西", "450000"), ("贵州省", "520000"), ("内蒙古", "150000"),
    ("北京市", "110000"), ("锡林郭勒盟", "152500"), ("肃南县", "620721"), ("塔什库尔干县", "653131"),
])
def test_full_and_short_spellings_resolve_to_their_code(written, code):
    assert regions.resolve_place(written, NOWHERE) == (written, code)
    assert regions.region_code(written, None, None) == code


def test_ambiguous_names_get_a_code_only_from_context():
    assert regions.region_code("朝阳区", None, None) is None  # 北京 and 长春 both have one
    assert regions.region_code("朝阳区", "北京市", "110000") == "110105"  # the jurisdiction decides
    assert regions.region_code("北京市朝阳区", None, None) == "110105"  # the place written before it decides
    assert regions.region_code("吉林", None, None) is None  # a province and a city


def test_named_areas_outside_the_table_keep_their_name_without_a_code():
    assert regions.resolve_place("贵安新区", PROVINCE) == ("贵安新区", None)
    assert regions.resolve_place("经开区", PROVINCE) == ("经开区", None)
    assert regions.resolve_place("贵阳高新区", PROVINCE) == ("贵阳高新区", None)
    assert [(p.name, p.code) for p in regions.find_places("其中，贵安新区新开工1000套，遵义市经开区500套")] == [
        ("贵安新区", None), ("遵义市经开区", None)]
    assert regions.region_code("贵安新区", "贵州省", "520000") is None


def test_totals_and_whole_jurisdiction_labels_are_the_jurisdiction():
    for label in ("全省合计", "合计", "合 计", "总计", "全省"):
        assert regions.resolve_place(label, PROVINCE) == ("贵州省", "520000"), label
    assert regions.is_total_label("全市总计") and not regions.is_total_label("小计")
    assert not regions.is_total_label("黔东南州")
    assert regions.resolve_place("黔东南州", PROVINCE) == ("黔东南州", "522600")
    assert regions.resolve_place("张三李四", PROVINCE) is None


def test_two_character_names_inside_words_are_not_places():
    assert not regions.find_places("就业集中区域，各县和县级市")  # 中区, 和县
    assert not regions.find_places("满足日照间距，确保长治久安")  # bare stems need a boundary after them


def test_place_in_prose_anywhere_in_china():
    assert meaning.place("2025年，全省计划新开工保障性住房", PROVINCE) == "贵州省"
    assert meaning.place("其中黔东南州计划新开工", PROVINCE) == "黔东南州"
    assert meaning.place("湖北省武汉市计划新开工", PROVINCE) == "武汉市"
    assert meaning.place("江苏省住房和城乡建设厅发布，今年全省计划筹集", NOWHERE) == "江苏省"
    # a city document: 全省 is the province, kept as written
    city = DocumentInfo("张掖市2026年住房发展年度计划", "张掖市", "annual_plan", 2026, 2026, "620700")
    assert meaning.place("占全省的", city) is None and meaning.place("全省计划", city) == "全省"


def test_a_roundup_gives_each_figure_its_place(tmp_path):
    path = tmp_path / "roundup.txt"
    path.write_text("多地公布今年住房目标\n"
                    "江苏省计划筹集保障性租赁住房8万套（间），安徽省计划改造城镇老旧小区900个；"
                    "南京市计划供应住宅用地400公顷，合肥市计划新开工保障性住房2000套。\n", encoding="utf-8")
    facts = parse(extract(path))
    assert [(f.quantity.raw_value, f.region, f.region_code) for f in facts] == [
        ("8", "江苏省", "320000"), ("900", "安徽省", "340000"), ("400", "南京市", "320100"), ("2000", "合肥市", "340100")]


def test_a_provincial_notice_gives_its_totals_the_province(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text("贵州省住房和城乡建设厅关于下达2025年全省保障性安居工程目标任务的通知\n"
                    "各市（州）住房城乡建设局：\n"
                    "2025年全省计划新开工保障性住房1.2万套。其中，黔东南苗族侗族自治州新开工1500套，贵安新区300套。\n",
                    encoding="utf-8")
    facts = parse(extract(path))
    assert [(f.quantity.raw_value, f.region, f.region_code) for f in facts] == [
        ("1.2", "贵州省", "520000"), ("1500", "黔东南苗族侗族自治州", "522600"), ("300", "贵安新区", None)]


def test_places_given_as_examples_or_yardsticks_are_not_the_figures_place():
    city = DocumentInfo("张掖市2026年住房发展年度计划", "张掖市", "annual_plan", 2026, 2026, "620700")
    assert meaning.place("需求集中在甘州区经开区、临泽县产业园等就业集中区域，租金控制在市场价", city) is None
    assert meaning.place("江苏省、浙江省等地计划新开工", NOWHERE) is None
    assert meaning.place("为全省和全国提供示范样板，并获得奖励资金", city) is None
    assert meaning.place("临泽县计划新开工", city) == "临泽县"


# ---------------------------------------------------------------- round 2: unseen documents

XINJIANG = DocumentInfo("关于下达2025年城镇保障性安居工程目标任务的通知", "新疆维吾尔自治区", "target_notice", 2025, 2025,
                        "650000")
DISTRICT = DocumentInfo("重庆市江津区2025年住房发展年度计划", "江津区", "annual_plan", 2025, 2025, "500116")


@pytest.mark.parametrize("written, code", [
    ("瀍河区", "410304"),  # an ethnic district (瀍河回族区) without its ethnic name
    ("鄂伦春旗", "150723"), ("鄂温克旗", "150724"),  # a banner named after its people (鄂伦春自治旗)
    ("巴州", "652800"), ("克州", "653000"), ("博州", "652700"),  # a long prefecture name: its first character
])
def test_short_forms_of_ethnic_districts_banners_and_long_prefecture_names(written, code):
    assert regions.resolve_place(written, NOWHERE) == (written, code)
    assert regions.region_code(written, None, None) == code


def test_townships_are_places_without_a_code():
    assert [(p.name, p.code) for p in regions.find_places("其中，城厢街道计划新开工1000套，龙泉镇计划筹集200套")] == [
        ("城厢街道", None), ("龙泉镇", None)]
    assert [p.name for p in regions.find_places("江津区双福街道计划")] == ["双福街道"]  # a township after its district
    # 其中镇 is no township: the county after 其中 is still found
    assert [(p.name, p.code) for p in regions.find_places("其中镇平县68亿元")] == [("镇平县", "411324")]
    assert regions.resolve_place("周市镇", DISTRICT) == ("周市镇", None)  # 市 may stand in a township's name
    assert regions.resolve_place("几江街道", DISTRICT) == ("几江街道", None)
    assert meaning.place("其中，城厢街道计划新开工", DISTRICT) == "城厢街道"


@pytest.mark.parametrize("text", ["全区城镇老旧小区改造，各乡镇要", "，推进城乡融合，统筹城乡发展", "，特色小镇和重点镇建设",
                                  "，辖区街道要落实", "，中心镇"])
def test_general_words_ending_in_a_township_word_are_no_place(text):
    assert regions.find_places(text) == ()


def test_a_bare_stem_before_what_the_sentence_says_of_it():
    assert [(p.name, p.code) for p in regions.find_places("云南提出，今年贵州的任务")] == [("云南", "530000"), ("贵州", "520000")]
    assert meaning.place("云南提出，今年全省将新开工", NOWHERE) == "云南"  # 全省 after a province's short name


def test_xpcc_divisions_and_their_cities():
    assert regions.resolve_place("第八师石河子市", XINJIANG) == ("第八师石河子市", "659001")
    assert regions.region_code("第八师石河子市", "新疆维吾尔自治区", "650000") == "659001"
    assert regions.resolve_place("第三师", XINJIANG) == ("第三师", None)  # a division without a city
    assert [(p.name, p.code) for p in regions.find_places("兵团方面，第八师石河子市计划，第三师计划")] == [
        ("第八师石河子市", "659001"), ("第三师", None)]
    assert [(p.name, p.code) for p in regions.find_places("新疆生产建设兵团住房和城乡建设局")] == [("新疆生产建设兵团", None)]


def test_own_level_words_and_parts_run_by_a_place_itself():
    assert regions.resolve_place("自治区合计", XINJIANG) == ("新疆维吾尔自治区", "650000")
    assert regions.resolve_place("兵团", XINJIANG) == ("兵团", None)  # another unit's own word
    assert regions.resolve_place("伊犁州直", XINJIANG) == ("伊犁州直", None)  # 州直属县市: not the whole 伊犁州
    assert regions.resolve_place("市本级", DISTRICT) == ("市本级", None)
    assert regions.resolve_place("垂直", XINJIANG) is None and regions.resolve_place("一直", XINJIANG) is None


def test_unseen_documents_give_each_region_its_code():
    """Who issued them, and the code of each figure's region (tests/data/unseen, written blind)."""
    from pathlib import Path

    unseen = Path(__file__).parent / "data" / "unseen"
    codes = {}
    for name in ("places-xinjiang-2025-targets", "places-luoyang-2025-notice", "places-jiangjin-2025-annual-plan"):
        facts = parse(extract(unseen / f"{name}.docx"))
        codes.update({f.region: f.region_code for f in facts})
    assert {r: codes[r] for r in ("新疆维吾尔自治区", "巴州", "克州", "博州", "第八师石河子市", "第三师", "伊犁州直", "兵团",
                                  "瀍河区", "瀍河回族区", "洛阳高新区", "江津区", "双福街道", "珞璜镇")} == {
        "新疆维吾尔自治区": "650000", "巴州": "652800", "克州": "653000", "博州": "652700", "第八师石河子市": "659001",
        "第三师": None, "伊犁州直": None, "兵团": None, "瀍河区": "410304", "瀍河回族区": "410304", "洛阳高新区": None,
        "江津区": "500116", "双福街道": None, "珞璜镇": None}


def test_words_for_a_whole_league_or_banner():
    banner = DocumentInfo("准格尔旗2025年住房发展年度计划", "准格尔旗", "annual_plan", 2025, 2025, "150622")
    league = DocumentInfo("关于下达2025年全盟保障性安居工程目标任务的通知", "兴安盟", "target_notice", 2025, 2025, "152200")
    assert meaning.place("2025年，全旗计划新开工", banner) == "准格尔旗"
    assert meaning.place("我旗计划新开工", banner) == "准格尔旗"
    assert meaning.place("2025年，全盟计划新开工", league) == "兴安盟"
    assert regions.resolve_place("全盟合计", league) == ("兴安盟", "152200")
    assert meaning.place("各旗县（市、区）计划", league) == "各旗县（市、区）"
    assert meaning.place("主城都市区计划新开工", DISTRICT) == "主城都市区"  # a planning area, not 市区
