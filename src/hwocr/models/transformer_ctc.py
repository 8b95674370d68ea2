"""ViT/SVTR-style CTC recognizer: conv stem, transformer over frames, linear CTC head."""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn

from hwocr.models.backbones.base import Backbone
from hwocr.models.frontend import VisualFrontend
from hwocr.models.padding import blank_padded_frames


class TransformerCTCRecognizer(nn.Module):
    """Pixels (B, 1, H, W) in 0..255 -> CTC logits (B, T, num_classes).

    The ``backbone`` is the patch/conv stem (any ``Backbone``: a few strided convs make
    overlapping patches); ``encoder`` is a factory taking ``in_dim`` whose module accepts a
    ``padding_mask`` (e.g. ``TransformerEncoder``). Positions are convolutional, so widths are free;
    padded frames are masked in attention and decode as blank.
    """

    def __init__(
        self,
        backbone: Backbone,
        encoder: Callable[..., nn.Module],
        num_classes: int,
        input_height: int = 64,
        collapse_dim: int | None = None,
        edge_margin: int | None = None,
        dropout: float = 0.1,
        blank_index: int = 0,
    ) -> None:
        super().__init__()
        self.input_height = input_height
        self.num_classes = num_classes
        self.blank_index = blank_index
        self.frontend = VisualFrontend(backbone, input_height, collapse_dim, edge_margin)
        self.encoder = encoder(in_dim=self.frontend.out_dim)
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(self.encoder.out_dim, num_classes)

    @property
    def backbone(self) -> Backbone:
        return self.frontend.backbone

    def output_lengths(self, widths: torch.Tensor) -> torch.Tensor:
        return self.frontend.output_lengths(widths)

    def forward(self, pixels: torch.Tensor) -> torch.Tensor:
        frames, padding = self.frontend(pixels)
        logits = self.head(self.dropout(self.encoder(frames, padding)))
        return blank_padded_frames(logits, padding, self.blank_index)
