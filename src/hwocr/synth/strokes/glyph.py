"""A character's strokes packed into flat arrays, ready for vectorised per-line transforms."""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

import cv2
import numpy as np

from hwocr.synth.strokes.kanjivg import KANJIVG_BOX, load_stroke_components, load_stroke_types, load_strokes
from hwocr.synth.style.pen import stroke_end


@dataclass(frozen=True)
class PackedGlyph:
    """All strokes of one character, concatenated.

    ``points`` (P, 2) float32 in the 109 box; ``stroke_index`` (P,) says which stroke each point
    belongs to; ``stroke_progress`` (P,) runs 0 -> 1 along each stroke by arc length (used to shape
    jitter and pen pressure along a stroke); ``stroke_lengths`` (S,) counts points per stroke.
    """

    points: np.ndarray
    stroke_index: np.ndarray
    stroke_progress: np.ndarray
    stroke_lengths: np.ndarray
    stroke_ends: np.ndarray  # (S,) StrokeEnd per stroke, from KanjiVG stroke types
    stroke_centroids: np.ndarray  # (S, 2) mean point of each stroke, pivot of per-stroke affine jitter
    stroke_components: np.ndarray  # (S,) part of the character (KanjiVG group: a radical ...) per stroke
    dakuten_strokes: int  # how many final strokes are a (han)dakuten mark: 2 for が, 1 for ぱ, else 0
    x_min: float
    x_max: float
    y_min: float
    y_max: float

    @property
    def stroke_count(self) -> int:
        return len(self.stroke_lengths)

    @property
    def ink_width(self) -> float:
        return self.x_max - self.x_min


# Rendering does not need every sample of a curve: drop points that deviate less than this from a
# straight chord (KanjiVG units, ~0.25 px at 64 px lines), which cuts the points ~6x and the
# drawing time with it ...
SIMPLIFY_TOLERANCE = 0.5
# ... but keep straight strokes subdivided so smooth jitter (a bow along the stroke) can bend them.
MAX_SEGMENT = 12.0


def _douglas_peucker(line: np.ndarray, tolerance: float) -> np.ndarray:
    if len(line) <= 2:
        return line
    if np.linalg.norm(line[-1] - line[0]) < tolerance:
        # A closed loop has no chord to measure against: split it at its farthest point first.
        far = int(np.argmax(np.linalg.norm(line - line[0], axis=1)))
        if far == 0:
            return line[:1]
        return np.concatenate(
            [_douglas_peucker(line[: far + 1], tolerance)[:-1], _douglas_peucker(line[far:], tolerance)]
        )
    curve = np.ascontiguousarray(line, np.float32).reshape(-1, 1, 2)
    return cv2.approxPolyDP(curve, tolerance, False).reshape(-1, 2)


def simplify_stroke(
    line: np.ndarray, tolerance: float = SIMPLIFY_TOLERANCE, max_segment: float = MAX_SEGMENT
) -> np.ndarray:
    """Douglas-Peucker simplification, then split segments longer than ``max_segment``."""
    line = _douglas_peucker(line, tolerance)
    if len(line) < 2:
        return line.astype(np.float32)
    seg_len = np.linalg.norm(np.diff(line, axis=0), axis=1)
    pieces = np.maximum(np.ceil(seg_len / max_segment).astype(np.int64), 1)
    if (pieces == 1).all():
        return line.astype(np.float32)
    out = [line[:1]]
    for a, b, n in zip(line[:-1], line[1:], pieces, strict=True):
        t = np.arange(1, n + 1, dtype=np.float32)[:, None] / n
        out.append(a + (b - a) * t)
    return np.concatenate(out).astype(np.float32)


# Kana with a voicing mark end with its strokes: two ticks (゛) or a ring (゜).
_MARK_STROKES = {"\u3099": 2, "\u309a": 1}


def _dakuten_strokes(char: str) -> int:
    decomposed = unicodedata.normalize("NFD", char)
    return _MARK_STROKES.get(decomposed[-1], 0) if len(decomposed) == 2 else 0


def _progress(line: np.ndarray) -> np.ndarray:
    seg = np.linalg.norm(np.diff(line, axis=0), axis=1)
    cum = np.concatenate([[0.0], np.cumsum(seg)])
    return (cum / cum[-1]) if cum[-1] > 0 else np.zeros(len(line))


@functools.cache
def packed_glyph(char: str) -> PackedGlyph:
    """Pack ``char``'s strokes once per process (KeyError if it has none)."""
    strokes = [simplify_stroke(s) for s in load_strokes(char)]
    points = np.concatenate(strokes).astype(np.float32)
    lengths = np.array([len(s) for s in strokes], dtype=np.int64)
    lo, hi = points.min(axis=0), points.max(axis=0)
    return PackedGlyph(
        points=points,
        stroke_index=np.repeat(np.arange(len(strokes)), lengths),
        stroke_progress=np.concatenate([_progress(s) for s in strokes]).astype(np.float32),
        stroke_lengths=lengths,
        stroke_ends=np.array([stroke_end(t) for t in load_stroke_types(char)], dtype=np.int8),
        stroke_centroids=np.array([s.mean(axis=0) for s in strokes], dtype=np.float32).reshape(-1, 2),
        stroke_components=np.array(load_stroke_components(char), dtype=np.int64),
        dakuten_strokes=min(_dakuten_strokes(char), len(strokes) - 1),
        x_min=float(lo[0]),
        x_max=float(hi[0]),
        y_min=float(lo[1]),
        y_max=float(hi[1]),
    )


BOX_CENTER = KANJIVG_BOX / 2
