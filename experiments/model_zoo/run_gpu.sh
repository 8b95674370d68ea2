#!/usr/bin/env bash
# The model zoo on one GPU: five arms trained at once, the same data and step budget for each
# (6,000 steps of batch 32, validation on 500 lines every 500 steps, a 4 min 15 s wall-clock cap).
# Recorded run: one H200 (bf16-mixed), 16 cores, 2026-11-27 (README.md, "GPU round").
#   OUT=/tmp/zoo bash experiments/model_zoo/run_gpu.sh
set -uo pipefail
OUT=${OUT:-/tmp/zoo}
TRAIN=${TRAIN:-.venv/bin/hwocr-train}
COMMON=(trainer=gpu data.batch_size=32 data.num_workers=2 data.train.size=16000 data.val.size=500
        trainer.max_steps=6000 trainer.val_check_interval=500 trainer.max_time=00:00:04:15
        extras.print_config=false trainer.enable_progress_bar=false)
run() { local name=$1; shift; $TRAIN "$@" "${COMMON[@]}" "paths.log_dir=$OUT/$name" > "$OUT/$name.log" 2>&1; echo "$name rc $?"; }
mkdir -p "$OUT"
run zoo_crnn experiment=zoo_crnn &
run zoo_vit_ctc experiment=zoo_vit_ctc &
run zoo_ar_lr5e-4 experiment=zoo_ar model.optimizer.lr=0.0005 &
run zoo_ar_lr1e-3 experiment=zoo_ar model.optimizer.lr=0.001 &
run zoo_ar_parseq_lr5e-4 experiment=zoo_ar model=ar_parseq model.optimizer.lr=0.0005 &
wait
for step in 700 3000; do python experiments/model_zoo/summarize.py "$OUT" --at-step $step; done
