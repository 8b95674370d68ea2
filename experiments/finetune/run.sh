#!/usr/bin/env bash
# Fine-tuning recipes of experiments/finetune/README.md: synthetic-pretrained vs from scratch, same
# time budget, both arms side by side (one torch thread each) so they share the CPU alike.
#   bash experiments/finetune/run.sh SOURCE.ckpt [kmnist|omniglot|all]
# SOURCE.ckpt: a synthetic run of experiment=real_transfer (crnn_small, height 32, normalised input).
# Environment: SHARED (default ../shared/data), FT_DATA (/tmp/ft_data), FT_OUT (/tmp/ft_runs),
# KMNIST_TIME (00:00:08:00), OMNI_TIME (00:00:03:00), OMNI_DRAWERS ("1 3 10"), NICE (15),
# FT_LR (the fine-tuned arm's peak learning rate; default: experiment=finetune's 3e-4).
set -euo pipefail
cd "$(dirname "$0")/../.."
SRC=${1:?usage: run.sh SOURCE.ckpt [kmnist|omniglot|all]}
WHAT=${2:-all}
SHARED=${SHARED:-../shared/data}
DATA=${FT_DATA:-/tmp/ft_data}
OUT=${FT_OUT:-/tmp/ft_runs}
KMNIST_TIME=${KMNIST_TIME:-00:00:08:00}
OMNI_TIME=${OMNI_TIME:-00:00:03:00}
OMNI_DRAWERS=${OMNI_DRAWERS:-1 3 10}
NICE=${NICE:-15}
FT=()
[[ -n ${FT_LR:-} ]] && FT=("model.optimizer.lr=$FT_LR")
COMMON=(logger=csv predict.enabled=false extras.print_config=false trainer.enable_progress_bar=false threads=1)
# From scratch gets the learning rate a from-scratch run wants (real_transfer's peak), not the
# fine-tuning one: the baseline is the best plain recipe, not a handicapped one.
SCRATCH=(init_from=null model.optimizer.lr=0.003)

pair() {  # pair NAME OVERRIDES...: the fine-tuned and the from-scratch arm, concurrently
  local name=$1; shift
  nice -n "$NICE" hwocr-train "$@" "${COMMON[@]}" "${FT[@]}" "init_from=$SRC" "hydra.run.dir=$OUT/$name-synthetic" \
    >"$OUT/$name-synthetic.out" 2>&1 &
  nice -n "$NICE" hwocr-train "$@" "${COMMON[@]}" "${SCRATCH[@]}" "hydra.run.dir=$OUT/$name-scratch" \
    >"$OUT/$name-scratch.out" 2>&1 &
  wait
}

mkdir -p "$OUT"
if [[ $WHAT == kmnist || $WHAT == all ]]; then
  for part in train:0:7500 val:7500:8000 test:8000:; do
    IFS=: read -r split start stop <<<"$part"
    [[ -f $DATA/kmnist/$split/manifest.tsv ]] || python datasets/kmnist/prepare.py --src "$SHARED/kmnist" \
      --out "$DATA/kmnist/$split" --range "$start:$stop"
  done
  pair kmnist experiment=finetune_kmnist "finetune_data=$DATA/kmnist" "trainer.max_time=$KMNIST_TIME"
fi
if [[ $WHAT == omniglot || $WHAT == all ]]; then
  # shellcheck disable=SC2086
  python experiments/finetune/omniglot_split.py --src "$SHARED/omniglot_katakana" --out "$DATA/omniglot" \
    --train-drawers $OMNI_DRAWERS
  for k in $OMNI_DRAWERS; do
    pair "omniglot$k" experiment=finetune_omniglot "finetune_data=$DATA/omniglot" "omniglot_drawers=$k" \
      "trainer.max_time=$OMNI_TIME"
  done
fi
python experiments/finetune/collect.py "$OUT"
