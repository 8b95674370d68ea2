"""Learning-rate schedules as shapes over training progress, so a time budget ends them too.

A schedule is ``factor(step, progress) -> float``, the multiplier of the optimizer's configured
(peak) learning rate. ``progress`` runs from 0 to 1: the larger of steps done / step budget and
time spent / time budget (``trainer.max_time``). A machine half as fast therefore still walks the
whole schedule inside its time budget — shorter in steps, but complete — instead of being cut off
mid-schedule at a high learning rate.

Configs pick a shape with ``_target_`` + ``_partial_: true`` and its parameters; the system calls
the factory with no arguments and drives the result from the trainer (``RecognitionSystem``).
"""

from __future__ import annotations

import math
from collections.abc import Callable

# factor(step, progress): multiplier of the peak learning rate.
Schedule = Callable[[int, float], float]


def _cosine(progress: float, start: float, end: float) -> float:
    """From ``start`` to ``end`` along half a cosine as progress goes 0 -> 1."""
    progress = min(max(progress, 0.0), 1.0)
    return end + (start - end) * 0.5 * (1.0 + math.cos(math.pi * progress))


def one_cycle(pct_start: float = 0.15, div_factor: float = 10.0, final_div_factor: float = 100.0) -> Schedule:
    """Cosine warm-up from peak/div_factor to the peak over ``pct_start`` of training, then cosine
    annealing to peak/(div_factor*final_div_factor) — the shape of torch's OneCycleLR (without its
    momentum cycling), over progress rather than a step count."""
    if not 0.0 < pct_start < 1.0:
        raise ValueError(f"scheduler.pct_start must be in (0, 1), got {pct_start}")
    initial = 1.0 / div_factor
    final = initial / final_div_factor

    def factor(step: int, progress: float) -> float:
        if progress < pct_start:
            return _cosine(progress / pct_start, initial, 1.0)
        return _cosine((progress - pct_start) / (1.0 - pct_start), 1.0, final)

    return factor


def warmup_cosine(warmup_steps: int = 200, min_factor: float = 0.01) -> Schedule:
    """Linear warm-up over the first ``warmup_steps`` optimizer steps (a stability matter, so counted
    in steps), times a cosine from 1 to ``min_factor`` over the whole of training's progress."""

    def factor(step: int, progress: float) -> float:
        warm = min(1.0, (step + 1) / max(warmup_steps, 1))
        return warm * _cosine(progress, 1.0, min_factor)

    return factor


def constant() -> Schedule:
    def factor(step: int, progress: float) -> float:
        return 1.0

    return factor


def training_progress(step: int, total_steps: float, elapsed_s: float | None, budget_s: float | None) -> float:
    """How far training is, 0..1: the larger of the step and the time fraction that are known.

    Raises when neither budget is finite: a schedule needs to know where training ends.
    """
    fractions = []
    if math.isfinite(total_steps) and total_steps > 0:
        fractions.append(step / total_steps)
    if budget_s and elapsed_s is not None:
        fractions.append(elapsed_s / budget_s)
    if not fractions:
        raise ValueError(
            "a learning-rate schedule needs an end: set trainer.max_steps, trainer.max_epochs or "
            "trainer.max_time (or model.scheduler=null for a constant learning rate)"
        )
    return min(1.0, max(fractions))
