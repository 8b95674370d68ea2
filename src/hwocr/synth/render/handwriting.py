"""The rich handwriting engine: a sampled writer, per-character variation, pressure and layout.

Per line a ``WriterStyle`` is drawn (see ``writer.py``). Per character and stroke the engine adds
an affine wobble about each stroke's centre, smooth displacement of its ends and middle, rounded
corners for fast writers, tails on sweeps and hooks, and pen pressure along each stroke. Fast,
cursive writers join consecutive strokes of a character with hairline connectors. Lines may be
written vertically. Everything random comes from the ``rng`` argument: same text and seed, same
pixels. All per-point work is vectorised over the whole line.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import cv2
import numpy as np

from hwocr.synth.ranges import check_height, check_probability
from hwocr.synth.render.char_classes import CharClass, char_class
from hwocr.synth.render.layout import CharPlacement, layout_line
from hwocr.synth.render.rendered_line import RenderedLine
from hwocr.synth.strokes.glyph import BOX_CENTER
from hwocr.synth.strokes.kanjivg import available_chars
from hwocr.synth.style.ink import draw_strokes, ink_density_profile
from hwocr.synth.style.pen import StrokeEnd, pressure_profile
from hwocr.synth.style.writer import WriterStyle, writer_ranges

_REFERENCE_HEIGHT = 64.0  # pixel-valued writer ranges are given for this line height
_CONNECT_MAX_GAP = 0.5  # join strokes whose gap is under this fraction of the box
_CONNECTOR_WIDTH = 0.4  # hairline connectors, relative to the pen width


def _smooth_corners(points: np.ndarray, is_end: np.ndarray, amount: float) -> np.ndarray:
    """Pull interior points towards their neighbours' midpoint (a fast pen cuts corners)."""
    if amount <= 0:
        return points
    mid = 0.5 * (np.roll(points, 1, axis=0) + np.roll(points, -1, axis=0))
    weight = np.where(is_end, 0.0, amount)[:, None]
    return points + weight * (mid - points)


