"""Write rendered lines as PNG files plus a ``manifest.tsv``: a fixed test set any tool can read.

The store (``store.py``) is the fast format for training; this one is for evaluation sets that
``hwocr-eval lines=<dir>/manifest.tsv`` and people's image viewers read, e.g. lines drawn with a
font that no training run saw.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import cv2

from hwocr.data.manifest import write_manifest
from hwocr.synth.rendered_line import RenderedLine

MANIFEST_NAME = "manifest.tsv"


def write_line_manifest(
    out_dir: str | Path,
    line: Callable[[int], RenderedLine],
    num_lines: int,
    image_dir: str = "images",
) -> Path:
    """Render lines ``0 .. num_lines - 1`` with ``line(index)`` into ``out_dir``; returns the manifest path.

    Texts are written as rendered; a text that is blank after stripping is skipped (a manifest
    line needs text), so the manifest may hold fewer than ``num_lines`` lines.
    """
    out = Path(out_dir)
    (out / image_dir).mkdir(parents=True, exist_ok=True)
    entries = []
    for index in range(num_lines):
        rendered = line(index)
        if not rendered.text.strip():
            continue
        rel = f"{image_dir}/{index:06d}.png"
        if not cv2.imwrite(str(out / rel), rendered.image):
            raise OSError(f"could not write {out / rel}")
        entries.append((rel, rendered.text))
    return write_manifest(entries, out / MANIFEST_NAME)
