import numpy as np

from hwocr.synth.distort.fast_writing import FastWriting
from hwocr.synth.strokes.glyph import packed_glyph


def test_dakuten_shift_moves_only_the_voicing_marks() -> None:
    glyphs = [packed_glyph("か"), packed_glyph("が"), packed_glyph("ぱ")]
    points = np.concatenate([g.points for g in glyphs]).astype(np.float32)
    moved = FastWriting(dakuten_shift=(6, 6)).shift_dakuten(points, glyphs, np.random.default_rng(0))
    changed = np.any(moved != points, axis=1)
    ka, ga, pa = (len(g.points) for g in glyphs)
    marks = [
        int(packed_glyph("が").stroke_lengths[-2:].sum()),
        int(packed_glyph("ぱ").stroke_lengths[-1:].sum()),
    ]
    expected = np.zeros(len(points), bool)
    expected[ka + ga - marks[0] : ka + ga] = True
    expected[ka + ga + pa - marks[1] :] = True
    np.testing.assert_array_equal(changed, expected)


def test_off_returns_the_points() -> None:
    glyphs = [packed_glyph("が")]
    points = glyphs[0].points.astype(np.float32)
    assert FastWriting().shift_dakuten(points, glyphs, np.random.default_rng(0)) is points
