"""Bad samples are counted, named and survived: the one ledger every dataset writes to.

A bad image, an empty label or a text outside the charset must not cost a training run. Datasets
record each one here (kind, and where: ``manifest.tsv:12 (img/3.png)``), log the first few of
each kind, and go on with another sample. The counts live in shared memory so that DataLoader
workers (forked or spawned) add to the same numbers the training process reports
(``bad_sample_metrics``, for ``metrics.json`` and the logger).
"""

from __future__ import annotations

import logging
import multiprocessing as mp
from collections.abc import Mapping
from typing import Any, Literal

log = logging.getLogger(__name__)

BadSamplePolicy = Literal["skip", "fail"]
POLICIES = ("skip", "fail")
KINDS = (
    "malformed_line",  # a manifest line that does not parse
    "missing_file",  # the image file is not there
    "unreadable_image",  # zero-size, truncated or not an image
    "bad_aspect",  # empty, absurdly wide, or a column
    "empty_label",  # no text to learn from
    "unknown_chars",  # outside the charset under unknown_policy=skip
)
# The first few of each kind are logged with their names; the rest are counted.
LOGGED_PER_KIND = 5


class BadSampleError(ValueError):
    """A bad sample under policy ``fail``; the message names the sample."""


class BadSampleLog:
    """Counts of bad samples by kind for one dataset, shared across DataLoader workers."""

    def __init__(self, name: str, policy: BadSamplePolicy = "skip") -> None:
        if policy not in POLICIES:
            raise ValueError(f"bad_samples policy must be one of {POLICIES}, got {policy!r}")
        self.name = name
        self.policy = policy
        # A lock-protected shared array: workers inherit it (fork) or receive it when started (spawn).
        self._counts = mp.get_context().Array("q", len(KINDS))

    def record(self, kind: str, where: str, reason: str = "") -> None:
        """Count one bad sample; under policy ``fail`` raise BadSampleError naming it instead."""
        message = f"{where}: {reason or kind.replace('_', ' ')}"
        if self.policy == "fail":
            raise BadSampleError(f"{message} (bad_samples=fail; use skip to train without it)")
        slot = KINDS.index(kind)
        with self._counts.get_lock():
            self._counts[slot] += 1
            seen = self._counts[slot]
        if seen <= LOGGED_PER_KIND:
            log.warning("%s: skipped (%s) %s%s", self.name, kind, message,
                        " (further ones are only counted)" if seen == LOGGED_PER_KIND else "")

    def counts(self) -> dict[str, int]:
        """Non-zero counts by kind."""
        return {kind: int(n) for kind, n in zip(KINDS, self._counts[:], strict=True) if n}

    @property
    def total(self) -> int:
        return sum(self.counts().values())

    def summary(self) -> str:
        counts = self.counts()
        return ", ".join(f"{n} {kind}" for kind, n in counts.items()) if counts else "none"


def bad_sample_metrics(datasets: Mapping[str, Any]) -> dict[str, int]:
    """``data/<split>/skipped`` and ``data/<split>/skipped_<kind>`` for every dataset with a
    ``bad_samples`` ledger, for metrics.json: ``metrics.update(bad_sample_metrics(dm.datasets))``."""
    metrics: dict[str, int] = {}
    for split, dataset in datasets.items():
        ledger = getattr(dataset, "bad_samples", None)
        if not isinstance(ledger, BadSampleLog):
            continue
        counts = ledger.counts()
        metrics[f"data/{split}/skipped"] = sum(counts.values())
        metrics.update({f"data/{split}/skipped_{kind}": n for kind, n in counts.items()})
    return metrics
