"""OmegaConf resolvers for tracking and sweep configs; ``hwocr-train`` registers them."""

from __future__ import annotations

from pathlib import Path

from omegaconf import OmegaConf

from hwocr.tracking.naming import run_group, run_name, run_tags
from hwocr.tracking.optuna_study import resumed_seed


def sqlite_url(path: str) -> str:
    """``sqlite:///ABS/PATH`` for an Optuna storage file, creating its folder (SQLite won't)."""
    file = Path(path).expanduser().resolve()
    file.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{file}"


def register_tracking_resolvers() -> None:
    resolvers = {
        "hwocr_run_name": run_name,
        "hwocr_run_group": run_group,
        "hwocr_run_tags": run_tags,
        "hwocr_sqlite_url": sqlite_url,
        "hwocr_study_seed": resumed_seed,
    }
    for name, fn in resolvers.items():
        if not OmegaConf.has_resolver(name):
            OmegaConf.register_new_resolver(name, fn)
