"""What every hwocr line transform shares: the albumentations base, range checks, ink and noise helpers.

Line images are uint8 (H, W): white paper (255), dark ink, H the model height. Every transform
keeps the dtype and the height, changes the width only where its geometry needs it, and never
pushes ink out of the image. Magnitudes are given for a 64 px line where they are in pixels and
scaled to the actual height.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any, ClassVar

import albumentations as A
import cv2
import numpy as np

from hwocr.augment.strength import Magnitude

Range = tuple[float, float]
REFERENCE_HEIGHT = 64.0
INK_THRESHOLD = 160  # darker than this is ink, not paper tone or noise


def check_range(name: str, value: Sequence[float], low: float = -np.inf, high: float = np.inf) -> Range:
    """``value`` as a (min, max) pair inside [low, high]; a ValueError naming ``name`` otherwise."""
    try:
        a, b = (float(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a [min, max] pair, got {value!r}") from None
    if not (low <= a <= b <= high):
        raise ValueError(f"{name} must satisfy {low} <= min <= max <= {high}, got {value!r}")
    return a, b


def check_probability(name: str, value: float) -> float:
    if not 0.0 <= float(value) <= 1.0:
        raise ValueError(f"{name} must be in [0, 1], got {value}")
    return float(value)


def draw(rng: random.Random, value: Range) -> float:
    """A uniform draw from (min, max); the value itself, drawing nothing, when the range is a point."""
    return value[0] if value[0] == value[1] else rng.uniform(*value)


def check_line(image: np.ndarray, transform: str) -> None:
    if image.ndim != 2 or image.dtype != np.uint8:
        raise ValueError(f"{transform} takes uint8 (H, W) grayscale lines, got {image.dtype} {image.shape}")


def ink_bbox(image: np.ndarray, threshold: int = INK_THRESHOLD) -> tuple[int, int, int, int] | None:
    """(top, bottom, left, right) of the pixels darker than ``threshold``, inclusive; None if blank."""
    dark = image < threshold
    rows = np.flatnonzero(dark.any(axis=1))
    if rows.size == 0:
        return None
    cols = np.flatnonzero(dark.any(axis=0))
    return int(rows[0]), int(rows[-1]), int(cols[0]), int(cols[-1])


def smooth_field(rng: np.random.Generator, shape: tuple[int, int], cell: float) -> np.ndarray:
    """float32 noise in [0, 1] of ``shape`` that varies over about ``cell`` pixels.

    Bilinear upsampling of a coarse random grid: it stays inside [0, 1] and costs a fifth of
    bicubic, which dominated the ink and paper transforms' time.
    """
    h, w = shape
    gh, gw = max(2, round(h / cell) + 1), max(2, round(w / cell) + 1)
    grid = rng.random((gh, gw), dtype=np.float32)
    return cv2.resize(grid, (w, h), interpolation=cv2.INTER_LINEAR)


def multiply(image: np.ndarray, factor: np.ndarray) -> np.ndarray:
    """``image * factor`` (factor float32 in [0, 1], e.g. 1 - a printed mark's darkness), as uint8."""
    return cv2.multiply(image, factor, dtype=cv2.CV_8U)  # rounds and saturates, 2x numpy's speed


class LineTransform(A.ImageOnlyTransform):
    """Base of hwocr's transforms: albumentations 2.x style, magnitudes declared for ``strength``.

    Subclasses draw everything random in ``get_params_dependent_on_data`` from
    ``self.py_random`` / ``self.random_generator`` (seeded by the Compose), so a pipeline's seed
    fixes their output, and apply it in ``apply``.
    """

    magnitudes: ClassVar[dict[str, Magnitude]] = {}

    def get_params_dependent_on_data(self, params: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
        image = data["image"]
        check_line(image, type(self).__name__)
        return self.sample(image)

    def sample(self, image: np.ndarray) -> dict[str, Any]:
        """The random parameters for this image (drawn here, so ``apply`` is deterministic)."""
        raise NotImplementedError

    def scale_px(self, image: np.ndarray, pixels: float) -> float:
        """``pixels`` at a 64 px line height, at this image's height."""
        return pixels * image.shape[0] / REFERENCE_HEIGHT
