import numpy as np

from hwocr.synth.distort.glyph_warp import GlyphWarp, smooth_field
from hwocr.synth.strokes.glyph import packed_glyph


def _glyph_arrays(char: str = "語"):
    g = packed_glyph(char)
    return g.points.astype(np.float32), np.zeros(len(g.points), np.int64), g.stroke_components[g.stroke_index]


def test_off_returns_the_points_untouched_without_drawing() -> None:
    points, chars, parts = _glyph_arrays()
    rng = np.random.default_rng(0)
    assert GlyphWarp().apply(points, chars, parts, rng) is points
    assert rng.random() == np.random.default_rng(0).random()  # nothing was drawn


def test_warp_is_smooth_and_deterministic() -> None:
    points, chars, _ = _glyph_arrays()
    field = smooth_field(points, chars, 1, 6.0, np.random.default_rng(3))
    np.testing.assert_array_equal(field, smooth_field(points, chars, 1, 6.0, np.random.default_rng(3)))
    assert np.abs(field).max() > 1.0  # it moves the ink ...
    # ... but close points move alike: a warp, not noise (consecutive points are <= 12 units apart).
    step = np.linalg.norm(np.diff(points, axis=0), axis=1)
    close = step < 6
    assert np.linalg.norm(np.diff(field, axis=0), axis=1)[close].max() < 0.5 * 6.0


def test_components_move_as_wholes() -> None:
    points, chars, parts = _glyph_arrays()  # 語: 言 and 吾
    moved = GlyphWarp(component_shift=(4, 4)).apply(points, chars, parts, np.random.default_rng(1))
    shift = moved - points
    for part in (0, 1):
        np.testing.assert_allclose(shift[parts == part] - shift[parts == part][0], 0, atol=1e-4)
    assert not np.allclose(shift[parts == 0][0], shift[parts == 1][0])


def test_aspect_changes_width_against_height_and_keeps_the_area() -> None:
    points, chars, parts = _glyph_arrays("ハ")
    before = np.ptp(points, axis=0)
    ratios = []
    for seed in range(6):
        after = np.ptp(GlyphWarp(aspect=(0.35, 0.35)).apply(points, chars, parts, np.random.default_rng(seed)), axis=0)
        np.testing.assert_allclose(after[0] * after[1], before[0] * before[1], rtol=1e-4)  # area kept
        ratios.append((after[0] / after[1]) / (before[0] / before[1]))
    assert min(ratios) < 0.9 and max(ratios) > 1.1  # narrower and wider characters both occur
