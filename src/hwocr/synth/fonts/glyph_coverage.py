"""Which characters a font can really draw, so that no line ever shows a missing-glyph box (tofu).

The character map comes from the font's cmap table through fontTools when it is installed. Being
in the cmap is not enough (some fonts map characters to empty glyphs), so every character is also
drawn once at a small size: it must leave ink and differ from the font's .notdef glyph, which
FreeType draws for code points it cannot map. Without fontTools that drawing test is the whole
check. Results are cached per character.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from PIL import ImageFont

from hwocr.synth.fonts.discovery import FontFace
from hwocr.synth.render.char_classes import BLANKS

_PROBE_SIZE = 32
# A noncharacter: no font maps it, so FreeType draws glyph 0 (.notdef) for it.
_UNMAPPED = "\uffff"


def read_cmap(face: FontFace) -> frozenset[str] | None:
    """The characters in ``face``'s best cmap subtable, or None when fontTools is not installed."""
    try:
        from fontTools.ttLib import TTFont
    except ImportError:
        return None
    with TTFont(str(face.path), fontNumber=face.index, lazy=True) as font:
        cmap = font.getBestCmap() or {}
    return frozenset(chr(code) for code in cmap)


def _mask(font: ImageFont.FreeTypeFont, char: str) -> tuple[tuple[int, int], bytes]:
    mask = font.getmask(char, mode="L")
    return mask.size, bytes(mask)


class FontCoverage:
    """``covers(char)``: ``face`` draws ``char`` with ink and not as .notdef. Blanks are always covered."""

    def __init__(self, face: FontFace, use_fonttools: bool = True) -> None:
        self.face = face
        self.cmap = read_cmap(face) if use_fonttools else None
        self._probe = ImageFont.truetype(str(face.path), _PROBE_SIZE, index=face.index)
        self._notdef = _mask(self._probe, _UNMAPPED)
        self._known: dict[str, bool] = {}

    @property
    def method(self) -> str:
        return "cmap" if self.cmap is not None else "notdef"

    def covers(self, char: str) -> bool:
        known = self._known.get(char)
        if known is None:
            known = self._known[char] = self._check(char)
        return known

    def _check(self, char: str) -> bool:
        if char in BLANKS:
            return True
        if len(char) != 1 or (self.cmap is not None and char not in self.cmap):
            return False
        size, pixels = _mask(self._probe, char)
        if not any(pixels):  # mapped to an empty glyph: nothing would be drawn
            return False
        return (size, pixels) != self._notdef

    def covers_text(self, text: str) -> bool:
        return all(self.covers(c) for c in text)

    def missing(self, chars: Iterable[str]) -> list[str]:
        """The characters of ``chars`` this font cannot draw, in order, without repeats."""
        return [c for c in dict.fromkeys(chars) if not self.covers(c)]

    def coverage_fraction(self, chars: Iterable[str]) -> float:
        unique = list(dict.fromkeys(chars))
        return float(np.mean([self.covers(c) for c in unique])) if unique else 1.0
