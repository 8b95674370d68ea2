"""The rich handwriting engine: a sampled writer, per-character variation, pressure and layout.

Per line a ``WriterStyle`` is drawn (see ``writer.py``). Per character and stroke the engine adds
an affine wobble about each stroke's centre, smooth displacement of its ends and middle, rounded
corners for fast writers, tails on sweeps and hooks, and pen pressure along each stroke. Fast,
cursive writers join consecutive strokes of a character with hairline connectors. Lines may be
written vertically. Everything random comes from the ``rng`` argument: same text and seed, same
pixels. All per-point work is vectorised over the whole line.

Knob families that spread the data towards real handwriting, each its own config group and off by
default (see ``conf/renderer/handwriting_real.yaml`` for suggested ranges): ``geometry`` (ink
height, offset, margins, minimum width: ``render/line_geometry.py``), ``glyph_warp`` and
``stroke_shape`` and ``hooks`` (``distort/``), ``fast_writing`` (joins across characters, merged
strokes, voicing marks, small kana), ``pen`` (pen kinds, blobs, skips: ``style/pen_kinds.py``) and
``capture`` (low resolution, 1-bit, JPEG: ``page/capture.py``).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from typing import Any

import cv2
import numpy as np

from hwocr.synth.distort.fast_writing import FastWriting
from hwocr.synth.distort.glyph_warp import GlyphWarp
from hwocr.synth.distort.hooks import StrokeHooks
from hwocr.synth.distort.stroke_shape import StrokeShape
from hwocr.synth.page.capture import Capture
from hwocr.synth.ranges import check_height, check_probability, draw, knobs_from
from hwocr.synth.render.char_classes import CharClass, char_class
from hwocr.synth.render.connectors import connect_strokes
from hwocr.synth.render.layout import CharPlacement, layout_line
from hwocr.synth.render.line_geometry import LineGeometry
from hwocr.synth.render.rendered_line import RenderedLine
from hwocr.synth.strokes.glyph import BOX_CENTER
from hwocr.synth.strokes.kanjivg import available_chars
from hwocr.synth.style.ink import draw_strokes, ink_density_profile
from hwocr.synth.style.pen import StrokeEnd, pressure_profile
from hwocr.synth.style.pen_kinds import PenKinds, texture
from hwocr.synth.style.writer import WriterStyle, writer_ranges

_REFERENCE_HEIGHT = 64.0  # pixel-valued writer ranges are given for this line height
_TYPICAL_SIZE = 0.81  # the default writer's mean box size, at which its pen widths are given
Knobs = Mapping[str, Any] | None


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
    ``geometry`` ... ``capture`` are the knob groups named in the module docstring, as mappings of
    their dataclass fields (an unknown key is an error naming the group); None leaves a group off.
    """

    def __init__(
        self,
        height: int = 64,
        preset: str = "default",
        vertical_prob: float = 0.0,
        rotate_vertical: bool = True,
        supersample: int = 2,
        geometry: Knobs = None,
        glyph_warp: Knobs = None,
        stroke_shape: Knobs = None,
        hooks: Knobs = None,
        fast_writing: Knobs = None,
        pen: Knobs = None,
        capture: Knobs = None,
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
        self.geometry = knobs_from(LineGeometry, "geometry", geometry)
        self.glyph_warp = knobs_from(GlyphWarp, "glyph_warp", glyph_warp)
        self._warps_glyphs = self.glyph_warp != GlyphWarp()
        self.stroke_shape = knobs_from(StrokeShape, "stroke_shape", stroke_shape)
        self.hooks = knobs_from(StrokeHooks, "hooks", hooks)
        self.fast_writing = knobs_from(FastWriting, "fast_writing", fast_writing)
        self.pen = knobs_from(PenKinds, "pen", pen)
        self.capture = knobs_from(Capture, "capture", capture)

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
        pen_kind = self.pen.pick(rng)
        style = self.pen.restyle(style, pen_kind, rng)
        ink_height = draw(rng, self.geometry.ink_height)
        if ink_height > 0:  # a crop with small ink is a zoomed-out one: the pen looks thinner too
            width = style.stroke_width * ink_height / _TYPICAL_SIZE
            style = dataclasses.replace(style, size=ink_height, stroke_width=width)
        small_kana = draw(rng, self.fast_writing.small_kana_scale)
        placements, length = layout_line(text, style, self.height, vertical, rng, small_kana)
        if not placements:
            blank = np.full((self.height, max(int(length), self.height // 2)), 255, np.uint8)
            return RenderedLine(blank, text, vertical)
        points, widths, stroke_lengths = self._ink_path(placements, style, vertical, rng)
        image = self._draw(points, widths, stroke_lengths, style, vertical, pen_kind, rng)
        if vertical and self.rotate_vertical:
            image = np.ascontiguousarray(np.rot90(image))
        return RenderedLine(self.capture.apply(image, rng), text, vertical)

    def _glyph_points(
        self, glyphs: list, rng: np.random.Generator
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Box-unit points of the line's glyphs, warped: (points, progress, stroke lengths, points per char)."""
        points = np.concatenate([g.points for g in glyphs]).astype(np.float32)
        progress = np.concatenate([g.stroke_progress for g in glyphs])
        stroke_lengths = np.concatenate([g.stroke_lengths for g in glyphs])
        counts = np.array([g.points.shape[0] for g in glyphs])
        points = self.fast_writing.shift_dakuten(points, glyphs, rng)
        if self._warps_glyphs:
            char_of_point = np.repeat(np.arange(len(glyphs)), counts)
            parts = np.array([int(g.stroke_components.max()) + 1 for g in glyphs])
            component = np.concatenate(
                [g.stroke_components + o for g, o in zip(glyphs, np.cumsum(parts) - parts, strict=True)]
            )
            component_of_point = np.repeat(component, stroke_lengths)
            points = self.glyph_warp.apply(points, char_of_point, component_of_point, rng)
        new_points, progress, new_lengths = self.hooks.insert(points, progress, stroke_lengths, rng)
        if new_points is not points:
            strokes_per_char = np.array([g.stroke_count for g in glyphs])
            char_of_stroke = np.repeat(np.arange(len(glyphs)), strokes_per_char)
            counts = np.bincount(char_of_stroke, new_lengths, len(glyphs)).astype(np.int64)
        return new_points, progress, new_lengths, counts

    def _ink_path(
        self, placements: list[CharPlacement], style: WriterStyle, vertical: bool, rng: np.random.Generator
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Points (P, 2) in line pixels, pen widths (P,), and stroke lengths, connectors included."""
        glyphs = [p.glyph for p in placements]
        strokes_per_char = np.array([g.stroke_count for g in glyphs])
        points, progress, stroke_lengths, counts = self._glyph_points(glyphs, rng)
        n_points, n_strokes = int(counts.sum()), len(stroke_lengths)
        stroke_of_point = np.repeat(np.arange(n_strokes), stroke_lengths)

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
        last = np.cumsum(stroke_lengths) - 1
        first = last - stroke_lengths + 1
        points = self.stroke_shape.apply(points, stroke_of_point, first, last, progress, rng)
        # ... corners cut by speed ...
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
        points, widths, stroke_lengths = connect_strokes(
            points, widths, stroke_lengths, first, last, strokes_per_char, style, self.fast_writing, cell, rng
        )
        stroke_lengths = self.pen.add_gaps(stroke_lengths, rng)
        return self.pen.add_blobs(points, widths, stroke_lengths, rng)

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

    def _draw(
        self,
        points: np.ndarray,
        widths: np.ndarray,
        stroke_lengths: np.ndarray,
        style: WriterStyle,
        vertical: bool,
        pen_kind: str,
        rng: np.random.Generator,
    ) -> np.ndarray:
        """Fit the ink on a canvas with margins, draw it, blur and tint it; white paper, dark ink."""
        along, across = (1, 0) if vertical else (0, 1)
        size = self.height
        sigma = style.blur * self.height / _REFERENCE_HEIGHT
        pad = float(widths.max()) / 2 + 2 * sigma + 1  # keeps the pen and its blur off the edges
        if self.geometry.repositions:
            self.geometry.place_across(points, across, size, pad, rng)
        else:
            lo, hi = float(points[:, across].min()), float(points[:, across].max())
            if hi - lo > size - 2:  # too tall (or wide) for the line: centre it and accept a clipped tip
                points[:, across] += size / 2 - (lo + hi) / 2
            else:
                points[:, across] += size / 2
                lo, hi = lo + size / 2, hi + size / 2
                points[:, across] += max(1.0 - lo, 0.0) - max(hi - (size - 1.0), 0.0)
        margins = self.geometry.margins(size, rng)
        if margins is None:
            margins = size * style.margin * rng.uniform(0.5, 1.5), size * style.margin * rng.uniform(0.5, 1.5)
        points[:, along] += pad + margins[0] - float(points[:, along].min())
        length = int(math.ceil(float(points[:, along].max()) + (pad + margins[1])))
        widened, before = self.geometry.widen(length, size, rng)
        if widened > length:
            points[:, along] += before * (widened - length)
            length = widened
        shape = (length, size) if vertical else (size, length)
        coverage = draw_strokes(points, widths, stroke_lengths, shape, self.supersample).astype(np.float32)
        coverage = texture(coverage, pen_kind, rng)
        fade = ink_density_profile(length, style.ink_fade, size * rng.uniform(1.5, 5.0), rng)
        coverage *= fade[:, None] if vertical else fade[None, :]
        if sigma > 0.15:
            coverage = cv2.GaussianBlur(coverage, (0, 0), sigma)
        image = 255.0 - coverage * ((255.0 - style.ink) / 255.0)
        return np.clip(image + 0.5, 0, 255).astype(np.uint8)
