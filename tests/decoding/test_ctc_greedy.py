import numpy as np
import pytest

from hwocr.decoding.ctc_greedy import ctc_greedy_decode, ctc_greedy_decode_batch


def test_collapses_repeats_and_drops_blanks():
    path = ctc_greedy_decode(np.array([0, 3, 3, 0, 3, 5, 5, 0]))
    assert path.indices == [3, 3, 5]
    assert path.frames == [1, 4, 5]


def test_probabilities_take_the_max_over_a_run_and_confidence_is_their_product():
    path = ctc_greedy_decode(np.array([2, 2, 0, 4]), np.array([0.5, 0.9, 0.99, 0.8]))
    assert path.probs == pytest.approx([0.9, 0.8])
    assert abs(path.confidence - 0.72) < 1e-6
    assert ctc_greedy_decode(np.array([0, 0])).confidence == 1.0


def test_length_limits_the_frames():
    assert ctc_greedy_decode(np.array([1, 0, 2, 3]), length=2).indices == [1]
    batch = ctc_greedy_decode_batch(np.array([[1, 2, 3], [3, 3, 0]]), lengths=np.array([1, 3]))
    assert [p.indices for p in batch] == [[1], [3]]
