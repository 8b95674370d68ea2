"""Process-wide settings every hwocr entry point applies before importing heavy libraries."""

from __future__ import annotations

import os


def quiet_environment() -> None:
    # albumentations otherwise checks PyPI for updates at import time (no network on clusters).
    os.environ.setdefault("NO_ALBUMENTATIONS_UPDATE", "1")
    # W&B defaults to offline unless the user configured it (see hwocr.utils.resolvers).
    os.environ.setdefault("WANDB_SILENT", "true")
