#!/usr/bin/env bash
# Install hwocr and run the main job: train a CRNN on embedded synthetic handwriting,
# evaluate it, export ONNX and read generated lines back with the torch-free runtime.
# Extra arguments are Hydra overrides, e.g.  bash scripts/quickstart.sh trainer.max_time=00:00:05:00
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup_env.sh" ""
cd "$HWOCR_ROOT"
exec hwocr-train experiment=quickstart "$@"
