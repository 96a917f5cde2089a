"""`planetl crawl`: crawl.links, crawl.fetch, and the flow against a local CMS-shaped site (tests/crawl_site.py)."""
from __future__ import annotations

import datetime as dt
from contextlib import closing
from pathlib import Path

import duckdb
import httpx
import pytest
from click.testing import CliRunner

import crawl.fetch
import flows.crawl
from crawl.fetch import Fetcher, FetchError, decode_html, file_name
from crawl.links import article, listing, plan_title
from crawl_site import CHANGING, Site
from flows.cli import main
from warehouse import load as load_module

D = dt.date


@pytest.fixture
def site():
    with Site() as running:
        yield running


@pytest.fixture
def quick(monkeypatch):
    """No rate limit, a short timeout, quick retries: the whole file runs in seconds."""
    monkeypatch.setattr(crawl.fetch, "RATE_SECONDS", 0.0)
    monkeypatch.setattr(crawl.fetch, "TIMEOUT_SECONDS", 0.5)
    monkeypatch.setattr(flows.crawl, "RETRIES", 1)
    monkeypatch.setattr(flows.crawl, "RETRY_DELAYS", [0.05])


def rows(db: Path, sql: str) -> list[tuple]:
    with closing(duckdb.connect(str(db), read_only=True)) as con:
        return con.execute(sql).fetchall()


# links.py

def test_a_listing_gives_its_articles_with_absolute_urls_and_dates_and_the_next_page():
    page = ("<html><body><a href='/'>首页</a><ul>"
            "<li><a href='./202503/t1.html'>关于印发2025年住房发展年度计划的通知</a><span>2025-03-01</span></li>"
            "<li><a href='http://other.example/t2.html' title='城中村改造计划'>城中村改造…</a> 2025年2月9日</li>"
            "</ul><a href='index_3.html'>下一页</a></body></html>")
    links, next_url = listing(page, "http://x.example/col/index_2.html")
    assert [(link.title, link.url, link.date) for link in links] == [
        ("首页", "http://x.example/", None),
        ("关于印发2025年住房发展年度计划的通知", "http://x.example/col/202503/t1.html", D(2025, 3, 1)),
        ("城中村改造计划", "http://other.example/t2.html", D(2025, 2, 9))]
    assert next_url == "http://x.example/col/index_3.html"
    assert [link.title for link in links if plan_title().search(link.title)] == [
        "关于印发2025年住房发展年度计划的通知", "城中村改造计划"]
    assert [link.title for link in links if plan_title("通知$").search(link.title)] == [
        "关于印发2025年住房发展年度计划的通知"]


def test_a_jcms_list_held_in_an_xml_script_gives_its_articles():
    page = ("<html><body><div id='1'><script type='text/xml'><datastore><nextgroup><![CDATA[<a href='x'>]]>"
            "</nextgroup><recordset><record><![CDATA[<li><a href='/art/2025/3/1/art_1.html' title='2025年住房发展年度计划'>"
            "2025年住房发展年度计划</a><span>2025-03-01</span></li>]]></record><record><![CDATA[<li>"
            "<a href='/art/2025/2/2/art_2.html'>城中村改造工作方案</a><span>2025-02-02</span></li>]]></record>"
            "</recordset></datastore></script></div></body></html>")
    links, _ = listing(page, "http://x.example/col/col1/index.html")
    assert [(link.title, link.url, link.date) for link in links] == [
        ("2025年住房发展年度计划", "http://x.example/art/2025/3/1/art_1.html", D(2025, 3, 1)),
        ("城中村改造工作方案", "http://x.example/art/2025/2/2/art_2.html", D(2025, 2, 2))]


def test_a_trs_pager_script_gives_the_next_page_until_the_last():
    pager = "<html><body><script>createPageHTML({}, {}, \"index\", \"shtml\");</script></body></html>"
    assert listing(pager.format(5, 0), "http://x.example/col/index.shtml")[1] == "http://x.example/col/index_1.shtml"
    assert listing(pager.format(5, 3), "http://x.example/col/index_3.shtml")[1] == "http://x.example/col/index_4.shtml"
    assert listing(pager.format(5, 4), "http://x.example/col/index_4.shtml")[1] is None


