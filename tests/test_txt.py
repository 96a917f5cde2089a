"""Plain-text plans (extractors/txt.py): encodings and line ends, hard-wrapped paragraphs, and tables
written with | separators, tabs or columns aligned with spaces, besides the seeds' flattened form."""
from __future__ import annotations

import unicodedata

import pytest

from extractors import BadInputError
from extractors.txt import extract
from parsers.facts import parse

PLAN = ["某市2025年住房发展年度计划", "一、住房建设计划", "2025年全市计划新开工商品住房1200套，竣工商品住房95万平方米。"]


def write(tmp_path, data: bytes, name: str = "plan.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def texts(path) -> list[tuple[str, str]]:
    return [(b.kind.value, b.text) for b in extract(path).blocks]


@pytest.mark.parametrize("encoding, newline", [("utf-8", "\n"), ("utf-8-sig", "\r\n"), ("gbk", "\r\n"),
                                               ("gb18030", "\n"), ("utf-16", "\r\n"), ("utf-8", "\r")])
def test_encodings_and_line_ends_read_alike(tmp_path, encoding, newline):
    path = write(tmp_path, newline.join(PLAN).encode(encoding))
    assert texts(path) == [("paragraph", PLAN[0]), ("heading", PLAN[1]), ("paragraph", PLAN[2])]
    assert {(f.quantity.value, f.quantity.unit, f.metric) for f in parse(extract(path))} == {
        (1200, "unit", "new_start_units"), (950000, "m2", "completion_floor_area")}


def test_gb18030_characters_outside_gbk(tmp_path):
    text = "䶮城区2025年计划新开工商品住房300套。\n" + "㐀" * 3  # CJK extension A: GB18030, not GBK
    path = write(tmp_path, text.encode("gb18030"))
    assert [b.text for b in extract(path).blocks] == ["䶮城区2025年计划新开工商品住房300套。", "㐀㐀㐀"]


def test_binary_is_still_refused(tmp_path):
    with pytest.raises(BadInputError, match="binary data"):
        extract(write(tmp_path, b"abc\x00\x01\x02"))


def wrap_chars(text: str, n: int) -> list[str]:
    return [text[i:i + n] for i in range(0, len(text), n)]


def wrap_columns(text: str, n: int) -> list[str]:
    lines, line, width = [], "", 0
    for ch in text:
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if width + w > n:
            lines.append(line)
            line, width = "", 0
        line += ch
        width += w
    return lines + [line] if line else lines


FIRST = ("　　2025年，全市商品住房新开工面积186.4万平方米，同比下降8.2%；商品住房销售面积231.5万平方米，"
         "同比增长2.6%，房地产开发投资完成312亿元。")
SECOND = "　　2026年全市计划新开工商品住房1.2万套、建筑面积约135万平方米，竣工商品住房150万平方米左右。"


@pytest.mark.parametrize("wrap", [lambda t: wrap_chars(t, 35), lambda t: wrap_columns(t, 66)],
                         ids=["35 characters", "66 columns"])
def test_hard_wrapped_lines_join_into_paragraphs(tmp_path, wrap):
    lines = ["某市2026年住房发展年度计划", "一、2025年住房发展情况", *wrap(FIRST), "二、2026年目标", *wrap(SECOND)]
    blocks = extract(write(tmp_path, "\n".join(lines).encode("utf-8"))).blocks
    assert [(b.kind.value, b.text) for b in blocks] == [
        ("paragraph", "某市2026年住房发展年度计划"), ("heading", "一、2025年住房发展情况"),
        ("paragraph", FIRST.strip()), ("heading", "二、2026年目标"), ("paragraph", SECOND.strip())]


def test_a_number_broken_across_wrapped_lines_is_read_whole(tmp_path):
    intro = ("　　为促进房地产市场平稳健康发展，加快构建房地产发展新模式，更好满足群众刚性和改善性住房需求，"
             "根据国家和省有关要求，结合我市实际，制定本计划。")
    text = "　　2026年全市计划新开工商品住房1.2万套、建筑面积约135万平方米，竣工商品住房150万平方米左右。"
    lines = ["某市2026年住房发展年度计划", *wrap_chars(intro, 31), *wrap_chars(text, 31)]
    assert "　　2026年全市计划新开工商品住房1.2万套、建筑面积约13" in lines  # 135 cut after 13
    values = {f.quantity.value for f in parse(extract(write(tmp_path, "\n".join(lines).encode("gbk"))))}
    assert values == {12000, 1350000, 1500000}


def test_wrapped_paragraphs_separated_by_indent_or_blank_line(tmp_path):
    one, two = "　　" + "甲" * 31 + "。", "　　" + "乙" * 40 + "。"
    lines = [*wrap_chars(one, 20), *wrap_chars(two, 20), "", *wrap_chars("丙" * 45 + "。", 20)]
    blocks = extract(write(tmp_path, "\r\n".join(lines).encode("utf-8"))).blocks
    assert [b.text for b in blocks] == [one.strip(), two.strip(), "丙" * 45 + "。"]


def test_paragraphs_one_a_line_are_not_joined(tmp_path):
    lines = ["2025年全市计划新开工商品住房1200套。", "2025年全市计划竣工商品住房11000套。", "2025年全市计划筹集公租房13000套。",
             "2025年全市计划改造老旧小区一百二十个。", "2025年全市计划筹集保租房15000套。"]
    assert max(map(len, lines)) - min(map(len, lines)) == 1  # as long as each other, each a sentence
    blocks = extract(write(tmp_path, "\n".join(lines).encode("utf-8"))).blocks
    assert [b.text for b in blocks] == lines


def table_of(path):
    tables = extract(path).tables()
    assert len(tables) == 1
    return tables[0].table


def test_pipe_table_with_a_rule_under_its_header(tmp_path):
    lines = ["表2 某市2026年住房用地供应计划（单位：公顷）", "", "| 区（县） | 住宅用地 | 其中：商品住宅用地 |", "|---|:---:|---|",
             "| 甲区 | 38.5 | 33.0 |", "｜乙县｜12.0｜10.8｜", "| 合计 | 50.5 | 43.8 |"]
    table = table_of(write(tmp_path, "\n".join(lines).encode("utf-8")))
    assert table.grid() == [["区（县）", "住宅用地", "其中：商品住宅用地"], ["甲区", "38.5", "33.0"],
                            ["乙县", "12.0", "10.8"], ["合计", "50.5", "43.8"]]
    assert table.title == lines[0] and table.unit == "公顷" and table.header_rows == 1
    assert table.row_labels == ("", "甲区", "乙县", "合计")


def test_tab_separated_table_also_with_repeated_tabs(tmp_path):
    lines = ["表1 保障性住房建设计划", "县（市、区）\t配售型保障性住房（套）\t公租房（套）", "沙区\t\t300\t\t60",
             "荆区\t\t260\t\t40", "合计\t\t560\t\t100"]
    table = table_of(write(tmp_path, "\n".join(lines).encode("gb18030")))
    assert table.grid() == [["县（市、区）", "配售型保障性住房（套）", "公租房（套）"], ["沙区", "300", "60"],
                            ["荆区", "260", "40"], ["合计", "560", "100"]]
    assert table.title == "表1 保障性住房建设计划"


def test_tab_indented_paragraphs_are_not_a_table(tmp_path):
    lines = ["\t一、住房建设计划", "\t2025年全市计划新开工商品住房1200套。", "\t计划竣工商品住房95万平方米。"]
    assert [(k, t) for k, t in texts(write(tmp_path, "\n".join(lines).encode("utf-8")))] == [
        ("heading", "一、住房建设计划"), ("paragraph", "2025年全市计划新开工商品住房1200套。"),
        ("paragraph", "计划竣工商品住房95万平方米。")]


def test_aligned_columns_in_display_width(tmp_path):
    lines = ["表1 各县（市、区）住房建设计划",
             "  县（市、区）    新开工商品住房（套）    新开工面积（万平方米）",
             "  甲区                            2100                      23.5",
             "  乙县                            3400                      38.0"]
    table = table_of(write(tmp_path, "\n".join(lines).encode("utf-8")))
    assert table.grid() == [["县（市、区）", "新开工商品住房（套）", "新开工面积（万平方米）"], ["甲区", "2100", "23.5"],
                            ["乙县", "3400", "38.0"]]


@pytest.mark.parametrize("measure", ["columns", "characters"])
def test_aligned_columns_with_a_group_header_and_an_empty_cell(tmp_path, measure):
    def pad(text: str, n: int) -> str:
        size = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text) if measure == "columns" \
            else len(text)
        return text + " " * (n - size)

    rows = [["", "保障性租赁住房", "", "公租房"], ["区县", "套数", "面积", "套数"], ["甲区", "100", "1.2", "20"],
            ["乙县", "80", "", "15"], ["合计", "180", "1.2", "35"]]
    lines = []
    for r in rows:
        if r[0] == "":  # the group header stands over its two sub-columns
            lines.append(pad("", 10) + pad("保障性租赁住房", 20) + r[3])
        else:
            lines.append(pad(r[0], 10) + pad(r[1], 10) + pad(r[2], 10) + r[3])
    table = table_of(write(tmp_path, "\n".join(lines).encode("utf-8")))
    assert table.header_rows == 2
    assert table.header_paths == ("区县", "保障性租赁住房 / 套数", "保障性租赁住房 / 面积", "公租房 / 套数")
    assert table.grid()[3] == ["乙县", "80", "", "15"]
    assert table.row_labels[2:] == ("甲区", "乙县", "合计")


