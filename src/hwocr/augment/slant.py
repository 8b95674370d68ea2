"""Slant: the horizontal shear of a writer who leans, keeping the line height and all of the ink.

Unlike ``albumentations.Affine(shear=...)``, which keeps the width and so cuts off the first and
last strokes of a tight line, the image grows by ``|shear| * H`` so every stroke stays inside.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, ClassVar

import cv2
import numpy as np

from hwocr.augment.base import LineTransform, check_range, draw
from hwocr.augment.strength import Magnitude


class Slant(LineTransform):
    """Shear rows horizontally by ``shear`` = tan(slant angle), drawn from ``shear_range``.

    Positive leans the tops of characters to the right. The width grows by
    ``ceil(|shear| * (H - 1))``; the height is unchanged; new paper is white.
    """

    magnitudes: ClassVar[dict[str, Magnitude]] = {"shear_range": Magnitude(0.0, -1.0, 1.0)}

    def __init__(self, shear_range: Sequence[float] = (-0.3, 0.3), p: float = 0.5) -> None:
        super().__init__(p=p)
        self.shear_range = check_range("shear_range", shear_range, -1.0, 1.0)

    def sample(self, image: np.ndarray) -> dict[str, Any]:
        return {"shear": draw(self.py_random, self.shear_range)}

    def apply(self, img: np.ndarray, shear: float = 0.0, **params: Any) -> np.ndarray:
        h, w = img.shape
        extra = math.ceil(abs(shear) * (h - 1))
        if extra == 0:
            return img
        # x' = x - shear * y + offset: the top row moves by shear * (H - 1) relative to the bottom.
        offset = shear * (h - 1) if shear > 0 else 0.0
        matrix = np.float32([[1.0, -shear, offset], [0.0, 1.0, 0.0]])
        return cv2.warpAffine(img, matrix, (w + extra, h), flags=cv2.INTER_LINEAR, borderValue=255)
