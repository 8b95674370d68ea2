"""Position information that works for any line width."""

from __future__ import annotations

import math

import torch
from torch import nn


class ConvPositionalEncoding(nn.Module):
    """A residual depthwise 1-D convolution over frames (conditional positional encoding).

    Positions come from the neighbourhood, not from a table, so any number of frames works and
    nothing is tied to a training width. Padded frames must be zero on input (callers mask).
    """

    def __init__(self, dim: int, kernel_size: int = 7) -> None:
        super().__init__()
        self.conv = nn.Conv1d(dim, dim, kernel_size, padding=kernel_size // 2, groups=dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.conv(x.transpose(1, 2)).transpose(1, 2)


def sinusoidal_table(length: int, dim: int) -> torch.Tensor:
    """(length, dim) fixed sine/cosine position codes (Vaswani et al.)."""
    position = torch.arange(length, dtype=torch.float32)[:, None]
    freq = torch.exp(torch.arange(0, dim, 2, dtype=torch.float32) * (-math.log(10000.0) / dim))
    table = torch.zeros(length, dim)
    table[:, 0::2] = torch.sin(position * freq)
    table[:, 1::2] = torch.cos(position * freq[: dim // 2])
    return table
