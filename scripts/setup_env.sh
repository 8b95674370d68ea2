#!/usr/bin/env bash
# Create (or reuse) .venv and install hwocr into it, editable, with the given extras.
# Usage: source scripts/setup_env.sh [extras]     e.g. "dev,sweep"
set -euo pipefail
HWOCR_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${HWOCR_VENV:-$HWOCR_ROOT/.venv}"
extras="${1:-}"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
spec="$HWOCR_ROOT"
[ -n "$extras" ] && spec="$HWOCR_ROOT[$extras]"
# Skip the (slow) resolver when nothing changed since the last install.
stamp="$VENV/.hwocr-install-$(cat "$HWOCR_ROOT/pyproject.toml" | sha256sum | cut -c1-16)-${extras//,/_}"
if [ ! -f "$stamp" ]; then
  "$VENV/bin/python" -m pip install --disable-pip-version-check -q -e "$spec"
  touch "$stamp"
fi
export PATH="$VENV/bin:$PATH"
export NO_ALBUMENTATIONS_UPDATE=1
