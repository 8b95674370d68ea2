"""Checks shared by the augmentation tests: cut-off ink, change between two lines."""

from __future__ import annotations

import numpy as np

from hwocr.augment.base import INK_THRESHOLD


def border_ink(image: np.ndarray, band: int = 1) -> int:
    """Ink pixels in the outermost ``band`` rows and columns: where cut-off strokes would show."""
    dark = image < INK_THRESHOLD
    return int(dark[:band].sum() + dark[-band:].sum() + dark[:, :band].sum() + dark[:, -band:].sum())


def mean_change(a: np.ndarray, b: np.ndarray) -> float:
    """Mean absolute difference, the narrower image padded with paper to the wider's width."""
    w = max(a.shape[1], b.shape[1])
    pad = [np.pad(x.astype(np.int16), ((0, 0), (0, w - x.shape[1])), constant_values=255) for x in (a, b)]
    return float(np.abs(pad[0] - pad[1]).mean())
