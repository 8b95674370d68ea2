"""Where the Hydra configs live: ``conf/`` at the repository root (editable install), or $HWOCR_CONF."""

from __future__ import annotations

import os
from pathlib import Path

CONFIG_DIR = Path(os.environ.get("HWOCR_CONF", Path(__file__).resolve().parents[3] / "conf")).resolve()
