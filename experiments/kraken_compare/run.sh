#!/usr/bin/env bash
# Side by side with kraken (issue 14): the same synthetic lines, the same wall-clock budget on this
# CPU, both scored with hwocr's CER code. kraken lives in its own venv outside the repository and
# is never one of hwocr's dependencies. Results: $WORK/results.json and the table printed at the end.
#
#   bash experiments/kraken_compare/run.sh                  # 8 minutes of training per engine
#   BUDGET_S=40 TRAIN_LINES=200 VAL_LINES=40 bash experiments/kraken_compare/run.sh   # a wiring check
#   STEPS="score" bash experiments/kraken_compare/run.sh    # only some steps (venv data kraken hwocr score)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BUDGET_MIN=${BUDGET_MIN:-8}
WORK=${WORK:-/tmp/kraken-compare}
KRAKEN_VENV=${KRAKEN_VENV:-/tmp/kraken-venv}
KRAKEN_VERSION=${KRAKEN_VERSION:-7.1.1}
TRAIN_LINES=${TRAIN_LINES:-3000}
VAL_LINES=${VAL_LINES:-300}
THREADS=${THREADS:-2}
KRAKEN_BATCH=${KRAKEN_BATCH:-16}
HWOCR_BATCH=${HWOCR_BATCH:-32}
STEPS=${STEPS:-"venv data kraken hwocr score"}
# KRAKEN_TEST=1: also kraken's own `ketos test` on the val lines (a cross-check; slow on a busy box).
KRAKEN_TEST=${KRAKEN_TEST:-0}
# The machine is shared: every CPU-heavy step runs at the lowest priority (NICE=0 for a quiet box).
NICE="nice -n ${NICE:-19}"
HW="$REPO/.venv/bin"
KR="$KRAKEN_VENV/bin"
export NO_ALBUMENTATIONS_UPDATE=1 WANDB_MODE=offline
BUDGET_S=${BUDGET_S:-$((BUDGET_MIN * 60))}
MAX_TIME=$(printf "00:%02d:%02d:%02d" $((BUDGET_S / 3600)) $((BUDGET_S % 3600 / 60)) $((BUDGET_S % 60)))

mkdir -p "$WORK"
log() { echo "[$(date +%H:%M:%S)] $*  | $(uptime | sed 's/.*load/load/')" | tee -a "$WORK/load.log"; }
has() { [[ " $STEPS " == *" $1 "* ]]; }
printf '{"budget_s": %d, "threads": %d, "kraken_batch_size": %d, "hwocr_batch_size": %d, "nice": "%s"}\n' \
  "$BUDGET_S" "$THREADS" "$KRAKEN_BATCH" "$HWOCR_BATCH" "$NICE" > "$WORK/settings.json"

if has venv; then
  log "venv: kraken==$KRAKEN_VERSION into $KRAKEN_VENV"
  [[ -x "$KR/python" ]] || python3 -m venv "$KRAKEN_VENV"
  $NICE "$KR/pip" install -q "kraken==$KRAKEN_VERSION"
  "$KR/ketos" --version
fi

if has data; then
  log "data: $TRAIN_LINES train + $VAL_LINES val lines"
  $NICE "$HW/hwocr-synth" manifest out="$WORK/train" lines="$TRAIN_LINES" renderer=handwriting height=64 \
    charset=quickstart seed=0
  $NICE "$HW/hwocr-synth" manifest out="$WORK/val" lines="$VAL_LINES" renderer=handwriting height=64 \
    charset=quickstart seed=1
  "$HW/python" "$HERE/to_kraken.py" "$WORK/train/manifest.tsv" "$WORK/kraken_data/train" "$WORK/train.lst"
  "$HW/python" "$HERE/to_kraken.py" "$WORK/val/manifest.tsv" "$WORK/kraken_data/val" "$WORK/val.lst"
fi

if has kraken; then
  rm -rf "$WORK/kraken" && mkdir -p "$WORK/kraken"
  log "kraken: train for $BUDGET_S s"
  # ketos's own train command; kraken_train.py only adds Lightning's max_time (ketos has no budget option).
  (cd "$WORK/kraken" && $NICE "$KR/python" "$HERE/kraken_train.py" "$BUDGET_S" "$WORK/kraken/clock.json" \
    -d cpu --threads "$THREADS" --workers 1 train -f path -t "$WORK/train.lst" -e "$WORK/val.lst" \
    -B "$KRAKEN_BATCH" -o "$WORK/kraken/model") 2>&1 | tr '\r' '\n' | grep -v '^\s*$' > "$WORK/kraken/train.log" \
    || { tail -30 "$WORK/kraken/train.log"; exit 1; }
  log "kraken: trained"; cat "$WORK/kraken/clock.json"
  model=$(ls -t "$WORK"/kraken/model/best_*.safetensors | head -1)
  if [[ "$KRAKEN_TEST" == 1 ]]; then
    $NICE "$KR/ketos" -d cpu --threads "$THREADS" test -f path -m "$model" -e "$WORK/val.lst" \
      > "$WORK/kraken/ketos_test.log" 2>&1 || echo "ketos test failed: see $WORK/kraken/ketos_test.log"
  fi
  log "kraken: read the val lines"
  $NICE "$KR/python" "$HERE/kraken_predict.py" "$model" "$WORK/val.lst" "$WORK/kraken/predictions.jsonl" "$THREADS"
fi

if has hwocr; then
  rm -rf "$WORK/hwocr" && mkdir -p "$WORK/hwocr"
  log "hwocr: train for $BUDGET_S s"
  # augment=none: kraken trains without augmentation by default (--no-augment); threads and one
  # loader worker as kraken's --threads/--workers; min_epochs=0 lets the budget end mid-epoch, as kraken's.
  PYTHONPATH="$HERE" $NICE "$HW/hwocr-train" data=manifest data.train.manifest="$WORK/train/manifest.tsv" \
    data.val.manifest="$WORK/val/manifest.tsv" model=crnn charset=quickstart data.height=64 \
    data.batch_size="$HWOCR_BATCH" augment=none threads="$THREADS" data.num_workers=1 \
    trainer.max_time="$MAX_TIME" trainer.max_steps=-1 trainer.max_epochs=-1 \
    trainer.min_epochs=0 logger=csv export.enabled=true hydra.run.dir="$WORK/hwocr/run" \
    +callbacks.fit_clock._target_=fit_clock.HwocrFitClock +callbacks.fit_clock.path="$WORK/hwocr/clock.json" \
    > "$WORK/hwocr/train.log" 2>&1 || { tail -30 "$WORK/hwocr/train.log"; exit 1; }
  log "hwocr: trained"; cat "$WORK/hwocr/clock.json"
  for b in 1 32; do
    $NICE "$HW/hwocr-eval" model_path="$WORK/hwocr/run/model.onnx" lines="$WORK/val/manifest.tsv" \
      batch_size=$b threads="$THREADS" output="$WORK/hwocr/eval_b$b.json" > "$WORK/hwocr/eval_b$b.log" 2>&1
  done
  log "hwocr: read the val lines"
fi

if has score; then
  "$HW/python" "$HERE/score.py" "$WORK" | tee "$WORK/table.md"
fi
