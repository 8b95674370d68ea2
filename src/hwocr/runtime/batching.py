"""Grouping lines of similar width into batches, and padding a batch into the model's input tensor."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from hwocr.core.image import PAD_VALUE

# A batch never pads its narrowest line by more than this factor: padding costs compute. (It no
# longer changes readings: exported models find padding from the pixels and ignore it.)
DEFAULT_MAX_PAD_RATIO = 1.5


def plan_batches(
    widths: Sequence[int], batch_size: int, max_pad_ratio: float = DEFAULT_MAX_PAD_RATIO
) -> list[list[int]]:
    """Indices into ``widths`` grouped into batches of at most ``batch_size`` similar widths.

    Lines are sorted by width and a batch closes when it is full or when the next line is wider
    than ``max_pad_ratio`` times its narrowest line. The plan depends only on the widths, so the
    same inputs always give the same batches.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    order = sorted(range(len(widths)), key=lambda i: (widths[i], i))
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:
        if current and (len(current) >= batch_size or widths[i] > max_pad_ratio * widths[current[0]]):
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


def pad_batch(lines: Sequence[np.ndarray], pad_value: float = PAD_VALUE, min_width: int = 1) -> np.ndarray:
    """Stack uint8 (H, W) lines of one height into float32 (B, 1, H, W_max), padded on the right."""
    if not lines:
        raise ValueError("cannot pad an empty batch")
    height = lines[0].shape[0]
    width = max(min_width, max(line.shape[1] for line in lines))
    batch = np.full((len(lines), 1, height, width), pad_value, dtype=np.float32)
    for i, line in enumerate(lines):
        if line.shape[0] != height:
            raise ValueError(f"line {i} has height {line.shape[0]}, batch height is {height}")
        batch[i, 0, :, : line.shape[1]] = line
    return batch
