"""Transformer sequence encoder over frames, with convolutional positions and padding masks."""

from __future__ import annotations

import torch
from torch import nn

from hwocr.models.attention import EncoderBlock
from hwocr.models.positional import ConvPositionalEncoding


class TransformerEncoder(nn.Module):
    """(B, T, in_dim) -> (B, T, dim). A factory for ``CTCRecognizer`` too (then without masks).

    ``padding_mask`` (B, T) bool marks padded frames: they are zeroed before the positional
    convolution and no frame attends to them, so a line's output does not depend on how much
    padding its batch added.
    """

    def __init__(
        self,
        in_dim: int,
        dim: int = 192,
        depth: int = 4,
        heads: int = 4,
        mlp_ratio: float = 2.0,
        dropout: float = 0.1,
        pos_kernel: int = 7,
    ) -> None:
        super().__init__()
        self.proj = nn.Linear(in_dim, dim) if in_dim != dim else nn.Identity()
        self.pos = ConvPositionalEncoding(dim, pos_kernel)
        self.blocks = nn.ModuleList(EncoderBlock(dim, heads, mlp_ratio, dropout) for _ in range(depth))
        self.norm = nn.LayerNorm(dim)
        self.out_dim = dim

    def forward(self, x: torch.Tensor, padding_mask: torch.Tensor | None = None) -> torch.Tensor:
        x = self.proj(x)
        blocked = None
        if padding_mask is not None:
            x = x.masked_fill(padding_mask[..., None], 0.0)
            blocked = padding_mask[:, None, :]  # (B, 1, T): keys only
        x = self.pos(x)
        for block in self.blocks:
            x = block(x, blocked)
        return self.norm(x)
