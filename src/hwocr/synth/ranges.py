"""Checks shared by every renderer's settings: (min, max) style ranges, line height, vertical share;
and draws from them that cost no randomness when a knob is off."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

import numpy as np

Range = tuple[float, float]
T = TypeVar("T")
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


# Knobs that are off must leave every image bit-for-bit as it was, so a constant range or a
# probability of 0 or 1 draws nothing from the generator: turning one knob on never shifts the
# random stream of a renderer whose knobs are all off.
def draw(rng: np.random.Generator, value: Range) -> float:
    """A uniform draw from ``value`` = (low, high); ``low`` itself, drawing nothing, when low == high."""
    low, high = value
    return low if low == high else float(rng.uniform(low, high))


def draw_coins(rng: np.random.Generator, probability: float, n: int) -> np.ndarray:
    """(n,) bools, each True with ``probability``; no draws when it is 0 or 1."""
    if probability <= 0.0 or probability >= 1.0:
        return np.full(n, probability >= 1.0)
    return rng.random(n) < probability


def knobs_from(cls: type[T], group: str, values: Mapping[str, Any] | T | None) -> T:
    """``cls(**values)`` for a config group of knobs; an unknown key is an error naming the group."""
    if values is None:
        return cls()
    if isinstance(values, cls):
        return values
    known = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(values) - known)
    if unknown:
        raise ValueError(f"{group}: unknown keys {unknown}; known: {sorted(known)}")
    return cls(**{k: v for k, v in values.items()})


def check_ranges(obj: Any, names: Sequence[str]) -> None:
    """Turn each named field of a frozen dataclass into a validated (low, high) float pair."""
    for name in names:
        object.__setattr__(obj, name, as_range(name, getattr(obj, name)))


def check_probabilities(obj: Any, names: Sequence[str]) -> None:
    for name in names:
        object.__setattr__(obj, name, check_probability(name, float(getattr(obj, name))))
