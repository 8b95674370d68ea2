"""Ink: a pen running dry (fade) and ink soaking into the paper around the strokes (bleed)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import cv2
import numpy as np

from hwocr.augment.base import LineTransform, check_range, draw, smooth_field
from hwocr.augment.strength import Magnitude


class InkFade(LineTransform):
    """Lighten the ink unevenly: up to ``fade`` of its darkness is lost, ``fade`` from ``fade_range``.

    The loss follows a smooth field that varies over about one line height (pressure, a drying
    pen) mixed with a finer one over about ``streak`` of the height (skips along a stroke).
    Paper stays white: only darkness is scaled.
    """

    magnitudes: ClassVar[dict[str, Magnitude]] = {"fade_range": Magnitude(0.0, 0.0, 1.0)}

    def __init__(self, fade_range: Sequence[float] = (0.2, 0.6), streak: float = 0.15, p: float = 0.5) -> None:
        super().__init__(p=p)
        self.fade_range = check_range("fade_range", fade_range, 0.0, 1.0)
        self.streak = float(streak)

    def sample(self, image: np.ndarray) -> dict[str, Any]:
        fade = draw(self.py_random, self.fade_range)
        if fade <= 0:
            return {"keep": None}
        h = image.shape[0]
        field = 0.65 * smooth_field(self.random_generator, image.shape, h)
        field += 0.35 * smooth_field(self.random_generator, image.shape, max(2.0, self.streak * h))
        return {"keep": 1.0 - fade * field}

    def apply(self, img: np.ndarray, keep: np.ndarray | None = None, **params: Any) -> np.ndarray:
        if keep is None:
            return img
        # keep is in [0, 1], so the product stays in uint8 range; cv2 saturates and rounds.
        return cv2.subtract(255, cv2.multiply(cv2.subtract(255, img), keep, dtype=cv2.CV_8U))


class InkBleed(LineTransform):
    """Feathered halos around strokes, as ink spreads along paper fibres; ``bleed`` from ``bleed_range``.

    The halo is the ink darkness blurred over ``sigma`` pixels (at 64 px), broken up by fibre
    noise and weighted by ``bleed``; a pixel keeps the darker of its ink and the halo, so strokes
    never get lighter.
    """

    magnitudes: ClassVar[dict[str, Magnitude]] = {"bleed_range": Magnitude(0.0, 0.0, 2.0)}

    def __init__(self, bleed_range: Sequence[float] = (0.3, 0.9), sigma: float = 1.5, p: float = 0.5) -> None:
        super().__init__(p=p)
        self.bleed_range = check_range("bleed_range", bleed_range, 0.0, 2.0)
        if sigma <= 0:
            raise ValueError(f"sigma must be > 0, got {sigma}")
        self.sigma = float(sigma)

    def sample(self, image: np.ndarray) -> dict[str, Any]:
        bleed = draw(self.py_random, self.bleed_range)
        if bleed <= 0:
            return {"bleed": 0.0, "fibres": None, "sigma": 0.0}
        fibres = 0.5 + smooth_field(self.random_generator, image.shape, max(2.0, image.shape[0] / 16))
        return {"bleed": bleed, "fibres": fibres, "sigma": self.scale_px(image, self.sigma) * (0.6 + 0.4 * bleed)}

    def apply(self, img: np.ndarray, bleed: float = 0.0, fibres: np.ndarray | None = None, sigma: float = 0.0,
              **params: Any) -> np.ndarray:  # fmt: skip
        if bleed <= 0 or fibres is None:
            return img
        darkness = 255.0 - img.astype(np.float32)
        halo = cv2.GaussianBlur(darkness, (0, 0), sigmaX=sigma, borderType=cv2.BORDER_CONSTANT) * (1.3 * bleed) * fibres
        return np.clip(255.5 - np.maximum(darkness, halo), 0, 255).astype(np.uint8)
