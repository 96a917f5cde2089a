#!/usr/bin/env bash
# Install everything planetl needs on a fresh Debian machine: the OCR system packages
# (Tesseract with simplified Chinese) and a Python 3.11 virtual environment in .venv with the
# pinned packages of requirements.lock. Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "[install] $*" >&2; }

# --- system packages (OCR of scanned PDFs) ---
if ! command -v tesseract >/dev/null 2>&1 || ! tesseract --list-langs 2>/dev/null | grep -qx chi_sim; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    say "installing tesseract-ocr and tesseract-ocr-chi-sim (apt-get)"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq tesseract-ocr tesseract-ocr-chi-sim >/dev/null
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
