"""The W&B-only parts of tracking: tables, artifacts, finishing runs.

Everything here takes a ``WandbLogger`` (or nothing) and is skipped by callers when the trainer
has no W&B logger, so tracking works with any logger.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytorch_lightning as pl
from pytorch_lightning.loggers import WandbLogger

from hwocr.tracking.samples import SamplePrediction


def find_wandb_logger(trainer: pl.Trainer) -> WandbLogger | None:
    for logger in trainer.loggers:
        if isinstance(logger, WandbLogger):
            return logger
    return None


def log_samples_table(logger: WandbLogger, key: str, samples: Sequence[SamplePrediction], step: int) -> None:
    import wandb

    rows = [[step, s.id, wandb.Image(s.image, caption=s.hyp), s.ref, s.hyp, s.cer] for s in samples]
    logger.log_table(key, columns=["step", "id", "image", "reference", "prediction", "cer"], data=rows, step=step)


def log_confusions_table(logger: WandbLogger, key: str, confusions: Sequence[tuple[str, str, int]], step: int) -> None:
    rows = [[ref or "∅", hyp or "∅", count] for ref, hyp, count in confusions]
    logger.log_table(key, columns=["reference", "prediction", "count"], data=rows, step=step)


def log_file_artifact(
    logger: WandbLogger,
    path: Path,
    name: str,
    kind: str,
    aliases: Sequence[str] = ("latest",),
    metadata: dict[str, Any] | None = None,
) -> None:
    """Log one file as a W&B artifact ``name`` of type ``kind`` (also offline: synced later)."""
    import wandb

    run = logger.experiment
    # Artifact names allow letters, digits, '-', '_' and '.' only.
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in f"{name}-{run.id}")
    artifact = wandb.Artifact(safe, type=kind, metadata=metadata or {})
    artifact.add_file(str(path))
    run.log_artifact(artifact, aliases=list(aliases))


def finish_wandb_run(failed: bool = False) -> None:
    """Close the process's active W&B run, if any, so the next run of a sweep gets a new one."""
    if "wandb" not in sys.modules:
        return
    import wandb

    if wandb.run is not None:
        wandb.run.finish(exit_code=1 if failed else 0)


def log_onnx_artifact(trainer: pl.Trainer, onnx_path: Path) -> bool:
    """Log the exported model as the run's ``onnx`` artifact (aliases best, latest) when W&B is on."""
    wandb_logger = find_wandb_logger(trainer)
    if wandb_logger is None or not trainer.is_global_zero or not Path(onnx_path).is_file():
        return False
    log_file_artifact(wandb_logger, Path(onnx_path), "onnx", "onnx", ("best", "latest"), {"source": "best checkpoint"})
    return True
