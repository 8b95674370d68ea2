"""``hwocr-sweep``: sweep helpers around the training app.

    hwocr-sweep wandb hparams_search=crnn_optuna experiment=sweep_quick -o sweep.yaml
    wandb sweep sweep.yaml && wandb agent ENTITY/PROJECT/SWEEP_ID

``wandb`` composes the training config with the given overrides, reads the search space from
``hydra.sweeper.params`` (Optuna or basic sweeper syntax) and writes a W&B sweep YAML whose
program is ``hwocr-train`` with the remaining overrides fixed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml
from hydra import compose, initialize_config_dir
from omegaconf import OmegaConf

from hwocr.cli.resolvers import register_resolvers
from hwocr.tracking.wandb_sweep import METHODS, build_wandb_sweep
from hwocr.utils.files import CONFIG_DIR


def compose_sweep_source(overrides: list[str]) -> tuple[dict[str, str], str, str]:
    """(params, metric, goal) of the training config composed with ``overrides``."""
    register_resolvers()
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = compose(config_name="train", overrides=overrides, return_hydra_config=True)
    params = OmegaConf.to_container(cfg.hydra.sweeper.get("params") or {}, resolve=False)
    direction = str(cfg.hydra.sweeper.get("direction") or "minimize")
    metric = str(cfg.get("optimized_metric") or "val/cer")
    return {str(k): str(v) for k, v in params.items()}, metric, direction


def fixed_overrides(overrides: list[str]) -> list[str]:
    """The overrides the W&B program keeps: all but Hydra's sweeper and launcher settings.

    ``hparams_search=...`` stays: besides the search space it may pick config groups the swept
    keys live in (``crnn_optuna`` selects ``data=synthetic_mix``); a single run ignores its sweeper.
    """
    keep = []
    for item in overrides:
        key = item.split("=", 1)[0].lstrip("+~")
        if key.startswith(("hydra.sweeper", "hydra/sweeper", "hydra.launcher", "hydra/launcher")):
            continue
        keep.append(item)
    return keep


def wandb_command(args: argparse.Namespace) -> int:
    params, metric, goal = compose_sweep_source(args.overrides)
    params.update(dict(p.split("=", 1) for p in args.param or []))
    sweep = build_wandb_sweep(
        params, metric=args.metric or metric, goal=args.goal or goal,
        fixed_overrides=fixed_overrides(args.overrides), program=args.program, method=args.method,
        name=args.name, project=args.project, entity=args.entity,
    )
    text = yaml.safe_dump(sweep, sort_keys=False, allow_unicode=True)
    if args.output:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {args.output}: wandb sweep {args.output}  then  wandb agent <sweep id>", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hwocr-sweep", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    w = sub.add_parser("wandb", help="write a W&B sweep YAML for the Hydra training app")
    w.add_argument("overrides", nargs="*", help="Hydra overrides, e.g. hparams_search=crnn_optuna experiment=...")
    w.add_argument("-o", "--output", help="YAML file to write (default: stdout)")
    w.add_argument("--method", choices=METHODS, help="default: grid for finite choices only, else bayes")
    w.add_argument("--metric", help="default: optimized_metric of the config")
    w.add_argument("--goal", choices=("minimize", "maximize"), help="default: the sweeper's direction")
    w.add_argument("--param", action="append", metavar="KEY=EXPR",
                   help="extra search parameter in Hydra sweep syntax, e.g. model.optimizer.lr='interval(1e-4,1e-2)'")
    w.add_argument("--program", default="hwocr-train")
    w.add_argument("--name")
    w.add_argument("--project")
    w.add_argument("--entity")
    w.set_defaults(func=wandb_command)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
