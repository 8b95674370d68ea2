#!/usr/bin/env bash
# Issue 3 study: train the quickstart CRNN on each synthetic engine, score both on font-rendered
# lines that no arm saw. Sequential and niced: the dev box has 2 shared cores.
#   bash experiments/synth_study/run_study.sh [arm ...]      (default: strokes rich)
# Arms: strokes (a), rich (b), rich_charset (c: rich renderer, random text), strokes_mixture (d:
# first renderer, rich engine's text mixture). Everything is written under $OUT (default /tmp/synth_study).
set -euo pipefail
OUT=${OUT:-/tmp/synth_study}
BIN=${BIN:-.venv/bin}
ARMS=("${@:-strokes rich}")
FONTS=("setofont.ttf:seto" "KleeOne-Regular:klee" "YOzRN_:yozfont")
# name:text weights (hwocr-synth's `text` mapping; 0 turns a source off)
TEXTS=("form:{form:1,words:1,charset:0}" "charset:{form:0,words:0,charset:1}")

# 1. Held-out test sets: 300 lines per font and text kind, height 64, seed 2026.
for font in "${FONTS[@]}"; do
  for text in "${TEXTS[@]}"; do
    dir="$OUT/test-${font##*:}-${text%%:*}"
    [ -f "$dir/manifest.tsv" ] || "$BIN/hwocr-synth" manifest "out=$dir" lines=300 height=64 \
      seed=2026 renderer=fonts "renderer.fonts=[${font%%:*}]" charset=quickstart "text=${text#*:}"
  done
done

# ... and, for reference, each training engine's own style (in-domain for one arm, not the other).
# set name:hwocr-synth renderer
for engine in kanjivg:strokes handwriting:handwriting; do
  dir="$OUT/ref-${engine%%:*}-charset"
  [ -f "$dir/manifest.tsv" ] || "$BIN/hwocr-synth" manifest "out=$dir" lines=300 height=64 \
    seed=2026 "renderer=${engine#*:}" charset=quickstart "text={form:0,words:0,charset:1}"
done

# 2. Train each arm (about 6 minutes each).
for arm in ${ARMS[*]}; do
  case $arm in
    strokes) args=(experiment=synth_study_strokes) ;;
    rich) args=(experiment=synth_study_rich) ;;
    rich_charset) args=(experiment=synth_study_strokes experiment_name=synth_study_rich_charset
                        data.train.renderer._target_=hwocr.synth.handwriting.HandwritingRenderer) ;;
    strokes_mixture) args=(experiment=synth_study_rich experiment_name=synth_study_strokes_mixture
                           data.train.renderer._target_=hwocr.synth.renderer.KanjiVGRenderer
                           '~data.train.renderer.preset' '~data.train.renderer.vertical_prob') ;;
    *) echo "unknown arm $arm" >&2; exit 2 ;;
  esac
  run="$OUT/runs/$arm"
  if [ ! -f "$run/metrics.json" ]; then
    nice -n 5 "$BIN/hwocr-train" "${args[@]}" "hydra.run.dir=$run" "paths.log_dir=$OUT/logs" \
      extras.print_config=false trainer.enable_progress_bar=false > "$OUT/train-$arm.log" 2>&1
  fi
done

# 3. Score each arm's last checkpoint (the end of its one-cycle schedule) on every test set.
models=()
for arm in ${ARMS[*]}; do models+=(--model "$arm=$OUT/runs/$arm/checkpoints/last.ckpt"); done
nice -n 5 "$BIN/python" experiments/synth_study/score.py --out "$OUT/scores" "${models[@]}" \
  --tests "$OUT"/test-* "$OUT"/ref-* | tee "$OUT/scores.txt"
