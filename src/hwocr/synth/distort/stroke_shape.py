"""Per-stroke shape: longer or shorter strokes, turned about where the pen landed, bowed or straightened.

Applied in box units after the writer's own per-stroke wobble. Each stroke pivots about its first
point, as a hand does: the landing is aimed, the rest follows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hwocr.synth.ranges import Range, check_ranges, draw


@dataclass(frozen=True)
class StrokeShape:
    """Spreads drawn once per line from each range; (0, 0) turns a knob off (no random draws)."""

    length: Range = (0.0, 0.0)  # spread of each stroke's length change, fraction
    angle: Range = (0.0, 0.0)  # spread of each stroke's turn about its start, radians
    curvature: Range = (0.0, 0.0)  # spread of a bow across each stroke's chord, fraction of the chord

    def __post_init__(self) -> None:
        check_ranges(self, ("length", "angle", "curvature"))

    def apply(
        self,
        points: np.ndarray,
        stroke_of_point: np.ndarray,
        first: np.ndarray,
        last: np.ndarray,
        progress: np.ndarray,
        rng: np.random.Generator,
    ) -> np.ndarray:
        """Reshaped copy of ``points`` (P, 2); ``first``/``last`` index each stroke's end points."""
        n = len(first)
        s = stroke_of_point
        length, angle, curvature = draw(rng, self.length), draw(rng, self.angle), draw(rng, self.curvature)
        if length > 0 or angle > 0:
            grow = np.maximum(1.0 + length * rng.standard_normal(n), 0.3) if length > 0 else np.ones(n)
            theta = angle * rng.standard_normal(n) if angle > 0 else np.zeros(n)
            cos, sin = (np.cos(theta) * grow)[s], (np.sin(theta) * grow)[s]
            start = points[first][s]
            rel = points - start
            points = start + np.stack(
                [cos * rel[:, 0] - sin * rel[:, 1], sin * rel[:, 0] + cos * rel[:, 1]], 1
            )
        if curvature > 0:
            chord = points[last] - points[first]
            normal = np.stack([-chord[:, 1], chord[:, 0]], axis=1)  # as long as the chord
            bow = curvature * rng.standard_normal(n)
            points = points + (normal * bow[:, None])[s] * np.sin(np.pi * progress)[:, None]
        return points.astype(np.float32, copy=False)
