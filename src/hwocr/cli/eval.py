"""``hwocr-eval``: CER, exact-line accuracy, samples and lines/s of a .ckpt or .onnx file.

    hwocr-eval model_path=logs/train/runs/.../checkpoints/last.ckpt        # the run's own val data
    hwocr-eval model_path=model.onnx lines=/data/test.tsv                   # any manifest
    hwocr-eval model_path=model.onnx lines=test limit=200                   # a split of the training config
"""

from __future__ import annotations

import json
from pathlib import Path

import hydra
from omegaconf import DictConfig

from hwocr.cli.resolvers import register_resolvers
from hwocr.data.eval_lines import resolve_lines
from hwocr.pipeline.evaluation import evaluate_model, load_model
from hwocr.utils.files import CONFIG_DIR, write_json

register_resolvers()


@hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name="eval")
def main(cfg: DictConfig) -> float:
    model = Path(cfg.model_path)
    if not model.is_file():
        raise FileNotFoundError(f"model_path: {model} not found")
    loaded = load_model(model, threads=cfg.threads)
    # The config that names the val/test lines: the model's own, or config_from=<the .ckpt> for an
    # export made without one.
    config = load_model(cfg.config_from).config if cfg.get("config_from") else loaded.config
    lines = resolve_lines(cfg.lines, "val", config, loaded.charset, cfg.limit)
    result = evaluate_model(loaded, lines, batch_size=cfg.batch_size)
    output = Path(cfg.output) if cfg.output else model.with_name(f"{model.stem}.eval.json")
    write_json(output, result)
    print(json.dumps({k: v for k, v in result.items() if k != "errors"}, ensure_ascii=False, indent=2))
    print(f"wrote {output}")
    return result["cer"]


if __name__ == "__main__":
    main()
