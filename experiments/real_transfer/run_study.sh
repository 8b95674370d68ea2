#!/usr/bin/env bash
# Issue 11 study: start from the rich engine and add the levers one family at a time, same model,
# same step budget, then read every arm with the real-handwriting scoreboard (never trained on).
#   OUT=/tmp/rt_study STEPS=2000 SEEDS="1" PARALLEL=2 bash experiments/real_transfer/run_study.sh a0 a1 a2 a3
# Arms are cumulative:
#   a0  rich engine, form/words/random text (synth_study_rich's mix), no line normalisation
#   a1  + line normalisation (polarity + ink re-margining, training and reading alike)
#   a2  + single characters and 2-character fields in the text mix (experiment=real_transfer)
#   a3  + the engine's real-handwriting knobs (conf/renderer/handwriting_real.yaml)
#   a4  a3 with augment=handwriting instead of light
# Second round (session 4), from a2 with the stroke-width fix in the normaliser (one direction's
# runs no longer read a vertical stroke's length as its width, which shrank ロ, ル, ハ...):
#   n1  a2 + contrast stretch (darkest ink black, paper white) in the normaliser, min_height_strokes 5
#   n2  n1 + per-character geometry at half the suggested ranges (glyph_warp, stroke_shape)
# Third round (session 5): real writers fill a box, so their ハ, ル, イ are much wider than KanjiVG's:
#   n3  n1 + per-character aspect (glyph_warp.aspect, log width/height spread up to 0.35)
#   p1  n1 + thin pens: ballpoint, pencil and mouse beside the writer's own (synthetic strokes were
#       1.6x thicker, relative to the ink height, than the real katakana's)
#   c1  n1 + page and capture: 1-bit scans, low resolution, JPEG (conf/renderer/handwriting_real's ranges)
# Round 3 put p1's thin pens into experiment=real_transfer itself: every other arm removes them
# (NO_PENS) to stay what it measured.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT="${OUT:-/tmp/rt_study}"; STEPS="${STEPS:-2000}"; SEEDS="${SEEDS:-1}"; PARALLEL="${PARALLEL:-2}"
export NO_ALBUMENTATIONS_UPDATE=1 WANDB_MODE=offline
NO_SINGLE='data.train.text_source.weights={form:2.0,words:2.0,charset:1.0,single:0.0}'
KNOBS=('+renderer@data.train.renderer=handwriting_real' 'data.train.renderer.height=${data.height}')
CONTRAST='normalize.ink_contrast=true normalize.min_height_strokes=5'
GEOMETRY='+data.train.renderer.glyph_warp={warp:[0,3.5],proportions:[0,0.04],component_scale:[0,0.06],component_shift:[0,2]} +data.train.renderer.stroke_shape={length:[0,0.075],angle:[0,0.06],curvature:[0,0.04]}'
ASPECT='+data.train.renderer.glyph_warp={aspect:[0.0,0.35]}'
NO_PENS='~data.train.renderer.pen'
CAPTURE='+data.train.renderer.capture={low_res:0.2,binarize:0.15,jpeg:0.2}'
arm_overrides() {
  case "$1" in
    a0) echo "$NO_PENS normalize=null $NO_SINGLE" ;;
    a1) echo "$NO_PENS $NO_SINGLE" ;;
    a2) echo "$NO_PENS" ;;
    a3) echo "${KNOBS[*]}" ;;
    a4) echo "${KNOBS[*]} augment=handwriting" ;;
    n1) echo "$NO_PENS $CONTRAST" ;;
    n2) echo "$NO_PENS $CONTRAST $GEOMETRY" ;;
    n3) echo "$NO_PENS $CONTRAST $ASPECT" ;;
    p1) echo "$CONTRAST" ;;  # = experiment=real_transfer since round 3
    c1) echo "$NO_PENS $CONTRAST $CAPTURE" ;;
    *) echo "unknown arm $1" >&2; exit 2 ;;
  esac
}
run_arm() {
  local arm="$1" seed="$2" dir="$OUT/$1-s$2"
  mkdir -p "$dir"
  # shellcheck disable=SC2046
  hwocr-train experiment=real_transfer $(arm_overrides "$arm") seed="$seed" threads=1 logger=csv \
    trainer.max_steps="$STEPS" trainer.max_time=00:01:30:00 predict.enabled=false \
    hydra.run.dir="$dir" > "$dir/train.log" 2>&1
  hwocr-eval model_path="$dir/model.onnx" suite=real > "$dir/eval.log" 2>&1
  echo "done $arm seed $seed: $(grep -c . "$dir/model.scoreboard.md") rows"
}
jobs_running() { jobs -rp | wc -l; }
for arm in "$@"; do
  for seed in $SEEDS; do
    while [ "$(jobs_running)" -ge "$PARALLEL" ]; do sleep 5; done
    run_arm "$arm" "$seed" &
  done
done
wait
python experiments/real_transfer/collect.py "$OUT"
