import numpy as np
import pytest

from hwocr.synth.strokes.svg_path import parse_path


def test_cubic_ends_at_its_endpoint_and_starts_at_moveto() -> None:
    (line,) = parse_path("M10,20c0,10,10,10,10,0")
    assert line.dtype == np.float32
    np.testing.assert_allclose(line[0], [10, 20])
    np.testing.assert_allclose(line[-1], [20, 20], atol=1e-5)
    assert line[:, 1].max() > 25  # the curve bulges towards +y


def test_packed_numbers_and_implicit_repeats() -> None:
    # "-1" and ".5.3" are packed without separators; the second c has no letter of its own.
    (line,) = parse_path("M0,0c1,0,2,0,3,0 1,0,2,0,3,0c.5.3,1-1,2-2")
    np.testing.assert_allclose(line[-1], [8, -2], atol=1e-5)


def test_smooth_cubic_reflects_previous_control_point() -> None:
    (line,) = parse_path("M0,0C0,10,10,10,10,0S20,-10,20,0")
    np.testing.assert_allclose(line[-1], [20, 0], atol=1e-5)
    assert line[:, 1].min() < -5  # the reflected handle makes an S shape


def test_lines_close_and_subpaths() -> None:
    square, tick = parse_path("M0,0H10V10L0,10Z m20,0 l5,5")
    np.testing.assert_allclose(square[-1], [0, 0])
    np.testing.assert_allclose(tick[0], [20, 0])
    np.testing.assert_allclose(tick[-1], [25, 5])


def test_sampling_step_controls_density() -> None:
    (coarse,) = parse_path("M0,0L100,0", step=10)
    (fine,) = parse_path("M0,0L100,0", step=1)
    assert len(fine) > 5 * len(coarse)


def test_arcs_are_rejected() -> None:
    with pytest.raises(ValueError, match="unsupported"):
        parse_path("M0,0A5,5,0,0,1,10,10")
