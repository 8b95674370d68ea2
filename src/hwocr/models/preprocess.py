"""Pixel normalisation that lives inside every recognizer, so the exported graph carries it."""

from __future__ import annotations

import torch
from torch import nn

# Paper is white: images and padding are 255, ink is dark. After InkNormalize ink is ~1 and
# padding is exactly 0, which keeps padded frames quiet for the sequence encoder.
PAD_VALUE = 255.0


class InkNormalize(nn.Module):
    """Map grayscale pixels in [0, 255] (white paper) to ink intensity in [0, 1], centred."""

    def __init__(self, mean: float = 0.0, std: float = 1.0) -> None:
        super().__init__()
        self.mean = mean
        self.std = std

    def forward(self, pixels: torch.Tensor) -> torch.Tensor:
        ink = 1.0 - pixels.float() / 255.0
        return (ink - self.mean) / self.std
