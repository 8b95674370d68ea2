"""A CJK font for the font tests, or a clean skip when none is installed."""

from __future__ import annotations

import pytest

from hwocr.synth.fonts.coverage import FontCoverage
from hwocr.synth.fonts.discovery import FontFace, discover_fonts

# Tried first (small, common Debian packages); then any installed face, a few at most.
_PREFERRED = ("klee", "seto", "ipag", "ipam", "noto", "yoz", "takao", "vl-")
_MAX_PROBES = 40


@pytest.fixture(scope="session")
def cjk_font() -> FontFace:
    faces = discover_fonts()
    ranked = sorted(
        faces, key=lambda f: next((i for i, p in enumerate(_PREFERRED) if f.matches(p)), len(_PREFERRED))
    )
    for face in ranked[:_MAX_PROBES]:
        try:
            if FontCoverage(face).covers_text("あア日本"):
                return face
        except OSError:
            continue
    pytest.skip("no CJK font installed (e.g. apt-get install fonts-klee)")
