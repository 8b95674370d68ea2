"""Confidence-based rejection: how accurate the lines a model is sure of are.

Production OCR on forms keys the unsure fields by hand. What matters is then the accuracy of the
lines it accepts and the share it accepts (coverage) at a confidence threshold. ``rejection_curve``
gives those at chosen coverages, ``cer_at_rejection_rates`` the same seen from the other side
(reject the least confident 0 / 5 / 10 / 20 % of lines); ``threshold_for_accuracy`` finds the
threshold that keeps the accepted lines at least that accurate, with as many lines as possible.
Lines with equal confidence keep their input order, so a cut may fall inside a tie.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

from hwocr.metrics.calibration import expected_calibration_error, line_correctness
from hwocr.metrics.cer import CERAccumulator

DEFAULT_COVERAGES = (1.0, 0.95, 0.9, 0.8, 0.5)
DEFAULT_TARGETS = (0.99, 0.995, 0.999)
DEFAULT_REJECTION_RATES = (0.0, 0.05, 0.1, 0.2)


@dataclass(frozen=True)
class OperatingPoint:
    """Accept lines with confidence >= ``threshold``: ``coverage`` of all lines, and on those the
    exact-line accuracy and CER."""

    threshold: float
    coverage: float
    accepted: int
    line_accuracy: float
    cer: float

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def _point(order: np.ndarray, count: int, confidences: np.ndarray, refs: Sequence[str], hyps: Sequence[str]) -> OperatingPoint:
    kept = order[:count]
    acc = CERAccumulator()
    acc.update([refs[i] for i in kept], [hyps[i] for i in kept])
    return OperatingPoint(
        threshold=float(confidences[kept[-1]]) if count else 1.0,
        coverage=count / len(order),
        accepted=count,
        line_accuracy=acc.line_accuracy if count else 1.0,
        cer=acc.cer if count else 0.0,
    )


def _check(confidences: Sequence[float], refs: Sequence[str], hyps: Sequence[str]) -> np.ndarray:
    if not len(confidences) == len(refs) == len(hyps):
        raise ValueError(f"need one confidence per line: {len(confidences)} confidences, {len(refs)} refs, {len(hyps)} hyps")
    if not len(refs):
        raise ValueError("no lines to analyse")
    return np.asarray(confidences, dtype=np.float64)


def rejection_curve(
    confidences: Sequence[float], refs: Sequence[str], hyps: Sequence[str], coverages: Sequence[float] = DEFAULT_COVERAGES
) -> list[OperatingPoint]:
    """The operating point keeping the most confident ``coverage`` share of lines, for each coverage."""
    conf = _check(confidences, refs, hyps)
    order = np.argsort(-conf, kind="stable")
    return [_point(order, max(1, round(c * len(order))), conf, refs, hyps) for c in coverages]


def cer_at_rejection_rates(
    confidences: Sequence[float], refs: Sequence[str], hyps: Sequence[str],
    rates: Sequence[float] = DEFAULT_REJECTION_RATES,
) -> dict[str, OperatingPoint]:
    """For each rate r, the operating point after rejecting the floor(r * lines) least confident lines.

    Keys are the rates as written (``"0.05"``). Rounding down rejects at most the stated share.
    """
    conf = _check(confidences, refs, hyps)
    order = np.argsort(-conf, kind="stable")
    points = {}
    for rate in rates:
        if not 0.0 <= rate < 1.0:
            raise ValueError(f"rejection rates must lie in [0, 1), got {rate}")
        rejected = math.floor(rate * len(order) + 1e-9)  # 0.1 * 30 is 3.0000000000000004 in floats
        points[f"{rate:g}"] = _point(order, len(order) - rejected, conf, refs, hyps)
    return points


def threshold_for_accuracy(
    confidences: Sequence[float], refs: Sequence[str], hyps: Sequence[str], target: float
) -> OperatingPoint | None:
    """The largest most-confident set whose exact-line accuracy is >= ``target``; None if no set is.

    Only cuts between different confidence values count, so a threshold accepts exactly the set.
    """
    conf = _check(confidences, refs, hyps)
    order = np.argsort(-conf, kind="stable")
    correct = np.array([refs[i] == hyps[i] for i in order], dtype=np.float64)
    accuracy = np.cumsum(correct) / np.arange(1, len(order) + 1)
    sorted_conf = conf[order]
    cuts = np.flatnonzero(np.append(sorted_conf[1:] < sorted_conf[:-1], True))  # last index of each tie run
    good = [i for i in cuts if accuracy[i] >= target]
    return _point(order, int(good[-1]) + 1, conf, refs, hyps) if good else None


def rejection_report(confidences: Sequence[float], refs: Sequence[str], hyps: Sequence[str]) -> dict:
    """Every view as plain data, for eval JSON files and loggers: by coverage, by rejection rate,
    for target line accuracies, and the expected calibration error of the confidences."""
    targets = {}
    for target in DEFAULT_TARGETS:
        point = threshold_for_accuracy(confidences, refs, hyps, target)
        targets[f"{target:g}"] = point.as_dict() if point else None
    return {
        "by_coverage": [p.as_dict() for p in rejection_curve(confidences, refs, hyps)],
        "by_rejection_rate": {k: p.as_dict() for k, p in cer_at_rejection_rates(confidences, refs, hyps).items()},
        "for_line_accuracy": targets,
        "expected_calibration_error": expected_calibration_error(confidences, line_correctness(refs, hyps)),
    }
