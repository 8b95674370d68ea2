"""build_pipeline and AugmentPipeline: magnitudes scaled by strength, seeding per process and DataLoader worker."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch.utils.data import DataLoader, Dataset

from hwocr.augment.pipeline import AugmentPipeline, build_pipeline
from hwocr.augment.strength import Magnitude, scale_transform_config
from hwocr.data.sample import apply_transform
from hwocr.data.workers import init_worker

SLANT = {"_target_": "hwocr.augment.slant.Slant", "shear_range": [-0.4, 0.4], "p": 1.0}
FADE = {"_target_": "hwocr.augment.ink.InkFade", "fade_range": [0.2, 0.6], "p": 1.0}


def test_magnitudes_move_towards_identity_and_are_clamped() -> None:
    assert Magnitude(1.0).scale(0.8, 0.5) == pytest.approx(0.9)
    assert Magnitude(0.0, -1, 1).scale(0.8, 2.0) == 1.0
    assert Magnitude(100, 1, 100, integer=True).scale(40, 0.5) == 70
    assert Magnitude(3, 3, 99, odd=True).scale(7, 0.5) == 5 and Magnitude(3, 3, 99, odd=True).scale(7, 0) == 3


def test_scaling_a_config_touches_magnitudes_only() -> None:
    node = {"_target_": "albumentations.Affine", "scale": [0.8, 1.0], "translate_percent": {"x": [0, 0], "y": [-0.1, 0.1]},
            "border_mode": 0, "fill": 255, "p": 0.5}  # fmt: skip
    out = scale_transform_config(node, 0.5)
    assert out["scale"] == pytest.approx([0.9, 1.0]) and out["translate_percent"]["y"] == pytest.approx([-0.05, 0.05])
    assert (out["border_mode"], out["fill"], out["p"]) == (0, 255, 0.5)
    nested = {"_target_": "albumentations.OneOf", "p": 0.3, "transforms": [SLANT, {"_target_": "albumentations.ImageCompression",
              "quality_range": [40, 90]}]}  # fmt: skip
    out = scale_transform_config(nested, 0.0)
    assert out["transforms"][0]["shear_range"] == [0.0, 0.0] and out["transforms"][1]["quality_range"] == [100, 100]
    with pytest.raises(ValueError, match="no magnitude table"):
        scale_transform_config({"_target_": "albumentations.Perspective", "scale": [0.02, 0.05]}, 1.0, "augment.transforms[0]")


def test_build_pipeline_and_a_strength_of_zero(lines) -> None:
    pipeline = build_pipeline([SLANT, FADE], strength=0.0, seed=0)
    assert isinstance(pipeline, AugmentPipeline)
    assert all(np.array_equal(pipeline(image=x)["image"], x) for x in lines)
    with pytest.raises(ValueError, match="list of transform configs"):
        build_pipeline({"a": SLANT})


def test_preview_copies_never_disturb_the_training_stream(lines) -> None:
    a, b = build_pipeline([SLANT, FADE], seed=1), build_pipeline([SLANT, FADE], seed=1)
    first = a(image=lines[0])["image"]
    a.copy_with_seed(99)(image=lines[0])
    assert np.array_equal(b(image=lines[0])["image"], first)
    assert np.array_equal(a(image=lines[1])["image"], b(image=lines[1])["image"])


def test_a_null_seed_follows_the_run_seed(lines) -> None:
    def run() -> list[bytes]:
        pipeline = build_pipeline([SLANT, FADE])  # seed: null, as in conf/augment
        return [pipeline(image=x)["image"].tobytes() for x in lines]

    torch.manual_seed(7)
    first = run()
    torch.manual_seed(7)
    assert run() == first
    torch.manual_seed(8)
    assert run() != first


class _Repeat(Dataset):
    """The same line at every index, through the transform: differences come from augmentation only."""

    def __init__(self, image: np.ndarray, transform) -> None:
        self.image, self.transform = image, transform

    def __len__(self) -> int:
        return 8

    def __getitem__(self, index: int) -> np.ndarray:
        return apply_transform(self.transform, self.image)


def _epochs(image: np.ndarray, workers: int, torch_seed: int, epochs: int = 2) -> list[list[bytes]]:
    torch.manual_seed(torch_seed)
    loader = DataLoader(_Repeat(image, build_pipeline([SLANT, FADE])), batch_size=None, num_workers=workers,
                        worker_init_fn=init_worker, persistent_workers=False)  # fmt: skip
    return [[np.asarray(x).tobytes() for x in loader] for _ in range(epochs)]


def test_workers_draw_different_streams_reproducibly(lines) -> None:
    first = _epochs(lines[0], workers=2, torch_seed=3)
    assert _epochs(lines[0], workers=2, torch_seed=3) == first  # same seed and worker count, same pixels
    epoch = first[0]
    assert len(set(epoch)) == len(epoch)  # the two workers do not repeat each other's draws
    assert set(first[0]).isdisjoint(first[1])  # a new epoch's workers draw anew
    assert _epochs(lines[0], workers=2, torch_seed=4) != first
