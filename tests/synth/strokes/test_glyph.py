import numpy as np

from hwocr.synth.strokes.glyph import packed_glyph, simplify_stroke


def test_simplify_keeps_corners_and_ends() -> None:
    line = np.concatenate(
        [
            np.stack([np.linspace(0, 30, 31), np.zeros(31)], 1),
            np.stack([np.full(30, 30), np.arange(1, 31)], 1),
        ]
    )
    simple = simplify_stroke(line.astype(np.float32), max_segment=100)
    np.testing.assert_allclose(simple[[0, -1]], line[[0, -1]])
    assert len(simple) == 3  # start, corner, end


def test_closed_loops_survive_simplification() -> None:
    angle = np.linspace(0, 2 * np.pi, 100)
    circle = np.stack([50 + 30 * np.cos(angle), 50 + 30 * np.sin(angle)], 1).astype(np.float32)
    simple = simplify_stroke(circle)
    assert len(simple) > 8 and np.ptp(simple[:, 0]) > 55 and np.ptp(simple[:, 1]) > 55


def test_long_straight_strokes_are_subdivided_for_bending() -> None:
    simple = simplify_stroke(np.array([[0, 0], [100, 0]], np.float32), max_segment=10)
    assert len(simple) == 11


def test_packed_glyph_indexes_strokes() -> None:
    glyph = packed_glyph("木")
    assert glyph.stroke_count == 4 and len(glyph.stroke_ends) == 4
    assert glyph.stroke_index.max() == 3 and len(glyph.stroke_index) == len(glyph.points)
    assert glyph.stroke_progress.min() == 0 and glyph.stroke_progress.max() == 1
