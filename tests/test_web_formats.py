"""Plans as bureaus publish them besides .docx: an article page (.html, GBK, inside a CMS page with header,
navigation, sidebar and footer) and Word 97-2003 / WPS Office files (.doc, .wps) read through LibreOffice.
tests/data/formats/ is made from two samples by scripts/samples/make_format_samples.py."""
from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pytest

from extractors import SUFFIXES, BadInputError, Cell, Format, extract
from extractors import office
from parsers.facts import parse

REPO = Path(__file__).resolve().parents[1]
FORMATS = REPO / "tests" / "data" / "formats"
WORD = REPO / "samples" / "kashgar-2025-annual-plan.docx"
PAGE = FORMATS / "yichang-2025-housing-construction-plan.html"
PAGE_DOCX = REPO / "samples" / "yichang-2025-housing-construction-plan.docx"
needs_soffice = pytest.mark.skipif(office.soffice() is None, reason="LibreOffice (soffice) not installed")


def facts(document) -> Counter:
    return Counter((f.metric, f.housing_type, round(f.quantity.value, 6), f.quantity.unit, f.quantity.qualifier,
                    f.region, f.period_start, f.period_end, f.kind, f.source.quote, f.section)
                   for f in parse(document))


# ------------------------------------------------------------------ .doc / .wps


@needs_soffice
@pytest.mark.parametrize("suffix, fmt", [(".doc", Format.DOC), (".wps", Format.WPS)])
def test_doc_and_wps_give_exactly_the_facts_of_their_docx(suffix, fmt):
    path = FORMATS / WORD.with_suffix(suffix).name
    document = extract(path)
    assert (document.path, document.format, document.pages) == (str(path), fmt, None)
    assert document.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()  # of the original bytes
    ours, theirs = facts(document), facts(extract(WORD))
    assert sum(theirs.values()) == 148
    assert ours - theirs == Counter() and theirs - ours == Counter()
    spans = [c for t in document.tables() for c in t.table.cells if c.rowspan > 1 or c.colspan > 1]
    assert len(spans) == 8  # merged cells survive Word's binary layout


def test_wps_is_a_word_binary_file_and_goes_to_the_word_filter():
    raw = (FORMATS / "kashgar-2025-annual-plan.wps").read_bytes()
    assert raw.startswith(office.OLE_MAGIC)
    assert office._filter(Path("x.wps"), raw, Format.WPS) == "MS Word 97"
    assert office._filter(Path("x.wps"), b"\x01\xfe" + b"\x00" * 200, Format.WPS) == "MS_Works"  # an old Works file


@needs_soffice
def test_damaged_doc_fails_naming_the_file(tmp_path):
    damaged = tmp_path / "住房计划.doc"
    damaged.write_bytes((FORMATS / "kashgar-2025-annual-plan.doc").read_bytes()[:20000])  # cut off
    with pytest.raises(BadInputError) as caught:
        extract(damaged)
    assert str(caught.value) == (f"{damaged}: LibreOffice could not read it (Error: source file could not be "
                                 "loaded); is the file damaged? Open it in Word or WPS Office and save it as .docx")


def _rtf(paragraphs: list[str]) -> bytes:
    """An RTF document of these paragraphs (characters past ASCII as RTF's signed 16-bit \\u escapes)."""
    def escaped(text: str) -> str:
        return "".join(c if ord(c) < 128 else f"\\u{ord(c) - 65536 if ord(c) > 32767 else ord(c)}?" for c in text)
    return ("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 SimSun;}}\n"
            + "".join(f"\\pard\\f0 {escaped(p)}\\par\n" for p in paragraphs) + "}").encode("ascii")


@pytest.mark.parametrize("inside", ["docx", "html", pytest.param("rtf", marks=needs_soffice)])
def test_doc_that_is_really_another_format_is_read_as_it_is(tmp_path, inside):
    """Sites publish .doc files that are a .docx, a web page or RTF inside: each is read as what it is."""
    path = tmp_path / "计划.doc"
    if inside == "rtf":
        path.write_bytes(_rtf(["某市2025年住房建设计划", "2025年全市计划新开工商品住房179万平方米。"]))
        assert [b.text for b in extract(path).blocks] == ["某市2025年住房建设计划", "2025年全市计划新开工商品住房179万平方米。"]
        return
    original = PAGE_DOCX if inside == "docx" else PAGE
    path.write_bytes(original.read_bytes())
    document = extract(path)
    assert (document.path, document.format) == (str(path), Format.DOC)
    assert [b.text for b in document.blocks] == [b.text for b in extract(original).blocks]


def test_doc_that_is_no_word_file_fails_naming_the_file(tmp_path):
    noise = tmp_path / "plan.doc"
    noise.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    with pytest.raises(BadInputError, match=rf"^{re.escape(str(noise))}: not a Word document \(neither Word 97-2003"):
        extract(noise)


