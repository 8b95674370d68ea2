"""Hooks where the pen leaves a stroke and ticks where it lands: points added to the polylines.

Real writers flick the pen on at an angle (a tick before the stroke proper) and often curl off at
the end (a hook, like はね, even where the model character has none). New points are inserted into
the flat per-line arrays, so stroke lengths grow; progress is 0 on ticks and 1 on hooks, so pen
pressure treats them as the stroke's thin ends.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hwocr.synth.ranges import Range, check_probabilities, check_ranges, draw_coins

_MAX_SHARE = 0.4  # of the stroke's chord


def _rotate(vectors: np.ndarray, theta: np.ndarray) -> np.ndarray:
    cos, sin = np.cos(theta)[:, None], np.sin(theta)[:, None]
    return np.concatenate(
        [cos * vectors[:, :1] - sin * vectors[:, 1:], sin * vectors[:, :1] + cos * vectors[:, 1:]], 1
    )


def _unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-6)


@dataclass(frozen=True)
class StrokeHooks:
    """Per-stroke probabilities; 0 turns a knob off (no random draws)."""

    hooks: float = 0.0  # probability of a hook where the pen leaves a stroke
    entry_ticks: float = 0.0  # probability of a tick where the pen lands
    size: Range = (3.0, 9.0)  # hook / tick length, box units

    def __post_init__(self) -> None:
        check_probabilities(self, ("hooks", "entry_ticks"))
        check_ranges(self, ("size",))

    def insert(
        self, points: np.ndarray, progress: np.ndarray, stroke_lengths: np.ndarray, rng: np.random.Generator
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(points, progress, stroke_lengths) with hooks and ticks added; the inputs when both are off."""
        if self.hooks <= 0 and self.entry_ticks <= 0:
            return points, progress, stroke_lengths
        n = len(stroke_lengths)
        last = np.cumsum(stroke_lengths) - 1
        first = last - stroke_lengths + 1
        long_enough = stroke_lengths > 1
        hook = draw_coins(rng, self.hooks, n) & long_enough
        tick = draw_coins(rng, self.entry_ticks, n) & long_enough
        size = (
            rng.uniform(*self.size, (n, 1)) if self.size[0] < self.size[1] else np.full((n, 1), self.size[0])
        )
        # Never longer than a fraction of the stroke itself: a small kana's strokes get small hooks.
        chord = np.linalg.norm(points[last] - points[first], axis=1)[:, None]
        size = np.minimum(size, np.maximum(_MAX_SHARE * chord, 1.0))
        side = np.where(rng.random(n) < 0.5, -1.0, 1.0)
        # A hook turns sharply back (100-160 degrees) in two steps; a tick comes in at 30-90 degrees.
        turn = side * rng.uniform(np.radians(100), np.radians(160), n)
        lean = side * rng.uniform(np.radians(30), np.radians(90), n)

        out = _unit(points[last] - points[last - 1])[hook]
        bend = points[last][hook] + _rotate(out, turn[hook] / 2) * size[hook] * 0.5
        tip = bend + _rotate(out, turn[hook]) * size[hook] * 0.5
        into = _unit(points[first + 1] - points[first])[tick]
        landing = points[first][tick] - _rotate(into, lean[tick]) * size[tick] * 0.6

        # Hooks first: a hook after stroke i and a tick before stroke i + 1 share an index, and
        # np.insert keeps the given order among equal indices.
        where = np.concatenate([np.repeat(last[hook] + 1, 2), first[tick]])
        new_points = np.concatenate([np.stack([bend, tip], axis=1).reshape(-1, 2), landing])
        new_progress = np.concatenate([np.ones(2 * int(hook.sum())), np.zeros(int(tick.sum()))])
        points = np.insert(points, where, new_points.astype(points.dtype), axis=0)
        progress = np.insert(progress, where, new_progress.astype(progress.dtype))
        return points, progress, stroke_lengths + tick + 2 * hook
