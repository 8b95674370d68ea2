"""Stroke width: a finer or broader pen, by eroding or dilating the ink with a random small kernel."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, ClassVar

import cv2
import numpy as np

from hwocr.augment.base import INK_THRESHOLD, LineTransform, check_range, draw
from hwocr.augment.strength import Magnitude

_SHAPES = {"ellipse": cv2.MORPH_ELLIPSE, "rect": cv2.MORPH_RECT, "cross": cv2.MORPH_CROSS}


class StrokeWidth(LineTransform):
    """Change the stroke width by ``change`` pixels (at 64 px), drawn from ``width_range``.

    Positive thickens the ink (a grey-level erosion of white paper), negative thins it. The kernel
    is ``1 + |change|`` pixels, the fractional part rounded up at random so that small changes
    still act on average; its shape is one of ``kernel_shapes`` and it may be one pixel flatter in
    x or y (a chisel-like pen). Thinning that would leave under ``min_ink_kept`` of the ink pixels
    (hairlines vanishing) is skipped: the text must stay readable.
    """

    magnitudes: ClassVar[dict[str, Magnitude]] = {"width_range": Magnitude(0.0, -6.0, 6.0)}

    def __init__(
        self,
        width_range: Sequence[float] = (-1.0, 1.5),
        kernel_shapes: Sequence[str] = ("ellipse", "rect", "cross"),
        min_ink_kept: float = 0.5,
        p: float = 0.5,
    ) -> None:
        super().__init__(p=p)
        self.width_range = check_range("width_range", width_range, -6.0, 6.0)
        unknown = sorted(set(kernel_shapes) - set(_SHAPES))
        if unknown or not kernel_shapes:
            raise ValueError(f"kernel_shapes must be a non-empty subset of {sorted(_SHAPES)}, got {list(kernel_shapes)}")
        self.kernel_shapes = tuple(kernel_shapes)
        self.min_ink_kept = float(min_ink_kept)

    def sample(self, image: np.ndarray) -> dict[str, Any]:
        change = self.scale_px(image, draw(self.py_random, self.width_range))
        size = 1 + math.floor(abs(change))
        size += self.py_random.random() < abs(change) - math.floor(abs(change))
        kx = ky = size
        if size > 2 and self.py_random.random() < 0.3:
            if self.py_random.random() < 0.5:
                kx -= 1
            else:
                ky -= 1
        return {"thicken": change > 0, "kernel": (kx, ky), "shape": self.py_random.choice(self.kernel_shapes)}

    def apply(self, img: np.ndarray, thicken: bool = True, kernel: tuple = (1, 1), shape: str = "ellipse",
              **params: Any) -> np.ndarray:  # fmt: skip
        if kernel == (1, 1):
            return img
        element = cv2.getStructuringElement(_SHAPES[shape], kernel)
        if thicken:
            return cv2.erode(img, element, borderType=cv2.BORDER_CONSTANT, borderValue=255)
        out = cv2.dilate(img, element, borderType=cv2.BORDER_CONSTANT, borderValue=255)
        before = np.count_nonzero(img < INK_THRESHOLD)
        if np.count_nonzero(out < INK_THRESHOLD) < self.min_ink_kept * before:
            return img
        return out
