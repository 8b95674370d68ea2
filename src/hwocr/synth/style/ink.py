"""Anti-aliased variable-width strokes, drawn fast; and ink that is not equally dark along a line.

OpenCV draws a polyline with one integer thickness. To vary the width along strokes without a
call per segment, segments are quantised to a few thickness levels at the supersampled scale and
every run of equal thickness, across all strokes of the line, is drawn in one ``cv2.polylines``
call per level. Round caps make the joins between levels seamless.
"""

from __future__ import annotations

import cv2
import numpy as np

FIXED_POINT_BITS = 3  # sub-pixel coordinates in 1/8 pixel


def draw_strokes(
    points: np.ndarray,
    widths: np.ndarray,
    stroke_lengths: np.ndarray,
    size: tuple[int, int],
    supersample: int = 2,
) -> np.ndarray:
    """Ink coverage (0 paper .. 255 ink), uint8 of ``size`` = (height, width).

    ``points`` (P, 2) are pixel coordinates at output scale, ``widths`` (P,) pen widths in pixels,
    ``stroke_lengths`` (S,) the number of points of each consecutive stroke.
    """
    height, width = size
    ss = supersample
    canvas = np.zeros((height * ss, width * ss), np.uint8)
    if len(points) == 0:
        return canvas if ss == 1 else np.zeros(size, np.uint8)
    fixed = np.rint(points * (ss * (1 << FIXED_POINT_BITS))).astype(np.int32)
    thickness = np.maximum(np.rint(widths * ss), 1).astype(np.int32)
    # A segment takes the rounded mean width of its two ends; segments across strokes are invalid (-1).
    seg_level = (thickness[:-1] + thickness[1:] + 1) // 2
    stroke_last = np.cumsum(stroke_lengths) - 1
    seg_level[stroke_last[:-1]] = -1
    lone = stroke_lengths == 1  # single-point strokes: a dot of their own width
    breaks = np.flatnonzero(seg_level[1:] != seg_level[:-1]) + 1
    starts = np.concatenate([[0], breaks])
    ends = np.concatenate([breaks, [len(seg_level)]])
    by_level: dict[int, list[np.ndarray]] = {}
    for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
        level = int(seg_level[a]) if a < len(seg_level) else -1
        if level > 0:
            by_level.setdefault(level, []).append(fixed[a : b + 1])
    for index in np.flatnonzero(lone):
        p = int(stroke_last[index])
        by_level.setdefault(int(thickness[p]), []).append(fixed[p : p + 1].repeat(2, axis=0))
    for level, runs in by_level.items():
        cv2.polylines(canvas, runs, False, 255, level, cv2.LINE_AA, FIXED_POINT_BITS)
    if ss == 1:
        return canvas
    return cv2.resize(canvas, (width, height), interpolation=cv2.INTER_AREA)


# Ink that is not equally dark along a line: a pen running dry, pressing harder, a ballpoint skipping.
#
# A smooth random density profile along the writing direction multiplies the ink coverage, so the
# ink level drawn once per line (``WriterStyle.ink``) varies within the line as well.
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
