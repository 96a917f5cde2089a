"""Word 97-2003 .doc and .wps → Document, through LibreOffice.

LibreOffice (headless) converts the file to .docx in a temporary folder, with a profile of its own so
that conversions side by side never share one, and the .docx backend reads that; the Document keeps the
original file's path, the sha256 of its bytes and a format of its own. A .wps from Kingsoft WPS Office
is a Word-binary file (an OLE compound file with a WordDocument stream) and is handed over as Word 97;
an old Microsoft Works .wps goes to LibreOffice's Works filter. A ".doc" that is really RTF, a .docx or a
web page (as many sites publish them) is read as what it is.

soffice.bin itself runs (not its launcher, which would leave it behind), in a process group of its own
killed when it overruns its time, and with a parent-death signal: it never outlives the reader.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from extractors.errors import BadInputError
from extractors.model import Document, Format

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORD_STREAM = "WordDocument".encode("utf-16-le")  # a directory entry's name in the compound file
# the streams that make a compound file a spreadsheet or a presentation instead
OTHER_STREAMS = tuple((name.encode("utf-16-le"), kind) for name, kind in (
    ("Workbook", "Excel file (.xls)"), ("PowerPoint Document", "PowerPoint file (.ppt)")))
RESTART = (79, 81)  # soffice.bin's "restart me" exit codes (after setting up a new profile), as its launcher does
DOCX_FILTER = "docx:MS Word 2007 XML"


def extract(path: str | Path) -> Document:
    path = Path(path)
    raw = path.read_bytes()
    fmt = Format.WPS if path.suffix.lower() == ".wps" else Format.DOC
    head = raw[:1024].lstrip().lower()
    if raw.startswith(b"PK"):  # a .docx under an old name
        from extractors import docx

        document = docx.extract(path)
    elif not raw.startswith(OLE_MAGIC) and (b"<html" in head or head.startswith(b"<!doctype html")):  # a "web page" .doc
        from extractors import html

        document = html.extract(path)
    else:
        infilter = _filter(path, raw, fmt)
        _sweep_leftovers()
        with tempfile.TemporaryDirectory(prefix=f"planetl-office-{os.getpid()}-") as tmp:
            document = _read_docx(convert(path, raw, infilter, Path(tmp)), path)
    return replace(document, path=str(path), sha256=hashlib.sha256(raw).hexdigest(), format=fmt)


def _filter(path: Path, raw: bytes, fmt: Format) -> str:
    """LibreOffice's import filter for the file's content."""
    if raw.startswith(OLE_MAGIC):
        other = next((name for stream, name in OTHER_STREAMS if stream in raw), None)
        if other and WORD_STREAM not in raw:
            raise BadInputError(path, f"an {other}, not a Word document; save the plan as .docx")
        return "MS_Works" if fmt is Format.WPS and WORD_STREAM not in raw else "MS Word 97"
    if raw.lstrip()[:5] == b"{\\rtf":
        return "Rich Text Format"
    if b"<w:wordDocument" in raw[:4096]:
        return "MS Word 2003 XML"
    if fmt is Format.WPS:
        return "MS_Works"  # Works 2-4 wrote other layouts
    raise BadInputError(path, "not a Word document (neither Word 97-2003, RTF nor .docx inside); is it damaged? "
                              "open it in Word or WPS Office and save it as .docx")


def soffice() -> str | None:
    """LibreOffice's soffice.bin (beside the soffice on PATH), else that soffice; None when not installed."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        return None
    real = Path(os.path.realpath(found))
    binary = real.with_name("soffice.bin")
    return str(binary) if binary.is_file() else str(real)


def convert(path: Path, raw: bytes, infilter: str, tmp: Path) -> Path:
    """The file converted to .docx by LibreOffice in `tmp`; raises BadInputError naming `path` if it can't."""
    from extractors.isolate import read_timeout
    from extractors.lifetime import die_with_parent

    program = soffice()
    if program is None:
        raise BadInputError(path, f"reading a {path.suffix.lower()} file needs LibreOffice (soffice), which is not "
                                  "installed: run scripts/install.sh, or save the file as .docx")
    source, out = tmp / f"document{'.doc' if infilter == 'MS Word 97' else path.suffix.lower()}", tmp / "out"
    source.write_bytes(raw)  # under a plain name: no quoting or locale trouble with the original's
    timeout = read_timeout() * 0.8  # within the reader's own limit
    deadline = time.monotonic() + timeout
    command = [program, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless", "--invisible",
               "--nologo", "--norestore", "--nolockcheck", "--nodefault", f"--infilter={infilter}",
               "--convert-to", DOCX_FILTER, "--outdir", str(out), str(source)]
    env = {**os.environ, "SAL_ENABLE_FILE_LOCKING": "1"}
    said = ""
    for _ in range(3):
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   cwd=tmp, env=env, start_new_session=True, preexec_fn=die_with_parent)
        try:
            said = process.communicate(timeout=max(deadline - time.monotonic(), 0.01))[0].decode("utf-8", "replace")
        except subprocess.TimeoutExpired:
            raise BadInputError(path, f"LibreOffice took longer than {timeout:g} s to convert it and was stopped; "
                                      "is the file damaged?") from None
        finally:
            _kill_group(process)
        if process.returncode not in RESTART:
            break
    converted = out / f"{source.stem}.docx"
    if not converted.is_file():
        why = next((line.strip() for line in reversed(said.splitlines()) if line.strip().startswith("Error")),
                   f"exit code {process.returncode}")
        raise BadInputError(path, f"LibreOffice could not read it ({why}); is the file damaged? Open it in Word or "
                                  "WPS Office and save it as .docx")
    return converted


def _sweep_leftovers() -> None:
    """Remove the temporary folders of conversions whose reader was killed (past its time limit)."""
    for folder in Path(tempfile.gettempdir()).glob("planetl-office-*-*"):
        pid = folder.name.split("-")[2]
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except (ValueError, OSError):  # not ours, or alive under another user
            continue


def _kill_group(process: subprocess.Popen) -> None:
    """Kill whatever is left of the conversion's process group, and reap the process."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()


def _read_docx(converted: Path, path: Path) -> Document:
    from extractors import docx

    try:
        return docx.extract(converted)
    except BadInputError as exc:  # said of the original file, not of the temporary .docx
        raise BadInputError(path, exc.reason) from None
