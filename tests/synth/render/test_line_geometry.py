import numpy as np
import pytest

from hwocr.synth.render.line_geometry import LineGeometry


def _ink(height: float) -> np.ndarray:
    return np.array([[0, -height / 2], [30, height / 2]], np.float32)


def test_tall_ink_shrinks_to_fit_and_offset_moves_it_to_an_edge() -> None:
    points = _ink(100)
    LineGeometry(ink_height=(1, 1)).place_across(points, 1, 64, 3.0, np.random.default_rng(0))
    np.testing.assert_allclose(points[:, 1], [3, 61], atol=1e-4)
    low = _ink(20)
    LineGeometry(ink_offset=(1, 1)).place_across(low, 1, 64, 3.0, np.random.default_rng(0))
    np.testing.assert_allclose(low[:, 1], [41, 61], atol=1e-4)


def test_margins_and_min_width() -> None:
    g = LineGeometry(side_margin=(0.5, 0.5), min_width=(1.0, 1.0))
    assert g.margins(64, np.random.default_rng(0)) == (32.0, 32.0)
    assert LineGeometry().margins(64, np.random.default_rng(0)) is None
    length, before = g.widen(20, 64, np.random.default_rng(0))
    assert length == 64 and 0 <= before <= 1
    assert g.widen(100, 64, np.random.default_rng(0))[0] == 100


def test_bad_ranges_are_rejected() -> None:
    with pytest.raises(ValueError, match="ink_offset"):
        LineGeometry(ink_offset=(-2, 0))
    with pytest.raises(ValueError, match="min > max"):
        LineGeometry(side_margin=(1, 0))
