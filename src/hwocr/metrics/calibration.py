"""Calibration of line confidences: does a line read with confidence 0.9 come out right 90 % of the time?

A form pipeline routes lines below a confidence threshold to a person; the threshold is only
meaningful if confidences track accuracy. ``expected_calibration_error`` is the usual summary
(Guo et al. 2017): lines are put in equal-width confidence bins over [0, 1], and the gap between
each bin's mean confidence and its exact-line accuracy is averaged, weighted by the bin's share
of lines. 0 is perfect; a model that says 0.99 and is right half the time scores ~0.49.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

DEFAULT_BINS = 10


@dataclass(frozen=True)
class CalibrationBin:
    """Lines whose confidence lies in [``lower``, ``upper``) (the last bin includes 1.0)."""

    lower: float
    upper: float
    lines: int
    mean_confidence: float
    accuracy: float

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def _checked(confidences: Sequence[float], correct: Sequence[bool], bins: int) -> tuple[np.ndarray, np.ndarray]:
    conf = np.asarray(confidences, dtype=np.float64)
    right = np.asarray(correct, dtype=np.float64)
    if conf.shape != right.shape or conf.ndim != 1:
        raise ValueError(f"need one confidence per line: {conf.shape} confidences, {right.shape} correctness flags")
    if bins < 1:
        raise ValueError(f"bins must be >= 1, got {bins}")
    # A float32 product of probabilities may overshoot 1 by a rounding error; anything else is a bug.
    bad = np.flatnonzero(~((conf >= -1e-6) & (conf <= 1.0 + 1e-6)))  # also catches NaN
    if bad.size:
        raise ValueError(f"confidences must lie in [0, 1]: line {bad[0]} has {conf[bad[0]]}")
    return np.clip(conf, 0.0, 1.0), right


def reliability_bins(confidences: Sequence[float], correct: Sequence[bool], bins: int = DEFAULT_BINS) -> list[CalibrationBin]:
    """Mean confidence and exact-line accuracy per equal-width confidence bin (empty bins included)."""
    conf, right = _checked(confidences, correct, bins)
    index = np.minimum((conf * bins).astype(np.int64), bins - 1)
    counts = np.bincount(index, minlength=bins)
    conf_sum = np.bincount(index, weights=conf, minlength=bins)
    right_sum = np.bincount(index, weights=right, minlength=bins)
    return [
        CalibrationBin(
            lower=b / bins,
            upper=(b + 1) / bins,
            lines=int(counts[b]),
            mean_confidence=float(conf_sum[b] / counts[b]) if counts[b] else 0.0,
            accuracy=float(right_sum[b] / counts[b]) if counts[b] else 0.0,
        )
        for b in range(bins)
    ]


def expected_calibration_error(
    confidences: Sequence[float], correct: Sequence[bool], bins: int = DEFAULT_BINS
) -> float:
    """Sum over bins of (share of lines) x |mean confidence - accuracy|; 0.0 for no lines."""
    table = reliability_bins(confidences, correct, bins)
    total = sum(b.lines for b in table)
    if not total:
        return 0.0
    return sum(b.lines / total * abs(b.mean_confidence - b.accuracy) for b in table)


def line_correctness(refs: Sequence[str], hyps: Sequence[str]) -> list[bool]:
    """Exact-line correctness, the event a line confidence is meant to predict."""
    if len(refs) != len(hyps):
        raise ValueError(f"need one hypothesis per reference: {len(refs)} refs, {len(hyps)} hyps")
    return [r == h for r, h in zip(refs, hyps, strict=True)]
