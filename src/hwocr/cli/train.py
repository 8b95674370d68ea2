"""``hwocr-train``: the Hydra app around ``hwocr.pipeline.train.train``."""

from __future__ import annotations

from hwocr.utils.env import quiet_environment

quiet_environment()

import hydra  # noqa: E402
from omegaconf import DictConfig, OmegaConf  # noqa: E402

from hwocr.utils.paths import CONFIG_DIR  # noqa: E402
from hwocr.utils.resolvers import register_resolvers  # noqa: E402

register_resolvers()


@hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name="train")
def main(cfg: DictConfig) -> float | None:
    from hwocr.pipeline.train import train

    if cfg.extras.get("print_config"):
        print(OmegaConf.to_yaml(cfg))
    metrics = train(cfg)
    value = metrics.get(cfg.get("optimized_metric") or "")
    return float(value) if value is not None else None


if __name__ == "__main__":
    main()
