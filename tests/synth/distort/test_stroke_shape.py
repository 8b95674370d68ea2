import numpy as np

from hwocr.synth.distort.stroke_shape import StrokeShape


def _stroke():
    points = np.stack([np.linspace(0, 40, 9), np.zeros(9)], axis=1).astype(np.float32)
    return points, np.zeros(9, np.int64), np.array([0]), np.array([8]), np.linspace(0, 1, 9)


def test_strokes_pivot_about_where_the_pen_landed() -> None:
    points, s, first, last, t = _stroke()
    moved = StrokeShape(length=(0.2, 0.2), angle=(0.2, 0.2)).apply(
        points, s, first, last, t, np.random.default_rng(0)
    )
    np.testing.assert_allclose(moved[0], points[0], atol=1e-5)
    assert not np.allclose(moved[-1], points[-1])
    assert np.allclose(np.diff(moved, axis=0), np.diff(moved, axis=0)[0], atol=1e-4)  # still straight


def test_curvature_bows_the_middle_only() -> None:
    points, s, first, last, t = _stroke()
    bent = StrokeShape(curvature=(0.1, 0.1)).apply(points, s, first, last, t, np.random.default_rng(2))
    np.testing.assert_allclose(bent[[0, -1]], points[[0, -1]], atol=1e-5)
    assert abs(bent[4, 1]) > 0.5


def test_off_changes_nothing() -> None:
    points, s, first, last, t = _stroke()
    np.testing.assert_array_equal(
        StrokeShape().apply(points, s, first, last, t, np.random.default_rng(0)), points
    )