def test_spaced_prose_without_figures_is_no_table(tmp_path):
    lines = ["第一章  总则", "第二章  住房发展目标", "2025年全市计划新开工商品住房1200套。"]
    assert [k for k, _ in texts(write(tmp_path, "\n".join(lines).encode("utf-8")))] == [
        "heading", "heading", "paragraph"]


def test_plain_tables_give_their_figures(tmp_path):
    lines = ["某市2026年住房发展年度计划", "表2 各区住房用地供应计划（单位：公顷）", "| 区 | 住宅用地 | 保障性住房用地 |", "|---|---|---|",
             "| 秀峰区 | 38.5 | 5.5 |", "| 叠彩区 | 12.0 | 1.2 |"]
    facts = parse(extract(write(tmp_path, "\n".join(lines).encode("gbk"))))
    assert sorted((f.region, f.quantity.value, f.housing_type) for f in facts) == sorted([
        ("秀峰区", 55000, "affordable"), ("秀峰区", 385000, "all"), ("叠彩区", 12000, "affordable"),
        ("叠彩区", 120000, "all")])


@pytest.mark.parametrize("sep", ["\t", "|"])
def test_group_header_over_empty_cells_spans_its_sub_columns(tmp_path, sep):
    rows = [["区县", "保障性租赁住房", "", "公租房"], ["", "套数", "面积", "套数"], ["甲区", "100", "1.2", "20"],
            ["乙县", "80", "", "15"]]
    lines = [sep.join(r) if sep == "\t" else "| " + " | ".join(r) + " |" for r in rows]
    table = table_of(write(tmp_path, "\n".join(lines).encode("utf-8")))
    assert table.header_rows == 2
    assert table.header_paths == ("区县", "保障性租赁住房 / 套数", "保障性租赁住房 / 面积", "公租房 / 套数")
    assert table.grid()[3] == ["乙县", "80", "", "15"]


