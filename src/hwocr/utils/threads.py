"""How many torch threads a run asks for: a number, or ``auto`` for the CPUs this process may use.

A fixed count oversubscribes a smaller machine: the quickstart's two threads pinned to one core
(``taskset -c 0``) wait on each other and on the DataLoader worker. ``auto`` reads the process's
CPU affinity, so ``taskset``, SLURM's ``--cpus-per-task`` and container cpusets all count.
"""

from __future__ import annotations

import os


def available_cpus() -> int:
    """CPUs this process may run on (its affinity mask), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS and Windows have no affinity call
        return max(1, os.cpu_count() or 1)


def resolve_threads(value: int | str | None, key: str = "threads") -> int | None:
    """None (leave torch's default), a positive count, or ``auto`` resolved to ``available_cpus()``."""
    if value is None:
        return None
    if isinstance(value, str) and value.strip().lower() == "auto":
        return available_cpus()
    try:
        count = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{key} must be a positive integer, 'auto' or null, got {value!r}") from None
    if count < 1:
        raise ValueError(f"{key} must be a positive integer, 'auto' or null, got {value!r}")
    return count
