"""Pixels to a frame sequence: normalise, backbone, collapse height, and mark padded frames."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from hwocr.core.image import PAD_VALUE
from hwocr.models.backbones.base import Backbone
from hwocr.models.padding import content_frame_lengths, frame_padding_mask


class InkNormalize(nn.Module):
    """Map grayscale pixels in [0, 255] (white paper) to ink intensity in [0, 1], centred.

    Ink becomes ~1 and padding (``PAD_VALUE``, white) exactly 0, which keeps padded frames quiet
    for the sequence encoder. Lives inside every recognizer, so the exported graph carries it.
    """

    def __init__(self, mean: float = 0.0, std: float = 1.0) -> None:
        super().__init__()
        self.mean = mean
        self.std = std

    def forward(self, pixels: torch.Tensor) -> torch.Tensor:
        ink = 1.0 - pixels.float() / PAD_VALUE
        return (ink - self.mean) / self.std


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
    """(B, 1, H, W) pixels in 0..255 -> frames (B, T, out_dim) and their padding mask (B, T).

    Every input gets ``edge_margin`` white columns appended inside the graph, enough that no
    frame holding ink can see past the end of the image (by default the backbone's right
    reach plus two frames). Without it the last characters of a tightly cropped line would read
    differently alone (the convolutions' zero padding at the image edge) than in a batch
    (white padding after it). With it, frames over ink see the same pixels however much
    padding follows, so with a padding-aware encoder a line's reading is exactly independent
    of its batch. ``T`` is then a few frames more than ``output_lengths(W)``; those frames are
    padding. ``edge_margin=0`` turns it off (cheaper for backbones with huge receptive fields).

    The margin is added in eval mode only: validation, ``hwocr-eval`` and every exported graph
    (traced in eval mode) read with it, training does not. In training it cost 9-41 % of a CPU
    step of the quickstart CRNN (``hwocr-bench padding``), and training needs no exactness: all but the widest line of each
    bucketed batch are already followed by white padding, which is what the margin shows.
    """

    def __init__(
        self,
        backbone: Backbone,
        input_height: int = 64,
        collapse_dim: int | None = None,
        edge_margin: int | None = None,
    ) -> None:
        super().__init__()
        self.input_height = input_height
        self.normalize = InkNormalize()
        self.backbone = backbone
        self.out_dim = collapse_dim or backbone.out_channels
        feature_height = backbone.output_height(input_height)
        if feature_height < 1:
            raise ValueError(
                f"input_height {input_height} is too small for this backbone (feature height {feature_height})"
            )
        self.collapse = HeightCollapse(backbone.out_channels, self.out_dim, feature_height)
        if edge_margin is None:
            edge_margin = backbone.right_reach(input_height) + 2 * backbone.width_stride()
        if edge_margin < 0:
            raise ValueError(f"edge_margin must be >= 0, got {edge_margin}")
        self.edge_margin = int(edge_margin)

    def output_lengths(self, widths: torch.Tensor) -> torch.Tensor:
        return self.backbone.output_width(widths)

    def forward(self, pixels: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        if self.edge_margin and not self.training:
            pixels = F.pad(pixels, (0, self.edge_margin), value=PAD_VALUE)
        frames = self.collapse(self.backbone(self.normalize(pixels))).squeeze(2).transpose(1, 2)
        lengths = content_frame_lengths(pixels, self.output_lengths)
        return frames, frame_padding_mask(lengths, frames)
