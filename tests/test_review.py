"""`planetl review`: the pages (TestClient, exact HTML fragments), reviews stored in `reviews`, kept
across re-ingest and re-audit, and document text escaped (documents are untrusted input)."""
from __future__ import annotations

import shutil

import docx
import duckdb
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from conftest import lock_held, sample
from flows.cli import main

WENCHUAN = "wenchuan-2025-annual-plan.docx"


def _plan_with_script(path) -> None:
    """A small plan whose paragraph holds a <script>, with two Word tables; the second's total row
    does not add up (800 + 300 is not 1200), which the audit reports."""
    d = docx.Document()
    d.add_heading("示例市2026年住房发展年度计划", 0)
    d.add_paragraph("一、总体目标")
    d.add_paragraph("<script>alert(1)</script>2026年全市计划新开工住房1200套，竣工面积45万平方米。")
    t = d.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "项目", (0, 1): "说明", (1, 0): "备注", (1, 1): "无"}.items():
        t.cell(r, c).text = text
    d.add_paragraph("表2 2026年住房建设计划（单位：套）")
    t = d.add_table(rows=4, cols=2)
    for r, (a, b) in enumerate([("区域", "新开工套数（套）"), ("市区", "800"), ("东县", "300"), ("全市合计", "1200")]):
        t.cell(r, 0).text, t.cell(r, 1).text = a, b
    d.save(path)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plans")
    _plan_with_script(folder / "script-plan.docx")
    shutil.copy(sample(WENCHUAN), folder)
    shutil.copy(sample(WENCHUAN.replace(".docx", ".pdf")), folder)
    db = str(folder / "w.duckdb")
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(folder), "--db", db], catch_exceptions=False).exit_code == 0
    assert runner.invoke(main, ["audit", "--db", db], catch_exceptions=False).exit_code == 0
    return db, folder


@pytest.fixture(scope="module")
def client(warehouse):
    from review.app import create_app

    return TestClient(create_app(warehouse[0], reviewer="tester"))


