"""Backbone -> height collapse -> sequence encoder -> linear CTC head, as one pure nn.Module."""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn

from hwocr.models.backbones.base import Backbone
from hwocr.models.preprocess import InkNormalize


class CTCRecognizer(nn.Module):
    """A line recognizer emitting per-frame class logits for CTC.

    Input: grayscale pixels ``(B, 1, H, W)`` in [0, 255], white paper, padded with 255.
    Output: logits ``(B, T, num_classes)``; ``output_lengths`` maps true widths to valid T.
    ``encoder`` is a factory taking ``in_dim`` (Hydra ``_partial_: true``), so configs never
    repeat the backbone's channel count.
    """

    def __init__(
        self,
        backbone: Backbone,
        encoder: Callable[..., nn.Module],
        num_classes: int,
        input_height: int = 64,
        collapse_dim: int | None = None,
        dropout: float = 0.1,
        residual: bool = True,
    ) -> None:
        super().__init__()
        self.input_height = input_height
        self.num_classes = num_classes
        self.normalize = InkNormalize()
        self.backbone = backbone
        feat_h = backbone.output_height(input_height)
        if feat_h < 1:
            raise ValueError(f"input_height {input_height} is too small for this backbone (feature height {feat_h})")
        collapse_dim = collapse_dim or backbone.out_channels
        # A learned (feat_h x 1) convolution folds height into channels; it is exact for the
        # configured input height and exports to ONNX as a plain Conv.
        self.collapse = nn.Sequential(
            nn.Conv2d(backbone.out_channels, collapse_dim, (feat_h, 1), bias=False),
            nn.BatchNorm2d(collapse_dim),
            nn.ReLU(inplace=True),
        )
        self.encoder = encoder(in_dim=collapse_dim)
        # A projection of the visual features straight to the head, added to the sequence
        # encoder's output. Without it a CTC CRNN on 275 classes sat on the all-blank plateau
        # for 2,400+ steps on CPU; with it the loss falls from the first few hundred steps
        # (experiments/quickstart/README.md), because the CNN gets gradients the LSTM has not
        # yet learned to pass on.
        self.shortcut = nn.Linear(collapse_dim, self.encoder.out_dim) if residual else None
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(self.encoder.out_dim, num_classes)

    def output_lengths(self, widths: torch.Tensor) -> torch.Tensor:
        return self.backbone.output_width(widths)

    def forward(self, pixels: torch.Tensor) -> torch.Tensor:
        x = self.backbone(self.normalize(pixels))
        x = self.collapse(x).squeeze(2).transpose(1, 2)  # (B, T, D)
        y = self.encoder(x)
        if self.shortcut is not None:
            y = y + self.shortcut(x)
        return self.head(self.dropout(y))
