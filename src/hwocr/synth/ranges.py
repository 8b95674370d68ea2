"""Checks shared by every renderer's settings: (min, max) style ranges, line height, vertical share."""

from __future__ import annotations

from collections.abc import Sequence

Range = tuple[float, float]
MIN_LINE_HEIGHT = 8


def as_range(name: str, value: Sequence[float]) -> Range:
    """``value`` as a (low, high) float pair; a ValueError naming ``name`` if low > high."""
    low, high = (float(v) for v in value)
    if low > high:
        raise ValueError(f"style range {name} has min > max: {value!r}")
    return low, high


def check_height(height: int) -> int:
    if height < MIN_LINE_HEIGHT:
        raise ValueError(f"height must be at least {MIN_LINE_HEIGHT} pixels, got {height}")
    return int(height)


def check_probability(name: str, value: float) -> float:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be in [0, 1], got {value}")
    return float(value)
