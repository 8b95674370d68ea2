"""``hwocr-eval``: CER, exact-line accuracy, samples and lines/s of a .ckpt or .onnx file.

    hwocr-eval model_path=logs/train/runs/.../checkpoints/last.ckpt        # the run's own val data
    hwocr-eval model_path=model.onnx lines=/data/test.tsv                   # any manifest
    hwocr-eval model_path=model.onnx lines=test limit=200                   # a split of the training config
    hwocr-eval model_path=model.onnx suite=real                             # the real-handwriting scoreboard
    hwocr-eval model_path=model.onnx lines=test report=true                 # + <model>.report.{md,html}
"""

from __future__ import annotations

import json
from pathlib import Path

import hydra
from hydra.utils import instantiate
from omegaconf import DictConfig

from hwocr.cli.resolvers import register_resolvers
from hwocr.data.eval_lines import resolve_lines
from hwocr.pipeline.eval_report import evaluate_with_report, suite_with_report
from hwocr.pipeline.evaluation import LoadedModel, evaluate_model, load_model
from hwocr.pipeline.scoreboard import format_table, run_suite, write_scoreboard
from hwocr.utils.files import CONFIG_DIR, write_json
from hwocr.utils.threads import resolve_threads

register_resolvers()


@hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name="eval")
def main(cfg: DictConfig) -> float:
    model = Path(cfg.model_path)
    if not model.is_file():
        raise FileNotFoundError(f"model_path: {model} not found")
    threads = resolve_threads(cfg.threads)
    loaded = load_model(model, threads=threads)
    if cfg.get("suite"):
        return scoreboard(loaded, cfg, threads)
    # The config that names the val/test lines: the model's own, or config_from=<the .ckpt> for an
    # export made without one.
    config_file = cfg.get("config_from") or model
    config = load_model(config_file).config if cfg.get("config_from") else loaded.config
    lines = resolve_lines(cfg.lines, "val", config, loaded.charset, cfg.limit, config_source=str(config_file),
                          root=cfg.get("lines_root"))
    if cfg.get("report"):
        result, report = evaluate_with_report(loaded, lines, batch_size=cfg.batch_size, threads=threads)
        print(f"wrote {report} and {report.with_suffix('.html')}")
    else:
        result = evaluate_model(loaded, lines, batch_size=cfg.batch_size)
    output = Path(cfg.output) if cfg.output else model.with_name(f"{model.stem}.eval.json")
    write_json(output, result)
    print(json.dumps({k: v for k, v in result.items() if k != "errors"}, ensure_ascii=False, indent=2))
    print(f"wrote {output}")
    return result["cer"]


def scoreboard(loaded: LoadedModel, cfg: DictConfig, threads: int | None = None) -> float:
    """Every set of ``cfg.suite`` (skipping absent ones); returns the mean exact accuracy of those read."""
    sets = {name: instantiate(spec) for name, spec in cfg.suite.sets.items()}
    if cfg.get("report"):
        rows, report = suite_with_report(loaded, sets, batch_size=cfg.batch_size, threads=threads)
        print(f"wrote {report} and {report.with_suffix('.html')}")
    else:
        rows = run_suite(loaded, sets, batch_size=cfg.batch_size)
    path = write_scoreboard(loaded.path, rows, Path(cfg.output) if cfg.output else None)
    print(format_table(rows))
    print(f"wrote {path} and {path.with_suffix('.md')}")
    read = [r["exact"] for r in rows if r["exact"] is not None]
    return sum(read) / len(read) if read else float("nan")


if __name__ == "__main__":
    main()
