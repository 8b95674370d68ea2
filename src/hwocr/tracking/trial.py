"""One training job of a sweep: a failure is recorded and reported to the sweeper, not raised.

A single run still fails loudly; in a multirun the job writes ``metrics.json`` with
``status: failed`` and the error, closes its W&B run as failed, and returns None. The basic
sweeper ignores return values; the Optuna sweeper (hydra-optuna-sweeper 1.3) records a None as a
FAIL trial and goes on as long as ``max_failure_rate`` allows (1.0 in conf/hparams_search/). NaN
would be the obvious choice but makes that sweeper crash in ``study.tell``; +inf would be
recorded as a completed trial.
"""

from __future__ import annotations

import logging
import math
import traceback
from collections.abc import Callable
from pathlib import Path

from omegaconf import DictConfig

from hwocr.tracking.wandb_media import finish_wandb_run
from hwocr.utils.files import write_json

log = logging.getLogger(__name__)


def failure_record(error: BaseException) -> dict:
    return {
        "status": "failed",
        "error": f"{type(error).__name__}: {error}",
        "traceback": "".join(traceback.format_exception(error))[-8000:],
    }


def objective_value(metrics: dict, key: str | None) -> float | None:
    value = metrics.get(key or "")
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def run_trial(cfg: DictConfig, train_fn: Callable[[DictConfig], dict], multirun: bool) -> float | None:
    """Call ``train_fn(cfg)``; return ``cfg.optimized_metric`` from its metrics (None on failure in a sweep)."""
    try:
        metrics = train_fn(cfg)
    except Exception as error:
        finish_wandb_run(failed=True)
        if not multirun:
            raise
        output_dir = Path(cfg.paths.output_dir)
        output_dir.mkdir(parents=True, exist_ok=True)
        write_json(output_dir / "metrics.json", failure_record(error))
        log.error("trial failed, the sweep goes on: %s: %s\n%s", type(error).__name__, error,
                  "".join(traceback.format_exception(error))[-3000:])
        return None
    finish_wandb_run(failed=False)
    value = objective_value(metrics, cfg.get("optimized_metric"))
    if value is None or math.isnan(value):
        log.warning("optimized_metric %r is missing or NaN in the metrics", cfg.get("optimized_metric"))
        return None
    return value
