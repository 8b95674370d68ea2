"""Log what the training augmentation does, once, when fitting starts: the ``hwocr-augment preview`` grid.

The grid (synthetic lines at the model height, the original beside several draws) goes to W&B
as an image when a ``WandbLogger`` is attached and, with ``output_dir``, to a PNG in the run
directory. No transform (``augment=none``) or no datamodule: nothing is done. The pipeline is
copied and seeded for the preview, so the training stream is untouched; it costs a few lines'
rendering (well under a second).
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytorch_lightning as pl

from hwocr.augment.preview import preview_grid, sample_lines, write_png
from hwocr.tracking.wandb_media import find_wandb_logger

log = logging.getLogger(__name__)


class AugmentPreview(pl.Callback):
    """At ``on_fit_start``: preview grid of ``datamodule.train_transform`` to W&B (``key``) and/or a PNG."""

    def __init__(
        self,
        output_dir: str | None = None,
        lines: int = 4,
        draws: int = 4,
        seed: int = 0,
        key: str = "augment/preview",
    ) -> None:
        self.output_dir = Path(output_dir) if output_dir else None
        self.lines, self.draws, self.seed, self.key = int(lines), int(draws), int(seed), key

    def on_fit_start(self, trainer: pl.Trainer, pl_module: pl.LightningModule) -> None:
        if not trainer.is_global_zero:
            return
        datamodule = getattr(trainer, "datamodule", None)
        transform = getattr(datamodule, "train_transform", None)
        if transform is None:
            return
        wandb_logger = find_wandb_logger(trainer)
        if wandb_logger is None and self.output_dir is None:
            return
        height = int(getattr(datamodule, "height", 64))
        lines = sample_lines(self.lines, height, self.seed)
        grid = preview_grid(transform, lines, draws=self.draws, seed=self.seed, title="train augmentation")
        if self.output_dir is not None:
            path = write_png(self.output_dir / "augment_preview.png", grid)
            log.info("augmentation preview: %s", path)
        if wandb_logger is not None:
            wandb_logger.log_image(key=self.key, images=[grid], caption=["original | draws"], step=trainer.global_step)