def test_missing_libreoffice_says_to_run_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    path = FORMATS / "kashgar-2025-annual-plan.wps"
    with pytest.raises(BadInputError) as caught:
        extract(path)
    assert str(caught.value) == (f"{path}: reading a .wps file needs LibreOffice (soffice), which is not installed: "
                                 "run scripts/install.sh, or save the file as .docx")


def _fake_soffice(folder: Path, marker: str) -> None:
    """A soffice that hangs: soffice.bin beside the soffice on PATH, sleeping with `marker` in its command."""
    folder.mkdir()
    (folder / "soffice").write_text("#!/bin/sh\nexit 1\n")
    (folder / "soffice.bin").write_text(f"#!/bin/sh\nexec sleep 60 {marker}\n")
    for name in ("soffice", "soffice.bin"):
        (folder / name).chmod(0o755)


def _running(marker: str) -> bool:
    """Whether a live process has `marker` in its command line."""
    for name in os.listdir("/proc"):
        try:
            with open(f"/proc/{name}/cmdline", "rb") as f:
                if marker.encode() in f.read().split(b"\0"):
                    return True
        except OSError:
            continue
    return False


def test_conversion_past_its_time_is_stopped_with_its_processes(tmp_path, monkeypatch):
    marker = f"0.{os.getpid()}01"  # a second sleep argument: unique, and adds under a second
    _fake_soffice(tmp_path / "bin", marker)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:/usr/bin:/bin")
    monkeypatch.setenv("PLANETL_READ_TIMEOUT", "1")
    path = FORMATS / "kashgar-2025-annual-plan.doc"
    with pytest.raises(BadInputError, match=r"LibreOffice took longer than 0.8 s to convert it and was stopped"):
        extract(path)
    assert not _running(marker)


def test_conversion_dies_with_its_reader(tmp_path, monkeypatch):
    """A reader killed outright (its time limit) takes LibreOffice with it: a parent-death signal; the next
    conversion removes the folder it left."""
    marker = f"0.{os.getpid()}02"
    _fake_soffice(tmp_path / "bin", marker)
    env = {**os.environ, "PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin", "TMPDIR": str(tmp_path)}
    reader = subprocess.Popen([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); import extractors; "
                               "extractors.extract(sys.argv[2])", str(REPO), str(FORMATS / "kashgar-2025-annual-plan.doc")],
                              env=env)
    try:
        for _ in range(200):  # until the conversion has started
            if _running(marker):
                break
            time.sleep(0.05)
        assert _running(marker)
    finally:
        reader.send_signal(signal.SIGKILL)
        reader.wait()
    for _ in range(100):
        if not _running(marker):
            break
        time.sleep(0.05)
    assert not _running(marker)
    [left] = tmp_path.glob(f"planetl-office-{reader.pid}-*")  # the killed reader's folder, until the next conversion
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:/usr/bin:/bin")
    monkeypatch.setenv("PLANETL_READ_TIMEOUT", "0.1")
    with pytest.raises(BadInputError, match="took longer"):
        extract(FORMATS / "kashgar-2025-annual-plan.doc")
    assert not left.exists()


# ------------------------------------------------------------------ .html


@pytest.fixture(scope="module")
def page():
    return extract(PAGE)


def test_html_page_gives_exactly_the_facts_of_its_docx(page):
    ours, theirs = facts(page), facts(extract(PAGE_DOCX))
    assert sum(theirs.values()) == 96
    assert ours - theirs == Counter() and theirs - ours == Counter()


def test_html_page_is_the_article_without_the_site(page):
    assert (page.format, page.pages, page.path) == (Format.HTML, None, str(PAGE))
    assert page.sha256 == hashlib.sha256(PAGE.read_bytes()).hexdigest()
    texts = "\n".join(b.text for b in page.blocks)
    assert page.blocks[0].text == "宜昌市2025年住房建设计划"  # the title (its <h1>) first
    for site in ("首页", "当前位置", "热点信息", "一季度新建商品住房成交1.2万套", "老旧小区260个", "8.6亿元",
                 "相关文章", "185万平方米", "3000套", "主办单位", "鄂ICP备", "累计访问量", "1286542"):
        assert site not in texts
    assert [(b.locator, b.kind.value, b.section) for b in page.blocks if b.text.startswith(("一、", "二、", "三、"))] == [
        ("p2", "heading", ("一、2024年计划执行情况",)), ("p5", "heading", ("二、2025年住房建设目标",)),
        ("p13", "heading", ("三、保障措施",))]


def test_html_table_keeps_its_merged_cells_as_spans(page):
    [block] = page.tables()
    table = block.table
    assert (block.locator, table.n_rows, table.n_cols, table.header_rows) == ("t12", 17, 7, 2)
    assert table.title == "表1 2025年住房建设计划分解表（单位：万平方米、套、公顷）"
    assert [c for c in table.cells if c.rowspan > 1 or c.colspan > 1] == [
        Cell(0, 0, "县（市、区）", 2, 1), Cell(0, 1, "商品住房", 1, 2), Cell(0, 3, "保障性住房", 1, 2),
        Cell(0, 5, "住宅用地供应", 1, 2)]
    assert table.header_paths[1:3] == ("商品住房 / 新开工面积", "商品住房 / 竣工面积")


