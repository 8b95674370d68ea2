import pytest

from hwocr.synth.fonts.discovery import FontFace
from hwocr.synth.fonts.glyph_coverage import FontCoverage, read_cmap

# Plane-16 private use: no font ships a glyph for it.
UNMAPPED = "\U0010fffd"


@pytest.mark.parametrize("use_fonttools", [True, False])
def test_covers_kana_and_kanji_but_not_unmapped_code_points(cjk_font: FontFace, use_fonttools: bool) -> None:
    if use_fonttools:
        pytest.importorskip("fontTools")
    coverage = FontCoverage(cjk_font, use_fonttools=use_fonttools)
    assert coverage.method == ("cmap" if use_fonttools else "notdef")
    assert coverage.covers_text("あア日本 \u3000")
    assert not coverage.covers(UNMAPPED)
    assert coverage.missing(f"日{UNMAPPED}本{UNMAPPED}") == [UNMAPPED]
    assert coverage.coverage_fraction(f"日本{UNMAPPED}") == pytest.approx(2 / 3)


def test_cmap_and_drawing_test_agree(cjk_font: FontFace) -> None:
    pytest.importorskip("fontTools")
    with_cmap, drawn_only = FontCoverage(cjk_font), FontCoverage(cjk_font, use_fonttools=False)
    sample = "あいうアイウ日本語東京円年月〒々ー、。「」0123ABCé€☃𠮷" + UNMAPPED
    assert [with_cmap.covers(c) for c in sample] == [drawn_only.covers(c) for c in sample]


def test_a_mapped_glyph_without_ink_is_not_covered(cjk_font: FontFace) -> None:
    pytest.importorskip("fontTools")
    coverage = FontCoverage(cjk_font)
    assert coverage.cmap is not None
    coverage.cmap = coverage.cmap | {UNMAPPED}  # claims a glyph that FreeType draws as .notdef
    assert not coverage.covers(UNMAPPED)


def test_read_cmap_lists_the_fonts_characters(cjk_font: FontFace) -> None:
    pytest.importorskip("fontTools")
    cmap = read_cmap(cjk_font)
    assert cmap is not None and {"あ", "日"} <= cmap and UNMAPPED not in cmap
