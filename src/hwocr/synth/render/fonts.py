"""Render a text line with an installed font, with handwriting-like variation and never a missing glyph.

Per line one font is drawn among those that cover every character of the text (see
``coverage.py``); a text no font covers is refused with a ValueError, never drawn with tofu.
Characters are drawn one by one so that each gets its own size, rotation, offset and spacing; the
line is then slanted, its baseline wanders, and ink level and blur vary. Vertical lines draw each
glyph in its vertical form: the font's own where its GSUB ``vert`` feature has one (see
``vertical_forms.py``), else the horizontal glyph placed by geometry (small kana upper right,
long-vowel marks and brackets turned). Everything random comes from the ``rng`` argument: same
text and seed, same pixels.
"""

from __future__ import annotations

import logging
import math
import unicodedata
from collections.abc import Sequence

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from hwocr.synth.fonts.discovery import DEFAULT_FONT_DIRS, FontFace, discover_fonts
from hwocr.synth.fonts.glyph_coverage import FontCoverage
from hwocr.synth.fonts.vertical_forms import VerticalForms
from hwocr.synth.ranges import as_range, check_height, check_probability
from hwocr.synth.render.char_classes import BLANKS, ROTATE_IN_VERTICAL, SHIFT_IN_VERTICAL
from hwocr.synth.render.rendered_line import RenderedLine

log = logging.getLogger(__name__)

# Characters whose ink centre marks the middle of a CJK em box, tried in order.
_CENTER_REFERENCES = "口日国あA"


