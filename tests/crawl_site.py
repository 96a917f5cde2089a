"""A local bureau website shaped like real CMS output, for the crawler's tests (and the README's
session): `python tests/crawl_site.py` serves it until Ctrl-C.

/robots.txt disallows /gov/private/. The column /gov/ghjh/ lists its articles on three pages:
index.html (UTF-8, a 下一页 link), index_1.html (GB2312 by its meta tag only, relative and absolute
links, a TRS createPageHTML pager script) and index_2.html (the last). Its plan articles carry
Chinese-named attachments (URL-encoded hrefs, Content-Disposition filename*), a .doc, a 404 and a
too-slow one, a redirect, an inline plan with a merged-cell table, and an attachment whose bytes
`Site.flip()` changes; a news article is no plan. The attachments are the repository's samples.
"""
from __future__ import annotations

import hashlib
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
FORMATS = ROOT / "tests" / "data" / "formats"
SLOW_SECONDS = 3.0  # the slow attachment answers after this long (the tests' timeout is shorter)
MODIFIED = formatdate(1740787200, usegmt=True)  # the Last-Modified of every file (2025-03-01)

HTML = "text/html; charset=utf-8"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# the plan the changing attachment holds before and after Site.flip()
CHANGING = (SAMPLES / "ganzhou-2025-old-community-renewal-plan.docx", SAMPLES / "yichang-2025-housing-construction-plan.docx")


def _page(title: str, body: str, head: str = '<meta charset="utf-8">') -> str:
    return (f"<!DOCTYPE html><html><head>{head}<title>{title}</title></head><body>"
            "<div class='header'><a href='/'>首页</a> <a href='/gov/'>政府信息公开</a> <a href='/gov/ghjh/'>规划计划</a></div>"
            f"<div class='main'>{body}</div>"
            "<div class='footer'><p>主办：某市住房和城乡建设局</p><p>地址：某市某路1号 电话：0000-0000000</p></div>"
            "</body></html>")


def _listing(items: list[tuple[str, str, str]], pager: str) -> str:
    rows = "".join(f"<li><a href='{href}' title='{title}' target='_blank'>{title}</a><span>{date}</span></li>"
                   for title, href, date in items)
    return f"<ul class='list'>{rows}</ul><div class='page'>{pager}</div>"


def _article(title: str, date: str, body: str) -> str:
    return (f"<h1>{title}</h1><div class='info'>发布时间：{date}　来源：市住房和城乡建设局</div>"
            f"<div class='TRS_Editor'>{body}</div>")


