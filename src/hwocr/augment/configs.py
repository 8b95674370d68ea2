"""The ``conf/augment`` group outside a training run: list it, compose one entry, build its pipeline."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import hydra
from hydra import compose, initialize_config_dir
from omegaconf import DictConfig, open_dict

from hwocr.utils.files import CONFIG_DIR


def pipeline_names(config_dir: Path = CONFIG_DIR) -> list[str]:
    """Every ``conf/augment/*.yaml``, by name."""
    return sorted(p.stem for p in (Path(config_dir) / "augment").glob("*.yaml"))


def compose_augment(
    name: str, strength: float | None = None, overrides: Sequence[str] = (), config_dir: Path = CONFIG_DIR
) -> DictConfig | None:
    """The ``augment`` node of ``augment=name`` (+ Hydra ``overrides`` such as ``augment.transforms.0.p=1``).

    ``strength`` replaces the config's own; it is ignored for ``none``, which has no transforms.
    """
    names = pipeline_names(config_dir)
    if name not in names:
        raise ValueError(f"augment={name}: no such config in {Path(config_dir) / 'augment'}; choose one of {names}")
    with initialize_config_dir(config_dir=str(config_dir), version_base="1.3"):
        cfg = compose(overrides=[f"+augment={name}", *overrides])
    node = cfg.get("augment") or None  # none.yaml (null) composes to an empty node
    if node is not None and strength is not None:
        with open_dict(node):
            node.strength = float(strength)
    return node


def load_pipeline(
    name: str, strength: float | None = None, overrides: Sequence[str] = (), config_dir: Path = CONFIG_DIR
) -> Callable | None:
    """The transform ``augment=name`` builds in training (None for ``none``)."""
    node = compose_augment(name, strength, overrides, config_dir)
    return None if node is None else hydra.utils.instantiate(node)
