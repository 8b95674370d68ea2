"""Where hwocr's configs live, and writing result files so that an interrupted write never leaves half a file."""

from __future__ import annotations

import json
import os
from pathlib import Path

# conf/ at the repository root (editable install), or $HWOCR_CONF.
CONFIG_DIR = Path(os.environ.get("HWOCR_CONF", Path(__file__).resolve().parents[3] / "conf")).resolve()


def write_text_atomic(path: Path, text: str) -> Path:
    """Write ``text`` beside ``path`` and rename it into place: readers see the old or the new file."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


def write_json(path: Path, payload: dict) -> Path:
    """``payload`` as indented UTF-8 JSON, written atomically."""
    return write_text_atomic(path, json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
