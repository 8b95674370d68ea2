import numpy as np

from hwocr.synth.distort.fast_writing import FastWriting
from hwocr.synth.render.connectors import connect_strokes
from hwocr.synth.style.writer import WriterRanges


def _two_chars():
    # Two one-stroke characters side by side, 10 px apart.
    points = np.array([[0, 0], [10, 0], [20, 0], [30, 0]], np.float32)
    return points, np.full(4, 2.0, np.float32), np.array([2, 2]), np.array([0, 2]), np.array([1, 3])


def test_char_joins_link_characters_and_width_follows_the_knob() -> None:
    points, widths, lengths, first, last = _two_chars()
    style = WriterRanges(cursiveness=(0, 0)).sample(np.random.default_rng(0))
    args = (points, widths, lengths, first, last, np.array([1, 1]), style)
    plain = connect_strokes(*args, FastWriting(), 40.0, np.random.default_rng(0))
    assert len(plain[2]) == 2  # no joins across characters by default
    joined = connect_strokes(
        *args, FastWriting(char_joins=1.0, connector_width=(1, 1)), 40.0, np.random.default_rng(0)
    )
    np.testing.assert_array_equal(joined[2], [2, 2, 5])
    np.testing.assert_allclose(joined[0][4], [10, 0]) and np.testing.assert_allclose(joined[0][-1], [20, 0])
    np.testing.assert_allclose(joined[1][4:], 2.0 * 0.6)  # lighter than the pen between characters