def test_aligned_label_spaced_out_to_its_column_is_one_cell(tmp_path):
    lines = ["表1 各区住房建设计划（单位：套）",
             "区        新开工    竣工",
             "甲区        2100    1900",
             "乙县        3400    3000",
             "合  计      5500    4900"]
    table = table_of(write(tmp_path, "\n".join(lines).encode("utf-8")))
    assert table.grid() == [["区", "新开工", "竣工"], ["甲区", "2100", "1900"], ["乙县", "3400", "3000"],
                            ["合计", "5500", "4900"]]
    lines[-1] = "合　　计　　5500　　4900"  # full-width spaces as padding
    lines[1:4] = ["区　　　　新开工　竣工", "甲区　　　2100　　1900", "乙县　　　3400　　3000"]
    table = table_of(write(tmp_path, "\n".join(lines).encode("gbk"), "fullwidth.txt"))
    assert table.grid()[3] == ["合计", "5500", "4900"]


def test_utf8_with_a_stray_bad_byte_is_still_utf8(tmp_path):
    text = "\n".join(PLAN * 3)
    path = write(tmp_path, text.encode("utf-8") + b"\xe4\xbd")  # the last character cut off
    assert [b.text for b in extract(path).blocks][:3] == PLAN


def test_bytes_in_no_known_encoding_are_refused(tmp_path):
    with pytest.raises(BadInputError, match="not text in a known encoding"):
        extract(write(tmp_path, bytes(range(0x80, 0x100)) * 4))