class FontRenderer:
    """Draw lines with installed fonts: uint8 (height, W), white paper, dark ink.

    ``fonts`` selects faces by file path or by a case-insensitive piece of the file or family name
    (``["klee", "seto"]``); None takes every installed face that draws all of ``require_chars``.
    Faces are looked for in ``font_dirs`` and, with ``use_fc_list``, through fontconfig.
    ``supports(char)`` is true when *every* selected face draws ``char``, so any text of supported
    characters renders; ``covers(text)`` is true when *some* face draws all of ``text`` (what
    ``MixedRenderer`` asks). With no usable face: FileNotFoundError, or, with ``allow_empty``, a
    renderer that supports nothing (a mixture then always falls back to strokes).
    ``vertical_prob`` is the share of tategaki lines (slant is not applied to them); they use each
    face's own vertical forms (read with fontTools, when ``use_fonttools``) where it has them.

    Style ranges are (min, max) sampled once per line: ``size`` em size as a fraction of the line
    height; ``spacing`` extra advance as a fraction of the em; ``slant`` horizontal shear;
    ``baseline_wander`` amplitude as a fraction of the height; ``ink`` gray level (0 black);
    ``blur`` Gaussian sigma in pixels at 64 px height; ``margin`` as a fraction of the height.
    ``char_scale_jitter``, ``char_rotation_deg`` and ``char_offset`` (fraction of the em) are
    per-character standard deviations.
    """

    def __init__(
        self,
        height: int = 64,
        fonts: Sequence[str] | None = None,
        *,
        font_dirs: Sequence[str] | None = DEFAULT_FONT_DIRS,
        use_fc_list: bool = True,
        require_chars: str = "あア日",
        use_fonttools: bool = True,
        allow_empty: bool = False,
        vertical_prob: float = 0.0,
        size: Sequence[float] = (0.72, 0.9),
        spacing: Sequence[float] = (-0.04, 0.14),
        slant: Sequence[float] = (-0.08, 0.18),
        baseline_wander: Sequence[float] = (0.0, 0.04),
        ink: Sequence[float] = (0.0, 90.0),
        blur: Sequence[float] = (0.0, 0.6),
        margin: Sequence[float] = (0.05, 0.4),
        char_scale_jitter: float = 0.04,
        char_rotation_deg: float = 2.0,
        char_offset: float = 0.03,
    ) -> None:
        check_height(height)
        check_probability("vertical_prob", vertical_prob)
        self.height = int(height)
        self.vertical_prob = float(vertical_prob)
        self.size = as_range("size", size)
        self.spacing = as_range("spacing", spacing)
        self.slant = as_range("slant", slant)
        self.baseline_wander = as_range("baseline_wander", baseline_wander)
        self.ink = as_range("ink", ink)
        self.blur = as_range("blur", blur)
        self.margin = as_range("margin", margin)
        self.char_scale_jitter = float(char_scale_jitter)
        self.char_rotation_deg = float(char_rotation_deg)
        self.char_offset = float(char_offset)
        self.use_fonttools = bool(use_fonttools)

        candidates = discover_fonts(font_dirs, use_fc_list, list(fonts) if fonts else None)
        self.coverages = [
            cov
            for cov in (FontCoverage(face, use_fonttools) for face in candidates)
            if cov.covers_text(require_chars)
        ]
        if not self.coverages:
            wanted = f"matching {list(fonts)}" if fonts else "installed"
            message = f"FontRenderer: no font {wanted} draws {require_chars!r} (looked in {font_dirs}, fc-list={use_fc_list})"
            if not allow_empty:
                raise FileNotFoundError(message)
            log.warning("%s; it will draw nothing", message)
        self.faces: list[FontFace] = [cov.face for cov in self.coverages]
        self._fonts: dict[tuple[int, int], ImageFont.FreeTypeFont] = {}
        self._centers: dict[int, float] = {}
        self._vertical_forms: dict[int, VerticalForms] = {}
        self.last_vertical = False
        self.last_font: str | None = None

    # --- coverage ---------------------------------------------------------------------------
    def supports(self, char: str) -> bool:
        """True if every selected face draws ``char`` (blanks always: they are gaps)."""
        if char in BLANKS:
            return True
        return bool(self.coverages) and all(cov.covers(char) for cov in self.coverages)

    def fonts_for(self, text: str) -> list[int]:
        """Indices of the faces that draw every character of ``text``."""
        return [i for i, cov in enumerate(self.coverages) if cov.covers_text(text)]

    def covers(self, text: str) -> bool:
        return any(cov.covers_text(text) for cov in self.coverages)

    # --- drawing ----------------------------------------------------------------------------
    def render(self, text: str, rng: np.random.Generator) -> np.ndarray:
        return self.render_line(text, rng).image

    def render_line(self, text: str, rng: np.random.Generator, vertical: bool | None = None) -> RenderedLine:
        """Draw ``text`` with one randomly chosen face that covers it; ValueError if none does.

        ``vertical`` forces the orientation (else vertical with ``vertical_prob``); vertical lines are
        turned a quarter counter-clockwise so that they read left to right, like the stroke engine's.
        """
        choices = self.fonts_for(text)
        if not choices:
            raise ValueError(
                f"FontRenderer: no selected font draws all of {text!r} ({self._missing_report(text)})"
            )
        # No draw when vertical lines are off, so such renderers keep their random stream.
        drawn = self.vertical_prob > 0 and bool(rng.random() < self.vertical_prob)
        vertical = drawn if vertical is None else vertical
        face = choices[int(rng.integers(len(choices)))]
        self.last_font = self.faces[face].name
        self.last_vertical = vertical
        coverage = self._compose(text, face, vertical, rng)
        image = self._finish(coverage, rng)
        return RenderedLine(image, text, vertical)

    def _compose(self, text: str, face: int, vertical: bool, rng: np.random.Generator) -> np.ndarray:
        """Ink coverage (float32, 0 paper .. 255 ink) on a canvas twice the line height, line centred.

        Glyphs are placed by their offset from the centre of their em box, along the line (x, or y
        in a vertical column) and across it.
        """
        height = self.height
        em = height * rng.uniform(*self.size)
        spacing = rng.uniform(*self.spacing)
        amplitude = height * rng.uniform(*self.baseline_wander)
        period = height * rng.uniform(3.0, 10.0)
        phase = rng.uniform(0.0, 2 * math.pi)
        middle = float(height)  # the line's middle on the 2x-high canvas

        patches: list[tuple[np.ndarray, float, float]] = []  # patch, left x, top y
        pen = 0.0
        for char in text:
            if char in BLANKS:
                pen += em * rng.uniform(0.3, 0.55)
                continue
            px = max(4, int(round(em * (1.0 + self.char_scale_jitter * rng.standard_normal()))))
            forms = self._forms(face) if vertical else None
            own_form = forms is not None and forms.has(char)
            font = forms.font(px) if own_form else self._font(face, px)
            left, top, right, bottom = font.getbbox(char, anchor="ls")
            patch = self._glyph(font, char, (left, top, right, bottom))
            advance = font.getlength(char)
            # The glyph's top-left corner relative to the centre of its em box.
            dx, dy = left - advance / 2, top + self._center(face) * px
            if own_form:  # placed by the font in its vertical cell, which may be shorter than an em
                shift, length = forms.cells[char]
                dy, advance = dy + shift * px, length * px
            elif vertical:
                patch, dx, dy, advance = _upright_in_column(char, patch, dx, dy, advance, px)
            angle = self.char_rotation_deg * rng.standard_normal()
            patch, grow = _rotate(patch, angle)
            wander = amplitude * math.sin(pen * 2 * math.pi / period + phase)
            along = pen + advance / 2
            across = middle + wander + self.char_offset * em * rng.standard_normal()
            if vertical:
                patches.append((patch, across + dx - grow, along + dy - grow))
            else:
                patches.append((patch, along + dx - grow, across + dy - grow))
            pen += advance + em * max(spacing + 0.03 * rng.standard_normal(), -0.1)
        if vertical:  # lay the column down (x <-> y) to reuse the horizontal canvas code
            patches = [(p.T, y, x) for p, x, y in patches]
        shift = -min([0.0] + [x for _, x, _ in patches])  # a negative left bearing must not be clipped
        patches = [(p, x + shift, y) for p, x, y in patches]
        width = int(math.ceil(max([pen + shift] + [x + p.shape[1] for p, x, _ in patches]))) + 2
        canvas = np.zeros((2 * height, max(width, 1)), np.float32)
        for patch, x, y in patches:
            _paste_max(canvas, patch, int(round(x)), int(round(y)))
        if vertical:
            # Transposed, the column reads left to right but mirrored top-bottom: a quarter turn
            # counter-clockwise of the upright column is the transpose flipped upside down.
            return np.ascontiguousarray(canvas[::-1])
        slant = rng.uniform(*self.slant)
        if slant != 0.0:
            extra = int(math.ceil(abs(slant) * height)) + 1
            shear = np.float32([[1, -slant, slant * middle + extra], [0, 1, 0]])
            canvas = cv2.warpAffine(
                canvas, shear, (canvas.shape[1] + 2 * extra, canvas.shape[0]), flags=cv2.INTER_LINEAR
            )
        return canvas

    def _finish(self, coverage: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Cut the line out of the canvas at the output height, add margins, blur and tint."""
        height = self.height
        sigma = rng.uniform(*self.blur) * height / 64.0
        pad = int(math.ceil(2 * sigma)) + 1
        margin_left = pad + int(round(height * rng.uniform(*self.margin)))
        margin_right = pad + int(round(height * rng.uniform(*self.margin)))
        ink_level = rng.uniform(*self.ink)
        rows = np.flatnonzero(coverage.max(axis=1) > 0)
        cols = np.flatnonzero(coverage.max(axis=0) > 0)
        if rows.size == 0:
            band = np.zeros((height, 1), np.float32)
        else:
            top, bottom = int(rows[0]), int(rows[-1]) + 1
            inner = height - 2 * pad
            if bottom - top > inner:  # taller than the line: shrink to fit rather than clip ink
                ink = coverage[top:bottom, cols[0] : cols[-1] + 1]
                scale = inner / (bottom - top)
                ink = cv2.resize(
                    ink, (max(1, round(ink.shape[1] * scale)), inner), interpolation=cv2.INTER_AREA
                )
                band = np.pad(ink, ((pad, pad), (0, 0)))
            else:
                start = height - height // 2  # the line's middle stays in the middle ...
                start = min(max(start, bottom + pad - height), top - pad)  # ... unless ink would leave
                start = min(max(start, 0), coverage.shape[0] - height)
                band = coverage[start : start + height, cols[0] : cols[-1] + 1]
        band = np.pad(band, ((0, 0), (margin_left, margin_right)))
        if sigma > 0.15:
            band = cv2.GaussianBlur(band, (0, 0), sigma)
        image = 255.0 - np.clip(band, 0, 255) * ((255.0 - ink_level) / 255.0)
        return np.clip(image + 0.5, 0, 255).astype(np.uint8)

    def _font(self, face: int, px: int) -> ImageFont.FreeTypeFont:
        key = (face, px)
        font = self._fonts.get(key)
        if font is None:
            f = self.faces[face]
            font = self._fonts[key] = ImageFont.truetype(str(f.path), px, index=f.index)
        return font

    def _forms(self, face: int) -> VerticalForms:
        forms = self._vertical_forms.get(face)
        if forms is None:
            forms = self._vertical_forms[face] = VerticalForms(self.faces[face], self.use_fonttools)
        return forms

    def _center(self, face: int) -> float:
        """How far below the em-box middle the baseline lies, per pixel of font size."""
        center = self._centers.get(face)
        if center is None:
            probe = 100
            font = self._font(face, probe)
            ref = next((c for c in _CENTER_REFERENCES if self.coverages[face].covers(c)), None)
            if ref is None:
                center = 0.38
            else:
                _, top, _, bottom = font.getbbox(ref, anchor="ls")
                center = -(top + bottom) / 2 / probe
            self._centers[face] = center
        return center

    @staticmethod
    def _glyph(
        font: ImageFont.FreeTypeFont, char: str, bbox: tuple[float, float, float, float]
    ) -> np.ndarray:
        left, top, right, bottom = (int(v) for v in bbox)
        image = Image.new("L", (max(right - left, 1), max(bottom - top, 1)), 0)
        ImageDraw.Draw(image).text((-left, -top), char, font=font, fill=255, anchor="ls")
        return np.asarray(image, dtype=np.float32)

    def _missing_report(self, text: str) -> str:
        if not self.faces:
            return "no fonts selected"
        return "; ".join(
            f"{cov.face.name} lacks {''.join(cov.missing(text))!r}" for cov in self.coverages[:4]
        )

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state["_fonts"] = {}  # FreeType handles are reopened lazily in the new process
        return state


def _upright_in_column(
    char: str, patch: np.ndarray, dx: float, dy: float, advance: float, px: int
) -> tuple[np.ndarray, float, float, float]:
    """A vertical-writing form by geometry, for glyphs the font has no vertical form of: (patch,
    top-left offset from the cell centre, advance down).

    Small kana and 、。 move to the upper right of the cell (their ink keeps its distance from the
    centre: 、 in the lower left goes to the upper right, っ low in the middle goes up); long-vowel
    marks, brackets and dashes turn a quarter clockwise.
    Full-width characters advance one em; narrow ones their own height plus a little.
    """
    h, w = patch.shape
    if char in ROTATE_IN_VERTICAL:
        cx, cy = dx + w / 2, dy + h / 2
        return np.ascontiguousarray(np.rot90(patch, -1)), -cy - h / 2, cx - w / 2, advance
    if char in SHIFT_IN_VERTICAL:
        rows, cols = np.flatnonzero(patch.max(axis=1) > 0), np.flatnonzero(patch.max(axis=0) > 0)
        if cols.size:  # Pillow's box spans the advance: move the ink, not the blank advance
            patch = patch[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
            dx, dy = dx + cols[0], dy + rows[0]
            h, w = patch.shape
        dx, dy = abs(dx + w / 2) - w / 2, -abs(dy + h / 2) - h / 2
    full_width = unicodedata.east_asian_width(char) in ("W", "F")
    return patch, dx, dy, float(px) if full_width else h + 0.3 * px


def _rotate(patch: np.ndarray, degrees: float) -> tuple[np.ndarray, int]:
    """Rotate about the centre on a canvas grown by ``grow`` pixels per side; returns (patch, grow)."""
    if abs(degrees) < 0.05:
        return patch, 0
    h, w = patch.shape
    grow = int(math.ceil(abs(math.sin(math.radians(degrees))) * max(h, w) / 2)) + 1
    padded = np.pad(patch, grow)
    matrix = cv2.getRotationMatrix2D((padded.shape[1] / 2, padded.shape[0] / 2), degrees, 1.0)
    return cv2.warpAffine(padded, matrix, (padded.shape[1], padded.shape[0]), flags=cv2.INTER_LINEAR), grow


def _paste_max(canvas: np.ndarray, patch: np.ndarray, x: int, y: int) -> None:
    """Ink where either has ink: ``canvas = max(canvas, patch)`` at (x, y), clipped to the canvas."""
    h, w = patch.shape
    y0, x0 = max(y, 0), max(x, 0)
    y1, x1 = min(y + h, canvas.shape[0]), min(x + w, canvas.shape[1])
    if y1 <= y0 or x1 <= x0:
        return
    region = canvas[y0:y1, x0:x1]
    np.maximum(region, patch[y0 - y : y1 - y, x0 - x : x1 - x], out=region)
