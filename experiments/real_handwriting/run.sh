#!/usr/bin/env bash
# Real handwriting check: read the KMNIST test split (10,000 real kuzushiji hiragana, never seen
# in training) with models trained only on hwocr's synthetic data, freely and against the 10 classes.
#   KMNIST=/data/kmnist bash experiments/real_handwriting/run.sh NAME=path/to/model.onnx ...
set -euo pipefail
KMNIST=${KMNIST:-../shared/data/kmnist}
OUT=${OUT:-/tmp/real_handwriting}
BIN=${BIN:-.venv/bin}
HERE=$(dirname "${BASH_SOURCE[0]}")
[ -f "$OUT/kmnist-test/manifest.tsv" ] || "$BIN/python" datasets/kmnist/prepare.py --src "$KMNIST" --out "$OUT/kmnist-test"
for spec in "$@"; do
  name=${spec%%=*}; model=${spec#*=}
  # Free reading: CER and exact accuracy over the whole charset (hwocr-eval, runtime).
  "$BIN/hwocr-eval" model_path="$model" lines="$OUT/kmnist-test/manifest.tsv" threads=2 output="$OUT/$name.eval.json" \
    | grep -E '"(cer|line_accuracy|num_samples)"'
  # Closed set: the likeliest of the 10 classes (Recognizer.choose via hwocr-predict --choices).
  "$BIN/hwocr-predict" "$model" --manifest "$OUT/kmnist-test/manifest.tsv" --choices "$HERE/kmnist_classes.txt" \
    --threads 2 --cer --no-progress > "$OUT/$name.choices.tsv"
done
