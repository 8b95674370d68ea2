"""Bidirectional LSTM sequence encoder (the 'R' in CRNN)."""

from __future__ import annotations

import torch
from torch import nn


class BiLSTMEncoder(nn.Module):
    def __init__(self, in_dim: int, hidden_size: int = 256, num_layers: int = 2, dropout: float = 0.1) -> None:
        super().__init__()
        self.lstm = nn.LSTM(
            in_dim,
            hidden_size,
            num_layers=num_layers,
            bidirectional=True,
            batch_first=True,
            dropout=dropout if num_layers > 1 else 0.0,
        )
        self.out_dim = 2 * hidden_size

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.lstm(x)[0]
