#!/usr/bin/env bash
# Model-zoo study (issue 4): CRNN vs transformer-CTC vs autoregressive encoder-decoder on the
# quickstart data (synthetic KanjiVG lines, height 32, 276 classes), 4 CPU minutes each.
# Sequential and niced: the dev box has 2 shared cores.
#   bash experiments/model_zoo/run_study.sh [experiment ...]   (default: zoo_crnn zoo_vit_ctc zoo_ar)
set -euo pipefail
OUT=${OUT:-/tmp/model_zoo}
BIN=${BIN:-.venv/bin}
EXPERIMENTS=("${@:-zoo_crnn zoo_vit_ctc zoo_ar}")
for exp in ${EXPERIMENTS[@]}; do
  nice -n 5 "$BIN/hwocr-train" "experiment=$exp" "paths.log_dir=$OUT/$exp" extras.print_config=false
done
"$BIN/python" experiments/model_zoo/summarize.py "$OUT"
