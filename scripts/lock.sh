#!/usr/bin/env bash
# Re-pin requirements.lock from pyproject.toml in a throwaway venv (needs the package registry).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
python3.11 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install -q --upgrade pip
"$tmp/venv/bin/pip" install -q ".[dev]"
{ echo "# Pinned set of every package planetl installs (python 3.11). Regenerate with scripts/lock.sh after changing pyproject.toml."
  "$tmp/venv/bin/pip" freeze --exclude-editable | grep -v '^planetl'; } > requirements.lock
rm -rf "$tmp"
echo "requirements.lock: $(grep -vc '^#' requirements.lock) packages"
