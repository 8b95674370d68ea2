"""The sweep and launcher configs compose with the training config (no training)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hydra import compose, initialize_config_dir
from omegaconf import OmegaConf

from hwocr.cli.resolvers import register_resolvers
from hwocr.utils.files import CONFIG_DIR


def compose_train(*overrides: str):
    register_resolvers()
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        return compose(config_name="train", overrides=list(overrides), return_hydra_config=True)


def test_optuna_search_config(tmp_path: Path):
    cfg = compose_train("hparams_search=crnn_optuna", "experiment=sweep_quick", f"optuna.storage_dir={tmp_path}/db")
    sweeper = cfg.hydra.sweeper
    assert sweeper._target_.endswith("OptunaSweeper") and sweeper.sampler._target_.endswith("TPESampler")
    assert sweeper.direction == "minimize" and cfg.optimized_metric == "val/cer"
    assert sweeper.study_name == "sweep_quick-crnn_optuna"
    assert sweeper.storage == f"sqlite:///{tmp_path}/db/sweep_quick-crnn_optuna.db"
    assert set(sweeper.params) == {"model.optimizer.lr", "model", "model.net.encoder.hidden_size",
                                   "model.net.encoder.num_layers", "augment", "data.train.text_source.weights.words"}
    assert cfg.data.train.text_source._target_.endswith("TextMixture") and "csv" in cfg.logger


@pytest.mark.parametrize("words", ["0.0", "1.5"])
def test_text_mix_builds(words: str):
    import hydra

    cfg = compose_train("hparams_search=crnn_optuna", "experiment=sweep_quick", f"data.train.text_source.weights.words={words}")
    charset = hydra.utils.instantiate(cfg.charset)
    datamodule = hydra.utils.instantiate(cfg.data, charset=charset)
    lines = [datamodule.dataset("train")[i]["text"] for i in range(4)]
    assert all(lines) and len(datamodule.dataset("val")) == cfg.data.val.size


def test_grid_ablation_config():
    cfg = compose_train("hparams_search=ablation_augment_depth")
    assert OmegaConf.to_container(cfg.hydra.sweeper.params) == {"augment": "none,light,heavy",
                                                                 "model.net.encoder.num_layers": "1,2"}


@pytest.mark.parametrize("launcher, gpus", [("slurm", None), ("slurm_gpu", 1)])
def test_slurm_launchers(launcher: str, gpus: int | None):
    cfg = compose_train(f"hydra/launcher={launcher}", "hydra.launcher.partition=gpu")
    assert cfg.hydra.launcher._target_.endswith("SlurmLauncher")
    assert cfg.hydra.launcher.gpus_per_node == gpus and cfg.hydra.launcher.partition == "gpu"
