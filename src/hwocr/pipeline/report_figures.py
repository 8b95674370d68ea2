"""PNG figures of the evaluation report: line images with character marks, glyph crops, accuracy vs coverage.

Line images are shown as the model saw them (after the runtime's normalisation and resizing to model
height, enlarged for the eye); a tick under each read character sits at the x position the runtime
reports, coloured from red (confidence 0) to green (1). Japanese text is never drawn into a PNG
(that would need a CJK font on the machine): the texts go into the report's tables beside them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib
import numpy as np
from PIL import Image, ImageDraw

matplotlib.use("Agg")  # before pyplot is imported: no display on servers, hence the E402 below
import matplotlib.pyplot as plt  # noqa: E402

from hwocr.metrics.rejection import OperatingPoint  # noqa: E402

DISPLAY_HEIGHT = 48
MAX_DISPLAY_WIDTH = 1400
TICK = 6  # pixels of mark band below a line


def confidence_colour(confidence: float) -> tuple[int, int, int]:
    """Red at 0, amber at 0.5, green at 1."""
    c = min(max(confidence, 0.0), 1.0)
    return (int(220 * min(1.0, 2 * (1 - c))), int(180 * min(1.0, 2 * c)), 40)


def _scaled(gray: np.ndarray, height: int) -> tuple[Image.Image, float]:
    """``gray`` at display height (width capped), and the factor its x coordinates were scaled by."""
    h, w = gray.shape
    scale = height / max(h, 1)
    if w * scale > MAX_DISPLAY_WIDTH:
        scale = MAX_DISPLAY_WIDTH / max(w, 1)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return Image.fromarray(gray).resize(size, Image.Resampling.BILINEAR), scale


def save_line(gray: np.ndarray, path: Path, positions: Sequence[float] = (), confidences: Sequence[float] = (),
              height: int = DISPLAY_HEIGHT) -> Path:
    """A uint8 line image as PNG, with one confidence-coloured tick per character at ``positions``."""
    image, scale = _scaled(gray, height)
    canvas = Image.new("RGB", (image.width, image.height + (TICK + 2 if positions else 0)), (255, 255, 255))
    canvas.paste(image.convert("RGB"), (0, 0))
    draw = ImageDraw.Draw(canvas)
    for x, conf in zip(positions, list(confidences) + [1.0] * (len(positions) - len(confidences)), strict=False):
        cx = round(x * scale)
        draw.rectangle([cx - 1, image.height + 2, cx + 1, image.height + 1 + TICK], fill=confidence_colour(conf))
    path.parent.mkdir(parents=True, exist_ok=True)
    canvas.save(path)
    return path


def char_width(positions: Sequence[float], height: int) -> float:
    """The width to crop around one character: the median spacing of the read characters plus a
    margin (CTC positions are frame centres, a stride apart), kept near a square (handwritten Japanese
    cells are about as wide as the line is high); the height when unknown."""
    if len(positions) < 2:
        return float(height)
    spacing = float(np.median(np.diff(sorted(positions))))
    return min(max(1.3 * spacing, 0.6 * height), 1.5 * height)


def save_crop(gray: np.ndarray, x: float, width: float, path: Path, height: int = DISPLAY_HEIGHT) -> Path:
    """The cell of ``width`` pixels centred on ``x`` (clipped to the line), as a PNG at display height."""
    left = int(max(0, min(gray.shape[1] - 1, round(x - width / 2))))
    right = int(min(gray.shape[1], max(left + 1, round(x + width / 2))))
    image, _ = _scaled(np.ascontiguousarray(gray[:, left:right]), height)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)
    return path


def plot_coverage(points: Sequence[OperatingPoint], path: Path, marks: Sequence[float] = (0.8, 0.9, 0.95)) -> Path:
    """Line accuracy and 1 - CER of the accepted lines against coverage (most confident lines first)."""
    coverage = [p.coverage for p in points]
    fig, ax = plt.subplots(figsize=(6.5, 4.2), dpi=110)
    ax.plot(coverage, [p.line_accuracy for p in points], marker="o", markersize=3, label="exact-line accuracy")
    ax.plot(coverage, [1.0 - p.cer for p in points], marker="s", markersize=3, label="1 - CER")
    for mark in marks:
        ax.axvline(mark, color="grey", linewidth=0.6, linestyle=":")
    ax.set_xlabel("coverage (share of lines accepted, most confident first)")
    ax.set_ylabel("on the accepted lines")
    ax.set_xlim(0.0, 1.02)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8, loc="lower left")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path
