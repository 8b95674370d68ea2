#!/usr/bin/env bash
# Issue 3 study: train the quickstart CRNN on each synthetic engine (and the crossed arms), score
# every run on font-rendered lines that no arm saw.
#   bash experiments/synth_study/run_study.sh [arm ...]        (default: strokes rich)
# Arms: strokes (a), rich (b), rich_charset (c: rich renderer, arm a's random text),
#       strokes_mixture (d: first renderer, arm b's text mixture).
# Environment: OUT (default /tmp/synth_study), SEEDS (default "42"), TRAINER (cpu | gpu),
#   PARALLEL=1 trains every arm x seed at once (a GPU box with many cores; on 2 cores keep 0),
#   TRAIN / SYNTH / PY: the commands (default: this checkout's .venv).
#   EXTRA: more hwocr-train overrides for every run (e.g. a smoke test: 'trainer.max_steps=3').
#   On a shared box, run the whole script under `nice -n 5`.
#   TESTS_ONLY=1 only writes the test sets (they need the fonts; the training box need not have them).
set -euo pipefail
OUT=${OUT:-/tmp/synth_study}
BIN=${BIN:-.venv/bin}
TRAIN=${TRAIN:-$BIN/hwocr-train}
SYNTH=${SYNTH:-$BIN/hwocr-synth}
PY=${PY:-$BIN/python}
SEEDS=${SEEDS:-42}
TRAINER=${TRAINER:-cpu}
PARALLEL=${PARALLEL:-0}
ARMS=("${@:-strokes rich}")
FONTS=("setofont.ttf:seto" "KleeOne-Regular:klee" "YOzRN_:yozfont")
# name:text weights (hwocr-synth's `text` mapping; 0 turns a source off)
TEXTS=("form:{form:1,words:1,charset:0}" "charset:{form:0,words:0,charset:1}")

# 1. Held-out test sets: 300 lines per font and text kind, height 64, seed 2026.
for font in "${FONTS[@]}"; do
  for text in "${TEXTS[@]}"; do
    dir="$OUT/test-${font##*:}-${text%%:*}"
    [ -f "$dir/manifest.tsv" ] || $SYNTH manifest "out=$dir" lines=300 height=64 \
      seed=2026 renderer=fonts "renderer.fonts=[${font%%:*}]" charset=quickstart "text=${text#*:}"
  done
done
# ... and, for reference, each training engine's own style (in-domain for one arm, not the other).
for engine in kanjivg:strokes handwriting:handwriting; do
  dir="$OUT/ref-${engine%%:*}-charset"
  [ -f "$dir/manifest.tsv" ] || $SYNTH manifest "out=$dir" lines=300 height=64 \
    seed=2026 "renderer=${engine#*:}" charset=quickstart "text={form:0,words:0,charset:1}"
done
[ "${TESTS_ONLY:-0}" = 1 ] && exit 0

# 2. Train each arm x seed (synth_study_base: 3,000 steps of batch 32).
train_one() {  # arm seed
  local arm=$1 seed=$2 args
  case $arm in
    strokes) args=(experiment=synth_study_strokes) ;;
    rich) args=(experiment=synth_study_rich) ;;
    rich_charset) args=(experiment=synth_study_rich_charset) ;;
    # Hydra cannot delete keys from inside a config file, so this crossed arm is overrides.
    strokes_mixture) args=(experiment=synth_study_rich experiment_name=synth_study_strokes_mixture
                           data.train.renderer._target_=hwocr.synth.render.kanjivg.KanjiVGRenderer
                           '~data.train.renderer.preset' '~data.train.renderer.vertical_prob') ;;
    *) echo "unknown arm $arm" >&2; return 2 ;;
  esac
  local run="$OUT/runs/$arm-s$seed"
  [ -f "$run/metrics.json" ] && return 0
  $TRAIN "${args[@]}" "seed=$seed" "trainer=$TRAINER" "hydra.run.dir=$run" "paths.log_dir=$OUT/logs" \
    extras.print_config=false trainer.enable_progress_bar=false ${EXTRA:-} > "$OUT/train-$arm-s$seed.log" 2>&1
}
mkdir -p "$OUT/runs"
pids=()
for arm in ${ARMS[*]}; do
  for seed in $SEEDS; do
    if [ "$PARALLEL" = 1 ]; then train_one "$arm" "$seed" & pids+=($!); else train_one "$arm" "$seed"; fi
  done
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
[ $status = 0 ] || echo "some runs failed: see $OUT/train-*.log" >&2

# 3. Score each run's last checkpoint (the end of its one-cycle schedule) on every test set.
models=()
for arm in ${ARMS[*]}; do
  for seed in $SEEDS; do
    ckpt="$OUT/runs/$arm-s$seed/checkpoints/last.ckpt"
    [ -f "$ckpt" ] && models+=(--model "$arm-s$seed=$ckpt")
  done
done
$PY experiments/synth_study/score.py --out "$OUT/scores" --threads "${SCORE_THREADS:-1}" "${models[@]}" \
  --tests "$OUT"/test-* "$OUT"/ref-* | tee "$OUT/scores.txt"
