#!/usr/bin/env bash
# Install everything planetl needs on a fresh Debian machine: the system packages (Tesseract with
# simplified Chinese for OCR, LibreOffice Writer for .doc/.wps, chromium for the review page's browser
# test) and a Python 3.11 virtual environment in .venv with the pinned packages of requirements.lock. Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "[install] $*" >&2; }

# apt-get install PACKAGES, as root or through sudo
apt_install() {
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    say "installing $* (apt-get)"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

# --- system packages, each only when missing ---
# Tesseract with simplified Chinese: OCR of scanned PDFs
if ! command -v tesseract >/dev/null 2>&1 || ! tesseract --list-langs 2>/dev/null | grep -qx chi_sim; then
    apt_install tesseract-ocr tesseract-ocr-chi-sim
fi
# LibreOffice Writer, headless: .doc and .wps are converted to .docx with it (extractors/office.py)
if ! command -v soffice >/dev/null 2>&1; then
    apt_install libreoffice-writer-nogui
fi
# Debian's chromium and CJK fonts: the browser test of `planetl review` (Playwright drives it; no browser download)
if ! command -v chromium >/dev/null 2>&1 || ! fc-list :lang=zh 2>/dev/null | grep -q .; then
    apt_install chromium fonts-noto-cjk
fi

# --- Python 3.11 virtual environment with the pinned packages ---
python=""
for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
        python="$candidate"; break
    fi
done
if [ -z "$python" ]; then
    say "planetl needs Python 3.11 (python3.11 not found)"; exit 1
fi
if [ ! -x .venv/bin/python ]; then
    say "creating .venv with $($python --version)"
    "$python" -m venv .venv
fi
stamp=.venv/.planetl-installed
if [ ! -f "$stamp" ] || ! cmp -s requirements.lock "$stamp" || [ pyproject.toml -nt "$stamp" ]; then
    say "installing pinned packages from requirements.lock"
    .venv/bin/python -m pip install -q --upgrade "pip==25.3"
    .venv/bin/python -m pip install -q -r requirements.lock
    .venv/bin/python -m pip install -q --no-deps -e .
    cp requirements.lock "$stamp"
fi
say "ready: .venv/bin/planetl"
