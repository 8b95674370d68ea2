"""Which frames hold the line and which are padding, computed from the pixels themselves.

Batches are right-padded with white paper (255). The true width of a line is therefore the
position of its last non-white column, which the network can compute inside its own graph: the
exported ONNX file masks padding exactly as training did, with no extra ``widths`` input. A
line's own trailing white margin is masked too, which is harmless (it holds no text).
"""

from __future__ import annotations

from collections.abc import Callable

import torch

from hwocr.core.image import PAD_VALUE

# Logit given to every non-blank class on a padded frame; small enough for fp16 (> -65504).
_MASKED_LOGIT = -1.0e4


def content_widths(pixels: torch.Tensor, pad_value: float = PAD_VALUE) -> torch.Tensor:
    """(B,) int64: one past the last column of (B, 1, H, W) ``pixels`` holding a non-paper value."""
    inked = (pixels < pad_value).to(pixels.dtype).amax(dim=(1, 2))  # (B, W)
    columns = torch.ones_like(inked).cumsum(-1)  # 1..W, trace-safe for dynamic widths
    return (inked * columns).amax(-1).to(torch.int64)


def content_frame_lengths(pixels: torch.Tensor, output_lengths: Callable[[torch.Tensor], torch.Tensor]) -> torch.Tensor:
    """(B,) frames that can hold ink: the backbone's frames for the inked width, plus one.

    Backbones count frames with floor division, so the frame holding the last few inked
    columns would be cut without the extra one. May exceed the frames the batch has (then
    nothing is masked); ``frame_padding_mask`` needs no clamp, and leaving the frame count
    out keeps the traced ONNX graph free of shape constants.
    """
    return output_lengths(content_widths(pixels)) + 1


def frame_padding_mask(frame_lengths: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
    """(B, T) bool, True on padded frames; ``like`` is any (B, T, ...) tensor giving T."""
    positions = torch.ones_like(like[..., 0], dtype=torch.int64).cumsum(-1) - 1
    return positions >= frame_lengths.clamp(min=1)[:, None]


def blank_padded_frames(logits: torch.Tensor, padding_mask: torch.Tensor, blank_index: int) -> torch.Tensor:
    """CTC logits (B, T, C) with every padded frame set to a certain blank.

    No ink, no character: whatever a padded frame computed, it decodes as blank, so the number
    of padded frames after a line can never add or change characters (and CTC gets no gradient
    from them).
    """
    blank = torch.full_like(logits[:1, :1], _MASKED_LOGIT)
    blank[..., blank_index] = 0.0
    return torch.where(padding_mask[..., None], blank, logits)