def test_an_article_gives_its_attachments_its_date_and_an_inline_body():
    page = ("<html><head><meta name='PubDate' content='2025-02-03 09:00'></head><body><h1>某市住房建设计划</h1>"
            "<p><a href='P1.docx'>计划.docx</a> <a href='/down.jsp?id=7'>附件2.wps</a> <a href='x.html'>相关</a></p>"
            "</body></html>")
    got = article(page, "http://x.example/a/t.html")
    assert (got.title, got.date, got.inline) == ("某市住房建设计划", D(2025, 2, 3), False)
    assert [(a.title, a.url) for a in got.attachments] == [
        ("计划.docx", "http://x.example/a/P1.docx"), ("附件2.wps", "http://x.example/down.jsp?id=7")]
    body = "<p>" + "各区要完成保障性住房建设任务。" * 20 + "</p>"
    inline = article(f"<html><body><div class='nav'><a href='/'>首页</a></div><h1>某市保障性住房计划</h1>"
                     f"<div class='info'>发布日期：2025年1月8日</div><div id='zoom'>{body}</div></body></html>",
                     "http://x.example/a/t.html")
    assert (inline.date, inline.inline, inline.attachments) == (D(2025, 1, 8), True, [])
    assert inline.body == f'<div id="zoom">{body}</div>'


# fetch.py

def test_html_is_decoded_from_the_header_the_meta_tag_or_detection():
    text = "<html><head>{}</head><body><p>某市2025年住房发展年度计划，新建保障性住房1200套。</p></body></html>"
    plain = text.format("")
    meta = text.format('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    assert decode_html(plain.encode("gbk"), "text/html; charset=GBK") == plain
    assert decode_html(meta.encode("gb2312"), "text/html") == meta
    assert decode_html(plain.encode("gb18030"), None) == plain
    assert decode_html(plain.encode("utf-8"), "text/html") == plain


def test_a_file_is_named_from_content_disposition_the_link_text_or_the_url():
    url = "http://x.example/a/P0201.docx"
    assert file_name(url, "attachment; filename*=UTF-8''%E4%BD%8F%E6%88%BF%E8%AE%A1%E5%88%92.docx") == "住房计划.docx"
    raw_gbk = "住房计划.pdf".encode("gbk").decode("latin-1")  # as httpx hands over raw header bytes
    assert file_name(url, f'attachment; filename="{raw_gbk}"') == "住房计划.pdf"
    assert file_name(url, "attachment; filename=%E8%AE%A1%E5%88%92.docx") == "计划.docx"
    assert file_name(url, None, "2025年住房发展年度计划") == "2025年住房发展年度计划.docx"
    assert file_name(url, None, "附件：计划.docx") == "附件：计划.docx"
    assert file_name("http://x.example/a/%E8%AE%A1%E5%88%92.docx") == "计划.docx"
    assert file_name(url, 'attachment; filename="../../etc/passwd"') == "passwd"


class Clock:
    def __init__(self) -> None:
        self.now, self.slept = 100.0, []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))
        self.now += seconds


def test_requests_to_one_host_are_spaced_by_the_rate_limit():
    clock = Clock()
    fetcher = Fetcher(rate_seconds=1.0, clock=clock, sleep=clock.sleep)
    for url in ("http://a.example/1", "http://a.example/2", "http://b.example/1", "http://a.example/3"):
        fetcher.wait_turn(url)
    clock.now += 5  # idle: the next one goes at once
    fetcher.wait_turn("http://a.example/4")
    assert clock.slept == [1.0, 1.0]


def test_robots_txt_the_user_agent_redirects_not_modified_and_the_size_cap(site):
    with Fetcher(rate_seconds=0) as fetcher:
        with pytest.raises(FetchError, match="disallowed by robots.txt") as disallowed:
            fetcher.get(f"{site.base}/gov/private/t1.html")
        assert disallowed.value.disallowed and not disallowed.value.transient
        moved = fetcher.get(f"{site.base}/gov/ghjh/old/t20250115_3.html")
        assert moved.final_url == f"{site.base}/gov/ghjh/202501/t20250115_3.html"
        got = fetcher.get(f"{site.base}/gov/ghjh/202501/P020250115.docx")
        assert got.content == CHANGING[0].read_bytes()
        again = fetcher.get(got.url, etag=got.etag)
        assert (again.status, again.not_modified, again.content) == (304, True, b"")
        with pytest.raises(FetchError, match="HTTP 404") as missing:
            fetcher.get(f"{site.base}/gov/ghjh/202502/P020250210_2.pdf")
        assert (missing.value.status, missing.value.transient) == (404, False)
    assert site.requests[0][1] == "/robots.txt"
    assert site.requests[-1][2]["User-Agent"].startswith("planetl/")
    assert [r[2].get("If-None-Match") for r in site.requests if r[1].endswith("P020250115.docx")] == [None, got.etag]
    with Fetcher(rate_seconds=0, max_bytes=1000) as small, pytest.raises(FetchError, match="too large"):
        small.get(got.url)


