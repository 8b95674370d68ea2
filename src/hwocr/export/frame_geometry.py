"""Finding the width -> frame-count rule of a recognizer, so the runtime can apply it without torch."""

from __future__ import annotations

import torch
from torch import nn

from hwocr.runtime.model_metadata import FrameGeometry

# Checked over every width up to this; far beyond any line the runtime accepts at 64 px.
_CHECK_WIDTHS = 8192


def _lengths(net: nn.Module, widths: torch.Tensor) -> torch.Tensor:
    if not hasattr(net, "output_lengths"):
        raise TypeError(f"{type(net).__name__} has no output_lengths(widths); cannot describe its frames")
    return net.output_lengths(widths).to(torch.int64)


def fit_frame_geometry(net: nn.Module, max_width: int = _CHECK_WIDTHS) -> FrameGeometry:
    """The ``FrameGeometry`` equal to ``net.output_lengths`` for every width 1..``max_width``.

    Raises ValueError when no (stride, offset) reproduces it: the runtime would then count
    valid frames wrongly, which silently corrupts the end of every line.
    """
    widths = torch.arange(1, max_width + 1)
    lengths = _lengths(net, widths)
    half = max_width // 2
    grown = int(lengths[-1] - lengths[half - 1])
    if grown <= 0:
        raise ValueError("output_lengths does not grow with width")
    stride = round((max_width - half) / grown)
    for offset in range(-4 * stride, 4 * stride + 1):
        expected = torch.clamp(torch.div(widths + offset, stride, rounding_mode="floor"), min=0)
        if torch.equal(expected, lengths):
            return FrameGeometry(stride=stride, offset=offset)
    raise ValueError(
        f"output_lengths is not max(0, (width + offset) // stride) for stride {stride} and any small offset"
    )
