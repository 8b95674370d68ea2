"""``hwocr-train``: the Hydra app around ``hwocr.pipeline.train.train``.

Returns ``optimized_metric`` for sweepers. In a multirun (``-m``) a failing job is recorded in
its ``metrics.json`` and the sweep goes on (``hwocr.tracking.trial``); a single run fails loudly.
"""

from __future__ import annotations

from hwocr.utils.env import quiet_environment

quiet_environment()

import hydra  # noqa: E402
from omegaconf import DictConfig, OmegaConf  # noqa: E402

from hwocr.tracking.resolvers import register_tracking_resolvers  # noqa: E402
from hwocr.utils.paths import CONFIG_DIR  # noqa: E402
from hwocr.utils.resolvers import register_resolvers  # noqa: E402

register_resolvers()
register_tracking_resolvers()


@hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name="train")
def main(cfg: DictConfig) -> float | None:
    from hydra.core.hydra_config import HydraConfig
    from hydra.types import RunMode

    from hwocr.pipeline.train import train
    from hwocr.tracking.trial import run_trial

    if cfg.extras.get("print_config"):
        print(OmegaConf.to_yaml(cfg))
    return run_trial(cfg, train, multirun=HydraConfig.get().mode == RunMode.MULTIRUN)


if __name__ == "__main__":
    main()