def test_html_table_figures(page):
    found = {(f.source.locator, f.metric, f.housing_type, f.region, f.period_start, f.period_end, f.kind,
              f.quantity.value, f.quantity.unit, f.source.quote) for f in parse(page)}
    assert {
        ("t12/r2/c1", "new_start_floor_area", "commercial", "西陵区", 2025, 2025, "plan", 186000.0, "m2",
         "西陵区 | 商品住房 / 新开工面积 | 18.60"),
        ("t12/r5/c4", "supply_units", "affordable_rental", "猇亭区", 2025, 2025, "plan", 260.0, "unit",
         "猇亭区 | 保障性住房 / 保障性租赁住房 | 260"),
        ("t12/r16/c6", "land_supply_residential", "affordable", "宜昌市", 2025, 2025, "plan", 92000.0, "m2",
         "合计 | 住宅用地供应 / 保障性住房用地 | 9.20"),
    } <= found
    # nothing from the sidebar (1.2万套, 260个, 8.6亿元), related links (185万平方米, 3000套) or page counters
    assert not [f for f in found if re.search("成交|老旧小区|投资|185|3000套|浏览|访问", f[9])]
    assert not [f for f in found if f[8] in ("item", "yuan")]


def _relaid(text: str, how: str) -> str:
    """The sample page with its article in a container no CMS list names (Readability finds it), or in an
    old site's layout table (the #zoom cell beside a cell of links)."""
    if how == "unnamed container":
        return text.replace('<div class="TRS_Editor" id="zoom">', '<div class="detail-body">')
    start, end = text.index('<div class="TRS_Editor" id="zoom">'), text.index('<div class="share">')
    body = text[start:end].removeprefix('<div class="TRS_Editor" id="zoom">').rstrip().removesuffix("</div>")
    return text[:text.index("<body>")] + (
        '<body><table width="1000"><tr><td colspan="2"><a href="/">首页</a> | <a href="/zwgk/">政府信息公开</a></td></tr>'
        '<tr><td width="200"><a href="/x/1.html">关于筹集保障性租赁住房3000套的公示</a><br><a href="/x/2.html">通知公告'
        f'</a></td><td><table><tr><td class="title">宜昌市2025年住房建设计划</td></tr><tr><td id="zoom">{body}</td></tr>'
        '</table></td></tr><tr><td colspan="2">主办：宜昌市住房和城乡建设局 累计访问量：1286542</td></tr></table></body></html>')


@pytest.mark.parametrize("how", ["unnamed container", "layout table"])
def test_html_article_found_however_the_site_lays_it_out(tmp_path, page, how):
    path = tmp_path / "plan.html"
    path.write_bytes(_relaid(PAGE.read_bytes().decode("gb18030"), how).encode("gbk"))
    document = extract(path)
    assert [b.text for b in document.blocks if b.text != "- 2 -"] == [b.text for b in page.blocks if b.text != "- 2 -"]
    assert facts(document) == facts(page)


@pytest.mark.parametrize("encoding, declared", [("gb18030", False), ("utf-8-sig", True), ("utf-8-sig", False),
                                                ("utf-8", True), ("utf-8", False)])
def test_html_page_decodes_declared_or_not(tmp_path, page, encoding, declared):
    text = PAGE.read_bytes().decode("gb18030")
    assert 'charset=gb2312' in text and "猇亭区" in text  # the sample is GBK declared as gb2312
    text = text.replace("charset=gb2312", "charset=utf-8" if declared else "")
    path = tmp_path / "plan.htm"
    path.write_bytes(text.encode(encoding))
    assert [b.text for b in extract(path).blocks] == [b.text for b in page.blocks]


def test_empty_or_contentless_html_fails_naming_the_file(tmp_path):
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    with pytest.raises(BadInputError, match=rf"^{re.escape(str(empty))}: empty file$"):
        extract(empty)
    menu = tmp_path / "menu.htm"
    menu.write_text('<html><head><meta charset="utf-8"><title>通知公告_住建局</title></head><body><div class="nav">'
                    '<a href="/">首页</a> <a href="/zwgk/">政府信息公开</a></div><script>load("/api/article")</script>'
                    '</body></html>', encoding="utf-8")
    with pytest.raises(BadInputError, match=rf"^{re.escape(str(menu))}: no readable content in the page"):
        extract(menu)


def test_new_suffixes_are_found_in_folders():
    from flows.steps import scan

    assert {".html", ".htm", ".doc", ".wps"} <= set(SUFFIXES)
    found = scan([str(FORMATS)])
    assert [name for _, name in found.files] == [str(FORMATS / n) for n in (
        "kashgar-2025-annual-plan.doc", "kashgar-2025-annual-plan.wps", "yichang-2025-housing-construction-plan.html")]
    assert found.unsupported == []
