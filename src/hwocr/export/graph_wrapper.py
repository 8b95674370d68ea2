"""The module that is traced into ONNX: a recognizer plus softmax and greedy-decoding outputs."""

from __future__ import annotations

import torch
from torch import nn

INPUT_NAME = "pixels"
OUTPUT_NAMES = ("probs", "best_class", "best_prob")


class CTCExportGraph(nn.Module):
    """Wrap a CTC recognizer (pixels (B, 1, H, W) in 0..255 -> logits (B, T, C)).

    Returns ``probs`` (B, T, C) float32, ``best_class`` (B, T) int64 and ``best_prob`` (B, T),
    so a runtime can decode greedily without a softmax or argmax of its own. Normalisation is
    already the recognizer's first layer, so the graph takes raw gray levels.
    """

    def __init__(self, net: nn.Module) -> None:
        super().__init__()
        self.net = net

    def forward(self, pixels: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        probs = self.net(pixels).float().softmax(-1)
        best_prob, best_class = probs.max(-1)
        return probs, best_class, best_prob
