#!/usr/bin/env bash
# Issue 13 study: the same model and data (experiment=real_transfer: crnn_small, normalised input,
# the rich engine) with each augmentation pipeline, scored with the real-handwriting scoreboard
# (read only at the end: never trained, tuned or selected on) and synthetic validation.
#   OUT=/tmp/aug_study STEPS=1000 SEEDS="1" PARALLEL=2 bash experiments/augment/run_study.sh none light handwriting forms scan
#   python experiments/real_transfer/collect.py /tmp/aug_study experiments/augment/results   # -> results/table.md
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT="${OUT:-/tmp/aug_study}"; STEPS="${STEPS:-1000}"; SEEDS="${SEEDS:-1}"; PARALLEL="${PARALLEL:-2}"
export NO_ALBUMENTATIONS_UPDATE=1 WANDB_MODE=offline
run_arm() {
  local arm="$1" seed="$2" dir="$OUT/$1-s$2"
  mkdir -p "$dir"
  hwocr-train experiment=real_transfer augment="$arm" seed="$seed" threads=1 logger=csv \
    trainer.max_steps="$STEPS" trainer.max_time=00:01:30:00 predict.enabled=false \
    hydra.run.dir="$dir" > "$dir/train.log" 2>&1
  hwocr-eval model_path="$dir/model.onnx" suite=real threads=1 > "$dir/eval.log" 2>&1
  echo "done $arm seed $seed"
}
jobs_running() { jobs -rp | wc -l; }
for seed in $SEEDS; do
  for arm in "$@"; do
    while [ "$(jobs_running)" -ge "$PARALLEL" ]; do sleep 5; done
    run_arm "$arm" "$seed" &
  done
done
wait
python experiments/real_transfer/collect.py "$OUT" experiments/augment/results
