"""Run names, groups and tags for loggers, derived from the experiment and the sweep.

Registered as OmegaConf resolvers by the training app (``hwocr.tracking.resolvers``):

- single run:  name ``<experiment>-<YYYYmmdd-HHMMSS>``, group ``<experiment>``, tags ``tags``
- sweep job:   name ``<group>-<job number>``, group ``<experiment>-<sweep>``, tags ``tags`` +
  ``sweep`` + the ``hparams_search`` choice. ``<sweep>`` is the Optuna study name when the sweeper
  has one (so a resumed study stays one group; not repeated when it already starts with the
  experiment name), else the sweep directory's name.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from omegaconf import DictConfig, OmegaConf


def _hydra() -> Any | None:
    from hydra.core.hydra_config import HydraConfig

    return HydraConfig.get() if HydraConfig.initialized() else None


def _is_multirun(hydra_cfg: Any | None) -> bool:
    from hydra.types import RunMode

    return hydra_cfg is not None and hydra_cfg.mode == RunMode.MULTIRUN


def sweep_label(hydra_cfg: Any) -> str:
    study = OmegaConf.select(hydra_cfg, "sweeper.study_name", default=None)
    if study:
        return str(study)
    return Path(str(hydra_cfg.sweep.dir)).name


def run_name(_root_: DictConfig) -> str:
    experiment = _root_.get("experiment_name") or _root_.get("task_name") or "run"
    hydra_cfg = _hydra()
    if _is_multirun(hydra_cfg):
        label = sweep_label(hydra_cfg)
        prefix = label if label.startswith(experiment) else f"{experiment}-{label}"
        return f"{prefix}-{hydra_cfg.job.num}"
    return f"{experiment}-{time.strftime('%Y%m%d-%H%M%S')}"


def run_group(_root_: DictConfig) -> str:
    experiment = str(_root_.get("experiment_name") or _root_.get("task_name") or "run")
    hydra_cfg = _hydra()
    if _is_multirun(hydra_cfg):
        label = sweep_label(hydra_cfg)
        return label if label.startswith(experiment) else f"{experiment}-{label}"
    return experiment


def run_tags(_root_: DictConfig) -> list[str]:
    tags = [str(t) for t in (_root_.get("tags") or [])]
    hydra_cfg = _hydra()
    if _is_multirun(hydra_cfg):
        tags.append("sweep")
        search = OmegaConf.select(hydra_cfg, "runtime.choices.hparams_search", default=None)
        if search:
            tags.append(str(search))
    return list(dict.fromkeys(tags))

