"""Write rendered lines as PNG files plus a ``manifest.tsv``: a fixed test set any tool can read.

The store (``store.py``) is the fast format for training; this one is for evaluation sets that
``hwocr-eval lines=<dir>/manifest.tsv`` and people's image viewers read, e.g. lines drawn with a
font that no training run saw.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from hwocr.core.manifest import write_image_manifest
from hwocr.synth.render.rendered_line import RenderedLine


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

    def rendered() -> Iterator[tuple[str, np.ndarray, str]]:
        for index in range(num_lines):
            drawn = line(index)
            if drawn.text.strip():
                yield f"{index:06d}", drawn.image, drawn.text

    return write_image_manifest(out_dir, rendered(), image_dir)
