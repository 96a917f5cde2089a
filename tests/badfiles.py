"""Bad input files built in the test's tmp_path: each one a way a real file goes wrong."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from conftest import sample


def minimal_pdf(extra_trailer: bytes = b"", objects: list[bytes] | None = None) -> bytes:
    """A small valid PDF (one empty page), optionally with more trailer entries and objects."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        *(objects or []),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R " % (len(objs) + 1) + extra_trailer
              + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def encrypted_pdf(path: Path) -> Path:
    """A PDF protected by a user password (standard security handler, RC4 40-bit)."""
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -44 >>"
    path.write_bytes(minimal_pdf(b"/Encrypt 4 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]",
                                 [encrypt]))
    return path


def truncated(path: Path, source: str) -> Path:
    data = sample(source).read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


def zip_bomb(path: Path, megabytes: int) -> Path:
    """A .docx-looking zip whose document part inflates to `megabytes` of zeros."""
    chunk = b"\0" * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            for _ in range(megabytes):
                f.write(chunk)
    return path


def entity_docx(path: Path) -> Path:
    """A real .docx whose document part declares XML entities (the 'billion laughs' trick)."""
    laughs = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
              + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 9))
              + "]>\n")
    with zipfile.ZipFile(sample("jiamusi-2026-annual-plan.docx")) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                body = data.decode("utf-8").split("?>", 1)[1]
                data = (laughs + body.replace("<w:t>附件</w:t>", "<w:t>&lol8;</w:t>", 1)).encode("utf-8")
            dst.writestr(item, data)
    return path


def greedy_reader(path: str) -> int:
    """A reader that, like a parser looping on a hostile file, allocates 2 GB for one file (far more
    than the free heap a reader inherits from the fork server, so the limit always bites)."""
    data = Path(path).read_bytes()
    return len(data) + len(bytearray(2 << 30))
