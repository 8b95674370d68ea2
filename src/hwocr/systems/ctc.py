"""The shared CTC training system: any ``CTCRecognizer``-like net plugs in through config."""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn

from hwocr.core.charset import Charset
from hwocr.data.collate import LineBatch
from hwocr.decoding.ctc_greedy import ctc_greedy_decode_batch
from hwocr.systems.base import RecognitionSystem
from hwocr.systems.loss_guard import ctc_feasible


class CTCSystem(RecognitionSystem):
    """CTC loss over per-frame logits, greedy decoding for validation.

    ``net`` is a factory taking ``num_classes`` (Hydra ``_partial_: true``); the built module
    must map pixels (B, 1, H, W) to logits (B, T, C) and expose ``output_lengths(widths)``.
    """

    def __init__(
        self,
        net: Callable[..., nn.Module],
        charset: Charset,
        optimizer: Callable[..., torch.optim.Optimizer],
        scheduler: Callable | None = None,
        blank_bias: float = 0.0,
    ) -> None:
        super().__init__(charset, optimizer, scheduler)
        self.net = net(num_classes=charset.num_classes)
        if blank_bias and hasattr(self.net, "head") and isinstance(self.net.head, nn.Linear):
            # A positive blank bias at start mirrors CTC's fixed point ("all blank") instead of
            # fighting it; a small value shortens the initial plateau.
            with torch.no_grad():
                self.net.head.bias[charset.blank_index] += blank_bias
        self.ctc_loss = nn.CTCLoss(blank=charset.blank_index, zero_infinity=True)

    def frame_lengths(self, batch: LineBatch, num_frames: int) -> torch.Tensor:
        return self.net.output_lengths(batch["widths"]).clamp(1, num_frames)

    def _loss_from_logits(self, batch: LineBatch, logits: torch.Tensor) -> torch.Tensor:
        log_probs = logits.float().log_softmax(-1).transpose(0, 1)  # (T, B, C)
        lengths = self.frame_lengths(batch, logits.shape[1])
        # Labels longer than their frames allow have no CTC alignment: drop and count them
        # instead of letting zero_infinity average them in as silent zeros.
        feasible = ctc_feasible(batch["targets"], batch["target_lengths"], lengths)
        if self.training and self._trainer is not None:
            self.log("train/ctc_too_long", float((~feasible).sum()), reduce_fx="sum", batch_size=len(lengths))
        if not bool(feasible.all()):
            if not bool(feasible.any()):
                return log_probs.sum() * 0.0  # nothing to learn from: a zero loss that keeps the graph
            keep = feasible.cpu()
            starts = torch.cumsum(batch["target_lengths"], 0) - batch["target_lengths"]
            targets = torch.cat([batch["targets"][s : s + n] for s, n, k in
                                 zip(starts.tolist(), batch["target_lengths"].tolist(), keep.tolist(), strict=True) if k])
            return self.ctc_loss(log_probs[:, feasible], targets, lengths[feasible], batch["target_lengths"][keep])
        return self.ctc_loss(log_probs, batch["targets"], lengths, batch["target_lengths"])

    def _read_logits(self, batch: LineBatch, logits: torch.Tensor) -> tuple[list[str], list[float] | None]:
        """Greedy texts and line confidences (product of the kept characters' probabilities, as
        the runtime computes them)."""
        best_prob, best = logits.float().softmax(-1).max(-1)
        lengths = self.frame_lengths(batch, logits.shape[1]).cpu().numpy()
        paths = ctc_greedy_decode_batch(best.cpu().numpy(), best_prob.cpu().numpy(), lengths=lengths)
        return [self.charset.decode(p.indices) for p in paths], [p.confidence for p in paths]

    def _decode_logits(self, batch: LineBatch, logits: torch.Tensor) -> list[str]:
        return self._read_logits(batch, logits)[0]

    def loss(self, batch: LineBatch) -> torch.Tensor:
        return self._loss_from_logits(batch, self.net(batch["images"]))

    @torch.no_grad()
    def decode(self, batch: LineBatch) -> list[str]:
        return self._decode_logits(batch, self.net(batch["images"]))

    def loss_and_read(self, batch: LineBatch) -> tuple[torch.Tensor, list[str], list[float] | None]:
        logits = self.net(batch["images"])
        return (self._loss_from_logits(batch, logits), *self._read_logits(batch, logits))
