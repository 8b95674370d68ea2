"""A Lightning callback reporting what the recognizer gets wrong, with any logger.

Per validation (and test) pass it logs per-script CER (``val/cer_kanji`` ...) and model
throughput (``val/infer_lines_per_s``: forward + decode time only, no data loading) through
``LightningModule.log``, so CSV, W&B and ``metrics.json`` all receive them; it writes the sample
predictions with their images and the top confusions into the run directory; and, only when a
``WandbLogger`` is attached, logs them as W&B tables plus the charset, the best checkpoint and
the ONNX file as artifacts with the aliases ``best`` and ``latest``.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytorch_lightning as pl

from hwocr.data.collate import LineBatch
from hwocr.metrics.confusions import ConfusionCounter
from hwocr.metrics.scripts import ScriptCER
from hwocr.tracking import wandb_media
from hwocr.tracking.samples import SamplePrediction, write_prediction_report

log = logging.getLogger(__name__)


class _PassState:
    def __init__(self) -> None:
        self.scripts = ScriptCER()
        self.confusions = ConfusionCounter()
        self.samples: list[SamplePrediction] = []
        self.seconds = 0.0
        self.lines = 0
        self.batch_start = 0.0


class RecognitionReport(pl.Callback):
    """``output_dir`` receives ``<split>.json`` + sample PNGs (None: write nothing)."""

    def __init__(
        self,
        output_dir: str | None = None,
        num_samples: int = 16,
        top_confusions: int = 20,
        log_charset: bool = True,
        log_checkpoint: bool = True,
    ) -> None:
        self.output_dir = Path(output_dir) if output_dir else None
        self.num_samples = num_samples
        self.top_confusions = top_confusions
        self.log_charset = log_charset
        self.log_checkpoint = log_checkpoint
        self._state: dict[str, _PassState] = {}

    # -- collecting ----------------------------------------------------------------------------
    def _start_pass(self, split: str) -> None:
        self._state[split] = _PassState()

    def _batch_start(self, split: str) -> None:
        if split in self._state:
            self._state[split].batch_start = time.perf_counter()

    def _batch_end(self, split: str, outputs: Any, batch: LineBatch) -> None:
        state = self._state.get(split)
        if state is None:
            return
        state.seconds += time.perf_counter() - state.batch_start
        refs = batch["texts"]
        state.lines += len(refs)
        hyps = outputs.get("hyps") if isinstance(outputs, dict) else None
        if hyps is None:  # every RecognitionSystem returns {"hyps": ...}; other modules: speed only
            return
        state.scripts.update(refs, hyps)
        state.confusions.update(refs, hyps)
        widths = batch["widths"].tolist()
        for i, (ident, ref, hyp) in enumerate(zip(batch["ids"], refs, hyps, strict=True)):
            if len(state.samples) >= self.num_samples:
                break
            pixels = batch["images"][i, 0, :, : widths[i]].detach().float().cpu().numpy()
            image = np.clip(pixels, 0, 255).astype(np.uint8)
            state.samples.append(SamplePrediction(ident, ref, hyp, image))

    def _end_pass(self, trainer: pl.Trainer, pl_module: pl.LightningModule, split: str) -> None:
        state = self._state.pop(split, None)
        if state is None or trainer.sanity_checking:
            return
        rates = state.scripts.rates()
        for script, rate in rates.items():
            pl_module.log(f"{split}/cer_{script}", rate, sync_dist=True)
        speed = state.lines / state.seconds if state.seconds > 0 else None
        if speed is not None:
            pl_module.log(f"{split}/infer_lines_per_s", speed, sync_dist=True)
        confusions = state.confusions.most_common(self.top_confusions)
        step = trainer.global_step
        if self.output_dir is not None and trainer.is_global_zero:
            write_prediction_report(self.output_dir, split, step, state.samples, rates, confusions, speed)
        wandb_logger = wandb_media.find_wandb_logger(trainer)
        if wandb_logger is not None and trainer.is_global_zero:
            wandb_media.log_samples_table(wandb_logger, f"{split}/samples", state.samples, step)
            if confusions:
                wandb_media.log_confusions_table(wandb_logger, f"{split}/confusions", confusions, step)

    # -- Lightning hooks -----------------------------------------------------------------------
    def on_validation_epoch_start(self, trainer: pl.Trainer, pl_module: pl.LightningModule) -> None:
        self._start_pass("val")

    def on_validation_batch_start(self, trainer, pl_module, batch, batch_idx, dataloader_idx=0) -> None:
        self._batch_start("val")

    def on_validation_batch_end(self, trainer, pl_module, outputs, batch, batch_idx, dataloader_idx=0) -> None:
        self._batch_end("val", outputs, batch)

    def on_validation_epoch_end(self, trainer: pl.Trainer, pl_module: pl.LightningModule) -> None:
        self._end_pass(trainer, pl_module, "val")

    def on_test_epoch_start(self, trainer: pl.Trainer, pl_module: pl.LightningModule) -> None:
        self._start_pass("test")

    def on_test_batch_start(self, trainer, pl_module, batch, batch_idx, dataloader_idx=0) -> None:
        self._batch_start("test")

    def on_test_batch_end(self, trainer, pl_module, outputs, batch, batch_idx, dataloader_idx=0) -> None:
        self._batch_end("test", outputs, batch)

    def on_test_epoch_end(self, trainer: pl.Trainer, pl_module: pl.LightningModule) -> None:
        self._end_pass(trainer, pl_module, "test")

    def on_fit_start(self, trainer: pl.Trainer, pl_module: pl.LightningModule) -> None:
        wandb_logger = wandb_media.find_wandb_logger(trainer)
        if wandb_logger is None or not trainer.is_global_zero:
            return
        # The resolved config is already the run's config (log_hyperparams); keep the file too.
        resolved = Path(trainer.default_root_dir) / "config_resolved.yaml"
        if resolved.is_file():
            wandb_logger.experiment.save(str(resolved), base_path=str(resolved.parent), policy="now")
        if not self.log_charset:
            return
        charset = getattr(pl_module, "charset", None)
        if charset is None:
            return
        folder = self.output_dir or Path(trainer.default_root_dir)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "charset.txt"
        path.write_text("".join(f"{c}\n" for c in charset.chars), encoding="utf-8")
        wandb_logger.experiment.summary["charset/name"] = charset.name
        wandb_logger.experiment.summary["charset/num_classes"] = charset.num_classes
        wandb_media.log_file_artifact(wandb_logger, path, f"charset-{charset.name}", "charset",
                                      metadata={"name": charset.name, "size": len(charset.chars)})

    def on_fit_end(self, trainer: pl.Trainer, pl_module: pl.LightningModule) -> None:
        wandb_logger = wandb_media.find_wandb_logger(trainer)
        ckpt = trainer.checkpoint_callback
        if wandb_logger is None or not self.log_checkpoint or ckpt is None or not trainer.is_global_zero:
            return
        best = getattr(ckpt, "best_model_path", "")
        if not best or not Path(best).is_file():
            return
        score = getattr(ckpt, "best_model_score", None)
        metadata = {"monitor": getattr(ckpt, "monitor", None), "score": float(score) if score is not None else None,
                    "global_step": trainer.global_step}
        wandb_media.log_file_artifact(wandb_logger, Path(best), "model", "model", ("best", "latest"), metadata)
