"""Augmentation reaches the training data only: validation and test lines are read as they are."""

from __future__ import annotations

import numpy as np
from hydra import compose, initialize_config_dir
from hydra.utils import instantiate

from hwocr.augment.pipeline import AugmentPipeline
from hwocr.cli.resolvers import register_resolvers
from hwocr.utils.files import CONFIG_DIR


def _datamodule(augment: str):
    register_resolvers()
    overrides = [f"augment={augment}", "data.height=32", "data.num_workers=0", "data.train.size=4", "data.val.size=4",
                 "+data.test=${data.val}"]  # fmt: skip
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = compose("train", overrides=overrides)
    charset = instantiate(cfg.charset)
    transform = instantiate(cfg.augment) if cfg.get("augment") else None  # as training.build does
    return instantiate(cfg.data, charset=charset, train_transform=transform)


def test_val_and_test_are_never_augmented() -> None:
    plain, augmented = _datamodule("none"), _datamodule("heavy")
    assert isinstance(augmented.dataset("train").transform, AugmentPipeline)
    for split in ("val", "test"):
        assert augmented.dataset(split).transform is None
        for i in range(4):
            assert np.array_equal(augmented.dataset(split)[i]["image"], plain.dataset(split)[i]["image"])
    # ... while the training lines do change (same text and rendering, different pixels).
    train = [(augmented.dataset("train")[i]["image"], plain.dataset("train")[i]["image"]) for i in range(4)]
    assert any(a.shape != b.shape or not np.array_equal(a, b) for a, b in train)
    assert augmented.val_dataloader().dataset.transform is None
    assert augmented.test_dataloader().dataset.transform is None
