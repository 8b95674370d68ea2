"""Handwritten lines for the augmentation tests, rendered once per session."""

from __future__ import annotations

import numpy as np
import pytest


@pytest.fixture(scope="session")
def lines() -> list[np.ndarray]:
    """Three 64 px handwritten lines (uint8, white paper) of form-field text."""
    from hwocr.augment.preview import sample_lines

    return sample_lines(3, height=64, seed=0)


@pytest.fixture(scope="session")
def line32() -> np.ndarray:
    from hwocr.augment.preview import sample_lines

    return sample_lines(1, height=32, seed=1)[0]
