"""The training story: seed, build, fit, evaluate, then the export step (ONNX + artifact) and predict.

Importable and Hydra-free at call time: ``train(cfg)`` takes a composed DictConfig, so tests and
sweepers call the same function the ``hwocr-train`` app does.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import hydra
import pytorch_lightning as pl
import torch
from omegaconf import DictConfig, OmegaConf
from pytorch_lightning.utilities.rank_zero import rank_zero_only

from hwocr.data.bad_samples import bad_sample_metrics
from hwocr.data.datamodule import LineDataModule
from hwocr.pipeline.deliver import export_and_predict
from hwocr.systems.base import RecognitionSystem
from hwocr.systems.init_from import apply_init_from
from hwocr.systems.loading import CheckpointError, load_checkpoint_file
from hwocr.tracking.wandb_media import log_onnx_artifact
from hwocr.utils.files import write_json, write_text_atomic
from hwocr.utils.threads import resolve_threads

log = logging.getLogger(__name__)


def instantiate_group(node: DictConfig | None) -> list:
    """Instantiate every named entry of a dict-of-configs group (callbacks, loggers)."""
    if not node:
        return []
    return [hydra.utils.instantiate(v) for v in node.values() if v is not None and "_target_" in v]


def build(cfg: DictConfig) -> tuple[LineDataModule, RecognitionSystem]:
    charset = hydra.utils.instantiate(cfg.charset)
    transform = hydra.utils.instantiate(cfg.augment) if cfg.get("augment") else None
    normalize = OmegaConf.to_container(cfg.normalize) if cfg.get("normalize") else None
    datamodule = hydra.utils.instantiate(cfg.data, charset=charset, train_transform=transform, normalize=normalize)
    system = hydra.utils.instantiate(cfg.model, charset=charset)
    apply_init_from(cfg, system)  # init_from=PATH: another run's weights, mapped to this charset
    system.hwocr_config = OmegaConf.to_container(cfg, resolve=True)
    return datamodule, system


def resolve_resume(ckpt_path: str | None, output_dir: Path) -> str | None:
    """The checkpoint ``trainer.fit`` continues from: a path, or ``last``.

    ``last`` is the newest training state in the run's ``checkpoints/`` (by global step, then
    modification time) among last.ckpt, recent-step*.ckpt, interrupted.ckpt and the best: a
    SIGKILL leaves a mid-epoch recent-step checkpoint newer than last.ckpt. A file that does not
    load (killed while being written, truncated) is skipped with a warning naming it and the
    checkpoint used instead.

    A step budget (``trainer.max_steps``) resumes bit-identically on CPU (tests/cli/test_resume.py).
    A time budget (``trainer.max_time``) resumes with the time already spent (Lightning's Timer is
    checkpointed): the schedule ends in the same total time, not in the same steps.
    """
    if ckpt_path != "last":
        if ckpt_path:
            load_checkpoint_file(ckpt_path)  # a missing or unreadable file named now, not deep in Lightning
        return ckpt_path
    folder = output_dir / "checkpoints"
    found = sorted(folder.glob("*.ckpt"))
    if not found:
        raise FileNotFoundError(f"ckpt_path=last but {folder} holds no checkpoint (*.ckpt)")
    readable: list[tuple[int, float, Path]] = []
    broken: list[tuple[Path, str]] = []
    for f in found:
        try:
            step = int(load_checkpoint_file(f).get("global_step", -1))
        except (CheckpointError, OSError) as exc:
            broken.append((f, str(exc)))
            continue
        readable.append((step, f.stat().st_mtime, f))
    if not readable:
        raise CheckpointError(f"ckpt_path=last: no checkpoint in {folder} loads: " + "; ".join(e for _, e in broken))
    step, _, chosen = max(readable)
    for f, error in broken:
        log.warning("resume: skipping %s, which does not load (%s); resuming from %s (step %d) instead",
                    f, error, chosen, step)
    log.info("resume: continuing from %s (step %d)", chosen, step)
    return str(chosen)


def train(cfg: DictConfig) -> dict:
    """Run one experiment: fit, evaluate, export, predict. Returns the metrics also in ``metrics.json``."""
    output_dir = Path(cfg.paths.output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    threads = resolve_threads(cfg.get("threads"))
    if threads:
        torch.set_num_threads(threads)
    pl.seed_everything(cfg.seed, workers=True)
    # Under DDP every rank runs this story; only rank 0 writes run files and exports. The rank is
    # known before the trainer exists: the launcher sets it in the environment.
    rank0 = rank_zero_only.rank == 0
    if rank0:
        write_text_atomic(output_dir / "config_resolved.yaml", OmegaConf.to_yaml(cfg, resolve=True))

    datamodule, system = build(cfg)
    trainer = build_trainer(cfg, system)
    metrics: dict = {"status": "completed", "charset": system.charset.name, "num_classes": system.charset.num_classes,
                     "parameters": sum(p.numel() for p in system.parameters())}
    if cfg.get("train"):
        metrics.update(fit(cfg, trainer, system, datamodule, output_dir))
    best = trainer.checkpoint_callback.best_model_path if trainer.checkpoint_callback else ""
    metrics["best_checkpoint"] = best or None
    if cfg.get("evaluate") and not trainer.fast_dev_run:
        metrics.update(evaluate(trainer, system, datamodule, best or None))
    if not rank0:
        return metrics
    write_json(output_dir / "metrics.json", metrics)
    log.info("metrics: %s", json.dumps(metrics, ensure_ascii=False))

    if cfg.export.get("enabled") and best:
        metrics.update(export_and_predict(cfg, Path(best), datamodule, output_dir))
        if cfg.export.get("log_artifact", True):
            log_onnx_artifact(trainer, Path(metrics["onnx"]))
        write_json(output_dir / "metrics.json", metrics)
    return metrics


def build_trainer(cfg: DictConfig, system: RecognitionSystem) -> pl.Trainer:
    callbacks = instantiate_group(cfg.get("callbacks"))
    loggers = instantiate_group(cfg.get("logger"))
    if not loggers:
        # LearningRateMonitor refuses to run without a logger; logger=none must still train.
        callbacks = [c for c in callbacks if not isinstance(c, pl.callbacks.LearningRateMonitor)]
    trainer: pl.Trainer = hydra.utils.instantiate(cfg.trainer, callbacks=callbacks, logger=loggers or False)
    for lg in loggers:
        if hasattr(lg, "log_hyperparams"):
            lg.log_hyperparams(system.hwocr_config)
    return trainer


def fit(cfg: DictConfig, trainer: pl.Trainer, system: RecognitionSystem, datamodule: LineDataModule,
        output_dir: Path) -> dict:
    t0 = time.perf_counter()
    trainer.fit(system, datamodule=datamodule, ckpt_path=resolve_resume(cfg.get("ckpt_path"), output_dir))
    metrics = {"train_seconds": round(time.perf_counter() - t0, 1), "global_step": trainer.global_step}
    metrics.update({k: float(v) for k, v in trainer.callback_metrics.items() if v.numel() == 1})
    # Bad samples skipped or replaced while reading (file and line are in the log): data/<split>/...
    metrics.update(bad_sample_metrics(datamodule.datasets))
    return metrics


def evaluate(trainer: pl.Trainer, system: RecognitionSystem, datamodule: LineDataModule, ckpt: str | None) -> dict:
    """Validate (and test, when the data has a test split) the best checkpoint."""
    t1 = time.perf_counter()
    results = trainer.validate(system, datamodule=datamodule, ckpt_path=ckpt, verbose=False)
    metrics = {k: float(v) for k, v in results[0].items()}
    metrics["val/num_samples"] = len(datamodule.dataset("val"))
    metrics["val/lines_per_s"] = round(metrics["val/num_samples"] / (time.perf_counter() - t1), 1)
    if datamodule.factories.get("test") is not None:
        results = trainer.test(system, datamodule=datamodule, ckpt_path=ckpt, verbose=False)
        metrics.update({k: float(v) for k, v in results[0].items()})
    return metrics