def _build(base: str) -> dict[str, tuple[int, dict[str, str], bytes]]:
    """path -> (status, headers, body); `base` is http://127.0.0.1:PORT (for absolute links)."""
    plan1_doc = "/gov/ghjh/202503/" + quote("2025年住房发展年度计划.docx")
    inline = _article("某市2025年保障性住房建设计划", "2025-02-20", (
        "<p>为加快构建住房保障体系，根据有关文件精神，结合我市实际，制定本计划。</p>"
        "<p>一、目标任务。2025年全市计划新建保障性租赁住房1200套（间），筹集公租房300套，"
        "发放城镇住房保障家庭租赁补贴2000户。各区县要按照职责分工抓好落实，确保按期完成年度目标任务。</p>"
        "<p>二、分区任务。各区年度任务见下表。</p>"
        "<table border='1'><tr><th rowspan='2'>区域</th><th colspan='2'>保障性租赁住房</th></tr>"
        "<tr><th>新建（套）</th><th>改建（套）</th></tr>"
        "<tr><td>甲区</td><td>700</td><td>100</td></tr><tr><td>乙区</td><td>300</td><td>100</td></tr>"
        "<tr><td>合计</td><td>1000</td><td>200</td></tr></table>"
        "<p>三、保障措施。加强组织领导，落实土地、资金等支持政策，强化监督考核。</p>"))
    gbk_article = _page("关于印发某市2025年住房发展年度计划的通知", _article(
        "关于印发某市2025年住房发展年度计划的通知", "2025-03-01",
        "<p>各区县住房和城乡建设局：现将《某市2025年住房发展年度计划》印发给你们，请认真贯彻执行。</p>"
        f"<p>附件：<a href='{quote('2025年住房发展年度计划.docx')}'>2025年住房发展年度计划.docx</a></p>"),
        head='<meta http-equiv="Content-Type" content="text/html; charset=gbk">')
    urban_village = _page("某市2025年城中村改造计划", _article(
        "某市2025年城中村改造计划", "2025-02-10",
        "<p>现将某市2025年城中村改造计划予以公开。</p>"
        f"<p><a href='{base}/gov/ghjh/202502/P020250210.docx'>某市2025年城中村改造计划</a></p>"
        "<p><a href='/gov/ghjh/202502/P020250210_2.pdf'>附件2：项目清单.pdf</a></p>"
        "<p><a href='./P020250210_3.docx'>附件3：资金安排.docx</a></p>"))
    renewal = _page("某市2025年老旧小区改造计划", _article(
        "某市2025年老旧小区改造计划", "2025-01-15",
        "<p>附件：<a href='/gov/ghjh/202501/P020250115.docx'>某市2025年老旧小区改造计划.docx</a></p>"))
    doc_article = _page("某市2025年住房建设计划", _article(
        "某市2025年住房建设计划", "2024-12-30",
        "<p>附件：<a href='/gov/ghjh/202412/P020241230.doc'>某市2025年住房建设计划.doc</a></p>"))
    news = _page("市住建局召开2025年安全生产工作会议", _article(
        "市住建局召开2025年安全生产工作会议", "2025-03-05",
        "<p>3月5日，市住建局召开安全生产工作会议，部署全年安全生产工作。会议要求各单位压实责任。</p>" * 5))
    private = _page("某市住房发展规划（内部）", _article("某市住房发展规划（内部）", "2025-01-01", "<p>内部</p>"))
    index = _page("规划计划", _listing([
        ("市住建局召开2025年安全生产工作会议", "./202503/t20250305_9.html", "2025-03-05"),
        ("关于印发某市2025年住房发展年度计划的通知", "202503/t20250301_1.html", "2025-03-01"),
        ("某市2025年保障性住房建设计划", f"{base}/gov/ghjh/202502/t20250220_5.html", "2025-02-20"),
    ], "<a href='index.html'>首页</a> <span>1</span> <a href='index_1.html'>下一页</a> <a href='index_2.html'>尾页</a>"))
    index_1 = _page("规划计划", _listing([
        ("某市2025年城中村改造计划", f"{base}/gov/ghjh/202502/t20250210_2.html", "2025-02-10"),
        ("某市2025年老旧小区改造计划", "/gov/ghjh/old/t20250115_3.html", "2025-01-15"),
        ("某市住房发展规划（内部）", "/gov/private/t1.html", "2025-01-01"),
    ], "<script>createPageHTML(3, 1, \"index\", \"html\");</script>"),
        head='<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    index_2 = _page("规划计划", _listing([
        ("某市2025年住房建设计划", "202412/t20241230_4.html", "2024-12-30"),
    ], "<script>createPageHTML(3, 2, \"index\", \"html\");</script>"))

    def page(text: str, charset: str = "utf-8", declared: bool = True) -> tuple[int, dict, bytes]:
        kind = f"text/html; charset={charset}" if declared else "text/html"
        return 200, {"Content-Type": kind}, text.encode(charset)

    def file(path: Path, kind: str = DOCX, name: str | None = None) -> tuple[int, dict, bytes]:
        headers = {"Content-Type": kind}
        if name:
            headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return 200, headers, path.read_bytes()

    return {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /gov/private/\n"),
        "/gov/ghjh/index.html": page(index),
        "/gov/ghjh/index_1.html": page(index_1, "gb2312", declared=False),
        "/gov/ghjh/index_2.html": page(index_2),
        "/gov/ghjh/202503/t20250305_9.html": page(news),
        "/gov/ghjh/202503/t20250301_1.html": page(gbk_article, "gbk"),
        plan1_doc: file(SAMPLES / "turpan-2024-annual-plan.docx"),
        "/gov/ghjh/202502/t20250220_5.html": page(_page("某市2025年保障性住房建设计划", inline)),
        "/gov/ghjh/202502/t20250210_2.html": page(urban_village),
        "/gov/ghjh/202502/P020250210.docx": file(SAMPLES / "xian-2024-urban-village-renewal-plan.docx",
                                                 name="某市2025年城中村改造计划.docx"),
        # /gov/ghjh/202502/P020250210_2.pdf: missing (404); P020250210_3.docx: too slow
        "/gov/ghjh/old/t20250115_3.html": (301, {"Location": "/gov/ghjh/202501/t20250115_3.html"}, b""),
        "/gov/ghjh/202501/t20250115_3.html": page(renewal),
        "/gov/ghjh/202501/P020250115.docx": file(CHANGING[0]),
        "/gov/ghjh/202412/t20241230_4.html": page(doc_article),
        "/gov/ghjh/202412/P020241230.doc": file(FORMATS / "kashgar-2025-annual-plan.doc", "application/msword"),
        "/gov/private/t1.html": page(private),
    }


class Site:
    """The site, served on 127.0.0.1 at a free port in a thread; `requests` logs (method, path,
    request headers) of every request."""

    def __init__(self) -> None:
        site = self
        self.requests: list[tuple[str, str, dict[str, str]]] = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                path = unquote(urlsplit(self.path).path)
                site.requests.append(("GET", path, dict(self.headers)))
                if path.endswith("P020250210_3.docx"):
                    time.sleep(SLOW_SECONDS)
                status, headers, body = site.pages.get(quote(path), site.pages.get(path, (404, {}, b"not found")))
                tag = f'"{hashlib.sha256(body).hexdigest()[:16]}"'
                if status == 200 and self.headers.get("If-None-Match") == tag:
                    status, body = 304, b""
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    if status in (200, 304):
                        self.send_header("ETag", tag)
                        self.send_header("Last-Modified", MODIFIED)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout)
                    pass

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.pages = _build(self.base)
        self.listing = f"{self.base}/gov/ghjh/index.html"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def flip(self) -> None:
        """The old-community renewal plan's attachment now holds other bytes."""
        path = "/gov/ghjh/202501/P020250115.docx"
        current = self.pages[path][2]
        new = CHANGING[1] if current == CHANGING[0].read_bytes() else CHANGING[0]
        self.pages[path] = (200, {"Content-Type": DOCX}, new.read_bytes())

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


if __name__ == "__main__":
    with Site() as running:
        print(running.listing, flush=True)
        try:
            running.thread.join()
        except KeyboardInterrupt:
            pass
