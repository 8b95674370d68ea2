"""Per-character geometry: a smooth random warp of the whole glyph, sloppy proportions, parts moved.

``aspect`` stretches each character wider or narrower (its area kept): real writers fill a box,
so their ハ, ル or イ come out much wider than KanjiVG's; a model that saw one aspect per glyph
reads a wide ハ as two strokes, ノ then ヽ.

Strokes are polylines, so warping the points costs a few array operations per line instead of a
remap of pixels. All work happens in the 109 box of each glyph, before placement on the line:
``char_of_point`` says which character each point belongs to, ``component_of_point`` which part of
it (KanjiVG groups a kanji into radicals and other parts; ids are unique across the line).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from hwocr.synth.ranges import Range, check_ranges, draw
from hwocr.synth.strokes.glyph import BOX_CENTER

_WAVES = 3  # sine waves summed per character and axis
_WAVELENGTH = (90.0, 220.0)  # box units: longer than a stroke, so the field bends, never crinkles


@dataclass(frozen=True)
class GlyphWarp:
    """Spreads drawn once per line from each range; (0, 0) turns a knob off (no random draws)."""

    warp: Range = (0.0, 0.0)  # displacement amplitude of a smooth random field, box units (109 wide)
    proportions: Range = (0.0, 0.0)  # spread of a per-character affine (aspect, shear, tilt), fraction
    component_scale: Range = (0.0, 0.0)  # spread of each part's size about its centre, fraction
    component_shift: Range = (0.0, 0.0)  # spread of each part's displacement, box units
    aspect: Range = (0.0, 0.0)  # spread of each character's log width/height ratio (area kept)

    def __post_init__(self) -> None:
        check_ranges(self, ("warp", "proportions", "component_scale", "component_shift", "aspect"))

    def apply(
        self,
        points: np.ndarray,
        char_of_point: np.ndarray,
        component_of_point: np.ndarray,
        rng: np.random.Generator,
    ) -> np.ndarray:
        """Warped copy of ``points`` (P, 2); ``points`` itself when every knob is off."""
        n_chars = int(char_of_point.max()) + 1 if len(char_of_point) else 0
        parts = draw(rng, self.component_scale), draw(rng, self.component_shift)
        if any(parts):
            points = _move_components(points, component_of_point, *parts, rng)
        aspect = draw(rng, self.aspect)
        if aspect > 0:
            stretch = np.exp(0.5 * aspect * rng.standard_normal(n_chars))  # sqrt of width/height
            scale = np.stack([stretch, 1.0 / stretch], axis=1)[char_of_point]
            points = BOX_CENTER + scale * (points - BOX_CENTER)
        proportions = draw(rng, self.proportions)
        if proportions > 0:
            matrix = np.eye(2) + proportions * rng.standard_normal((n_chars, 2, 2))
            rel = points - BOX_CENTER
            points = BOX_CENTER + np.einsum("pij,pj->pi", matrix[char_of_point], rel)
        amplitude = draw(rng, self.warp)
        if amplitude > 0:
            points = points + smooth_field(points, char_of_point, n_chars, amplitude, rng)
        return points.astype(np.float32, copy=False)


def smooth_field(
    points: np.ndarray, char_of_point: np.ndarray, n_chars: int, amplitude: float, rng: np.random.Generator
) -> np.ndarray:
    """(P, 2) displacements: per character, a sum of random plane sine waves of ~``amplitude``."""
    wavelength = rng.uniform(*_WAVELENGTH, (n_chars, _WAVES))
    direction = rng.uniform(0.0, 2 * math.pi, (n_chars, _WAVES))
    wave = (2 * math.pi / wavelength)[..., None] * np.stack([np.cos(direction), np.sin(direction)], axis=-1)
    phase = rng.uniform(0.0, 2 * math.pi, (n_chars, _WAVES))
    gain = amplitude / math.sqrt(_WAVES) * rng.standard_normal((n_chars, _WAVES, 2))
    c = char_of_point
    angle = np.einsum("pkd,pd->pk", wave[c], points) + phase[c]
    return np.einsum("pk,pkd->pd", np.sin(angle), gain[c])


def _move_components(
    points: np.ndarray, component: np.ndarray, scale: float, shift: float, rng: np.random.Generator
) -> np.ndarray:
    """Each part grows or shrinks about its own centre and moves a little: sloppy radicals."""
    n = int(component.max()) + 1
    count = np.maximum(np.bincount(component, minlength=n), 1)[:, None]
    centre = np.stack([np.bincount(component, points[:, d], n) for d in (0, 1)], axis=1) / count
    grow = 1.0 + scale * rng.standard_normal(n) if scale > 0 else np.ones(n)
    move = shift * rng.standard_normal((n, 2)) if shift > 0 else np.zeros((n, 2))
    c = component
    return centre[c] + grow[c, None] * (points - centre[c]) + move[c]
