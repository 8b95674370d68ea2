"""A PNG grid of what a pipeline does: each synthetic line, then several independent draws beside it.

The grid's first column is the line as rendered; the next ``draws`` columns are the pipeline
applied to it. The pipeline is copied and seeded for the preview, so looking never changes the
random stream a training run draws from.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from pathlib import Path

import cv2
import numpy as np

from hwocr.augment.pipeline import AugmentPipeline

# Form-field text of about 12 characters: names, addresses, dates, amounts, kana, free text.
PREVIEW_TEXTS = (
    "東京都千代田区丸の内１－２", "令和５年４月１日", "山田太郎", "ヤマダタロウ", "１２，３４５円",
    "きょうはいい天気です", "〒100-0005", "大阪府大阪市北区梅田",
)  # fmt: skip
_GUTTER = 200  # grey between cells, so white margins and width changes show
_HEADER = 18


def sample_lines(count: int = 6, height: int = 64, seed: int = 0) -> list[np.ndarray]:
    """``count`` handwritten lines (uint8, white paper) of ``PREVIEW_TEXTS``, same pixels for a seed."""
    from hwocr.synth.render.handwriting import HandwritingRenderer

    renderer = HandwritingRenderer(height=height)
    rng = np.random.default_rng(seed)
    return [renderer.render(PREVIEW_TEXTS[i % len(PREVIEW_TEXTS)], rng) for i in range(count)]


def seeded_copy(transform: Callable, seed: int) -> Callable:
    """A copy of ``transform`` drawing from ``seed`` only."""
    if isinstance(transform, AugmentPipeline):
        return transform.copy_with_seed(seed)
    other = copy.deepcopy(transform)
    if hasattr(other, "set_random_seed"):
        other.set_random_seed(seed)
    return other


def _pad(image: np.ndarray, height: int, width: int) -> np.ndarray:
    return np.pad(image, ((0, height - image.shape[0]), (0, width - image.shape[1])), constant_values=255)


def preview_grid(
    transform: Callable | None, lines: Sequence[np.ndarray], draws: int = 4, seed: int = 0, title: str = ""
) -> np.ndarray:
    """uint8 grid: one row per line, columns original | draw 1 .. draw ``draws``, a caption on top."""
    if not lines:
        raise ValueError("preview_grid needs at least one line")
    if draws < 1:
        raise ValueError(f"draws must be >= 1, got {draws}")
    augment = seeded_copy(transform, seed) if transform is not None else None
    rows = [[line] + [augment(image=line)["image"] if augment else line.copy() for _ in range(draws)] for line in lines]
    widths = [max(row[c].shape[1] for row in rows) for c in range(draws + 1)]
    heights = [max(cell.shape[0] for cell in row) for row in rows]
    gap = 4
    bar = [np.full((h, gap), _GUTTER, np.uint8) for h in heights]
    strips = []
    for row, h, sep in zip(rows, heights, bar, strict=True):
        cells = [_pad(cell, h, w) for cell, w in zip(row, widths, strict=True)]
        # A dark bar after the original marks where the draws begin.
        first = np.hstack([cells[0], np.full((h, gap), 80, np.uint8)])
        strips.append(np.hstack([first, *[np.hstack([sep, c]) for c in cells[1:]]]))
    width = strips[0].shape[1]
    spacer = np.full((gap, width), _GUTTER, np.uint8)
    header = np.full((_HEADER, width), 255, np.uint8)
    x = 0
    for c, w in enumerate(widths):
        label = "original" if c == 0 else f"draw {c}"
        if c == 0 and title:
            label = f"{title} | original"
        cv2.putText(header, label, (x + 2, _HEADER - 5), cv2.FONT_HERSHEY_SIMPLEX, 0.4, 0, 1, cv2.LINE_AA)
        x += w + gap
    return np.vstack([header, *[np.vstack([spacer, s]) for s in strips]])


def write_png(path: str | Path, image: np.ndarray) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not cv2.imwrite(str(path), image):
        raise OSError(f"could not write {path}")
    return path


def write_preview(
    path: str | Path,
    transform: Callable | None,
    lines: int = 6,
    draws: int = 4,
    height: int = 64,
    seed: int = 0,
    title: str = "",
) -> Path:
    """Render ``lines`` synthetic lines at ``height`` and write the preview grid of ``transform`` to ``path``."""
    grid = preview_grid(transform, sample_lines(lines, height, seed), draws=draws, seed=seed, title=title)
    return write_png(path, grid)
