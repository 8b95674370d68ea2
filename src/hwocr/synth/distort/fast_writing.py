"""Fast writing: the pen's path joins characters (連綿), strokes merge, marks land loosely.

The writer's ``cursiveness`` already joins strokes inside a character with hairlines
(``render/connectors.py`` draws them). These knobs add what a hurried hand does beyond that:
joins from one character into the next, joins as heavy as the strokes (two strokes merged into
one), voicing marks (゛゜) set apart or crowded in, and small kana written at the wrong size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hwocr.synth.ranges import Range, check_probabilities, check_ranges, draw
from hwocr.synth.strokes.glyph import PackedGlyph


@dataclass(frozen=True)
class FastWriting:
    """Off by default: no joins across characters, the classic hairline width, marks where drawn."""

    char_joins: float = 0.0  # probability that the pen's path joins a character to the next
    connector_width: Range = (0.4, 0.4)  # joins' width relative to the pen; near 1 strokes merge
    dakuten_shift: Range = (0.0, 0.0)  # spread of where ゛ and ゜ land, box units
    small_kana_scale: Range = (1.0, 1.0)  # small kana (ゃっ...) size relative to the writer's kana

    def __post_init__(self) -> None:
        check_probabilities(self, ("char_joins",))
        check_ranges(self, ("connector_width", "dakuten_shift", "small_kana_scale"))

    def shift_dakuten(
        self, points: np.ndarray, glyphs: list[PackedGlyph], rng: np.random.Generator
    ) -> np.ndarray:
        """Move each voicing mark by its own random offset (box units); ``points`` itself when off."""
        spread = draw(rng, self.dakuten_shift)
        marked = [g.dakuten_strokes for g in glyphs]
        if spread <= 0 or not any(marked):
            return points
        offsets = np.zeros_like(points)
        start = 0
        for glyph, strokes in zip(glyphs, marked, strict=True):
            end = start + glyph.points.shape[0]
            if strokes:
                mark_points = int(glyph.stroke_lengths[-strokes:].sum())
                offsets[end - mark_points : end] = spread * rng.standard_normal(2)
            start = end
        return points + offsets
