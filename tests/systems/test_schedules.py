"""Schedules over training progress: steps or time, whichever budget runs out first."""

from __future__ import annotations

import math

import pytest

from hwocr.systems.schedules import constant, one_cycle, training_progress, warmup_cosine


def test_progress_is_the_larger_of_step_and_time_fraction() -> None:
    assert training_progress(50, 100, None, None) == 0.5
    assert training_progress(50, 100, 30.0, 40.0) == 0.75  # time runs out first: the slow machine
    assert training_progress(90, 100, 10.0, 40.0) == 0.9
    assert training_progress(10, math.inf, 20.0, 40.0) == 0.5  # max_time alone (max_steps=-1)
    assert training_progress(500, 100, None, None) == 1.0


def test_a_schedule_without_an_end_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="max_time"):
        training_progress(0, math.inf, None, None)


def test_one_cycle_warms_up_peaks_and_anneals() -> None:
    f = one_cycle(pct_start=0.2, div_factor=10, final_div_factor=100)
    assert f(0, 0.0) == pytest.approx(0.1)
    assert f(0, 0.2) == pytest.approx(1.0)
    assert f(0, 1.0) == pytest.approx(0.001)
    values = [f(0, p / 100) for p in range(20, 101)]
    assert all(a >= b for a, b in zip(values, values[1:], strict=False))


def test_warmup_counts_steps_and_cosine_follows_progress() -> None:
    f = warmup_cosine(warmup_steps=10, min_factor=0.01)
    assert f(0, 0.0) == pytest.approx(0.1)
    assert f(9, 0.0) == pytest.approx(1.0)
    assert f(1000, 1.0) == pytest.approx(0.01)
    assert constant()(123, 0.7) == 1.0


def test_one_cycle_rejects_a_bad_warmup_share() -> None:
    with pytest.raises(ValueError, match="pct_start"):
        one_cycle(pct_start=1.0)
