"""The CTC system with prefix beam search (and an optional character n-gram LM) for decoding.

Training is ``CTCSystem``'s; only text decoding (validation, test, evaluation) changes. Beam search
runs in Python, so use it to evaluate a trained model rather than during a long training run:
    hwocr-train ... model._target_=hwocr.systems.ctc_beam_system.CTCBeamSystem +model.beam_width=8 \
        +model.lm_path=corpus.txt +model.lm_weight=0.3
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import torch
from torch import nn

from hwocr.core.charset import Charset
from hwocr.data.collate import LineBatch
from hwocr.decoding.char_ngram import CharNGramLM
from hwocr.decoding.ctc_beam import ctc_beam_search_batch
from hwocr.systems.ctc import CTCSystem


class CTCBeamSystem(CTCSystem):
    """``CTCSystem`` decoding with ``ctc_beam_search``; ``lm_path`` is a UTF-8 text file, one line per line."""

    def __init__(
        self,
        net: Callable[..., nn.Module],
        charset: Charset,
        optimizer: Callable[..., torch.optim.Optimizer],
        scheduler: Callable | None = None,
        blank_bias: float = 0.0,
        beam_width: int = 8,
        lm_path: str | Path | None = None,
        lm_order: int = 3,
        lm_weight: float = 0.5,
        insertion_bonus: float = 0.0,
    ) -> None:
        super().__init__(net, charset, optimizer, scheduler, blank_bias)
        self.beam_width = beam_width
        self.lm_weight = lm_weight
        self.insertion_bonus = insertion_bonus
        self.lm = None
        if lm_path:
            lm = CharNGramLM.from_file(lm_path, lm_order, vocab_size=charset.num_classes,
                                       normalize=charset.normalize)
            self.lm = lm.index_scorer(charset.class_labels())

    def _read_logits(self, batch: LineBatch, logits: torch.Tensor) -> tuple[list[str], list[float] | None]:
        # Beam search ranks whole texts; it has no per-line confidence comparable to greedy's.
        return self._decode_logits(batch, logits), None

    def _decode_logits(self, batch: LineBatch, logits: torch.Tensor) -> list[str]:
        log_probs = logits.float().log_softmax(-1).cpu().numpy()
        lengths = self.frame_lengths(batch, logits.shape[1]).cpu().numpy()
        best = ctc_beam_search_batch(log_probs, lengths, beam_width=self.beam_width, blank=self.charset.blank_index,
                                     lm=self.lm, lm_weight=self.lm_weight, insertion_bonus=self.insertion_bonus)
        return [self.charset.decode(indices) for indices in best]
