"""Bidirectional LSTM sequence encoder (the 'R' in CRNN) that ignores right padding exactly.

``nn.LSTM(bidirectional=True)`` runs its backward direction from the last frame of the padded
batch, so a line's features depend on how much white its batch (or the runtime) appended: the
quickstart model read the same 500 lines at 4.5 % CER in bucketed validation and 6.0-6.2 % in
the ONNX runtime (experiments/inference/README.md). Here each layer is two unidirectional
LSTMs; the backward one reads every line reversed *within its own length* (a gather with
indices computed from the padding mask), so it starts at the line's last valid frame. Padding
then only ever follows valid frames, where a causal LSTM cannot see it. The gather is plain
tensor arithmetic, so the exported ONNX graph keeps dynamic batch and width.

Checkpoints of the earlier ``nn.LSTM(bidirectional=True)`` layout load unchanged: the weights
are the same numbers under other names (``hwocr.models.compat.rename_fused_lstm_keys``).
"""

from __future__ import annotations

import torch
from torch import nn

from hwocr.models.compat import rename_fused_lstm_keys


def reverse_within_lengths(x: torch.Tensor, padding_mask: torch.Tensor | None) -> torch.Tensor:
    """(B, T, D) with each row's valid frames reversed in place; padded frames stay where they are.

    Valid frames are the leading ``(~padding_mask).sum(1)`` of each row. The map is its own
    inverse, so applying it twice gives ``x`` back.
    """
    if padding_mask is None:
        return x.flip(1)
    positions = torch.ones_like(padding_mask, dtype=torch.int64).cumsum(1) - 1  # trace-safe arange
    lengths = (~padding_mask).to(torch.int64).sum(1, keepdim=True)
    index = torch.where(positions < lengths, lengths - 1 - positions, positions)
    return x.gather(1, index.unsqueeze(-1).expand(-1, -1, x.shape[-1]))


class BiLSTMEncoder(nn.Module):
    """(B, T, in_dim) frames -> (B, T, 2 * hidden_size), exact under any right padding."""

    def __init__(self, in_dim: int, hidden_size: int = 256, num_layers: int = 2, dropout: float = 0.1) -> None:
        super().__init__()
        if num_layers < 1:
            raise ValueError(f"num_layers must be >= 1, got {num_layers}")
        dims = [in_dim] + [2 * hidden_size] * (num_layers - 1)
        self.forward_layers = nn.ModuleList(nn.LSTM(d, hidden_size, batch_first=True) for d in dims)
        self.backward_layers = nn.ModuleList(nn.LSTM(d, hidden_size, batch_first=True) for d in dims)
        # As nn.LSTM: dropout between layers, not after the last.
        self.dropout = nn.Dropout(dropout if num_layers > 1 else 0.0)
        self.out_dim = 2 * hidden_size

    def forward(self, x: torch.Tensor, padding_mask: torch.Tensor | None = None) -> torch.Tensor:
        """``padding_mask`` (B, T) bool is True on padded frames, which must all sit at the right."""
        for i, (fwd, bwd) in enumerate(zip(self.forward_layers, self.backward_layers, strict=True)):
            if i:
                x = self.dropout(x)
            ahead = fwd(x)[0]
            behind = reverse_within_lengths(bwd(reverse_within_lengths(x, padding_mask))[0], padding_mask)
            x = torch.cat([ahead, behind], dim=-1)
        return x

    def _load_from_state_dict(self, state_dict, prefix, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        rename_fused_lstm_keys(state_dict, prefix)  # checkpoints of the fused nn.LSTM layout
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)
