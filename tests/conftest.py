"""Shared fixtures: small, built on the fly, no network, no ../shared unless a test asks."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("NO_ALBUMENTATIONS_UPDATE", "1")
os.environ.setdefault("WANDB_MODE", "offline")
os.environ.setdefault("WANDB_SILENT", "true")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def pytest_configure(config: pytest.Config) -> None:
    import torch

    # Two cores: one torch thread per test process keeps runs predictable.
    torch.set_num_threads(1)
    # No OpenCV pool in the test process: tests that fork DataLoader workers would hang on it.
    from hwocr.data.workers import single_threaded_opencv

    single_threaded_opencv()


@pytest.fixture
def line_image() -> np.ndarray:
    """A synthetic handwritten line (uint8, white paper) of the text 'あい123'."""
    from hwocr.synth.render.kanjivg import KanjiVGRenderer

    return KanjiVGRenderer(height=32).render("あい123", np.random.default_rng(0))


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present (only in the developers' workspace)")
    return SHARED