def _query(db: str, sql: str, params=None) -> list[tuple]:
    con = duckdb.connect(db, read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _fact(db: str, locator: str) -> str:
    return _query(db, "SELECT fact_id FROM facts WHERE source_file LIKE '%script-plan.docx' AND locator = ?",
                  [locator])[0][0]


def _doc(db: str) -> str:
    return _query(db, "SELECT doc_id FROM documents WHERE source_file LIKE '%script-plan.docx'")[0][0]


def test_index_lists_each_document_with_its_counts_of_facts_findings_and_reviews(warehouse, client):
    db, _ = warehouse
    page = client.get("/")
    assert page.status_code == 200
    doc = _doc(db)
    row = page.text.split(f'<a href="/documents/{doc}">')[1].split("</tr>")[0]
    assert row.endswith("<td>docx</td><td>annual_plan</td><td>5</td><td>1</td><td>0</td>")


def test_document_page_shows_the_text_escaped(warehouse, client):
    page = client.get(f"/documents/{_doc(warehouse[0])}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;2026年全市计划新开工住房" in page
    assert "<script>" not in page


def test_document_page_marks_every_figure_with_its_kind_and_description(warehouse, client):
    db = warehouse[0]
    page = client.get(f"/documents/{_doc(db)}").text
    ids = [r[0] for r in _query(db, "SELECT fact_id FROM facts WHERE doc_id = ?", [_doc(db)])]
    assert sorted(ids) == sorted(page.split('data-fact="')[i].split('"')[0] for i in range(1, len(ids) + 1))
    fact = _fact(db, "p2")
    assert (f'<mark class="kind-plan" title="新开工套数 (new_start_units) · all · 2026 · plan · 1,200 unit" '
            f'data-fact="{fact}"><a href="/facts/{fact}">1200套</a></mark>') in page


def test_document_page_numbers_tables_as_word_does_and_marks_figures_with_findings(warehouse, client):
    db = warehouse[0]
    page = client.get(f"/documents/{_doc(db)}").text
    assert '<h4 id="t3">Word table 1</h4>' in page
    assert '<h4 id="t5">Word table 2: 表2 2026年住房建设计划（单位：套）</h4>' in page
    total = _fact(db, "t5/r3/c1")
    assert '<tr><td>东县</td><td><mark class="kind-plan has-finding" title="新开工套数 (new_start_units) · all · 东县 · ' in page
    assert (f'<mark class="kind-plan has-finding" title="新开工套数 (new_start_units) · all · 2026 · plan · '
            f'1,200 unit · 1 finding(s)" data-fact="{total}"><a href="/facts/{total}">1200</a></mark>') in page


def test_fact_page_shows_the_figure_in_its_cell_with_where_to_find_it_and_its_finding(warehouse, client):
    db = warehouse[0]
    total = _fact(db, "t5/r3/c1")
    page = client.get(f"/facts/{total}").text
    assert "Word table 2, row 4, column 2" in page
    assert 'current" title="新开工套数 (new_start_units)' in page
    assert f'data-fact="{total}"><a href="/facts/{total}">1200</a></mark>' in page
    assert "<th>全市合计</th>" in page or "<td>全市合计</td>" in page
    assert "its 2 parts add up to 1,100 unit" in page
    assert f'<form method="post" action="/facts/{total}/review">' in page


def test_fact_page_lists_the_other_places_stating_the_same_figure(warehouse, client):
    db = warehouse[0]
    prose, table = _fact(db, "p2"), _fact(db, "t5/r3/c1")
    page = client.get(f"/facts/{prose}").text
    assert f'<a href="/facts/{table}">Word table 2, row 4, column 2</a>' in page
    assert "全市合计 | 新开工套数（套） | 1200" in page


def test_review_is_stored_and_redirects_back_to_the_fact(warehouse, client):
    db = warehouse[0]
    fact = _fact(db, "p2")
    before = _query(db, "SELECT count(*), sum(hash(fact_id, value, unit, metric)) FROM facts")
    answer = client.post(f"/facts/{fact}/review", data={"status": "corrected", "note": "<b>see table</b>",
                                                       "value": "1,100", "unit": "unit", "metric": ""},
                         follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == f"/facts/{fact}"
    assert _query(db, "SELECT status, note, corrected_value, corrected_unit, corrected_metric, reviewer FROM reviews "
                      "WHERE fact_id = ?", [fact]) == [("corrected", "<b>see table</b>", 1100.0, "unit", None, "tester")]
    assert _query(db, "SELECT count(*), sum(hash(fact_id, value, unit, metric)) FROM facts") == before
    page = client.get(f"/facts/{fact}").text
    assert '<p class="review" data-status="corrected"><strong>corrected</strong> by tester at ' in page
    assert ": &lt;b&gt;see table&lt;/b&gt; · value 1,100 · unit unit</p>" in page


def test_review_refuses_an_unknown_status_unit_or_fact(warehouse, client):
    fact = _fact(warehouse[0], "p2")
    assert client.post(f"/facts/{fact}/review", data={"status": "maybe"}).status_code == 400
    assert client.post(f"/facts/{fact}/review", data={"status": "corrected", "unit": "套"}).status_code == 400
    assert client.post("/facts/0000000000000000/review", data={"status": "accepted"}).status_code == 404
    assert _query(warehouse[0], "SELECT count(*) FROM reviews WHERE status = 'maybe' OR corrected_unit = '套'") == [(0,)]


def test_a_review_posted_from_another_site_is_refused_and_the_page_s_own_is_taken(warehouse, client):
    fact = _fact(warehouse[0], "p2")
    before = _query(warehouse[0], "SELECT count(*) FROM reviews")[0][0]
    refused = client.post(f"/facts/{fact}/review", data={"status": "accepted", "note": "from elsewhere"},
                          headers={"Origin": "http://evil.example"}, follow_redirects=False)
    assert refused.status_code == 403
    assert "a review from another site (http://evil.example) is refused" in refused.text
    taken = client.post(f"/facts/{fact}/review", data={"status": "accepted", "note": "own page"},
                        headers={"Origin": "http://testserver"}, follow_redirects=False)
    assert taken.status_code == 303
    assert _query(warehouse[0], "SELECT count(*) FROM reviews")[0][0] == before + 1
    assert _query(warehouse[0], "SELECT count(*) FROM reviews WHERE note = 'from elsewhere'") == [(0,)]


def test_reviews_survive_reingest_and_reaudit_which_acknowledges_accepted_findings(warehouse, client):
    db, folder = warehouse
    parts = [_fact(db, loc) for loc in ("t5/r1/c1", "t5/r2/c1", "t5/r3/c1")]
    for fact in parts[:2]:
        client.post(f"/facts/{fact}/review", data={"status": "accepted"})
    runner = CliRunner()
    assert runner.invoke(main, ["audit", "--db", db]).exit_code == 0
    assert _query(db, "SELECT acknowledged FROM findings") == [(False,)]  # one of its facts is not accepted
    client.post(f"/facts/{parts[2]}/review", data={"status": "flagged", "note": "adds up to 1100"})
    client.post(f"/facts/{parts[2]}/review", data={"status": "accepted"})  # the latest review counts
    assert runner.invoke(main, ["ingest", str(folder), "--db", db]).exit_code == 0
    assert runner.invoke(main, ["audit", "--db", db]).exit_code == 0
    assert _query(db, "SELECT acknowledged FROM findings") == [(True,)]
    assert _query(db, "SELECT review_status, count(*) FROM reviewed_facts WHERE list_contains(?, fact_id) GROUP BY 1",
                  [parts]) == [("accepted", 3)]
    listed = client.get("/findings").text
    assert "<strong>acknowledged</strong>" in listed
    assert f'<a href="/facts/{parts[0]}">t5/r1/c1</a> (Word table 2, row 2, column 2) <span' in listed


def test_review_while_an_ingest_holds_the_warehouse_is_a_clear_503(warehouse, client, monkeypatch):
    import review.app

    monkeypatch.setattr(review.app, "WAIT", 0.3)
    db = warehouse[0]
    fact = _fact(db, "p2")
    with lock_held(db):
        answer = client.post(f"/facts/{fact}/review", data={"status": "flagged"})
    assert answer.status_code == 503
    assert "Your review was not saved: the warehouse is being written by another planetl process" in answer.text
    assert _query(db, "SELECT count(*) FROM reviews WHERE fact_id = ? AND status = 'flagged'", [fact]) == [(0,)]


def test_compare_shows_one_metric_per_city_and_year_as_a_table_and_a_chart(warehouse, client):
    page = client.get("/compare", params={"metric": "new_start_units", "housing_type": "all", "kind": "plan"}).text
    assert '<img src="/compare.svg?metric=new_start_units&amp;housing_type=all&amp;kind=plan"' in page
    svg = client.get("/compare.svg", params={"metric": "new_start_units"})
    assert svg.headers["content-type"] == "image/svg+xml" and svg.text.lstrip().startswith("<?xml")


def test_review_command_never_creates_a_warehouse(tmp_path):
    result = CliRunner().invoke(main, ["review", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert "no such warehouse" in result.output
    assert not (tmp_path / "none.duckdb").exists()


def test_document_whose_file_is_gone_shows_the_stored_quotes_marked(warehouse, client, monkeypatch, tmp_path):
    import review.source

    monkeypatch.setattr(review.source, "paths", lambda con, doc_id: (str(tmp_path / "moved.docx"),))
    db = warehouse[0]
    page = client.get(f"/documents/{_doc(db)}").text
    assert f"The text cannot be shown from the file: source file {tmp_path / 'moved.docx'} is gone" in page
    total = _fact(db, "t5/r3/c1")
    assert '<li>全市合计 | 新开工套数（套） | <mark class="kind-plan has-finding' in page
    assert f'data-fact="{total}"><a href="/facts/{total}">1200</a></mark></li>' in page


def test_a_warehouse_made_before_reviews_gets_the_table_when_opened_for_writing(warehouse, tmp_path):
    from warehouse.load import connect

    db = str(tmp_path / "old.duckdb")
    shutil.copy(warehouse[0], db)
    con = duckdb.connect(db)
    con.execute("DROP VIEW reviewed_facts; DROP TABLE reviews; ALTER TABLE findings DROP COLUMN acknowledged; "
                "DELETE FROM planetl_objects WHERE name IN ('reviews', 'reviewed_facts'); "
                "UPDATE planetl_meta SET value = 'older' WHERE key = 'fingerprint'")
    con.close()
    connect(db).close()
    assert _query(db, "SELECT name, kind FROM planetl_objects WHERE name IN ('reviews', 'reviewed_facts') "
                      "ORDER BY name") == [("reviewed_facts", "view"), ("reviews", "table")]
    assert _query(db, "SELECT count(*) FROM reviews") == [(0,)]
    assert _query(db, "SELECT count(*) FROM findings WHERE NOT acknowledged") == [(1,)]


def test_pdf_figure_shows_its_page_number_and_the_page_image(warehouse, client):
    db = warehouse[0]
    doc, fact, page = _query(db, "SELECT doc_id, fact_id, page FROM facts WHERE source_file LIKE '%.pdf' AND page = 2 "
                                 "ORDER BY block_index, locator, char_start LIMIT 1")[0]
    html = client.get(f"/facts/{fact}").text
    assert f'<img src="/documents/{doc}/pages/2.png?fact={fact}" alt="page 2, the figure boxed"' in html
    assert "> · table 1, row 2, column 2, page 2 · " in html
    assert '<div class="page">page 2</div>' in client.get(f"/documents/{doc}").text
    image = client.get(f"/documents/{doc}/pages/2.png", params={"fact": fact})
    assert image.headers["content-type"] == "image/png" and image.content.startswith(b"\x89PNG")
    assert image.headers["x-figure-boxed"] == "true"
    assert client.get(f"/documents/{doc}/pages/2.png").headers["x-figure-boxed"] == "false"
    assert client.get(f"/documents/{doc}/pages/99.png").status_code == 404


def test_compare_chart_escapes_the_names_it_draws():
    from review.chart import chart

    svg = chart([{"jurisdiction": "<script>alert(1)</script>", "period_start": 2025, "period_end": 2025,
                  "value": 3.0, "unit": "unit"}], "supply_units").decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 2025" in svg and "<script>" not in svg


def test_pdf_figure_is_found_again_as_written_and_never_inside_a_longer_number():
    import re

    from review.pdfpage import pattern

    cell = pattern({"raw_value": "700", "raw_unit": "套", "locator": "t18/r13/c1"})  # a cell: its value only
    assert re.findall(cell, "1700 700 7000 700.5 巴楚县 700。") == ["700", "700"]
    prose = pattern({"raw_value": "222.64", "raw_unit": "公顷", "locator": "p20"})
    assert re.findall(prose, "供应住宅用地222.64 公顷，其中1222.64公顷") == ["222.64 公顷"]
