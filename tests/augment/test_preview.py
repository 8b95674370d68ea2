"""The preview grid, and the callback that logs it once when training starts."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import cv2
import numpy as np
import pytest

from hwocr.augment.configs import load_pipeline
from hwocr.augment.preview import preview_grid, sample_lines, write_preview
from hwocr.tracking.augment_preview import AugmentPreview


def test_grid_has_the_original_beside_each_draw(lines) -> None:
    transform = load_pipeline("handwriting")
    grid = preview_grid(transform, lines, draws=3, seed=0, title="handwriting")
    assert grid.dtype == np.uint8 and grid.ndim == 2
    assert grid.shape[0] > 3 * 64 and grid.shape[1] >= 4 * max(x.shape[1] for x in lines)
    assert np.array_equal(grid, preview_grid(transform, lines, draws=3, seed=0, title="handwriting"))
    assert not np.array_equal(grid, preview_grid(transform, lines, draws=3, seed=1, title="handwriting"))
    # augment=none: every draw is the original.
    plain = preview_grid(None, lines[:1], draws=2)
    w = lines[0].shape[1]
    row = plain[-64:]
    assert np.array_equal(row[:, :w], lines[0]) and np.array_equal(row[:, -w:], lines[0])
    with pytest.raises(ValueError, match="draws"):
        preview_grid(None, lines, draws=0)


def test_write_preview_at_any_height(tmp_path: Path) -> None:
    path = write_preview(tmp_path / "sub" / "scan.png", load_pipeline("scan"), lines=2, draws=2, height=40)
    image = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    assert image is not None and image.shape[0] > 2 * 40
    assert len(sample_lines(2, 40)) == 2 and sample_lines(1, 40)[0].shape[0] == 40


def _trainer(transform, loggers=()) -> SimpleNamespace:
    datamodule = SimpleNamespace(train_transform=transform, height=32)
    return SimpleNamespace(is_global_zero=True, datamodule=datamodule, loggers=list(loggers), global_step=0)


def test_callback_writes_the_grid_once_at_fit_start(tmp_path: Path) -> None:
    transform, twin = load_pipeline("forms"), load_pipeline("forms")  # seed: null, same run seed: same stream
    AugmentPreview(output_dir=str(tmp_path), lines=2, draws=2).on_fit_start(_trainer(transform), None)
    assert cv2.imread(str(tmp_path / "augment_preview.png"), cv2.IMREAD_GRAYSCALE).shape[0] > 2 * 32
    # The preview drew from a copy: the training transform's stream is where it was.
    probe = sample_lines(2, 32, seed=5)
    assert [transform(image=x)["image"].tobytes() for x in probe * 3] == [twin(image=x)["image"].tobytes() for x in probe * 3]
    # No augmentation, or nowhere to log: nothing happens.
    AugmentPreview(output_dir=str(tmp_path / "none")).on_fit_start(_trainer(None), None)
    AugmentPreview().on_fit_start(_trainer(transform), None)
    assert not (tmp_path / "none").exists()


def test_callback_logs_to_an_offline_wandb_run(tmp_path: Path, monkeypatch) -> None:
    pytest.importorskip("wandb")
    from pytorch_lightning.loggers import WandbLogger

    monkeypatch.setenv("WANDB_MODE", "offline")
    logger = WandbLogger(save_dir=str(tmp_path), project="hwocr-test", offline=True)
    try:
        AugmentPreview(lines=2, draws=2).on_fit_start(_trainer(load_pipeline("light"), [logger]), None)
        run_dir = Path(logger.experiment.dir)
    finally:
        logger.experiment.finish()
    images = list(run_dir.rglob("augment/preview*.png"))
    assert images, sorted(str(p.relative_to(run_dir)) for p in run_dir.rglob("*"))