def test_a_response_slower_than_the_timeout_is_a_transient_failure(site):
    with Fetcher(rate_seconds=0, timeout=0.3) as fetcher, pytest.raises(FetchError, match="timed out") as slow:
        fetcher.get(f"{site.base}/gov/ghjh/202502/P020250210_3.docx")
    assert slow.value.transient and slow.value.status is None


def test_a_server_error_is_transient():
    fetcher = Fetcher(rate_seconds=0, transport=httpx.MockTransport(
        lambda request: httpx.Response(404 if request.url.path == "/robots.txt" else 503)))
    with pytest.raises(FetchError, match="HTTP 503") as error:
        fetcher.get("http://x.example/a.html")
    assert error.value.transient  # robots.txt 404: everything allowed


def test_a_site_whose_robots_txt_cannot_be_read_is_not_fetched_and_fails_transiently():
    asked = []

    def answer(request):
        asked.append(request.url.path)
        return httpx.Response(500 if request.url.path == "/robots.txt" else 200, text="<html></html>")

    fetcher = Fetcher(rate_seconds=0, transport=httpx.MockTransport(answer))
    with pytest.raises(FetchError, match=r"robots.txt could not be read \(HTTP 500\)") as error:
        fetcher.get("http://x.example/a.html")
    assert (error.value.transient, error.value.disallowed, asked) == (True, False, ["/robots.txt"])


