"""Pen pressure along a stroke: how wide the ink is at each point.

Japanese brush and pen habits survive in hard-pen handwriting: the pen lands with a small blob
(入り), a firm stop thickens the end (とめ), and sweeps and hooks (はらい, はね) thin out as the
pen lifts while moving. KanjiVG's stroke types say which ending a stroke has.
"""

from __future__ import annotations

import enum

import numpy as np

from hwocr.synth.style.writer import WriterStyle

# Stroke types (CJK strokes block) whose end lifts off while moving: sweeps, hooks and rising ticks.
_LIFTING_STROKES = frozenset("㇀㇁㇂㇃㇆㇇㇈㇉㇊㇋㇌㇏㇒㇓㇖㇙㇚㇛㇜㇝㇟㇠㇡㇢丿")
_DOT_STROKES = frozenset("㇔丶")


class StrokeEnd(enum.IntEnum):
    STOP = 0  # とめ: the pen stops, then lifts
    LIFT = 1  # はらい / はね: the pen lifts while moving
    UNKNOWN = 2  # no type information (kana, Latin, hand-made glyphs): chosen at random per stroke


def stroke_end(kvg_type: str) -> StrokeEnd:
    """Classify a KanjiVG stroke type such as "㇒", "㇔/㇏" or "㇐a" by its first stroke character."""
    if not kvg_type:
        return StrokeEnd.UNKNOWN
    head = kvg_type[0]
    if head in _LIFTING_STROKES:
        return StrokeEnd.LIFT
    if head in _DOT_STROKES and "/" in kvg_type and kvg_type[2:3] in _LIFTING_STROKES:
        return StrokeEnd.LIFT
    return StrokeEnd.STOP


def pressure_profile(
    progress: np.ndarray,
    stroke_of_point: np.ndarray,
    stroke_ends: np.ndarray,
    style: WriterStyle,
    rng: np.random.Generator,
) -> np.ndarray:
    """Width multiplier (P,) for points at ``progress`` (0..1 along their stroke).

    ``stroke_ends`` (S,) holds a ``StrokeEnd`` per stroke; ``stroke_of_point`` (P,) maps points to strokes.
    """
    n_strokes = len(stroke_ends)
    ends = stroke_ends.copy()
    unknown = ends == StrokeEnd.UNKNOWN
    ends[unknown] = np.where(rng.random(int(unknown.sum())) < 0.4, StrokeEnd.LIFT, StrokeEnd.STOP)
    # Per stroke: overall pressure, a slow wave along the stroke, and how strongly this stroke's ends show.
    stroke_pressure = 1.0 + 0.5 * style.pressure_variation * rng.standard_normal(n_strokes)
    phase = rng.uniform(0, 2 * np.pi, n_strokes)
    entry = style.entry_blob * rng.uniform(0.3, 1.0, n_strokes)
    stop = style.stop_blob * rng.uniform(0.3, 1.0, n_strokes)
    taper_len = rng.uniform(0.2, 0.45, n_strokes)

    t = progress
    s = stroke_of_point
    width = stroke_pressure[s] * (1.0 + style.pressure_variation * np.sin(2.5 * np.pi * t + phase[s]))
    width *= 1.0 + entry[s] * np.clip(1.0 - t / 0.12, 0.0, 1.0)
    lifting = ends[s] == StrokeEnd.LIFT
    tail = np.clip((t - (1.0 - taper_len[s])) / taper_len[s], 0.0, 1.0)
    width *= np.where(lifting, 1.0 - style.taper * tail * tail * (3 - 2 * tail), 1.0)
    width *= np.where(lifting, 1.0, 1.0 + stop[s] * np.clip(1.0 - (1.0 - t) / 0.1, 0.0, 1.0))
    return np.clip(width, 0.15, 2.5).astype(np.float32)
