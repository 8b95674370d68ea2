import numpy as np

from hwocr.synth.style.ink import draw_strokes


def test_wider_pen_covers_more() -> None:
    points = np.array([[5, 10], [55, 10]], np.float32)
    thin = draw_strokes(points, np.array([1.0, 1.0]), np.array([2]), (20, 60))
    thick = draw_strokes(points, np.array([4.0, 4.0]), np.array([2]), (20, 60))
    assert thick.sum() > 2.5 * thin.sum()
    assert thin.shape == (20, 60) and thin.dtype == np.uint8


def test_strokes_are_not_joined_across_stroke_boundaries() -> None:
    points = np.array([[5, 5], [15, 5], [45, 15], [55, 15]], np.float32)
    image = draw_strokes(points, np.full(4, 2.0), np.array([2, 2]), (20, 60))
    assert image[:, 30].max() == 0  # nothing drawn between the two strokes


def test_width_varies_along_one_stroke() -> None:
    points = np.stack([np.linspace(5, 95, 30), np.full(30, 10)], axis=1).astype(np.float32)
    widths = np.linspace(5, 1, 30)
    image = draw_strokes(points, widths, np.array([30]), (20, 100))
    column_ink = image.astype(int).sum(axis=0)
    assert column_ink[10] > 2 * column_ink[90]


def test_single_point_stroke_is_a_dot() -> None:
    image = draw_strokes(np.array([[10, 10]], np.float32), np.array([3.0]), np.array([1]), (20, 20))
    assert image[10, 10] > 100
