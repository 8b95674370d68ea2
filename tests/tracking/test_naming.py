"""Run names, groups and tags outside a sweep, and the SQLite URL resolver."""

from __future__ import annotations

from pathlib import Path

from omegaconf import OmegaConf

from hwocr.cli.resolvers import sqlite_url
from hwocr.tracking.naming import run_group, run_name, run_tags


def test_single_run_names_come_from_the_experiment():
    cfg = OmegaConf.create({"experiment_name": "quickstart", "task_name": "train", "tags": ["a", "b", "a"]})
    assert run_name(cfg).startswith("quickstart-")
    assert run_group(cfg) == "quickstart"
    assert run_tags(cfg) == ["a", "b"]


def test_resolvers_in_a_config(tmp_path: Path):
    cfg = OmegaConf.create({
        "experiment_name": "exp", "tags": ["x"],
        "wandb": {"group": "${hwocr_run_group:}", "tags": "${hwocr_run_tags:}"},
        "storage": f"${{hwocr_sqlite_url:{tmp_path}/deep/er/study.db}}",
    })
    assert cfg.wandb.group == "exp" and list(cfg.wandb.tags) == ["x"]
    assert cfg.storage == f"sqlite:///{tmp_path}/deep/er/study.db"
    assert (tmp_path / "deep" / "er").is_dir()
    assert sqlite_url(str(tmp_path / "s.db")).endswith("/s.db")


def test_study_seed_offsets_by_the_trials_already_run(tmp_path: Path):
    import optuna

    from hwocr.tracking.optuna_study import count_trials, resumed_seed

    storage = f"sqlite:///{tmp_path}/study.db"
    assert resumed_seed(7, storage, "s") == 7 and not (tmp_path / "study.db").exists()
    study = optuna.create_study(study_name="s", storage=storage)
    study.optimize(lambda trial: trial.suggest_float("x", 0, 1), n_trials=3)
    assert count_trials(storage, "s") == 3 and count_trials(storage, "other") == 0
    assert resumed_seed(7, storage, "s") == 10 and resumed_seed(None, storage, "s") is None
