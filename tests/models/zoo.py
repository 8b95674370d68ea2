"""Model-zoo test helpers: every conf/model/*.yaml composed inside the real training config."""

from __future__ import annotations

import hydra
import torch
from hydra import compose, initialize_config_dir
from omegaconf import DictConfig

from hwocr.data.charset import Charset
from hwocr.systems.base import RecognitionSystem
from hwocr.utils.paths import CONFIG_DIR

MODEL_CONFIGS = sorted(p.stem for p in (CONFIG_DIR / "model").glob("*.yaml"))
HEIGHT = 32
TEXTS = ["あい", "12かな", "山川3", "ねこ"]


def compose_train(model: str, *overrides: str) -> DictConfig:
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        return compose("train", overrides=[f"model={model}", f"data.height={HEIGHT}", *overrides])


def build_system(model: str, charset: Charset, *overrides: str) -> RecognitionSystem:
    torch.manual_seed(0)
    return hydra.utils.instantiate(compose_train(model, *overrides).model, charset=charset)
