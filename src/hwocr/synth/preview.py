"""A PNG contact sheet of rendered lines with their text, for looking rather than reading.

Labels are drawn by the stroke renderer itself in a steady hand, so no CJK font is needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import cv2
import numpy as np

from hwocr.synth.render.kanjivg import KanjiVGRenderer
from hwocr.synth.render.rendered_line import RenderedLine

_LABEL_STYLE = {
    "size": (0.8, 0.8),
    "stroke_width": (1.2, 1.2),
    "slant": (0, 0),
    "jitter": (0, 0),
    "spacing": (0.12, 0.12),
    "baseline_wander": (0, 0),
    "ink": (90, 90),
    "blur": (0, 0),
    "margin": (0.1, 0.1),
    "char_scale_jitter": 0.0,
    "char_rotation_deg": 0.0,
}


def preview_grid(lines: Sequence[RenderedLine], label_height: int = 20, gap: int = 6) -> np.ndarray:
    """Each horizontal line under its label; vertical lines upright, side by side, in a last row."""
    labeler = KanjiVGRenderer(height=label_height, **_LABEL_STYLE)

    def label(text: str) -> np.ndarray:
        drawable = "".join(c for c in text if labeler.supports(c))
        return labeler.render(drawable or " ", np.random.default_rng(0))

    spacer = np.full((gap, 1), 255, np.uint8)
    rows: list[np.ndarray] = []
    columns: list[np.ndarray] = []
    for line in lines:
        if line.vertical:
            rows.append(label(f"縦{len(columns) + 1} {line.text}"))
            columns.append(np.rot90(line.image, -1))
        else:
            rows.extend([label(line.text), line.image, spacer])
    if columns:
        length = max(c.shape[0] for c in columns)
        padded = [np.pad(c, ((0, length - c.shape[0]), (gap, gap)), constant_values=255) for c in columns]
        rows.extend([spacer, np.hstack(padded)])
    width = max(r.shape[1] for r in rows)
    return np.vstack([np.pad(r, ((0, 0), (0, width - r.shape[1])), constant_values=255) for r in rows])


def write_preview(path: str | Path, lines: Sequence[RenderedLine]) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not cv2.imwrite(str(path), preview_grid(lines)):
        raise OSError(f"could not write {path}")
    return path
