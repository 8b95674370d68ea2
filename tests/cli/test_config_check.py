"""``hwocr.cli.config_check`` on every shipped experiment and on broken configs, in process."""

from __future__ import annotations

from pathlib import Path

import pytest
from hydra import compose, initialize_config_dir
from omegaconf import OmegaConf

from hwocr.cli.config_check import ConfigError, check_config, hydra_origins
from hwocr.cli.resolvers import register_resolvers
from hwocr.utils.files import CONFIG_DIR

register_resolvers()
EXPERIMENTS = sorted(p.stem for p in (CONFIG_DIR / "experiment").glob("*.yaml"))


def composed(*overrides: str, hydra: bool = False):
    with initialize_config_dir(str(CONFIG_DIR), version_base="1.3"):
        return compose("train", overrides=list(overrides), return_hydra_config=hydra)


@pytest.mark.parametrize("experiment", [None, *EXPERIMENTS])
def test_shipped_configs_pass(experiment: str | None):
    check_config(composed(*([f"experiment={experiment}"] if experiment else [])))


def test_a_key_inherited_from_another_experiment_is_named_with_its_file(tmp_path: Path):
    # The bug this check found: extending experiment=real_transfer, whose one_cycle pct_start
    # survives a switch to vit_ctc's warmup_cosine schedule (real_transfer_gpu, since fixed).
    (tmp_path / "experiment").mkdir()
    (tmp_path / "experiment" / "on_vit.yaml").write_text(
        "# @package _global_\ndefaults:\n  - real_transfer\n  - override /model: vit_ctc\n", encoding="utf-8")
    cfg = composed(f"hydra.searchpath=[file://{tmp_path}]", "experiment=on_vit", hydra=True)
    with pytest.raises(ConfigError) as caught:
        check_config(cfg, hydra_origins(cfg.hydra, cfg))
    assert str(caught.value) == (
        "model.scheduler.pct_start: hwocr.systems.schedules.warmup_cosine takes no argument 'pct_start' "
        f"[from {CONFIG_DIR / 'experiment' / 'real_transfer.yaml'}]"
    )


def test_every_problem_is_one_line_naming_key_and_origin(tmp_path: Path):
    (tmp_path / "experiment").mkdir()
    typo = tmp_path / "experiment" / "typo.yaml"
    typo.write_text("# @package _global_\ntrainer:\n  max_epoch: 3\nmodel:\n  net:\n    backbone:\n"
                    "      _target_: hwocr.models.backbones.vgg.NoSuchBackbone\n", encoding="utf-8")
    cfg = composed(f"hydra.searchpath=[file://{tmp_path}]", "experiment=typo", "data.batch_size=four",
                   "model.optimizer.weight_decay=heavy", hydra=True)
    with pytest.raises(ConfigError) as caught:
        check_config(cfg, hydra_origins(cfg.hydra, cfg))
    assert sorted(str(caught.value).splitlines()) == sorted([
        "data.batch_size: hwocr.data.datamodule.LineDataModule wants int for 'batch_size', got 'four' "
        "[from the command line: data.batch_size=four]",
        "model.net.backbone._target_: cannot import 'hwocr.models.backbones.vgg.NoSuchBackbone' (AttributeError: "
        f"module 'hwocr.models.backbones.vgg' has no attribute 'NoSuchBackbone') [from {typo}]",
        "model.optimizer.weight_decay: torch.optim.AdamW wants float for 'weight_decay', got 'heavy' "
        "[from the command line: model.optimizer.weight_decay=heavy]",
        f"trainer.max_epoch: pytorch_lightning.Trainer takes no argument 'max_epoch' (did you mean 'max_epochs'?) "
        f"[from {typo}]",
    ])


def test_interpolations_are_judged_resolved():
    cfg = OmegaConf.create({"size": "${height}", "height": "tall",
                            "net": {"_target_": "hwocr.models.backbones.vgg.VGGBackbone", "in_channels": "${size}"}})
    with pytest.raises(ConfigError, match=r"^net.in_channels: .*VGGBackbone wants int for 'in_channels', got 'tall'$"):
        check_config(cfg)
    cfg.height = 1
    check_config(cfg)


def test_callables_taking_any_keyword_take_any_key():
    check_config(OmegaConf.create({"d": {"_target_": "builtins.dict", "anything": 1}}))
    check_config(OmegaConf.create({"f": {"_target_": "functools.partial", "_args_": ["builtins.print"], "x": 1}}))
