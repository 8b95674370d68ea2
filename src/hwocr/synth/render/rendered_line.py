"""What a renderer hands back for one line."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class RenderedLine:
    """uint8 (height, W) image (white paper, dark ink), its text, and whether it was written vertically.

    Vertical lines are rotated a quarter turn counter-clockwise so that reading order runs left to
    right like a horizontal line; ``vertical`` records that so models and evaluation can tell.
    """

    image: np.ndarray
    text: str
    vertical: bool
