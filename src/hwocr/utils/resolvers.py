"""OmegaConf resolvers used by hwocr configs; registered by every entry point."""

from __future__ import annotations

import os
from pathlib import Path

from omegaconf import OmegaConf


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


def register_resolvers() -> None:
    if not OmegaConf.has_resolver("hwocr_wandb_offline"):
        OmegaConf.register_new_resolver("hwocr_wandb_offline", wandb_offline)
