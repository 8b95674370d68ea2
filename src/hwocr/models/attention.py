"""Pre-norm transformer blocks written with plain ops, so they trace to ONNX on any exporter."""

from __future__ import annotations

import torch
from torch import nn


class MultiHeadAttention(nn.Module):
    """Scaled dot-product attention of ``x`` (B, Lq, D) over ``context`` (B, Lk, D).

    ``blocked`` is a bool mask broadcastable to (B, Lq, Lk); True = may not attend. Callers
    guarantee at least one open key per query.
    """

    def __init__(self, dim: int, heads: int, dropout: float = 0.0) -> None:
        super().__init__()
        if dim % heads:
            raise ValueError(f"dim {dim} is not divisible by heads {heads}")
        self.heads = heads
        self.scale = (dim // heads) ** -0.5
        self.query = nn.Linear(dim, dim)
        self.key_value = nn.Linear(dim, 2 * dim)
        self.out = nn.Linear(dim, dim)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, context: torch.Tensor, blocked: torch.Tensor | None = None) -> torch.Tensor:
        b, _, d = x.shape
        h = self.heads
        q = self.query(x).reshape(b, -1, h, d // h).transpose(1, 2)
        k, v = self.key_value(context).reshape(b, -1, 2, h, d // h).permute(2, 0, 3, 1, 4)
        scores = (q @ k.transpose(-1, -2)) * self.scale  # (B, h, Lq, Lk)
        if blocked is not None:
            scores = scores.masked_fill(blocked[:, None], torch.finfo(scores.dtype).min)
        weights = self.dropout(scores.softmax(-1))
        return self.out((weights @ v).transpose(1, 2).reshape(b, -1, d))


class FeedForward(nn.Sequential):
    def __init__(self, dim: int, mlp_ratio: float = 2.0, dropout: float = 0.0) -> None:
        hidden = int(dim * mlp_ratio)
        super().__init__(nn.Linear(dim, hidden), nn.GELU(), nn.Dropout(dropout), nn.Linear(hidden, dim), nn.Dropout(dropout))


class EncoderBlock(nn.Module):
    """Self-attention + feed-forward, pre-norm residual."""

    def __init__(self, dim: int, heads: int, mlp_ratio: float = 2.0, dropout: float = 0.0) -> None:
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn = MultiHeadAttention(dim, heads, dropout)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = FeedForward(dim, mlp_ratio, dropout)
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, blocked: torch.Tensor | None = None) -> torch.Tensor:
        y = self.norm1(x)
        x = x + self.drop(self.attn(y, y, blocked))
        return x + self.mlp(self.norm2(x))


class DecoderBlock(nn.Module):
    """Two-stream decoder block (as in PARSeq): position queries attend to token contents.

    ``query`` (B, L, D) holds only positions, ``content`` (B, L, D) the embedded input tokens
    (BOS first). Which contents a query may see is entirely ``content_blocked`` (causal for
    left-to-right decoding, any permutation's order for permutation training), because a query
    never carries the token it is asked to predict. Then cross-attention over the visual memory
    and a feed-forward layer update the query stream.
    """

    def __init__(self, dim: int, heads: int, mlp_ratio: float = 2.0, dropout: float = 0.0) -> None:
        super().__init__()
        self.norm_query = nn.LayerNorm(dim)
        self.norm_content = nn.LayerNorm(dim)
        self.self_attn = MultiHeadAttention(dim, heads, dropout)
        self.norm_cross = nn.LayerNorm(dim)
        self.cross_attn = MultiHeadAttention(dim, heads, dropout)
        self.norm_mlp = nn.LayerNorm(dim)
        self.mlp = FeedForward(dim, mlp_ratio, dropout)
        self.drop = nn.Dropout(dropout)

    def forward(
        self,
        query: torch.Tensor,
        content: torch.Tensor,
        memory: torch.Tensor,
        content_blocked: torch.Tensor,
        memory_blocked: torch.Tensor | None,
    ) -> torch.Tensor:
        x = query + self.drop(self.self_attn(self.norm_query(query), self.norm_content(content), content_blocked))
        x = x + self.drop(self.cross_attn(self.norm_cross(x), memory, memory_blocked))
        return x + self.mlp(self.norm_mlp(x))
