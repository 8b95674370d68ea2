"""Line normalisation: polarity, ink extent robust to specks and ruled lines, re-margining."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hwocr.core.normalize import (
    InputNormalization,
    fix_polarity,
    ink_extent,
    is_inverted,
    normalize_line,
    stroke_width,
)


def _glyph(h: int = 60, w: int = 80, box: tuple[int, int, int, int] = (20, 40, 30, 50)) -> np.ndarray:
    """White paper with a dark ring (a 'character') inside ``box`` = (top, bottom, left, right)."""
    image = np.full((h, w), 255, np.uint8)
    t, b, left, r = box
    image[t:b, left:r] = 20
    image[t + 3 : b - 3, left + 3 : r - 3] = 255
    return image


def test_polarity_is_detected_and_fixed_both_ways() -> None:
    dark_on_white = _glyph()
    white_on_dark = 255 - dark_on_white
    assert not is_inverted(dark_on_white) and is_inverted(white_on_dark)
    assert np.array_equal(fix_polarity(white_on_dark), dark_on_white)
    assert fix_polarity(dark_on_white) is dark_on_white


def test_ink_extent_ignores_specks_and_ruled_lines() -> None:
    image = _glyph(h=60, w=200, box=(20, 40, 30, 50))
    image[5, 190] = 0  # a speck far away
    image[55, :] = 0  # a ruled line across the whole crop
    assert ink_extent(image) == (20, 39, 30, 49)


def test_blank_image_has_no_extent_and_passes_unchanged() -> None:
    blank = np.full((32, 64), 250, np.uint8)
    assert ink_extent(blank) is None
    assert normalize_line(blank, InputNormalization()) is blank


@pytest.mark.parametrize("box", [(2, 12, 2, 12), (20, 58, 5, 40), (25, 35, 60, 75)])
def test_any_margin_and_position_gives_the_same_geometry(box: tuple[int, int, int, int]) -> None:
    settings = InputNormalization(ink_margin=0.25, ink_margin_x=0.25, min_height_strokes=0)
    out = normalize_line(_glyph(box=box), settings)
    ink_h, ink_w = box[1] - box[0], box[3] - box[2]
    # ink in the middle, a quarter of its height above/below and left/right
    assert out.shape[0] == ink_h + 2 * math.ceil(ink_h * 0.25)
    assert out.shape[1] == ink_w + 2 * math.ceil(ink_h * 0.25)
    ys, xs = np.nonzero(out < 128)
    assert ys.min() == math.ceil(ink_h * 0.25) and xs.min() == math.ceil(ink_h * 0.25)


def test_flat_marks_are_not_blown_up_to_the_line_height() -> None:
    dash = np.full((64, 64), 255, np.uint8)
    dash[30:33, 10:54] = 0  # 一: 3 px tall, 3 px strokes
    out = normalize_line(dash, InputNormalization(ink_margin=0.15, min_height_strokes=8))
    assert out.shape[0] >= 8 * 3  # at least eight stroke widths tall: the dash stays a thin mark


def test_polarity_only_and_off() -> None:
    inverted = 255 - _glyph()
    assert np.array_equal(normalize_line(inverted, InputNormalization(ink_margin=None)), _glyph())
    assert normalize_line(inverted, None) is inverted
    assert normalize_line(inverted, InputNormalization(polarity="as_is", ink_margin=None)) is inverted


def test_settings_are_checked_by_name() -> None:
    with pytest.raises(ValueError, match="polarity"):
        InputNormalization(polarity="dark")
    with pytest.raises(ValueError, match="unknown keys"):
        InputNormalization.from_dict({"ink_margn": 0.1})
    assert InputNormalization.from_dict(InputNormalization().to_dict()) == InputNormalization()


def test_stroke_width_reads_thickness_not_the_length_of_vertical_strokes() -> None:
    image = np.full((60, 60), 255, np.uint8)
    image[5:55, 10:13] = 0  # two 3-px verticals, 50 px long (ル-like, no horizontal runs)
    image[5:55, 40:43] = 0
    mask = image < 128
    assert stroke_width(mask) == pytest.approx(3.0)
    assert stroke_width(mask.T) == pytest.approx(3.0)
    # so a tall glyph of thin verticals keeps its height instead of being shrunk as if 50 px thick
    out = normalize_line(image, InputNormalization(ink_margin=0.15, min_height_strokes=8))
    assert out.shape[0] == 50 + 2 * math.ceil(50 * 0.15)


def test_contrast_stretch_makes_faint_ink_black_and_paper_white() -> None:
    faint = np.full((40, 80), 200, np.uint8)
    faint[10:30, 20:24] = 150  # grey pencil on grey paper
    faint[10:14, 20:60] = 150
    out = normalize_line(faint, InputNormalization(ink_margin=None, ink_contrast=True))
    assert out.shape == faint.shape
    assert out[15, 21] == 0 and out[35, 70] == 255
    # already black-on-white lines are left as they are, and the setting is off by default
    crisp = np.where(_glyph() < 128, 0, 255).astype(np.uint8)
    assert np.array_equal(normalize_line(crisp, InputNormalization(ink_margin=None, ink_contrast=True)), crisp)
    assert normalize_line(faint, InputNormalization(ink_margin=None)) is faint


def test_contrast_and_margin_together_pad_with_white() -> None:
    faint = np.full((40, 80), 200, np.uint8)
    faint[10:30, 20:40] = 120
    out = normalize_line(faint, InputNormalization(ink_margin=0.25, ink_contrast=True))
    assert out.min() == 0 and out[0, 0] == 255 and out[-1, -1] == 255
