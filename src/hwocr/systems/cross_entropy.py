"""The shared cross-entropy training system for autoregressive (encoder-decoder) recognizers."""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import nn

from hwocr.core.charset import Charset
from hwocr.data.collate import LineBatch
from hwocr.systems.base import RecognitionSystem

IGNORE = -100


def teacher_forcing_tokens(
    targets: torch.Tensor, target_lengths: torch.Tensor, bos: int, eos: int, pad: int, max_length: int
) -> tuple[torch.Tensor, torch.Tensor]:
    """Decoder inputs ``[BOS, c1..cn, PAD..]`` and outputs ``[c1..cn, EOS, IGNORE..]``, both (B, L+1).

    ``targets`` are the collate's concatenated label indices. Lines longer than ``max_length``
    are cut there without EOS: the model learns to go on, never to stop early.
    """
    lengths = target_lengths.tolist()
    width = min(max(lengths, default=0), max_length) + 1
    inputs = torch.full((len(lengths), width), pad, dtype=torch.long)
    outputs = torch.full((len(lengths), width), IGNORE, dtype=torch.long)
    inputs[:, 0] = bos
    offset = 0
    for i, n in enumerate(lengths):
        chars = targets[offset : offset + n][:max_length]
        offset += n
        k = len(chars)
        inputs[i, 1 : k + 1] = chars
        outputs[i, :k] = chars
        if n <= max_length:
            outputs[i, k] = eos
    return inputs, outputs


class CrossEntropySystem(RecognitionSystem):
    """Teacher-forced cross-entropy; greedy (or beam) decoding for validation.

    ``net`` is a factory taking ``num_classes``; the module maps ``(pixels, tokens)`` to logits,
    exposes ``bos``, ``eos``, ``pad``, ``max_length`` and ``generate(pixels, beam_width)``
    (see ``EncoderDecoderRecognizer``). ``permutations`` > 1 trains PARSeq-style: each batch is
    also decoded in that many factorisation orders (left to right, right to left, then random)
    over one shared visual encoding, and their losses averaged; the net's ``decode`` must take
    ``order``. Decoding stays left to right.
    """

    def __init__(
        self,
        net: Callable[..., nn.Module],
        charset: Charset,
        optimizer: Callable[..., torch.optim.Optimizer],
        scheduler: Callable | None = None,
        label_smoothing: float = 0.1,
        beam_width: int = 1,
        permutations: int = 1,
    ) -> None:
        super().__init__(charset, optimizer, scheduler)
        self.net = net(num_classes=charset.num_classes)
        self.label_smoothing = label_smoothing
        self.beam_width = beam_width
        self.permutations = permutations

    def tokens(self, batch: LineBatch) -> tuple[torch.Tensor, torch.Tensor]:
        inputs, outputs = teacher_forcing_tokens(
            batch["targets"].cpu(), batch["target_lengths"].cpu(), self.net.bos, self.net.eos, self.net.pad,
            self.net.max_length,
        )
        return inputs.to(self.device), outputs.to(self.device)

    def orders(self, length: int) -> list[torch.Tensor]:
        """Left to right, right to left, then random orders of ``length`` output positions."""
        forward = torch.arange(length, device=self.device)
        orders = [forward, forward.flip(0)]
        while len(orders) < self.permutations:
            orders.append(torch.randperm(length, device=self.device))
        return orders[: self.permutations]

    def _cross_entropy(self, logits: torch.Tensor, outputs: torch.Tensor) -> torch.Tensor:
        return F.cross_entropy(logits.float().flatten(0, 1), outputs.flatten(), ignore_index=IGNORE,
                               label_smoothing=self.label_smoothing)

    def loss(self, batch: LineBatch) -> torch.Tensor:
        inputs, outputs = self.tokens(batch)
        if self.permutations <= 1 or not self.training:
            return self._cross_entropy(self.net(batch["images"], inputs), outputs)
        memory, padding = self.net.encode(batch["images"])
        losses = [self._cross_entropy(self.net.decode(inputs, memory, padding, order), outputs)
                  for order in self.orders(inputs.shape[1])]
        return torch.stack(losses).mean()

    @torch.no_grad()
    def _read(self, batch: LineBatch) -> tuple[list[str], list[float]]:
        """Generated texts and their line confidences."""
        hyps = self.net.generate(batch["images"], beam_width=self.beam_width)
        return [self.charset.decode(h.indices) for h in hyps], [h.confidence for h in hyps]

    def decode(self, batch: LineBatch) -> list[str]:
        return self._read(batch)[0]

    def loss_and_read(self, batch: LineBatch) -> tuple[torch.Tensor, list[str], list[float] | None]:
        return (self.loss(batch), *self._read(batch))
