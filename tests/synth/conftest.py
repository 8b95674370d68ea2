"""CJK fonts for the font tests, or a clean skip when none is installed.

CI (``.ci/run``) installs fonts-klee and fonts-seto and sets ``HWOCR_REQUIRE_FONTS=1``: there a
missing font (or fontTools) fails the tests instead of quietly skipping what CI is meant to cover.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from hwocr.synth.fonts.discovery import FontFace, discover_fonts
from hwocr.synth.fonts.glyph_coverage import FontCoverage
from hwocr.synth.fonts.vertical_forms import VerticalForms

# Tried first (small, common Debian packages); then any installed face, a few at most.
_PREFERRED = ("klee", "seto", "ipag", "ipam", "noto", "yoz", "takao", "vl-")
_MAX_PROBES = 40


def _missing(reason: str) -> None:
    """Skip, or fail where the environment promises the fonts (HWOCR_REQUIRE_FONTS=1)."""
    if os.environ.get("HWOCR_REQUIRE_FONTS", "") not in ("", "0"):
        pytest.fail(f"HWOCR_REQUIRE_FONTS is set but {reason}", pytrace=False)
    pytest.skip(reason)


def _cjk_faces() -> Iterator[FontFace]:
    """Installed faces that draw kana and kanji, preferred ones first, probed lazily."""
    ranked = sorted(
        discover_fonts(),
        key=lambda f: next((i for i, p in enumerate(_PREFERRED) if f.matches(p)), len(_PREFERRED)),
    )
    for face in ranked[:_MAX_PROBES]:
        try:
            if FontCoverage(face).covers_text("あア日本"):
                yield face
        except OSError:
            continue


@pytest.fixture(scope="session")
def cjk_font() -> FontFace:
    face = next(_cjk_faces(), None)
    if face is None:
        _missing("no CJK font installed (e.g. apt-get install fonts-klee)")
    return face


@pytest.fixture(scope="session")
def vertical_font() -> FontFace:
    """A CJK face whose GSUB ``vert``/``vrt2`` has its own vertical forms of 「, ー, っ and 、, in
    one-em cells (not a proportional face, where "upper right" means little in a tight cell)."""
    try:
        import fontTools  # noqa: F401
    except ImportError:
        _missing("fontTools is not installed (pip install hwocr[fonts])")
    for face in _cjk_faces():
        try:
            cells = VerticalForms(face).cells
            if all(c in cells and abs(cells[c][1] - 1.0) < 0.02 for c in "「ーっ、"):
                return face
        except Exception:  # a font fontTools cannot read is not this test's subject
            continue
    _missing("no CJK font with vertical forms (GSUB vert) installed (e.g. apt-get install fonts-klee)")
