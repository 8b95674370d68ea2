"""A red seal (朱肉, a 判子 impression) stamped over the line, then the scan turned grey.

Stamping multiplies the paper by the seal's colour and a greyscale conversion is linear, so
"overlay in colour, then greyscale" equals multiplying the grey line by the grey value of the
seal's red: that is what is computed, with the red and the conversion (luminance, channel
average, or a scanner's red drop-out that leaves only a faint ghost) drawn per seal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import cv2
import numpy as np

from hwocr.augment import form_marks
from hwocr.augment.base import LineTransform, check_range, draw, multiply, smooth_field
from hwocr.augment.strength import Magnitude

# RGB weights of the greyscale conversions a scanner or a pipeline may apply.
GREY_CONVERSIONS = {
    "luminance": (0.299, 0.587, 0.114),
    "average": (1 / 3, 1 / 3, 1 / 3),
    "red_dropout": (1.0, 0.0, 0.0),
    "green": (0.0, 1.0, 0.0),
}


class RedSeal(LineTransform):
    """A round or oval seal with a name inside, ``size`` of the line height, ``opacity`` from ``opacity_range``.

    ``conversions`` names the greyscale conversions to draw from (``GREY_CONVERSIONS``). The
    impression is patchy (uneven pressure) and lies wholly inside the image.
    """

    magnitudes: ClassVar[dict[str, Magnitude]] = {"opacity_range": Magnitude(0.0, 0.0, 1.0)}

    def __init__(
        self,
        opacity_range: Sequence[float] = (0.6, 1.0),
        size_range: Sequence[float] = (0.6, 1.0),
        conversions: Sequence[str] = ("luminance", "luminance", "average", "red_dropout", "green"),
        p: float = 0.5,
    ) -> None:
        super().__init__(p=p)
        self.opacity_range = check_range("opacity_range", opacity_range, 0.0, 1.0)
        self.size_range = check_range("size_range", size_range, 0.2, 1.0)
        unknown = sorted(set(conversions) - set(GREY_CONVERSIONS))
        if unknown or not conversions:
            raise ValueError(f"conversions must name some of {sorted(GREY_CONVERSIONS)}, got {list(conversions)}")
        self.conversions = tuple(conversions)
        if self.opacity_range[1] > 0:
            form_marks.text_mark(form_marks.SEAL_NAMES[0], 16)  # warm the glyph cache before workers fork

    def sample(self, image: np.ndarray) -> dict[str, Any]:
        rng = self.py_random
        opacity = draw(rng, self.opacity_range)
        if opacity <= 0:
            return {"factor": None}
        h, w = image.shape
        size = min(h, w, max(8, round(h * draw(rng, self.size_range))))
        seal = np.zeros((size, size), np.uint8)
        centre, radius = (size // 2, size // 2), size // 2 - 1
        ring = max(1, round(size * 0.06))
        axes = (radius, radius) if rng.random() < 0.7 else (round(radius * 0.75), radius)
        cv2.ellipse(seal, centre, (axes[0] - ring // 2, axes[1] - ring // 2), 0, 0, 360, 255, ring, cv2.LINE_AA)
        name = rng.choice(form_marks.SEAL_NAMES)
        glyph_h = max(6, round(size * (0.55 if len(name) == 1 else 0.36)))
        marks = [form_marks.text_mark(c, glyph_h) for c in name]  # a name is written top to bottom
        wide = max(m.shape[1] for m in marks)
        glyphs = np.vstack([np.pad(m, ((0, 0), ((wide - m.shape[1]) // 2, (wide - m.shape[1] + 1) // 2))) for m in marks])
        inner = (max(1, min(glyphs.shape[1], 2 * axes[0] - 2 * ring)), max(1, min(glyphs.shape[0], 2 * axes[1] - 2 * ring)))
        glyphs = cv2.resize(glyphs, inner, interpolation=cv2.INTER_AREA)
        top, left = (size - glyphs.shape[0]) // 2, (size - glyphs.shape[1]) // 2
        seal[top : top + glyphs.shape[0], left : left + glyphs.shape[1]] |= cv2.dilate(glyphs, np.ones((2, 2), np.uint8))
        angle = rng.uniform(-20, 20)
        rot = cv2.getRotationMatrix2D((size / 2, size / 2), angle, 1.0)
        seal = cv2.warpAffine(seal, rot, (size, size), flags=cv2.INTER_LINEAR, borderValue=0)
        patchy = 0.55 + 0.45 * smooth_field(self.random_generator, seal.shape, max(2.0, size / 5))
        alpha = np.zeros((h, w), np.float32)
        y, x = rng.randint(0, h - size), rng.randint(0, w - size)
        alpha[y : y + size, x : x + size] = seal.astype(np.float32) / 255.0 * patchy * opacity
        red = np.array([rng.uniform(190, 235), rng.uniform(25, 80), rng.uniform(35, 90)])
        grey = float(np.dot(GREY_CONVERSIONS[rng.choice(self.conversions)], red)) / 255.0
        return {"factor": 1.0 - alpha * (1.0 - min(1.0, grey))}

    def apply(self, img: np.ndarray, factor: np.ndarray | None = None, **params: Any) -> np.ndarray:
        return img if factor is None else multiply(img, factor)

