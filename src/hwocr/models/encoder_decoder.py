"""Autoregressive encoder-decoder recognizer: visual encoder + transformer decoder with cross-attention."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
from torch import nn

from hwocr.decoding.autoregressive import Hypothesis, beam_search, greedy_search
from hwocr.models.attention import DecoderBlock
from hwocr.models.backbones.base import Backbone
from hwocr.models.frontend import VisualFrontend
from hwocr.models.positional import sinusoidal_table


class EncoderDecoderRecognizer(nn.Module):
    """Pixels -> visual memory -> characters one at a time.

    Token ids reuse the charset: class 0 (the CTC blank) is EOS, characters keep their charset
    index, and two extra ids serve as BOS (``num_classes``) and padding (``num_classes + 1``).
    The output layer therefore has ``num_classes`` units, exactly as a CTC head, so Japanese
    charsets of several thousand characters cost one (dim x classes) matrix.

    ``encoder`` is a factory taking ``in_dim`` whose module accepts ``padding_mask`` (e.g.
    ``TransformerEncoder``); its ``out_dim`` is the decoder's width. The decoder is two-stream
    (position queries read token contents, see ``DecoderBlock``), so the same weights decode
    left to right and train under any factorisation order (``decode(..., order=...)``).
    """

    def __init__(
        self,
        backbone: Backbone,
        encoder: Callable[..., nn.Module],
        num_classes: int,
        input_height: int = 64,
        collapse_dim: int | None = None,
        edge_margin: int | None = None,
        decoder_depth: int = 2,
        heads: int = 4,
        mlp_ratio: float = 2.0,
        dropout: float = 0.1,
        max_length: int = 32,
    ) -> None:
        super().__init__()
        self.input_height = input_height
        self.num_classes = num_classes
        self.max_length = max_length
        self.eos, self.bos, self.pad = 0, num_classes, num_classes + 1
        self.frontend = VisualFrontend(backbone, input_height, collapse_dim, edge_margin)
        self.encoder = encoder(in_dim=self.frontend.out_dim)
        dim = self.encoder.out_dim
        self.embed = nn.Embedding(num_classes + 2, dim, padding_idx=self.pad)
        self.query_bias = nn.Parameter(torch.zeros(dim))
        self.register_buffer("positions", sinusoidal_table(max_length + 2, dim), persistent=False)
        self.blocks = nn.ModuleList(DecoderBlock(dim, heads, mlp_ratio, dropout) for _ in range(decoder_depth))
        self.norm = nn.LayerNorm(dim)
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(dim, num_classes)

    @property
    def backbone(self) -> Backbone:
        return self.frontend.backbone

    def output_lengths(self, widths: torch.Tensor) -> torch.Tensor:
        """Frames of visual memory per true width (the exporter's frame geometry)."""
        return self.frontend.output_lengths(widths)

    def encode(self, pixels: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Memory (B, T, dim) and its padding mask (B, T), True on padded frames."""
        frames, padding = self.frontend(pixels)
        return self.encoder(frames, padding), padding

    def decode(
        self,
        tokens: torch.Tensor,
        memory: torch.Tensor,
        memory_padding: torch.Tensor,
        order: torch.Tensor | None = None,
    ) -> torch.Tensor:
        """Logits (B, L, num_classes); output ``i`` predicts the token after input ``i``.

        ``order`` (L,) is a permutation of the output positions (PARSeq-style training): output
        ``i`` sees input ``j`` (which holds the target of output ``j - 1``) only when output ``j - 1``
        comes before ``i`` in ``order``; BOS is always visible. None = left to right (causal).
        """
        steps = torch.ones_like(tokens).cumsum(1) - 1  # 0..L-1, trace-safe
        positions = self.positions[steps]
        query = self.dropout(positions + self.query_bias)
        content = self.dropout(self.embed(tokens) + positions)
        blocked = self.content_blocked(steps[0], order)[None] | (tokens == self.pad)[:, None, :]
        blocked_memory = memory_padding[:, None, :]
        for block in self.blocks:
            query = block(query, content, memory, blocked, blocked_memory)
        return self.head(self.norm(query))

    @staticmethod
    def content_blocked(steps: torch.Tensor, order: torch.Tensor | None = None) -> torch.Tensor:
        """(L, L) bool: True where output ``i`` may not read input ``j``."""
        if order is None:
            return steps[None, :] > steps[:, None]  # causal, diagonal open (input i is the previous token)
        rank = torch.empty_like(order)
        rank[order] = torch.arange(len(order), device=order.device)
        earlier = rank[None, :-1] < rank[:, None]  # output j-1 before output i
        first = torch.ones_like(earlier[:, :1])  # BOS
        return ~torch.cat([first, earlier], dim=1)

    def forward(self, pixels: torch.Tensor, tokens: torch.Tensor, order: torch.Tensor | None = None) -> torch.Tensor:
        """Teacher forcing: logits (B, L, C) predicting ``tokens[:, 1:]`` and EOS from ``tokens``."""
        memory, padding = self.encode(pixels)
        return self.decode(tokens, memory, padding, order)

    def next_log_probs(self, tokens: torch.Tensor, memory: torch.Tensor, memory_padding: torch.Tensor) -> torch.Tensor:
        """Log-probabilities (B, C) of the token after each prefix: the decoder-step graph."""
        return self.decode(tokens, memory, memory_padding)[:, -1].float().log_softmax(-1)

    @torch.no_grad()
    def generate(self, pixels: torch.Tensor, beam_width: int = 1, max_length: int | None = None) -> list[Hypothesis]:
        """Greedy (``beam_width`` 1) or beam-search decoding of a batch of lines."""
        limit = min(max_length or self.max_length, self.max_length)
        memory, padding = self.encode(pixels)

        def step(tokens: np.ndarray, rows: np.ndarray) -> np.ndarray:
            idx = torch.from_numpy(rows).to(memory.device)
            prefix = torch.from_numpy(tokens).to(memory.device)
            return self.next_log_probs(prefix, memory[idx], padding[idx]).cpu().numpy()

        if beam_width <= 1:
            return greedy_search(step, pixels.shape[0], self.bos, self.eos, limit)
        return beam_search(step, pixels.shape[0], self.bos, self.eos, limit, beam_width)
