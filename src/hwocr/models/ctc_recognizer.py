"""Backbone -> height collapse -> sequence encoder -> linear CTC head, as one pure nn.Module."""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn

from hwocr.models.backbones.base import Backbone
from hwocr.models.compat import move_into_frontend
from hwocr.models.frontend import VisualFrontend
from hwocr.models.padding import blank_padded_frames


class CTCRecognizer(nn.Module):
    """A line recognizer emitting per-frame class logits for CTC.

    Input: grayscale pixels ``(B, 1, H, W)`` in [0, 255], white paper, padded with 255.
    Output: logits ``(B, T, num_classes)``; ``output_lengths`` maps true widths to valid T.
    ``encoder`` is a factory taking ``in_dim`` (Hydra ``_partial_: true``) whose module takes
    ``(frames, padding_mask)``, so configs never repeat the backbone's channel count.

    Padding is found from the pixels (``VisualFrontend``): the encoder ignores it and padded
    frames decode as blank, so a line reads the same alone, in a bucketed batch, or in the
    exported ONNX graph beside a line ten times longer.
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
        residual: bool = True,
        blank_index: int = 0,
    ) -> None:
        super().__init__()
        if not 0 <= blank_index < num_classes:
            raise ValueError(f"blank_index {blank_index} is outside 0..{num_classes - 1}")
        self.input_height = input_height
        self.num_classes = num_classes
        self.blank_index = blank_index
        self.frontend = VisualFrontend(backbone, input_height, collapse_dim, edge_margin)
        self.encoder = encoder(in_dim=self.frontend.out_dim)
        # A projection of the visual features straight to the head, added to the sequence
        # encoder's output. Without it a CTC CRNN on 275 classes sat on the all-blank plateau
        # for 2,400+ steps on CPU; with it the loss falls from the first few hundred steps
        # (experiments/quickstart/README.md), because the CNN gets gradients the LSTM has not
        # yet learned to pass on.
        self.shortcut = nn.Linear(self.frontend.out_dim, self.encoder.out_dim) if residual else None
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(self.encoder.out_dim, num_classes)

    @property
    def backbone(self) -> Backbone:
        return self.frontend.backbone

    def output_lengths(self, widths: torch.Tensor) -> torch.Tensor:
        return self.frontend.output_lengths(widths)

    def forward(self, pixels: torch.Tensor) -> torch.Tensor:
        x, padding = self.frontend(pixels)  # (B, T, D), (B, T)
        y = self.encoder(x, padding)
        if self.shortcut is not None:
            y = y + self.shortcut(x)
        return blank_padded_frames(self.head(self.dropout(y)), padding, self.blank_index)

    def _load_from_state_dict(self, state_dict, prefix, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        move_into_frontend(state_dict, prefix)  # checkpoints from before the shared VisualFrontend
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)
