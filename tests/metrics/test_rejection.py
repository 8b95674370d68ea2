from __future__ import annotations

import pytest

from hwocr.metrics.rejection import (
    cer_at_rejection_rates,
    rejection_curve,
    rejection_report,
    threshold_for_accuracy,
)

REFS = ["あ", "い", "う", "え", "お", "か", "き", "く", "け", "こ"]
# The five most confident lines are right, then right/wrong alternate.
CONF = [0.99, 0.98, 0.97, 0.96, 0.95, 0.9, 0.8, 0.7, 0.6, 0.5]
HYPS = ["あ", "い", "う", "え", "お", "X", "き", "X", "け", "X"]


def test_curve_keeps_the_most_confident_share():
    full, half = rejection_curve(CONF, REFS, HYPS, coverages=(1.0, 0.5))
    assert (full.coverage, full.accepted, full.line_accuracy) == (1.0, 10, 0.7)
    assert (half.accepted, half.line_accuracy, half.cer, half.threshold) == (5, 1.0, 0.0, 0.95)


def test_threshold_is_the_largest_set_meeting_the_target():
    point = threshold_for_accuracy(CONF, REFS, HYPS, 0.99)
    assert point.accepted == 5 and point.threshold == 0.95
    assert threshold_for_accuracy(CONF, REFS, HYPS, 0.8).accepted == 7  # 6 right of 7 accepted
    assert threshold_for_accuracy([0.5] * 3, ["a", "b", "c"], ["x", "b", "c"], 0.9) is None


def test_ties_are_accepted_or_rejected_together():
    # Two lines share 0.9; one is wrong: a threshold cannot split them.
    point = threshold_for_accuracy([0.95, 0.9, 0.9], ["a", "b", "c"], ["a", "b", "x"], 0.99)
    assert point.accepted == 1


def test_report_is_plain_data_and_checks_lengths():
    report = rejection_report(CONF, REFS, HYPS)
    assert report["for_line_accuracy"]["0.99"]["accepted"] == 5
    with pytest.raises(ValueError, match="one confidence per line"):
        rejection_report(CONF[:3], REFS, HYPS)


def test_cer_at_rejection_rates_drops_the_least_confident_share():
    points = cer_at_rejection_rates(CONF, REFS, HYPS)
    assert list(points) == ["0", "0.05", "0.1", "0.2"]
    # 10 one-character lines, wrong at confidences 0.9, 0.7, 0.5. 5 % of 10 lines rejects none (floor).
    assert [points[k].accepted for k in points] == [10, 10, 9, 8]
    assert [points[k].cer for k in points] == pytest.approx([3 / 10, 3 / 10, 2 / 9, 2 / 8])
    with pytest.raises(ValueError, match=r"\[0, 1\)"):
        cer_at_rejection_rates(CONF, REFS, HYPS, rates=(1.0,))


def test_report_has_rejection_rates_and_calibration():
    report = rejection_report(CONF, REFS, HYPS)
    assert report["by_rejection_rate"]["0.2"]["cer"] == pytest.approx(0.25)
    assert 0.0 < report["expected_calibration_error"] < 1.0


def test_operating_points_agree_with_the_cer_accumulator_on_the_kept_lines():
    import random

    from hwocr.metrics.cer import CERAccumulator

    rng = random.Random(3)
    refs = ["".join(rng.choices("あいう漢字𠮷", k=rng.randint(0, 6))) for _ in range(40)]
    hyps = [r if rng.random() < 0.5 else "".join(rng.choices("あいう漢字", k=rng.randint(0, 6))) for r in refs]
    conf = [rng.choice([0.2, 0.5, 0.7, 0.9]) for _ in refs]  # many ties
    for point in rejection_curve(conf, refs, hyps, coverages=(1.0, 0.7, 0.33, 0.01)):
        kept = sorted(range(len(refs)), key=lambda i: -conf[i])[: point.accepted]  # sorted() is stable
        acc = CERAccumulator()
        acc.update([refs[i] for i in kept], [hyps[i] for i in kept])
        assert (point.cer, point.line_accuracy) == (pytest.approx(acc.cer), pytest.approx(acc.line_accuracy))
