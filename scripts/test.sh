#!/usr/bin/env bash
# Install hwocr with its test, sweep, export, fonts and real-data extras, then run the whole test suite (CPU, ~8 min).
# Extra arguments go to pytest, e.g.  bash scripts/test.sh -m "not slow"
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup_env.sh" dev,sweep,export,fonts,real
cd "$HWOCR_ROOT"
export WANDB_MODE="${WANDB_MODE:-offline}"
exec python -m pytest -q "$@"
