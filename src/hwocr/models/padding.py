"""Which frames hold the line and which are padding, computed from the pixels themselves.

Batches are right-padded with white paper (255). The true width of a line is therefore the
position of its last non-white column, which the network can compute inside its own graph: the
exported ONNX file masks padding exactly as training did, with no extra ``widths`` input. A
line's own trailing white margin is masked too, which is harmless (it holds no text).
"""

from __future__ import annotations

import torch

from hwocr.models.preprocess import PAD_VALUE


def content_widths(pixels: torch.Tensor, pad_value: float = PAD_VALUE) -> torch.Tensor:
    """(B,) int64: one past the last column of (B, 1, H, W) ``pixels`` holding a non-paper value."""
    inked = (pixels < pad_value).to(pixels.dtype).amax(dim=(1, 2))  # (B, W)
    columns = torch.ones_like(inked).cumsum(-1)  # 1..W, trace-safe for dynamic widths
    return (inked * columns).amax(-1).to(torch.int64)


def frame_padding_mask(frame_lengths: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
    """(B, T) bool, True on padded frames; ``like`` is any (B, T, ...) tensor giving T."""
    positions = torch.ones_like(like[..., 0], dtype=torch.int64).cumsum(-1) - 1
    return positions >= frame_lengths.clamp(min=1)[:, None]
