"""Optuna study helpers for sweeps that are launched more than once (resumed after a stop)."""

from __future__ import annotations

from pathlib import Path

SQLITE_PREFIX = "sqlite:///"


def count_trials(storage: str, study_name: str) -> int:
    """Trials already in ``study_name`` (any state); 0 when the storage or study does not exist yet."""
    if storage.startswith(SQLITE_PREFIX) and not Path(storage[len(SQLITE_PREFIX):]).is_file():
        return 0  # don't let optuna create the file just to count
    import optuna

    for summary in optuna.study.get_all_study_summaries(storage=storage):
        if summary.study_name == study_name:
            return summary.n_trials
    return 0


def resumed_seed(seed: int | None, storage: str, study_name: str) -> int | None:
    """The sampler seed for this launch of the study: ``seed`` plus the trials it already holds.

    A fixed seed would make a relaunched study draw its random start-up trials again, repeating
    the configurations it already ran; the offset keeps a sweep reproducible launch by launch
    without repeats. ``None`` (unseeded) stays ``None``.
    """
    if seed is None:
        return None
    return int(seed) + count_trials(storage, study_name)
