"""Write tests/data/formats/: one sample plan in the formats bureaus publish besides .docx.

- kashgar-2025-annual-plan.doc: samples/kashgar-2025-annual-plan.docx saved by LibreOffice as Word 97-2003.
- kashgar-2025-annual-plan.wps: the same plan saved as Word 97-2003 under the .wps name, as Kingsoft WPS
  Office writes a .wps (an OLE compound file with a WordDocument stream, Word's binary layout); its
  properties name WPS Office as the last editor, so its bytes differ from the .doc's.
- yichang-2025-housing-construction-plan.html: samples/yichang-2025-housing-construction-plan.docx as a
  bureau's CMS publishes a plan inline: the body as Word's HTML pasted into the editor (LibreOffice's HTML
  export, its table with rowspan/colspan), inside a page with a site header, navigation, a sidebar of
  news headlines, related links and a footer (all with figures of their own that are not the plan's),
  encoded as GBK and declared gb2312 in a meta tag, as many such sites still are.

    .venv/bin/python scripts/samples/make_format_samples.py      (needs LibreOffice: soffice)
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import docx
import lxml.html

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "tests" / "data" / "formats"
WORD = REPO / "samples" / "kashgar-2025-annual-plan.docx"
INLINE = REPO / "samples" / "yichang-2025-housing-construction-plan.docx"

PAGE = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>{title}_规划计划_宜昌市住房和城乡建设局</title>
<meta name="SiteName" content="宜昌市住房和城乡建设局" />
<meta name="ColumnName" content="规划计划" />
<meta name="ArticleTitle" content="{title}" />
<meta name="PubDate" content="2025-03-18 10:20" />
<link rel="stylesheet" type="text/css" href="/images/style.css" />
<script type="text/javascript">var _hmt = _hmt || []; var visits = 20250318;</script>
</head>
<body>
<div class="top">
  <div class="top-bar">今天是：<span id="today">2025年3月18日</span> | <a href="/wza/">无障碍浏览</a> | <a href="/en/">English</a></div>
  <div class="header"><a href="/" class="logo"><img src="/images/logo.png" alt="宜昌市住房和城乡建设局" /></a>
    <form class="search" action="/search/"><input type="text" name="q" value="请输入关键字" /><input type="submit" value="搜索" /></form></div>
  <div class="nav"><ul>
    <li><a href="/">首页</a></li><li><a href="/jggk/">机构概况</a></li><li><a href="/zwgk/">政府信息公开</a></li>
    <li><a href="/zwgk/ghjh/">规划计划</a></li><li><a href="/bszn/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li>
  </ul></div>
</div>
<div class="main">
  <div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt; <a href="/zwgk/ghjh/">规划计划</a></div>
  <div class="left">
    <div class="box"><h3>热点信息</h3><ul>
      <li><a href="/xwdt/202503/t20250312_101.html">全市一季度新建商品住房成交1.2万套</a><span>2025-03-12</span></li>
      <li><a href="/xwdt/202503/t20250305_100.html">2025年计划改造老旧小区260个</a><span>2025-03-05</span></li>
      <li><a href="/xwdt/202502/t20250226_099.html">去年全市完成保障性租赁住房投资8.6亿元</a><span>2025-02-26</span></li>
    </ul></div>
    <div class="box"><h3>便民服务</h3><ul><li><a href="/bszn/gjj/">住房公积金查询</a></li><li><a href="/bszn/zfbz/">住房保障申请</a></li></ul></div>
  </div>
  <div class="right">
    <div class="article">
      <h1 class="title">{title}</h1>
      <div class="info">发布时间：2025-03-18 10:20　来源：市住房和城乡建设局　浏览次数：<span id="hits">3562</span>　字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a></div>
      <div class="TRS_Editor" id="zoom">
{body}
      </div>
      <div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
      <div class="related"><h3>相关文章</h3><ul>
        <li><a href="/zwgk/ghjh/202403/t20240320_088.html">宜昌市2024年住房建设计划：新开工商品住房185万平方米</a></li>
        <li><a href="/zwgk/ghjh/202312/t20231220_080.html">关于筹集保障性租赁住房3000套的公示</a></li>
      </ul></div>
    </div>
  </div>
</div>
<div class="footer">
  <p><a href="/about/">关于我们</a> | <a href="/map/">网站地图</a> | <a href="/contact/">联系我们</a></p>
  <p>主办单位：宜昌市住房和城乡建设局　地址：宜昌市西陵区沿江大道116号　电话：0717-6222333</p>
  <p>网站标识码：4205000012　<a href="https://beian.miit.gov.cn/">鄂ICP备05001234号-1</a>　鄂公网安备 42050202000123号</p>
  <p>累计访问量：1286542次　建议使用1280×768分辨率浏览</p>
</div>
</body>
</html>
"""


def soffice_convert(source: Path, target: str, out: Path, profile: Path) -> Path:
    """`soffice --convert-to target` of one file into `out`; the written file."""
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                    "--convert-to", target, "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=120)
    return next(out.iterdir())


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        doc = soffice_convert(WORD, "doc:MS Word 97", tmp / "doc", tmp / "profile")
        shutil.copyfile(doc, OUT / f"{WORD.stem}.doc")
        # a WPS Office .wps is such a Word-binary file; saved by another program (its properties say so),
        # so that its bytes differ from the .doc's and both load as versions of one plan
        edited = docx.Document(str(WORD))
        edited.core_properties.last_modified_by = "WPS Office"
        edited.save(str(tmp / WORD.name))
        wps = soffice_convert(tmp / WORD.name, "doc:MS Word 97", tmp / "wps", tmp / "profile")
        shutil.copyfile(wps, OUT / f"{WORD.stem}.wps")
        exported = soffice_convert(INLINE, "html:HTML (StarWriter)", tmp / "html", tmp / "profile").read_bytes()
    root = lxml.html.fromstring(exported.decode("utf-8"))
    body = root.find("body")
    title = root.findtext("head/title").strip()
    # the editor's copy of the Word HTML: the body's content, the page title as the article's <h1> above it
    content = (body.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in body)
    page = PAGE.format(title=title, body=content.strip())
    (OUT / f"{INLINE.stem}.html").write_bytes(page.encode("gbk"))
    for path in sorted(OUT.iterdir()):
        print(f"wrote {path.relative_to(REPO)} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
