"""Pixels to a frame sequence: normalise, backbone, collapse height, and mark padded frames."""

from __future__ import annotations

import torch
from torch import nn

from hwocr.models.backbones.base import Backbone
from hwocr.models.padding import content_widths, frame_padding_mask
from hwocr.models.preprocess import InkNormalize


class HeightCollapse(nn.Sequential):
    """A learned (feature height x 1) convolution folding height into channels.

    Exact for the configured input height and any backbone, and a plain Conv in ONNX.
    """

    def __init__(self, in_channels: int, out_channels: int, feature_height: int) -> None:
        if feature_height < 1:
            raise ValueError(f"feature height {feature_height} < 1: input height too small for this backbone")
        super().__init__(
            nn.Conv2d(in_channels, out_channels, (feature_height, 1), bias=False),
            nn.BatchNorm2d(out_channels),
            nn.ReLU(inplace=True),
        )


class VisualFrontend(nn.Module):
    """(B, 1, H, W) pixels in 0..255 -> frames (B, T, out_dim) and their padding mask (B, T)."""

    def __init__(self, backbone: Backbone, input_height: int = 64, collapse_dim: int | None = None) -> None:
        super().__init__()
        self.input_height = input_height
        self.normalize = InkNormalize()
        self.backbone = backbone
        self.out_dim = collapse_dim or backbone.out_channels
        self.collapse = HeightCollapse(backbone.out_channels, self.out_dim, backbone.output_height(input_height))

    def output_lengths(self, widths: torch.Tensor) -> torch.Tensor:
        return self.backbone.output_width(widths)

    def forward(self, pixels: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        frames = self.collapse(self.backbone(self.normalize(pixels))).squeeze(2).transpose(1, 2)
        lengths = self.output_lengths(content_widths(pixels))
        return frames, frame_padding_mask(lengths, frames)
