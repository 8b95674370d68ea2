"""Where each character of a line goes, horizontally or vertically (tategaki).

Coordinates: the line runs along ``u`` (x for horizontal lines, y for vertical ones) from 0;
across it, 0 is the middle of the line. Characters advance by their ink extent along the line, so
narrow kana, digits and marks take less room than kanji. Across the line, each character keeps the
position KanjiVG gives it in its 109 box, so small kana sit low and 、。 sit low-left as written.
In vertical lines small kana and 、。 move to the upper right of their cell, and long-vowel marks,
brackets and dashes turn by 90 degrees.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from hwocr.synth.render.char_classes import ROTATE_IN_VERTICAL, SHIFT_IN_VERTICAL, CharClass, char_class
from hwocr.synth.strokes.glyph import BOX_CENTER, PackedGlyph, packed_glyph
from hwocr.synth.strokes.kanjivg import KANJIVG_BOX
from hwocr.synth.style.writer import WriterStyle

# Narrow marks (、。・) still take room on paper; advance at least this much of the box.
MIN_ADVANCE = 0.28 * KANJIVG_BOX
# Vertical lines: small kana move right by this much of the box, 、。 mirror to the upper right.
SMALL_KANA_SHIFT_RIGHT = 0.12 * KANJIVG_BOX
BLANK_ADVANCE = (0.3, 0.55)  # fraction of the box a space takes


@dataclass(frozen=True)
class CharPlacement:
    """How to move one glyph from its box onto the line (all in the line's pixel coordinates)."""

    glyph: PackedGlyph
    turn: bool  # rotate 90 degrees clockwise inside the box first (vertical lines)
    box_offset: tuple[float, float]  # then shift inside the box (box units)
    anchor: tuple[float, float]  # box point that lands on ``position``
    position: tuple[float, float]  # pixels (x, y) relative to the line start / line middle
    scale: tuple[float, float]  # pixels per box unit (x, y)
    angle: float  # small rotation jitter, radians


def _turned_extent(glyph: PackedGlyph) -> tuple[float, float, float, float]:
    """Ink box (x_min, x_max, y_min, y_max) after a clockwise quarter turn about the box centre."""
    c = BOX_CENTER
    return c - (glyph.y_max - c), c - (glyph.y_min - c), c + (glyph.x_min - c), c + (glyph.x_max - c)


def _class_scale(cls: CharClass, style: WriterStyle) -> float:
    if cls in (CharClass.KANA, CharClass.SMALL_KANA):
        return style.kana_scale
    if cls in (CharClass.LATIN, CharClass.DIGIT):
        return style.latin_scale
    return 1.0


def layout_line(
    text: str,
    style: WriterStyle,
    height: int,
    vertical: bool,
    rng: np.random.Generator,
    small_kana_scale: float = 1.0,
) -> tuple[list[CharPlacement], float]:
    """Place every non-blank character; returns the placements and the line length in pixels.

    ``small_kana_scale`` resizes small kana (ゃっ...) against the writer's kana: hurried writers
    get their size wrong.
    """
    cell = height * style.size
    unit = cell / KANJIVG_BOX
    placements: list[CharPlacement] = []
    pen = 0.0
    for char in text:
        cls = char_class(char)
        if cls is CharClass.BLANK:
            pen += cell * rng.uniform(*BLANK_ADVANCE)
            continue
        glyph = packed_glyph(char)
        size = unit * _class_scale(cls, style) * (1.0 + style.char_scale_spread * rng.standard_normal())
        if cls is CharClass.SMALL_KANA and small_kana_scale != 1.0:
            size *= small_kana_scale
        sx, sy = size * math.sqrt(style.aspect), size / math.sqrt(style.aspect)
        angle = math.radians(style.char_rotation) * rng.standard_normal()
        across_jitter = 0.03 * cell * rng.standard_normal()
        gap = cell * max(style.spacing + 0.04 * rng.standard_normal(), -0.05)
        turn = vertical and char in ROTATE_IN_VERTICAL
        x_min, x_max, y_min, y_max = (
            _turned_extent(glyph) if turn else (glyph.x_min, glyph.x_max, glyph.y_min, glyph.y_max)
        )
        offset = (0.0, 0.0)
        if not vertical:
            half = max(x_max - x_min, MIN_ADVANCE) * sx / 2
            anchor = ((x_min + x_max) / 2, BOX_CENTER)
            position = (pen + half, across_jitter)
        else:
            if char in SHIFT_IN_VERTICAL:
                if cls is CharClass.SMALL_KANA:
                    offset = (SMALL_KANA_SHIFT_RIGHT, 0.0)
                else:  # 、。 move from the lower left to the upper right of the cell
                    offset = (KANJIVG_BOX - x_min - x_max, KANJIVG_BOX - y_min - y_max)
            ink_extent = y_max - y_min
            slot = max(ink_extent, MIN_ADVANCE) * sy
            # Marks pushed to the top of their cell start the slot; the rest are centred in it.
            lead = ink_extent * sy / 2 if char in SHIFT_IN_VERTICAL else slot / 2
            # Across the column every glyph keeps its place in the box (plus the shift above).
            anchor = (BOX_CENTER, (y_min + y_max) / 2 + offset[1])
            position = (across_jitter, pen + lead)
            half = slot / 2
        placements.append(CharPlacement(glyph, turn, offset, anchor, position, (sx, sy), angle))
        pen += 2 * half + gap
    return placements, pen
