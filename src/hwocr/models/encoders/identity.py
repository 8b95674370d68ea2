"""No sequence context: a pure convolutional CTC model (fastest, weakest)."""

from __future__ import annotations

import torch
from torch import nn


class IdentityEncoder(nn.Module):
    def __init__(self, in_dim: int) -> None:
        super().__init__()
        self.out_dim = in_dim

    def forward(self, x: torch.Tensor, padding_mask: torch.Tensor | None = None) -> torch.Tensor:
        return x