def test_crawl_takes_web_addresses_only(tmp_path):
    result = CliRunner().invoke(main, ["crawl", "zjj.example.gov.cn/index.html", "--db", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 2 and "not a web address" in result.output
    assert not (tmp_path / "w.duckdb").exists()


# the flow and the command

def test_crawl_loads_every_plan_then_nothing_unchanged_then_the_changed_attachment(tmp_path, site, quick,
                                                                                  prefect_server):
    db, downloads = tmp_path / "w.duckdb", tmp_path / "w-downloads"
    (downloads).mkdir()
    (downloads / "某市2025年城中村改造计划.docx").write_bytes(b"the user's own file")  # never overwritten
    result = CliRunner().invoke(main, ["crawl", site.listing, "--db", str(db)])
    assert result.exit_code == 1, result.output  # the 404 and the timeout
    assert f"failed   {site.base}/gov/ghjh/202502/P020250210_2.pdf: HTTP 404" in result.output
    assert f"failed   {site.base}/gov/ghjh/202502/P020250210_3.docx: timed out" in result.output
    assert f"skipped  {site.base}/gov/private/t1.html: disallowed by robots.txt" in result.output
    assert ("6 plan articles; 14 fetches: 12 fetched, 0 not modified, 2 failed, 1 disallowed by robots.txt; "
            f"5 files downloaded into {downloads}") in result.output
    assert "5 files: 5 loaded, 0 replaced, 0 skipped, 0 failed" in result.output
    assert (downloads / "某市2025年城中村改造计划.docx").read_bytes() == b"the user's own file"
    docs = rows(db, "SELECT regexp_replace(source_file, '.*/', ''), format, status, source_url, published_at, n_facts "
                    "FROM documents ORDER BY published_at")
    base = f"{site.base}/gov/ghjh"
    assert [d[:5] for d in docs] == [
        ("某市2025年住房建设计划.doc", "doc", "ok", f"{base}/202412/P020241230.doc", D(2024, 12, 30)),
        ("某市2025年老旧小区改造计划.docx", "docx", "ok", f"{base}/202501/P020250115.docx", D(2025, 1, 15)),
        ("某市2025年城中村改造计划-2.docx", "docx", "ok", f"{base}/202502/P020250210.docx", D(2025, 2, 10)),
        ("某市2025年保障性住房建设计划.html", "html", "ok", f"{base}/202502/t20250220_5.html", D(2025, 2, 20)),
        ("2025年住房发展年度计划.docx", "docx", "ok",
         f"{base}/202503/2025%E5%B9%B4%E4%BD%8F%E6%88%BF%E5%8F%91%E5%B1%95%E5%B9%B4%E5%BA%A6%E8%AE%A1%E5%88%92.docx",
         D(2025, 3, 1))]
    assert all(d[5] > 0 for d in docs)
    # the inline plan: its prose and its merged-cell table
    assert rows(db, "SELECT f.locator, f.region, f.value FROM facts f JOIN documents d USING (doc_id) "
                    "WHERE d.format = 'html' AND f.metric = 'supply_units' AND f.housing_type = 'affordable_rental' "
                    "ORDER BY f.block_index, f.char_start, f.locator") == [
        ("p2", None, 1200.0), ("t4/r2/c1", "甲区", 700.0), ("t4/r2/c2", "甲区", 100.0), ("t4/r3/c1", "乙区", 300.0),
        ("t4/r3/c2", "乙区", 100.0), ("t4/r4/c1", None, 1000.0), ("t4/r4/c2", None, 200.0)]
    assert rows(db, "SELECT count(*) FROM documents WHERE title LIKE '%安全生产%'") == [(0,)]  # the news
    assert rows(db, "SELECT kind, status, error FROM fetches WHERE error IS NOT NULL ORDER BY url") == [
        ("attachment", 404, "HTTP 404"), ("attachment", None, "timed out"),
        ("article", None, "disallowed by robots.txt")]
    total = rows(db, "SELECT count(*) FROM facts")[0][0]
    assert total == sum(d[5] for d in docs)

    second = flows.crawl.crawl([site.listing], str(db), str(downloads))
    assert (second.results, second.downloaded, second.fetched, second.not_modified, second.failed) == ([], [], 3, 9, 2)
    assert rows(db, "SELECT kind, count(*) FILTER (status = 304), count(*) FILTER (status = 200) FROM fetches "
                    "WHERE fetched_at > (SELECT max(ingested_at) FROM documents) GROUP BY kind ORDER BY kind") == [
        ("article", 5, 0), ("attachment", 4, 0), ("listing", 0, 3)]
    assert rows(db, "SELECT count(*) FROM facts") == [(total,)]

    site.flip()
    old_id, old_facts = rows(db, "SELECT doc_id, n_facts FROM documents WHERE source_url LIKE '%P020250115.docx'")[0]
    third = flows.crawl.crawl([site.listing], str(db), str(downloads))
    assert [(r.source_file.rsplit("/", 1)[-1], r.status) for r in third.results] == [
        ("某市2025年老旧小区改造计划.docx", "replaced")]
    assert (third.fetched, third.not_modified, third.failed) == (4, 8, 2)
    new_id, new_facts = rows(db, "SELECT doc_id, n_facts FROM documents WHERE source_url LIKE '%P020250115.docx'")[0]
    assert new_id != old_id and new_facts == third.results[0].n_facts
    assert rows(db, f"SELECT count(*) FROM facts WHERE doc_id = '{old_id}'") == [(0,)]
    assert rows(db, f"SELECT count(*) FROM facts WHERE doc_id = '{new_id}'") == [(new_facts,)]
    assert rows(db, "SELECT count(*), sum(n_facts) FROM documents") == [(5, total - old_facts + new_facts)]
    assert rows(db, "SELECT count(*) FROM facts") == [(total - old_facts + new_facts,)]
    assert (downloads / "某市2025年老旧小区改造计划.docx").read_bytes() == CHANGING[1].read_bytes()


def test_a_warehouse_from_before_crawl_gets_the_fetches_table_and_the_new_columns(tmp_path):
    db = tmp_path / "old.duckdb"
    load_module.connect(db).close()
    with closing(duckdb.connect(str(db))) as con:
        for sql in ("DROP TABLE fetches", "DELETE FROM planetl_objects WHERE name = 'fetches'",
                    "ALTER TABLE documents DROP COLUMN source_url", "ALTER TABLE documents DROP COLUMN published_at",
                    "UPDATE planetl_meta SET value = 'older' WHERE key = 'fingerprint'"):
            con.execute(sql)
    load_module.connect(db).close()
    assert rows(db, "SELECT count(*) FROM fetches") == [(0,)]
    assert rows(db, "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'documents' "
                    "AND column_name IN ('source_url', 'published_at') ORDER BY 1") == [
        ("published_at", "DATE"), ("source_url", "VARCHAR")]
    assert ("fetches", "table") in rows(db, "SELECT name, kind FROM planetl_objects")
