"""OmegaConf resolvers used by hwocr configs; every Hydra app registers them all at import."""

from __future__ import annotations

import os
from pathlib import Path

from omegaconf import OmegaConf

from hwocr.tracking.naming import run_group, run_name, run_tags
from hwocr.tracking.optuna_study import resumed_seed


def wandb_offline() -> bool:
    """True unless the user has configured W&B: an explicit WANDB_MODE, an API key, or a login."""
    mode = os.environ.get("WANDB_MODE")
    if mode:
        return mode in ("offline", "dryrun", "disabled")
    if os.environ.get("WANDB_API_KEY"):
        return False
    netrc = Path(os.environ.get("NETRC", Path.home() / ".netrc"))
    try:
        return "api.wandb.ai" not in netrc.read_text() and not os.environ.get("WANDB_BASE_URL")
    except OSError:
        return not os.environ.get("WANDB_BASE_URL")


def sqlite_url(path: str) -> str:
    """``sqlite:///ABS/PATH`` for an Optuna storage file, creating its folder (SQLite won't)."""
    file = Path(path).expanduser().resolve()
    file.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{file}"


def sync_batchnorm(accelerator: str) -> bool:
    """Whether DDP should convert BatchNorm to SyncBatchNorm: only on CUDA, the one backend it runs on
    (on CPU, Lightning's ``sync_batchnorm=True`` fails with "SyncBatchNorm layers only work with GPU
    modules"). ``auto`` means CUDA when a CUDA device is visible."""
    accelerator = str(accelerator).lower()
    if accelerator == "auto":
        import torch  # only here: most configs never ask, and the resolvers load with every app

        return torch.cuda.is_available()
    return accelerator in ("gpu", "cuda")


def register_resolvers() -> None:
    resolvers = {
        "hwocr_wandb_offline": wandb_offline,
        "hwocr_run_name": run_name,
        "hwocr_run_group": run_group,
        "hwocr_run_tags": run_tags,
        "hwocr_sqlite_url": sqlite_url,
        "hwocr_study_seed": resumed_seed,
        "hwocr_sync_batchnorm": sync_batchnorm,
    }
    for name, fn in resolvers.items():
        if not OmegaConf.has_resolver(name):
            OmegaConf.register_new_resolver(name, fn)
