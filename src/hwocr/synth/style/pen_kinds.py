"""Kinds of pen: ballpoint, pencil, felt-tip, brush, a mouse or stylus; ink blobs and skips.

A pen kind replaces some of the sampled writer's habits (width, pressure, taper, ink, blur) with
its own ranges and may texture the ink (pencil grain). ``PenKinds.kinds`` weighs the kinds per
line; "writer" keeps the writer's own pen. ``blobs`` drops ink where the pen rests; ``gaps`` makes
a ballpoint skip, splitting a stroke in two.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

import cv2
import numpy as np

from hwocr.synth.ranges import Range, check_probabilities, draw, draw_coins
from hwocr.synth.style.writer import WriterStyle

# Writer habits each kind replaces, as (min, max) in WriterRanges units (pixels at 64 px lines).
PEN_KINDS: Mapping[str, Mapping[str, Range]] = {
    "writer": {},
    "ballpoint": {
        "stroke_width": (1.0, 2.2),
        "pressure_variation": (0.0, 0.12),
        "entry_blob": (0.0, 0.3),
        "stop_blob": (0.0, 0.3),
        "taper": (0.1, 0.5),
        "ink": (10.0, 90.0),
        "blur": (0.0, 0.45),
    },
    "pencil": {
        "stroke_width": (1.2, 2.8),
        "pressure_variation": (0.05, 0.3),
        "entry_blob": (0.0, 0.1),
        "stop_blob": (0.0, 0.1),
        "taper": (0.2, 0.6),
        "ink": (50.0, 140.0),
        "blur": (0.2, 0.6),
    },
    "felt_tip": {
        "stroke_width": (2.8, 5.0),
        "pressure_variation": (0.0, 0.08),
        "entry_blob": (0.0, 0.1),
        "stop_blob": (0.0, 0.1),
        "taper": (0.0, 0.25),
        "ink": (0.0, 50.0),
        "blur": (0.3, 0.8),
    },
    "brush": {
        "stroke_width": (2.5, 6.0),
        "pressure_variation": (0.25, 0.5),
        "entry_blob": (0.3, 0.9),
        "stop_blob": (0.2, 0.7),
        "taper": (0.8, 1.0),
        "ink": (0.0, 40.0),
        "blur": (0.2, 0.6),
    },
    # Drawn online with a mouse or stylus and rendered uniformly (Omniglot): thin, even, often shaky.
    "mouse": {
        "stroke_width": (0.9, 1.8),
        "pressure_variation": (0.0, 0.0),
        "entry_blob": (0.0, 0.0),
        "stop_blob": (0.0, 0.0),
        "taper": (0.0, 0.0),
        "ink": (0.0, 30.0),
        "blur": (0.0, 0.2),
        "speed": (0.0, 0.4),
        "jitter": (1.0, 4.5),
    },
}
GRAIN: Mapping[str, Range] = {"pencil": (0.35, 0.75)}  # how much paper shows through the ink
BLOB_WIDTH = (1.6, 3.0)  # relative to the pen at that point


@dataclass(frozen=True)
class PenKinds:
    """``kinds``: weight per ``PEN_KINDS`` name, or None for the writer's own pen (no random draws)."""

    kinds: Mapping[str, float] | None = None
    blobs: float = 0.0  # per-stroke probability of a blob of ink somewhere along it
    gaps: float = 0.0  # per-stroke probability that the pen skips once along it
    _weights: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        check_probabilities(self, ("blobs", "gaps"))
        if self.kinds is None:
            return
        kinds = {str(k): float(v) for k, v in self.kinds.items()}
        unknown = sorted(set(kinds) - set(PEN_KINDS))
        if unknown:
            raise ValueError(f"pen.kinds: unknown pen kinds {unknown}; known: {sorted(PEN_KINDS)}")
        total = sum(kinds.values())
        if min(kinds.values(), default=-1) < 0 or total <= 0:
            raise ValueError(f"pen.kinds: weights must be >= 0 with a positive sum, got {kinds}")
        object.__setattr__(self, "kinds", kinds)
        object.__setattr__(self, "_weights", np.array(list(kinds.values())) / total)

    def pick(self, rng: np.random.Generator) -> str:
        """This line's pen kind ("writer" when no kinds are given)."""
        if self.kinds is None:
            return "writer"
        names = list(self.kinds)
        return names[0] if len(names) == 1 else names[int(rng.choice(len(names), p=self._weights))]

    @staticmethod
    def restyle(style: WriterStyle, kind: str, rng: np.random.Generator) -> WriterStyle:
        """``style`` with the habits ``kind`` replaces drawn from its ranges."""
        habits = PEN_KINDS[kind]
        if not habits:
            return style
        return dataclasses.replace(style, **{name: draw(rng, r) for name, r in habits.items()})

    def add_blobs(
        self, points: np.ndarray, widths: np.ndarray, stroke_lengths: np.ndarray, rng: np.random.Generator
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Append one-point strokes (dots) wider than the pen on a random point of chosen strokes."""
        blob = draw_coins(rng, self.blobs, len(stroke_lengths))
        if not blob.any():
            return points, widths, stroke_lengths
        last = np.cumsum(stroke_lengths) - 1
        first = last - stroke_lengths + 1
        at = (first + rng.random(len(first)) * stroke_lengths).astype(np.int64)[blob]
        size = widths[at] * rng.uniform(*BLOB_WIDTH, len(at))
        return (
            np.concatenate([points, points[at]]),
            np.concatenate([widths, size.astype(widths.dtype)]),
            np.concatenate([stroke_lengths, np.ones(len(at), stroke_lengths.dtype)]),
        )

    def add_gaps(self, stroke_lengths: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Split chosen strokes (of 3+ points) in two: the segment at the split is not drawn."""
        gap = draw_coins(rng, self.gaps, len(stroke_lengths)) & (stroke_lengths >= 3)
        if not gap.any():
            return stroke_lengths
        # Split after 1 .. n-2 points, so both halves keep at least one point.
        head = 1 + (rng.random(len(stroke_lengths)) * (stroke_lengths - 2)).astype(np.int64)
        pairs = np.stack([np.where(gap, head, stroke_lengths), np.where(gap, stroke_lengths - head, 0)], 1)
        lengths = pairs.reshape(-1)
        return lengths[lengths > 0]


def texture(coverage: np.ndarray, kind: str, rng: np.random.Generator) -> np.ndarray:
    """Pencil grain: paper tooth shows through the ink; other kinds are returned as they are."""
    if kind not in GRAIN:
        return coverage
    strength = draw(rng, GRAIN[kind])
    tooth = rng.random(coverage.shape, dtype=np.float32)
    tooth = cv2.GaussianBlur(tooth, (0, 0), 0.6)
    tooth = (tooth - tooth.min()) / max(float(tooth.max() - tooth.min()), 1e-6)
    return coverage * (1.0 - strength * tooth)
