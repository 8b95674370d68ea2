"""A sweep job records its failure and returns None (Optuna: a FAIL trial); a single run fails loudly."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from omegaconf import OmegaConf

from hwocr.tracking.trial import run_trial


def explode(cfg) -> dict:
    raise ValueError("Invalid learning rate: -1.0")


def cfg_for(tmp_path: Path):
    return OmegaConf.create({"paths": {"output_dir": str(tmp_path / "job")}, "optimized_metric": "val/cer"})


def test_failing_sweep_job_writes_metrics_json_and_returns_none(tmp_path: Path):
    assert run_trial(cfg_for(tmp_path), explode, multirun=True) is None
    record = json.loads((tmp_path / "job" / "metrics.json").read_text())
    assert record["status"] == "failed"
    assert record["error"] == "ValueError: Invalid learning rate: -1.0"
    assert "explode" in record["traceback"]


def test_failing_single_run_raises(tmp_path: Path):
    with pytest.raises(ValueError, match="learning rate"):
        run_trial(cfg_for(tmp_path), explode, multirun=False)
    assert not (tmp_path / "job" / "metrics.json").exists()


def test_returns_the_optimized_metric(tmp_path: Path):
    assert run_trial(cfg_for(tmp_path), lambda cfg: {"val/cer": 0.25}, multirun=True) == 0.25
    assert run_trial(cfg_for(tmp_path), lambda cfg: {}, multirun=True) is None
    assert run_trial(cfg_for(tmp_path), lambda cfg: {"val/cer": math.nan}, multirun=True) is None
