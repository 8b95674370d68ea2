"""Paper: an uneven tone, fibre grain and dust specks under the ink (the inverse of a scan's denoising)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import cv2
import numpy as np

from hwocr.augment.base import LineTransform, check_range, draw, multiply, smooth_field
from hwocr.augment.strength import Magnitude


class PaperTexture(LineTransform):
    """Multiply the line by a paper of uneven tone, grain and specks.

    ``tone_range``: how much darker than white the paper gets in its darkest places (recycled,
    aged or tinted paper after greyscale conversion). ``grain_range``: fibre texture amplitude.
    ``speck_range``: dust and toner specks per 1,000 pixels -- what a scan's despeckling removes.
    """

    magnitudes: ClassVar[dict[str, Magnitude]] = {
        "tone_range": Magnitude(0.0, 0.0, 0.8),
        "grain_range": Magnitude(0.0, 0.0, 0.5),
        "speck_range": Magnitude(0.0, 0.0, 20.0),
    }

    def __init__(
        self,
        tone_range: Sequence[float] = (0.03, 0.15),
        grain_range: Sequence[float] = (0.0, 0.06),
        speck_range: Sequence[float] = (0.0, 0.6),
        p: float = 0.5,
    ) -> None:
        super().__init__(p=p)
        self.tone_range = check_range("tone_range", tone_range, 0.0, 0.8)
        self.grain_range = check_range("grain_range", grain_range, 0.0, 0.5)
        self.speck_range = check_range("speck_range", speck_range, 0.0, 20.0)

    def sample(self, image: np.ndarray) -> dict[str, Any]:
        rng, gen = self.py_random, self.random_generator
        tone, grain, specks = draw(rng, self.tone_range), draw(rng, self.grain_range), draw(rng, self.speck_range)
        if tone <= 0 and grain <= 0 and specks <= 0:
            return {"factor": None}
        h, w = image.shape
        factor = 1.0 - tone * smooth_field(gen, image.shape, 1.5 * h)
        if grain > 0:  # fibres: noise at half resolution, stretched along x
            fine = gen.random((max(2, h // 2), max(2, w // 4)), dtype=np.float32)
            factor -= grain * cv2.resize(fine, (w, h), interpolation=cv2.INTER_LINEAR)
        count = int(gen.poisson(specks * h * w / 1000.0))
        if count:
            ys, xs = gen.integers(0, h, count), gen.integers(0, w, count)
            factor[ys, xs] *= 1.0 - gen.uniform(0.3, 0.9, count).astype(np.float32)
        return {"factor": np.clip(factor, 0.0, 1.0)}

    def apply(self, img: np.ndarray, factor: np.ndarray | None = None, **params: Any) -> np.ndarray:
        return img if factor is None else multiply(img, factor)
