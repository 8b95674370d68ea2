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
from hwocr.metrics.cer import edit_distance

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


class _Ranked:
    """Lines sorted by falling confidence, with running sums of edits, reference characters and exact
    lines, so the operating point of any most-confident prefix costs O(1) (one edit distance per line)."""

    def __init__(self, confidences: Sequence[float], refs: Sequence[str], hyps: Sequence[str]) -> None:
        if not len(confidences) == len(refs) == len(hyps):
            raise ValueError(
                f"need one confidence per line: {len(confidences)} confidences, {len(refs)} refs, {len(hyps)} hyps"
            )
        if not len(refs):
            raise ValueError("no lines to analyse")
        conf = np.asarray(confidences, dtype=np.float64)
        self.order = np.argsort(-conf, kind="stable")
        self.sorted_conf = conf[self.order]
        edits = np.array([0 if r == h else edit_distance(r, h) for r, h in zip(refs, hyps, strict=True)])
        self.edits = np.cumsum(edits[self.order])
        self.chars = np.cumsum(np.array([len(r) for r in refs])[self.order])
        self.correct = np.cumsum(np.array([r == h for r, h in zip(refs, hyps, strict=True)])[self.order])

    def __len__(self) -> int:
        return len(self.order)

    def point(self, count: int) -> OperatingPoint:
        """Accepting the ``count`` most confident lines (CER as ``CERAccumulator`` computes it)."""
        if not count:
            return OperatingPoint(threshold=1.0, coverage=0.0, accepted=0, line_accuracy=1.0, cer=0.0)
        last = count - 1
        return OperatingPoint(
            threshold=float(self.sorted_conf[last]),
            coverage=count / len(self),
            accepted=count,
            line_accuracy=float(self.correct[last]) / count,
            cer=float(self.edits[last]) / max(int(self.chars[last]), 1),
        )


def rejection_curve(
    confidences: Sequence[float], refs: Sequence[str], hyps: Sequence[str], coverages: Sequence[float] = DEFAULT_COVERAGES
) -> list[OperatingPoint]:
    """The operating point keeping the most confident ``coverage`` share of lines, for each coverage."""
    ranked = _Ranked(confidences, refs, hyps)
    return [ranked.point(max(1, round(c * len(ranked)))) for c in coverages]


def _by_rates(ranked: _Ranked, rates: Sequence[float]) -> dict[str, OperatingPoint]:
    points = {}
    for rate in rates:
        if not 0.0 <= rate < 1.0:
            raise ValueError(f"rejection rates must lie in [0, 1), got {rate}")
        rejected = math.floor(rate * len(ranked) + 1e-9)  # 0.1 * 30 is 3.0000000000000004 in floats
        points[f"{rate:g}"] = ranked.point(len(ranked) - rejected)
    return points


def cer_at_rejection_rates(
    confidences: Sequence[float], refs: Sequence[str], hyps: Sequence[str],
    rates: Sequence[float] = DEFAULT_REJECTION_RATES,
) -> dict[str, OperatingPoint]:
    """For each rate r, the operating point after rejecting the floor(r * lines) least confident lines.

    Keys are the rates as written (``"0.05"``). Rounding down rejects at most the stated share.
    """
    return _by_rates(_Ranked(confidences, refs, hyps), rates)


def threshold_for_accuracy(
    confidences: Sequence[float], refs: Sequence[str], hyps: Sequence[str], target: float
) -> OperatingPoint | None:
    """The largest most-confident set whose exact-line accuracy is >= ``target``; None if no set is.

    Only cuts between different confidence values count, so a threshold accepts exactly the set.
    """
    return _for_accuracy(_Ranked(confidences, refs, hyps), target)


def _for_accuracy(ranked: _Ranked, target: float) -> OperatingPoint | None:
    accuracy = ranked.correct / np.arange(1, len(ranked) + 1)
    conf = ranked.sorted_conf
    cuts = np.flatnonzero(np.append(conf[1:] < conf[:-1], True))  # last index of each tie run
    good = cuts[accuracy[cuts] >= target]
    return ranked.point(int(good[-1]) + 1) if good.size else None


def rejection_report(confidences: Sequence[float], refs: Sequence[str], hyps: Sequence[str]) -> dict:
    """Every view as plain data, for eval JSON files and loggers: by coverage, by rejection rate,
    for target line accuracies, and the expected calibration error of the confidences."""
    ranked = _Ranked(confidences, refs, hyps)
    targets = {}
    for target in DEFAULT_TARGETS:
        point = _for_accuracy(ranked, target)
        targets[f"{target:g}"] = point.as_dict() if point else None
    return {
        "by_coverage": [ranked.point(max(1, round(c * len(ranked)))).as_dict() for c in DEFAULT_COVERAGES],
        "by_rejection_rate": {k: p.as_dict() for k, p in _by_rates(ranked, DEFAULT_REJECTION_RATES).items()},
        "for_line_accuracy": targets,
        "expected_calibration_error": expected_calibration_error(confidences, line_correctness(refs, hyps)),
    }
