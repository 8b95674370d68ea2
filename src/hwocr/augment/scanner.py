"""What a cheap scan does to a line, the inverse of the clean-up a document OCR pipeline runs.

Low resolution (a 150 dpi scan scaled up), adaptive-threshold binarisation (a bitonal scan or
a pipeline that binarised it) and a small skew (the page not quite straight on the glass). JPEG
is ``albumentations.ImageCompression``; speckle noise is in ``paper.PaperTexture``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, ClassVar

import cv2
import numpy as np

from hwocr.augment.base import LineTransform, check_range, draw, ink_bbox
from hwocr.augment.strength import Magnitude

_UPSAMPLERS = (cv2.INTER_LINEAR, cv2.INTER_CUBIC, cv2.INTER_NEAREST)


class LowResolution(LineTransform):
    """Downsample by ``scale`` (from ``scale_range``; 1 = no change) with area averaging, then back up.

    The way back up is linear, cubic or nearest, as scanners and viewers differ. Size is kept.
    """

    magnitudes: ClassVar[dict[str, Magnitude]] = {"scale_range": Magnitude(1.0, 0.1, 1.0)}

    def __init__(self, scale_range: Sequence[float] = (0.4, 0.8), p: float = 0.5) -> None:
        super().__init__(p=p)
        self.scale_range = check_range("scale_range", scale_range, 0.1, 1.0)

    def sample(self, image: np.ndarray) -> dict[str, Any]:
        return {"scale": draw(self.py_random, self.scale_range), "up": self.py_random.choice(_UPSAMPLERS)}

    def apply(self, img: np.ndarray, scale: float = 1.0, up: int = cv2.INTER_LINEAR, **params: Any) -> np.ndarray:
        h, w = img.shape
        small = (max(1, round(w * scale)), max(1, round(h * scale)))
        if small == (w, h):
            return img
        return cv2.resize(cv2.resize(img, small, interpolation=cv2.INTER_AREA), (w, h), interpolation=up)


class AdaptiveBinarize(LineTransform):
    """Blend the line with its adaptive-threshold binarisation by ``amount`` (from ``amount_range``).

    Gaussian-weighted local threshold over a ``block_range`` window (pixels at 64 px, made odd)
    minus a constant from ``offset_range``, as document pipelines binarise scans. Amount 1 is
    fully bitonal; smaller amounts give a hard, high-contrast scan.
    """

    magnitudes: ClassVar[dict[str, Magnitude]] = {"amount_range": Magnitude(0.0, 0.0, 1.0)}

    def __init__(
        self,
        amount_range: Sequence[float] = (0.6, 1.0),
        block_range: Sequence[float] = (15, 41),
        offset_range: Sequence[float] = (4, 16),
        p: float = 0.5,
    ) -> None:
        super().__init__(p=p)
        self.amount_range = check_range("amount_range", amount_range, 0.0, 1.0)
        self.block_range = check_range("block_range", block_range, 3, 255)
        self.offset_range = check_range("offset_range", offset_range, -50, 100)

    def sample(self, image: np.ndarray) -> dict[str, Any]:
        block = max(3, round(self.scale_px(image, draw(self.py_random, self.block_range))) | 1)
        return {"amount": draw(self.py_random, self.amount_range), "block": block,
                "offset": draw(self.py_random, self.offset_range)}  # fmt: skip

    def apply(self, img: np.ndarray, amount: float = 0.0, block: int = 15, offset: float = 8.0,
              **params: Any) -> np.ndarray:  # fmt: skip
        if amount <= 0:
            return img
        binary = cv2.adaptiveThreshold(img, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, block, offset)
        if amount >= 1:
            return binary
        return cv2.addWeighted(img, 1.0 - amount, binary, amount, 0.0)


class Skew(LineTransform):
    """Rotate by up to ``angle_range`` degrees about the ink's centre, size kept, paper white.

    The angle is reduced until the rotated ink's bounding box fits inside the image, so a long
    line that fills its height is skewed less than a short one: no stroke is ever cut off.
    """

    magnitudes: ClassVar[dict[str, Magnitude]] = {"angle_range": Magnitude(0.0, -10.0, 10.0)}

    def __init__(self, angle_range: Sequence[float] = (-1.5, 1.5), p: float = 0.5) -> None:
        super().__init__(p=p)
        self.angle_range = check_range("angle_range", angle_range, -10.0, 10.0)

    @staticmethod
    def fitting_angle(angle: float, bbox: tuple[int, int, int, int], shape: tuple[int, int]) -> float:
        """The largest angle towards ``angle`` (degrees) keeping ``bbox`` rotated about its centre inside."""
        top, bottom, left, right = bbox
        h, w = shape
        half_h, half_w = (bottom - top + 1) / 2, (right - left + 1) / 2
        room_y = min((top + bottom) / 2 + 0.5, h - 0.5 - (top + bottom) / 2)  # centre to the nearer edge
        room_x = min((left + right) / 2 + 0.5, w - 0.5 - (left + right) / 2)
        for _ in range(8):
            t = math.radians(abs(angle))
            if half_w * math.sin(t) + half_h * math.cos(t) <= room_y and half_w * math.cos(t) + half_h * math.sin(t) <= room_x:
                return angle
            angle /= 2
        return 0.0

    def sample(self, image: np.ndarray) -> dict[str, Any]:
        angle = draw(self.py_random, self.angle_range)
        bbox = ink_bbox(image)
        if bbox is None or angle == 0:
            return {"angle": 0.0, "centre": (0.0, 0.0)}
        top, bottom, left, right = bbox
        centre = ((left + right) / 2, (top + bottom) / 2)
        return {"angle": self.fitting_angle(angle, bbox, image.shape), "centre": centre}

    def apply(self, img: np.ndarray, angle: float = 0.0, centre: tuple = (0.0, 0.0), **params: Any) -> np.ndarray:
        if angle == 0:
            return img
        matrix = cv2.getRotationMatrix2D(centre, angle, 1.0)
        h, w = img.shape
        return cv2.warpAffine(img, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
