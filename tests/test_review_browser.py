"""`planetl review` in a real browser: Debian's chromium driven by Playwright (never a downloaded
browser). Open a document, see the marks, click a figure, flag it, reload, see the review; the
review is in `reviews` after the server stops. Screenshots go to tests/artifacts/.

Run as a script to take the README's screenshots of a warehouse:
    .venv/bin/python tests/test_review_browser.py --db plans.duckdb --doc DOC_ID --out docs/
"""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).parent / "artifacts"
PLANETL = Path(sys.executable).parent / "planetl"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(db: str, reviewer: str = "browser-test"):
    """`planetl review` on a free 127.0.0.1 port, as a user starts it; yields its URL."""
    port = _free_port()
    server = subprocess.Popen([str(PLANETL), "review", "--db", db, "--port", str(port), "--reviewer", reviewer],
                              stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url + "/", timeout=2).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"planetl review did not start: {server.stderr.read()}") from None
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(10)


@contextlib.contextmanager
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield b.new_page(viewport={"width": 1280, "height": 900})
        finally:
            b.close()


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing: scripts/install.sh installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium, or bash scripts/install.sh)")
    from flows.cli import main
    from test_review import _plan_with_script

    folder = tmp_path_factory.mktemp("browser")
    _plan_with_script(folder / "script-plan.docx")
    db = str(folder / "b.duckdb")
    assert CliRunner().invoke(main, ["ingest", str(folder), "--db", db], catch_exceptions=False).exit_code == 0
    assert CliRunner().invoke(main, ["audit", "--db", db], catch_exceptions=False).exit_code == 0
    return db


def test_flag_a_figure_in_a_real_browser_and_find_the_review_after_a_reload(warehouse):
    con = duckdb.connect(warehouse, read_only=True)
    doc_id, fact_id = con.execute("SELECT doc_id, fact_id FROM facts WHERE locator = 'p2' AND value = 1200").fetchone()
    con.close()
    ARTIFACTS.mkdir(exist_ok=True)
    dialogs: list[str] = []
    with serving(warehouse) as url, browser() as page:
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"{url}/documents/{doc_id}")
        assert page.locator("mark[data-fact]").count() == 5
        assert page.locator("mark.has-finding[data-fact]").count() == 3
        assert page.locator("#p2").inner_text().startswith("<script>alert(1)</script>2026年")  # shown as text
        page.screenshot(path=str(ARTIFACTS / "review-document.png"), full_page=True)
        page.click(f'#p2 mark[data-fact="{fact_id}"] a')
        page.wait_for_url(f"{url}/facts/{fact_id}")
        page.check('input[name="status"][value="flagged"]')
        page.fill("#note", "the table says 1100")
        page.click('button[type="submit"]')
        page.wait_for_url(f"{url}/facts/{fact_id}")
        page.reload()
        review = page.locator('p.review[data-status="flagged"]')
        assert review.count() == 1
        assert review.inner_text().startswith("flagged by browser-test at ")
        assert review.inner_text().endswith(": the table says 1100")
        page.screenshot(path=str(ARTIFACTS / "review-fact.png"), full_page=True)
    assert dialogs == []  # the document's <script> never ran
    con = duckdb.connect(warehouse, read_only=True)  # the server has stopped: the review stays
    try:
        assert con.execute("SELECT status, note, reviewer FROM reviews WHERE fact_id = ?", [fact_id]).fetchall() == [
            ("flagged", "the table says 1100", "browser-test")]
    finally:
        con.close()


def screenshots(db: str, doc_id: str, out: Path) -> None:
    """The README's screenshots: a document page and /compare."""
    out.mkdir(parents=True, exist_ok=True)
    with serving(db, "readme") as url, browser() as page:
        page.goto(f"{url}/documents/{doc_id}")
        page.evaluate("window.scrollTo(0, document.querySelector('table mark[data-fact]').getBoundingClientRect().top"
                      " + window.scrollY - 420)")
        page.screenshot(path=str(out / "review-document.png"))
        page.goto(f"{url}/compare")
        page.screenshot(path=str(out / "review-compare.png"), full_page=True)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--doc", required=True)
    parser.add_argument("--out", type=Path, default=Path("docs"))
    a = parser.parse_args()
    screenshots(a.db, a.doc, a.out)
