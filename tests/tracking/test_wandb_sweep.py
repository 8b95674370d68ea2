"""Hydra sweep expressions -> W&B sweep YAML, through the real ``hwocr-sweep`` entry point."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from hwocr.cli.sweep import fixed_overrides, main
from hwocr.tracking.wandb_sweep import build_wandb_sweep, parameter_spec


@pytest.mark.parametrize("expression, spec", [
    ("choice(crnn_small, crnn)", {"values": ["crnn_small", "crnn"]}),
    ("none,light,heavy", {"values": ["none", "light", "heavy"]}),
    ("choice(1, 2, 3)", {"values": [1, 2, 3]}),
    ("range(1, 4)", {"values": [1, 2, 3]}),
    ("interval(0.0, 2.0)", {"distribution": "uniform", "min": 0.0, "max": 2.0}),
    ("int(interval(1, 5))", {"distribution": "int_uniform", "min": 1, "max": 5}),
    ("tag(log, interval(0.0003, 0.01))", {"distribution": "log_uniform_values", "min": 0.0003, "max": 0.01}),
    ("64", {"value": 64}),
])
def test_parameter_spec(expression: str, spec: dict):
    assert parameter_spec("some.key", expression) == spec


def test_grid_when_all_choices_else_bayes():
    assert build_wandb_sweep({"augment": "none,light"}, "val/cer")["method"] == "grid"
    assert build_wandb_sweep({"lr": "interval(0.1, 1)"}, "val/cer")["method"] == "bayes"
    with pytest.raises(ValueError, match="no sweep parameters"):
        build_wandb_sweep({}, "val/cer")


def test_fixed_overrides_drop_only_sweeper_and_launcher_settings():
    kept = fixed_overrides(["hparams_search=crnn_optuna", "experiment=sweep_quick", "hydra.sweeper.n_trials=3",
                            "hydra/launcher=slurm", "trainer=gpu"])
    assert kept == ["hparams_search=crnn_optuna", "experiment=sweep_quick", "trainer=gpu"]


def test_hwocr_sweep_wandb_writes_a_sweep_for_the_hydra_app(tmp_path: Path):
    out = tmp_path / "sweep.yaml"
    assert main(["wandb", "hparams_search=crnn_optuna", "experiment=sweep_quick", "trainer.max_steps=50",
                 "--project", "hwocr", "-o", str(out)]) == 0
    sweep = yaml.safe_load(out.read_text())
    assert sweep["program"] == "hwocr-train" and sweep["method"] == "bayes" and sweep["project"] == "hwocr"
    assert sweep["metric"] == {"name": "val/cer", "goal": "minimize"}
    assert sweep["command"] == ["${env}", "${program}", "hparams_search=crnn_optuna", "experiment=sweep_quick",
                                "trainer.max_steps=50", "${args_no_hyphens}"]
    params = sweep["parameters"]
    assert params["model.optimizer.lr"]["distribution"] == "log_uniform_values"
    assert params["augment"] == {"values": ["none", "light", "heavy"]}
    assert set(params) >= {"model", "model.net.encoder.hidden_size", "model.net.encoder.num_layers", "data.train.text_source.weights.words"}


def test_hwocr_sweep_wandb_from_a_grid_ablation(capsys: pytest.CaptureFixture):
    assert main(["wandb", "hparams_search=ablation_augment_depth"]) == 0
    sweep = yaml.safe_load(capsys.readouterr().out)
    assert sweep["method"] == "grid"
    assert sweep["parameters"] == {"augment": {"values": ["none", "light", "heavy"]},
                                   "model.net.encoder.num_layers": {"values": [1, 2]}}