class HandwritingRenderer:
    """Render a line as handwriting by a randomly sampled writer.

    ``preset`` picks writer ranges from ``WRITER_PRESETS`` ("default", "neat", "hurried"); any
    ``WriterRanges`` field passed as a keyword overrides that range, e.g. ``slant=(0, 0.1)``.
    ``vertical_prob`` is the share of lines written top to bottom. ``render`` returns the image
    only (the dataset protocol) and sets ``last_vertical``; ``render_line`` returns a ``RenderedLine``.
    """

    def __init__(
        self,
        height: int = 64,
        preset: str = "default",
        vertical_prob: float = 0.0,
        rotate_vertical: bool = True,
        supersample: int = 2,
        **ranges: Sequence[float],
    ) -> None:
        check_height(height)
        check_probability("vertical_prob", vertical_prob)
        self.height = int(height)
        self.ranges = writer_ranges(preset, **ranges)
        self.vertical_prob = float(vertical_prob)
        self.rotate_vertical = bool(rotate_vertical)
        self.supersample = int(supersample)
        self.last_vertical = False
        self._chars = available_chars()

    def supports(self, char: str) -> bool:
        """True if ``char`` can be drawn; blanks (space, ideographic space) render as a gap."""
        return char_class(char) is CharClass.BLANK or char in self._chars

    def render(self, text: str, rng: np.random.Generator) -> np.ndarray:
        line = self.render_line(text, rng)
        self.last_vertical = line.vertical
        return line.image

    def render_line(self, text: str, rng: np.random.Generator, vertical: bool | None = None) -> RenderedLine:
        """Draw ``text``; ``vertical`` forces the orientation (else drawn with ``vertical_prob``)."""
        missing = sorted({c for c in text if not self.supports(c)})
        if missing:
            names = ", ".join(f"U+{ord(c):04X}" for c in missing)
            raise ValueError(f"HandwritingRenderer cannot draw {''.join(missing)!r} ({names})")
        drawn_vertical = bool(rng.random() < self.vertical_prob)
        vertical = drawn_vertical if vertical is None else vertical
        style = self.ranges.sample(rng)
        placements, length = layout_line(text, style, self.height, vertical, rng)
        if not placements:
            blank = np.full((self.height, max(int(length), self.height // 2)), 255, np.uint8)
            return RenderedLine(blank, text, vertical)
        points, widths, stroke_lengths = self._ink_path(placements, style, vertical, rng)
        image = self._draw(points, widths, stroke_lengths, style, vertical, rng)
        if vertical and self.rotate_vertical:
            image = np.ascontiguousarray(np.rot90(image))
        return RenderedLine(image, text, vertical)

    def _ink_path(
        self, placements: list[CharPlacement], style: WriterStyle, vertical: bool, rng: np.random.Generator
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Points (P, 2) in line pixels, pen widths (P,), and stroke lengths, connectors included."""
        glyphs = [p.glyph for p in placements]
        counts = np.array([g.points.shape[0] for g in glyphs])
        strokes_per_char = np.array([g.stroke_count for g in glyphs])
        stroke_lengths = np.concatenate([g.stroke_lengths for g in glyphs])
        n_points, n_strokes = int(counts.sum()), len(stroke_lengths)
        stroke_of_point = np.repeat(np.arange(n_strokes), stroke_lengths)
        progress = np.concatenate([g.stroke_progress for g in glyphs])
        points = np.concatenate([g.points for g in glyphs]).astype(np.float32)

        # Per stroke, in box units: a small rotation and scale about the stroke's centre ...
        centroids = np.concatenate([g.stroke_centroids for g in glyphs])
        theta = style.stroke_affine * rng.standard_normal(n_strokes)
        grow = 1.0 + style.stroke_affine * rng.standard_normal(n_strokes)
        cos, sin = (np.cos(theta) * grow)[stroke_of_point], (np.sin(theta) * grow)[stroke_of_point]
        rel = points - centroids[stroke_of_point]
        points = centroids[stroke_of_point] + np.stack(
            [cos * rel[:, 0] - sin * rel[:, 1], sin * rel[:, 0] + cos * rel[:, 1]], axis=1
        )
        # ... smooth displacement of start, end and middle (control-point jitter) ...
        start, end, bow = style.jitter * rng.standard_normal((3, n_strokes, 2))
        t = progress[:, None]
        points += (
            start[stroke_of_point] * (1 - t)
            + end[stroke_of_point] * t
            + bow[stroke_of_point] * np.sin(np.pi * t)
        )
        # ... corners cut by speed ...
        last = np.cumsum(stroke_lengths) - 1
        first = last - stroke_lengths + 1
        is_end = np.zeros(n_points, bool)
        is_end[first] = is_end[last] = True
        for _ in range(2):
            points = _smooth_corners(points, is_end, 0.35 * style.speed)
        # ... and tails: sweeps and hooks overshoot a little in their final direction.
        ends = np.concatenate([g.stroke_ends for g in glyphs])
        lifting = (ends == StrokeEnd.LIFT) & (stroke_lengths > 1)
        tip, before = last[lifting], last[lifting] - 1
        direction = points[tip] - points[before]
        direction /= np.maximum(np.linalg.norm(direction, axis=1, keepdims=True), 1e-6)
        points[tip] += direction * rng.uniform(0.0, 2.0 + 4.0 * style.speed, (len(tip), 1))

        points = self._place(points, placements, counts, strokes_per_char, stroke_of_point, style)
        widths = self.height / _REFERENCE_HEIGHT * style.stroke_width
        widths = widths * pressure_profile(progress, stroke_of_point, ends, style, rng)
        # Line-level: the baseline (or column) wanders.
        amplitude = self.height * style.baseline_wander
        period = self.height * rng.uniform(3.0, 10.0)
        phase = rng.uniform(0.0, 2 * math.pi)
        along, across = (1, 0) if vertical else (0, 1)
        points[:, across] += amplitude * np.sin(points[:, along] * (2 * math.pi / period) + phase)
        cell = self.height * style.size
        return self._connect(points, widths, stroke_lengths, first, last, strokes_per_char, style, cell, rng)

    @staticmethod
    def _place(
        points: np.ndarray,
        placements: list[CharPlacement],
        counts: np.ndarray,
        strokes_per_char: np.ndarray,
        stroke_of_point: np.ndarray,
        style: WriterStyle,
    ) -> np.ndarray:
        """Box units -> line pixels: optional quarter turn, shift, scale, slant, rotation, position."""
        turn = np.repeat([p.turn for p in placements], counts)
        c = BOX_CENTER
        turned = np.stack([c - (points[:, 1] - c), c + (points[:, 0] - c)], axis=1)
        points = np.where(turn[:, None], turned, points)
        shift = np.array([np.add(p.box_offset, 0) - p.anchor for p in placements], np.float32)
        local = points + np.repeat(shift, counts, axis=0)
        scale = np.repeat(np.array([p.scale for p in placements], np.float32), counts, axis=0)
        local *= scale
        local[:, 0] -= style.slant * local[:, 1]  # slant each character about its own centre
        angle = np.repeat(np.array([p.angle for p in placements]), counts)
        cos, sin = np.cos(angle), np.sin(angle)
        position = np.repeat(np.array([p.position for p in placements], np.float32), counts, axis=0)
        return (
            np.stack([cos * local[:, 0] - sin * local[:, 1], sin * local[:, 0] + cos * local[:, 1]], axis=1)
            + position
        )

    @staticmethod
    def _connect(
        points: np.ndarray,
        widths: np.ndarray,
        stroke_lengths: np.ndarray,
        first: np.ndarray,
        last: np.ndarray,
        strokes_per_char: np.ndarray,
        style: WriterStyle,
        cell: float,
        rng: np.random.Generator,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Append hairline connectors between consecutive strokes of a character (cursive writing)."""
        char_of_stroke = np.repeat(np.arange(len(strokes_per_char)), strokes_per_char)
        same_char = char_of_stroke[1:] == char_of_stroke[:-1]
        tail, head = points[last[:-1]], points[first[1:]]
        gap = np.linalg.norm(head - tail, axis=1)
        # Draw the dice for every pair, chosen or not, so later draws do not depend on the choice.
        joins = rng.random(len(gap)) < style.cursiveness
        bend = rng.uniform(-0.25, 0.25, (len(gap), 1))
        chosen = same_char & (gap < _CONNECT_MAX_GAP * cell) & joins
        if not chosen.any():
            return points, widths, stroke_lengths
        a, b = tail[chosen], head[chosen]
        # A shallow arc from the end of one stroke to the start of the next.
        normal = np.stack([-(b - a)[:, 1], (b - a)[:, 0]], axis=1) * bend[chosen]
        mid = (a + b) / 2 + normal
        connectors = np.stack([a, (a + mid) / 2, mid, (mid + b) / 2, b], axis=1).reshape(-1, 2)
        hair = np.repeat(widths[last[:-1][chosen]], 5) * _CONNECTOR_WIDTH
        lengths = np.concatenate([stroke_lengths, np.full(len(a), 5)])
        return np.concatenate([points, connectors]), np.concatenate([widths, hair]), lengths

    def _draw(
        self,
        points: np.ndarray,
        widths: np.ndarray,
        stroke_lengths: np.ndarray,
        style: WriterStyle,
        vertical: bool,
        rng: np.random.Generator,
    ) -> np.ndarray:
        """Fit the ink on a canvas with margins, draw it, blur and tint it; white paper, dark ink."""
        along, across = (1, 0) if vertical else (0, 1)
        size = self.height
        lo, hi = float(points[:, across].min()), float(points[:, across].max())
        if hi - lo > size - 2:  # too tall (or wide) for the line: centre it and accept a clipped tip
            points[:, across] += size / 2 - (lo + hi) / 2
        else:
            points[:, across] += size / 2
            lo, hi = lo + size / 2, hi + size / 2
            points[:, across] += max(1.0 - lo, 0.0) - max(hi - (size - 1.0), 0.0)
        sigma = style.blur * self.height / _REFERENCE_HEIGHT
        pad = float(widths.max()) / 2 + 2 * sigma + 1  # keeps the pen and its blur off the edges
        margin_start = pad + size * style.margin * rng.uniform(0.5, 1.5)
        margin_end = pad + size * style.margin * rng.uniform(0.5, 1.5)
        points[:, along] += margin_start - float(points[:, along].min())
        length = int(math.ceil(float(points[:, along].max()) + margin_end))
        shape = (length, size) if vertical else (size, length)
        coverage = draw_strokes(points, widths, stroke_lengths, shape, self.supersample).astype(np.float32)
        fade = ink_density_profile(length, style.ink_fade, size * rng.uniform(1.5, 5.0), rng)
        coverage *= fade[:, None] if vertical else fade[None, :]
        if sigma > 0.15:
            coverage = cv2.GaussianBlur(coverage, (0, 0), sigma)
        image = 255.0 - coverage * ((255.0 - style.ink) / 255.0)
        return np.clip(image + 0.5, 0, 255).astype(np.uint8)
