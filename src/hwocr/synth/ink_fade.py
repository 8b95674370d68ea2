"""Ink that is not equally dark along a line: a pen running dry, pressing harder, a ballpoint skipping.

A smooth random density profile along the writing direction multiplies the ink coverage, so the
ink level drawn once per line (``WriterStyle.ink``) varies within the line as well.
"""

from __future__ import annotations

import numpy as np


def ink_density_profile(length: int, fade: float, period: float, rng: np.random.Generator) -> np.ndarray:
    """float32 (length,) in [1 - fade, 1]: 1 is full ink; knots every ~``period`` pixels, smoothly joined.

    Always draws the same number of random values for a given ``length`` and ``period``, whatever
    ``fade`` is, so changing the fade range does not shift later random draws.
    """
    if length <= 0:
        return np.ones(0, np.float32)
    knots = int(np.ceil(length / max(period, 1.0))) + 2
    spacing = length / (knots - 1)
    values = 1.0 - fade * rng.random(knots)
    x = np.arange(length, dtype=np.float64) / spacing
    left = np.minimum(np.floor(x).astype(int), knots - 2)
    t = x - left
    t = t * t * (3.0 - 2.0 * t)  # smoothstep: no kinks at the knots
    return (values[left] * (1.0 - t) + values[left + 1] * t).astype(np.float32)
