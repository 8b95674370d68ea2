"""Capture effects on a finished line: low-resolution scans, 1-bit binarisation, JPEG.

Each effect happens to a share of lines; the image keeps its size, white paper and dark ink.
Paper texture, ruled lines and form scans belong to the augmentation pipeline (``hwocr.augment``).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from hwocr.synth.ranges import Range, check_probabilities, check_ranges, draw, draw_coins


@dataclass(frozen=True)
class Capture:
    """Shares of lines per effect; 0 turns an effect off (no random draws)."""

    low_res: float = 0.0  # scanned at low resolution: down by ``low_res_scale``, back up
    low_res_scale: Range = (0.3, 0.7)
    binarize: float = 0.0  # thresholded to pure black and white, like ETL's 1-bit scans
    threshold: Range = (0.35, 0.75)  # between the darkest ink (0) and paper (1)
    jpeg: float = 0.0  # JPEG-compressed
    jpeg_quality: Range = (20.0, 80.0)

    def __post_init__(self) -> None:
        check_probabilities(self, ("low_res", "binarize", "jpeg"))
        check_ranges(self, ("low_res_scale", "threshold", "jpeg_quality"))

    def apply(self, image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """uint8 (H, W) in, uint8 (H, W) out; ``image`` itself when no effect is chosen."""
        height, width = image.shape
        if draw_coins(rng, self.low_res, 1)[0]:
            scale = draw(rng, self.low_res_scale)
            small = (max(1, round(width * scale)), max(2, round(height * scale)))
            image = cv2.resize(image, small, interpolation=cv2.INTER_AREA)
            image = cv2.resize(image, (width, height), interpolation=cv2.INTER_LINEAR)
        if draw_coins(rng, self.binarize, 1)[0]:
            darkest = float(image.min())
            cut = darkest + (255.0 - darkest) * draw(rng, self.threshold)
            image = np.where(image <= cut, 0, 255).astype(np.uint8)
        if draw_coins(rng, self.jpeg, 1)[0]:
            quality = int(round(draw(rng, self.jpeg_quality)))
            ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
            if ok:
                image = cv2.imdecode(encoded, cv2.IMREAD_GRAYSCALE)
        return image
