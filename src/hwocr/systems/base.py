"""What every recognition system shares: optimisation, metrics, checkpoint contents."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytorch_lightning as pl
import torch
from pytorch_lightning.callbacks import Timer
from pytorch_lightning.trainer.states import RunningStage
from torch import nn
from torch.optim.lr_scheduler import LambdaLR

from hwocr.core.charset import Charset
from hwocr.core.trust import check_stored_charset
from hwocr.data.collate import LineBatch
from hwocr.metrics.by_source import SourceAccumulators
from hwocr.metrics.cer import CERAccumulator
from hwocr.metrics.rejection import threshold_for_accuracy
from hwocr.systems.loss_guard import NonFiniteLossGuard
from hwocr.systems.schedules import training_progress


class RecognitionSystem(pl.LightningModule):
    """Base LightningModule. Subclasses build ``self.net`` and implement ``loss`` and ``decode``.

    ``hwocr_config`` (the resolved Hydra config, set by the training pipeline) and the charset
    are written into every checkpoint so ``hwocr.systems.loading`` can rebuild the model from
    the file alone.
    """

    def __init__(
        self,
        charset: Charset,
        optimizer: Callable[..., torch.optim.Optimizer],
        scheduler: Callable[..., torch.optim.lr_scheduler.LRScheduler] | None = None,
    ) -> None:
        super().__init__()
        self.charset = charset
        self.optimizer_factory = optimizer
        self.scheduler_factory = scheduler
        self.hwocr_config: dict | None = None
        self.net: nn.Module
        self._acc: dict[str, CERAccumulator] = {}
        self._scored: dict[str, tuple[list[float], list[str], list[str]]] = {}
        self._by_source: dict[str, SourceAccumulators] = {}
        self._t_epoch = 0.0
        self._lines_seen = 0
        self.loss_guard = NonFiniteLossGuard()

    # -- subclasses ----------------------------------------------------------------------------
    def loss(self, batch: LineBatch) -> torch.Tensor:
        raise NotImplementedError

    def decode(self, batch: LineBatch) -> list[str]:
        raise NotImplementedError

    def loss_and_read(self, batch: LineBatch) -> tuple[torch.Tensor, list[str], list[float] | None]:
        """Evaluation: loss, texts and each line's confidence (None where the decoder has none).
        Subclasses override to share the forward pass and to report confidences."""
        return self.loss(batch), self.decode(batch), None

    # -- training ------------------------------------------------------------------------------
    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return self.net(images)

    def on_train_epoch_start(self) -> None:
        self._t_epoch = time.perf_counter()
        self._lines_seen = 0

    def training_step(self, batch: LineBatch, batch_idx: int) -> torch.Tensor | None:
        loss = self.loss(batch)
        n = len(batch["texts"])
        # A NaN/inf loss skips its step (returning None) and is counted; K in a row stop the run.
        accepted = self.loss_guard.accept(loss, self)
        self.log("train/nonfinite_losses", float(self.loss_guard.total), reduce_fx="max", batch_size=n)
        if not accepted:
            return None
        self._lines_seen += n
        self.log("train/loss", loss, prog_bar=True, batch_size=n)
        elapsed = time.perf_counter() - self._t_epoch
        if elapsed > 0:
            self.log("train/lines_per_s", self._lines_seen / elapsed, batch_size=n)
        return loss

    def _eval_step(self, batch: LineBatch, split: str) -> dict[str, list[str]]:
        n = len(batch["texts"])
        loss, hyps, confidences = self.loss_and_read(batch)
        self.log(f"{split}/loss", loss, batch_size=n, sync_dist=True)
        self._acc.setdefault(split, CERAccumulator()).update(batch["texts"], hyps)
        sources = batch.get("sources")
        if sources and any(sources):  # lines of a mix (hwocr.data.mixed_dataset): scored per source too
            self._by_source.setdefault(split, SourceAccumulators()).update(sources, batch["texts"], hyps)
        if confidences is not None:
            scored = self._scored.setdefault(split, ([], [], []))
            for part, values in zip(scored, (confidences, batch["texts"], hyps), strict=True):
                part.extend(values)
        # Returned so callbacks (hwocr.tracking.RecognitionReport) see every hypothesis with its batch.
        return {"hyps": hyps}

    def _eval_epoch_end(self, split: str) -> None:
        acc = self._acc.pop(split, None)
        if acc is None:
            return
        self.log(f"{split}/cer", acc.cer, prog_bar=True, sync_dist=True)
        self.log(f"{split}/line_accuracy", acc.line_accuracy, sync_dist=True)
        self.log(f"{split}/cer_folded", acc.cer_folded, sync_dist=True)
        self.log(f"{split}/one_minus_ned", acc.one_minus_ned, sync_dist=True)
        by_source = self._by_source.pop(split, None)
        if by_source is not None:
            # Every rank reads the evaluation data whole, so each logs the same sources.
            for key, value in by_source.metrics(split).items():
                self.log(key, value, sync_dist=True)
        scored = self._scored.pop(split, None)
        if scored and scored[0]:
            # The share of lines a form pipeline could accept unread at 99 % exact-line accuracy.
            point = threshold_for_accuracy(*scored, target=0.99)
            self.log(f"{split}/coverage_at_99", point.coverage if point else 0.0, sync_dist=True)

    def validation_step(self, batch: LineBatch, batch_idx: int) -> dict[str, list[str]]:
        return self._eval_step(batch, "val")

    def on_validation_epoch_end(self) -> None:
        self._eval_epoch_end("val")

    def test_step(self, batch: LineBatch, batch_idx: int) -> dict[str, list[str]]:
        return self._eval_step(batch, "test")

    def on_test_epoch_end(self) -> None:
        self._eval_epoch_end("test")

    def configure_optimizers(self):
        optimizer = self.optimizer_factory(params=self.parameters())
        if self.scheduler_factory is None:
            return optimizer
        shape = self.scheduler_factory()
        total_steps = float(self.trainer.estimated_stepping_batches)  # inf with no step/epoch limit
        timer = next((c for c in self.trainer.callbacks if isinstance(c, Timer)), None)
        # Fail here, before training, when the schedule has no end.
        training_progress(0, total_steps, 0.0 if timer else None, self._time_budget(timer))

        def factor(step: int) -> float:
            elapsed = timer.time_elapsed(RunningStage.TRAINING) if timer else None
            return shape(step, training_progress(step, total_steps, elapsed, self._time_budget(timer)))

        # A plain function: LambdaLR does not pickle it; a resumed run rebuilds it and Lightning's
        # Timer restores the elapsed time, so the schedule continues where it was.
        scheduler = LambdaLR(optimizer, factor)
        return {"optimizer": optimizer, "lr_scheduler": {"scheduler": scheduler, "interval": "step"}}

    @staticmethod
    def _time_budget(timer: Timer | None) -> float | None:
        if timer is None:
            return None
        stage = RunningStage.TRAINING
        return timer.time_elapsed(stage) + (timer.time_remaining(stage) or 0.0)

    # -- checkpoints ---------------------------------------------------------------------------
    def on_load_checkpoint(self, checkpoint: dict) -> None:
        # Resuming with another charset of the same size would load silently with a wrong class mapping.
        source = str(getattr(self._trainer, "ckpt_path", None) or "checkpoint") if self._trainer else "checkpoint"
        check_stored_charset(((checkpoint.get("hwocr") or {}).get("charset") or {}).get("chars"), self.charset, source)

    def on_save_checkpoint(self, checkpoint: dict) -> None:
        metrics = self.trainer.callback_metrics if self._trainer is not None else {}
        checkpoint["hwocr_metrics"] = {k: float(v) for k, v in metrics.items() if torch.is_tensor(v) and v.numel() == 1}
        checkpoint["hwocr"] = {
            "config": self.hwocr_config,
            "charset": {
                "chars": self.charset.chars,
                "normalize": self.charset.normalize,
                "unknown_policy": self.charset.unknown_policy,
                "unknown_token": self.charset.unknown_token,
                "name": self.charset.name,
            },
        }
