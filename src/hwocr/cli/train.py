"""``hwocr-train``: the Hydra app around ``hwocr.pipeline.training.train``.

Returns ``optimized_metric`` for sweepers. In a multirun (``-m``) a failing job is recorded in
its ``metrics.json`` and the sweep goes on (``hwocr.tracking.trial``); a single run fails loudly.
"""

from __future__ import annotations

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig, OmegaConf

from hwocr.cli.config_check import ConfigError, check_config, hydra_origins
from hwocr.cli.resolvers import register_resolvers
from hwocr.pipeline.training import train
from hwocr.tracking.trial import run_trial
from hwocr.utils.files import CONFIG_DIR

register_resolvers()


def checked_train(cfg: DictConfig) -> dict:
    """``train`` after ``check_config``: bad keys, targets and types fail before anything is built,
    naming the file or override that set them."""
    check_config(cfg, hydra_origins(HydraConfig.get(), cfg))
    return train(cfg)


@hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name="train")
def main(cfg: DictConfig) -> float | None:
    if cfg.extras.get("print_config"):
        print(OmegaConf.to_yaml(cfg))
    try:
        # In a sweep a config error fails its own trial only, recorded like any other failure.
        return run_trial(cfg, checked_train, multirun=HydraConfig.get().mode == RunMode.MULTIRUN)
    except ConfigError as exc:
        raise SystemExit(f"hwocr-train: config error:\n{exc}") from None


if __name__ == "__main__":
    main()
