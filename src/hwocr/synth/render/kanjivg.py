"""First-version handwriting line renderer: KanjiVG strokes, jittered and drawn with a round pen.

Everything random is drawn from the ``rng`` passed to ``render`` so that the same text and seed give
the same pixels. All per-point work is vectorised over the whole line, and the line is drawn with a
single anti-aliased ``cv2.polylines`` call at 2x, then area-downsampled; that keeps it fast enough
to render on the fly during CPU training.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import cv2
import numpy as np

from hwocr.synth.ranges import as_range, check_height
from hwocr.synth.render.char_classes import CharClass, char_class
from hwocr.synth.strokes.glyph import BOX_CENTER, PackedGlyph, packed_glyph
from hwocr.synth.strokes.kanjivg import KANJIVG_BOX, available_chars

# Kana, Latin letters and digits are written a little smaller than kanji.
_CLASS_SCALE = {
    CharClass.KANJI: 1.0,
    CharClass.KANA: 0.9,
    CharClass.SMALL_KANA: 0.95,  # KanjiVG already draws small kana small and low
    CharClass.LATIN: 0.85,
    CharClass.DIGIT: 0.85,
    CharClass.PUNCTUATION: 1.0,
    CharClass.SYMBOL: 0.9,
}
# Narrow marks (、。・) still take room on paper; advance at least this much of the box.
_MIN_ADVANCE_BOX = 0.28 * KANJIVG_BOX
_FIXED_POINT_BITS = 3  # cv2 sub-pixel precision: coordinates in 1/8 pixel
_REFERENCE_HEIGHT = 64.0  # pixel-valued style ranges are given for this line height


class KanjiVGRenderer:
    """Render a text line as grayscale handwriting: uint8 (height, W), white paper, dark ink.

    Style ranges are (min, max) pairs sampled uniformly once per line:
    ``size`` cell height as a fraction of the line height; ``stroke_width`` pen width in pixels at
    64 px height (scaled with height); ``slant`` horizontal shear (positive leans right);
    ``jitter`` stroke displacement in KanjiVG units (109 per cell); ``spacing`` gap between
    characters as a fraction of the cell; ``baseline_wander`` amplitude as a fraction of the line
    height; ``ink`` ink gray level (0 black); ``blur`` Gaussian sigma in pixels; ``margin`` left and
    right margin as a fraction of the line height. ``char_scale_jitter`` and ``char_rotation_deg``
    are per-character standard deviations.
    """

    def __init__(
        self,
        height: int = 64,
        *,
        size: Sequence[float] = (0.74, 0.92),
        stroke_width: Sequence[float] = (1.4, 3.0),
        slant: Sequence[float] = (-0.12, 0.25),
        jitter: Sequence[float] = (0.8, 3.0),
        spacing: Sequence[float] = (0.04, 0.2),
        baseline_wander: Sequence[float] = (0.0, 0.04),
        ink: Sequence[float] = (0.0, 90.0),
        blur: Sequence[float] = (0.0, 0.6),
        margin: Sequence[float] = (0.05, 0.4),
        char_scale_jitter: float = 0.05,
        char_rotation_deg: float = 3.0,
        supersample: int = 2,
    ) -> None:
        check_height(height)
        self.height = int(height)
        self.size = as_range("size", size)
        self.stroke_width = as_range("stroke_width", stroke_width)
        self.slant = as_range("slant", slant)
        self.jitter = as_range("jitter", jitter)
        self.spacing = as_range("spacing", spacing)
        self.baseline_wander = as_range("baseline_wander", baseline_wander)
        self.ink = as_range("ink", ink)
        self.blur = as_range("blur", blur)
        self.margin = as_range("margin", margin)
        self.char_scale_jitter = float(char_scale_jitter)
        self.char_rotation_deg = float(char_rotation_deg)
        self.supersample = int(supersample)
        self._chars = available_chars()

    def supports(self, char: str) -> bool:
        """True if ``char`` can be drawn; blanks (space, ideographic space) render as a gap."""
        return char_class(char) is CharClass.BLANK or char in self._chars

    def render(self, text: str, rng: np.random.Generator) -> np.ndarray:
        """Draw ``text`` as one handwritten line; ValueError naming any character it cannot draw."""
        missing = sorted({c for c in text if not self.supports(c)})
        if missing:
            raise ValueError(
                f"KanjiVGRenderer cannot draw {''.join(missing)!r} ({', '.join(f'U+{ord(c):04X}' for c in missing)})"
            )
        height = self.height
        px_scale = height / _REFERENCE_HEIGHT
        cell = height * rng.uniform(*self.size)  # pixels per 109-unit box
        unit = cell / KANJIVG_BOX
        spacing = rng.uniform(*self.spacing)
        jitter = rng.uniform(*self.jitter)

        glyphs: list[PackedGlyph] = []
        placements: list[tuple[float, float, float, float]] = []  # x_center, y_offset, scale, angle
        pen = 0.0
        for char in text:
            cls = char_class(char)
            if cls is CharClass.BLANK:
                pen += cell * rng.uniform(0.3, 0.55)
                continue
            glyph = packed_glyph(char)
            scale = unit * _CLASS_SCALE[cls] * (1.0 + self.char_scale_jitter * rng.standard_normal())
            half = max(glyph.ink_width, _MIN_ADVANCE_BOX) * scale / 2
            angle = math.radians(self.char_rotation_deg) * rng.standard_normal()
            y_offset = 0.03 * cell * rng.standard_normal()
            glyphs.append(glyph)
            placements.append((pen + half, y_offset, scale, angle))
            pen += 2 * half + cell * max(spacing + 0.04 * rng.standard_normal(), -0.03)
        if not glyphs:
            return np.full((height, max(int(pen), height // 2)), 255, np.uint8)

        points, stroke_lengths = self._place_points(glyphs, placements, jitter, rng)

        # Line-level distortions: baseline wander, then slant (shear about the line's middle).
        y_mid = height / 2 + 0.04 * height * rng.standard_normal()
        amplitude = height * rng.uniform(*self.baseline_wander)
        period = height * rng.uniform(3.0, 10.0)
        phase = rng.uniform(0.0, 2 * math.pi)
        points[:, 1] += y_mid + amplitude * np.sin(points[:, 0] * (2 * math.pi / period) + phase)
        points[:, 0] -= rng.uniform(*self.slant) * (points[:, 1] - y_mid)

        # Fit vertically when the ink would leave the canvas, then add horizontal margins.
        y_lo, y_hi = float(points[:, 1].min()), float(points[:, 1].max())
        if y_lo < 1.0 or y_hi > height - 1.0:
            points[:, 1] += (height - y_hi - y_lo) / 2
        pen_px = rng.uniform(*self.stroke_width) * px_scale
        sigma = rng.uniform(*self.blur) * px_scale
        pad = pen_px / 2 + 2 * sigma + 1  # keeps the pen and its blur off the edges
        left = pad + height * rng.uniform(*self.margin)
        right = pad + height * rng.uniform(*self.margin)
        points[:, 0] += left - float(points[:, 0].min())
        width = int(math.ceil(float(points[:, 0].max()) + right))

        coverage = self._draw(points, stroke_lengths, width, pen_px)
        if sigma > 0.15:
            coverage = cv2.GaussianBlur(coverage, (0, 0), sigma)
        ink = rng.uniform(*self.ink)
        # coverage 0..255 -> paper 255 .. ink level
        image = 255.0 - coverage.astype(np.float32) * ((255.0 - ink) / 255.0)
        return np.clip(image + 0.5, 0, 255).astype(np.uint8)

    def _place_points(
        self,
        glyphs: list[PackedGlyph],
        placements: list[tuple[float, float, float, float]],
        jitter: float,
        rng: np.random.Generator,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Jitter every stroke and move each character to its place; returns pixel points (y from line middle)."""
        counts = np.array([g.points.shape[0] for g in glyphs])
        points = np.concatenate([g.points for g in glyphs])
        progress = np.concatenate([g.stroke_progress for g in glyphs])[:, None]
        stroke_lengths = np.concatenate([g.stroke_lengths for g in glyphs])
        n_strokes = len(stroke_lengths)

        # Smooth per-stroke displacement: independent start and end offsets plus a bow in the middle.
        start, end, bow = (jitter * rng.standard_normal((3, n_strokes, 2))).astype(np.float32)
        shape = np.repeat(np.stack([start, end, bow], axis=1), stroke_lengths, axis=0)
        points = (
            points
            + shape[:, 0] * (1 - progress)
            + shape[:, 1] * progress
            + shape[:, 2] * np.sin(np.pi * progress)
        )

        # Per character: centre on the ink horizontally and on the box vertically, rotate, scale, place.
        params = np.array(placements, dtype=np.float32)
        centers = np.array([[(g.x_min + g.x_max) / 2, BOX_CENTER] for g in glyphs], dtype=np.float32)
        cos, sin = np.cos(params[:, 3]) * params[:, 2], np.sin(params[:, 3]) * params[:, 2]
        local = points - np.repeat(centers, counts, axis=0)
        cos_p, sin_p = np.repeat(cos, counts), np.repeat(sin, counts)
        placed = np.empty_like(local)
        placed[:, 0] = cos_p * local[:, 0] - sin_p * local[:, 1] + np.repeat(params[:, 0], counts)
        placed[:, 1] = sin_p * local[:, 0] + cos_p * local[:, 1] + np.repeat(params[:, 1], counts)
        return placed, stroke_lengths

    def _draw(self, points: np.ndarray, stroke_lengths: np.ndarray, width: int, pen_px: float) -> np.ndarray:
        """Anti-aliased ink coverage (0 paper .. 255 ink) at output size."""
        ss = self.supersample
        canvas = np.zeros((self.height * ss, width * ss), np.uint8)
        fixed = np.rint(points * (ss * (1 << _FIXED_POINT_BITS))).astype(np.int32)
        strokes = np.split(fixed, np.cumsum(stroke_lengths)[:-1])
        thickness = max(1, int(round(pen_px * ss)))
        cv2.polylines(canvas, strokes, False, 255, thickness, cv2.LINE_AA, _FIXED_POINT_BITS)
        if ss == 1:
            return canvas
        return cv2.resize(canvas, (width, self.height), interpolation=cv2.INTER_AREA)
