"""Expected calibration error of line confidences, checked by hand."""

from __future__ import annotations

import pytest

from hwocr.metrics.calibration import expected_calibration_error, line_correctness, reliability_bins


def test_ece_weights_each_bins_gap_by_its_lines():
    # Bin [0.9, 1.0]: confidence 0.95, 3 of 4 right -> gap 0.2. Bin [0.1, 0.2): 0.15, none right -> 0.15.
    conf = [0.95, 0.95, 0.95, 0.95, 0.15, 0.15]
    right = [True, True, True, False, False, False]
    assert expected_calibration_error(conf, right) == pytest.approx(4 / 6 * 0.2 + 2 / 6 * 0.15)
    table = reliability_bins(conf, right)
    assert len(table) == 10 and [b.lines for b in table] == [0, 2, 0, 0, 0, 0, 0, 0, 0, 4]
    assert (table[9].mean_confidence, table[9].accuracy) == (pytest.approx(0.95), 0.75)


def test_calibrated_confidences_score_zero():
    assert expected_calibration_error([1.0, 1.0], [True, True]) == 0.0  # 1.0 lands in the last bin
    assert expected_calibration_error([0.5, 0.5], [True, False]) == 0.0
    assert expected_calibration_error([], []) == 0.0
    assert expected_calibration_error([0.99, 0.99], [False, False], bins=1) == pytest.approx(0.99)


def test_bad_input_names_the_line():
    with pytest.raises(ValueError, match="line 1 has 1.5"):
        expected_calibration_error([0.5, 1.5], [True, True])
    with pytest.raises(ValueError, match="one confidence per line"):
        expected_calibration_error([0.5], [True, False])
    assert line_correctness(["あ", "い"], ["あ", "う"]) == [True, False]
