"""Where the ink sits in the line image: how tall, how far off centre, how much margin around it.

Real crops come cut every way: ink filling a third of the box or touching its edges, riding high
or low, cropped tight or with wide margins, one character in a square box. A model trained on one
size and position of ink reads the others poorly, so these knobs spread them. Off (the defaults),
the writer's ``size`` and ``margin`` decide and the ink is centred, as before.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hwocr.synth.ranges import Range, as_range, check_ranges, draw


@dataclass(frozen=True)
class LineGeometry:
    """(0, 0) turns ``ink_height``, ``ink_offset`` and ``min_width`` off; None turns ``side_margin`` off."""

    ink_height: Range = (0.0, 0.0)  # character box height / line height, replacing the writer's size
    ink_offset: Range = (0.0, 0.0)  # across the line: -1 ink at the top (left) edge, 0 centred, 1 bottom
    side_margin: Range | None = None  # margin before and after the ink, each drawn, in line heights
    min_width: Range = (0.0, 0.0)  # shortest line, in line heights (a single character in a box)

    def __post_init__(self) -> None:
        check_ranges(self, ("ink_height", "ink_offset", "min_width"))
        if self.side_margin is not None:
            object.__setattr__(self, "side_margin", as_range("side_margin", self.side_margin))
        if self.ink_height[0] < 0 or not -1.0 <= self.ink_offset[0] <= self.ink_offset[1] <= 1.0:
            raise ValueError(f"geometry: ink_height must be >= 0 and ink_offset within [-1, 1]: {self}")

    @property
    def repositions(self) -> bool:
        """True when the ink's place across the line is this object's business, not the writer's."""
        return self.ink_height != (0.0, 0.0) or self.ink_offset != (0.0, 0.0)

    def place_across(
        self, points: np.ndarray, across: int, size: int, pad: float, rng: np.random.Generator
    ) -> None:
        """Shrink the ink (in place) to fit ``size`` less ``pad`` each side, then shift it off centre."""
        lo, hi = float(points[:, across].min()), float(points[:, across].max())
        room = max(size - 2 * pad, 1.0)
        centre = (lo + hi) / 2
        if hi - lo > room:  # too tall: shrink the whole ink about its centre rather than clip it
            points[:, across] = centre + (points[:, across] - centre) * (room / (hi - lo))
            lo, hi = centre - room / 2, centre + room / 2
        free = room - (hi - lo)
        points[:, across] += size / 2 - centre + draw(rng, self.ink_offset) * free / 2

    def margins(self, size: int, rng: np.random.Generator) -> tuple[float, float] | None:
        """(before, after) margins in pixels, or None to keep the writer's."""
        if self.side_margin is None:
            return None
        return size * draw(rng, self.side_margin), size * draw(rng, self.side_margin)

    def widen(self, length: int, size: int, rng: np.random.Generator) -> tuple[int, float]:
        """(new length, share of the extra room that goes before the ink) for a ``min_width`` line."""
        shortest = int(np.ceil(size * draw(rng, self.min_width)))
        if shortest <= length:
            return length, 0.0
        return shortest, float(rng.random())
