"""The torch-free runtime for autoregressive exports (encoder graph + decoder-step graph)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from hwocr.decoding.autoregressive import Hypothesis, StepFn, beam_search, greedy_search, score_sequences
from hwocr.runtime.model_metadata import MetadataError, read_model_metadata
from hwocr.runtime.prediction import Prediction
from hwocr.runtime.recognizer import Recognizer, open_session


class AutoregressiveRecognizer(Recognizer):
    """``Recognizer`` for files whose metadata says ``extra.decoder = autoregressive``.

    Preprocessing, orientation and batching are the CTC recognizer's; only the per-batch
    inference (encoder once, then a greedy or beam search over the step graph) and the
    decoding differ. Character positions are not known to an attention decoder and stay empty.
    """

    decoder_kind = "autoregressive"

    def __init__(self, path: str | Path, providers: Sequence[str] | None = None, threads: int | None = None,
                 beam_width: int = 1, **options: Any) -> None:
        super().__init__(path, providers=providers, threads=threads, **options)
        extra = self.metadata.extra
        try:
            step_file = self.path.with_name(str(extra["decoder_file"]))
            self.bos, self.eos, self.max_length = int(extra["bos"]), int(extra["eos"]), int(extra["max_length"])
        except (KeyError, TypeError, ValueError) as exc:
            raise MetadataError(f"{self.path}: incomplete autoregressive metadata ({exc!r})") from exc
        if not step_file.is_file():
            raise FileNotFoundError(f"{step_file}: decoder-step graph of {self.path} not found")
        self.decoder = open_session(step_file, self.session.get_session_options(), self.session.get_providers())
        self.beam_width = beam_width

    def _step_fn(self, pixels: np.ndarray) -> StepFn:
        """Encode the batch once; the returned ``step`` runs the decoder-step graph on it."""
        memory, padding = self.session.run(["memory", "memory_padding"], {"pixels": pixels})

        def step(tokens: np.ndarray, rows: np.ndarray) -> np.ndarray:
            feeds = {"tokens": tokens, "memory": memory[rows], "memory_padding": padding[rows]}
            return self.decoder.run(["log_probs"], feeds)[0]

        return step

    def search(self, pixels: np.ndarray) -> list[Hypothesis]:
        step = self._step_fn(pixels)
        if self.beam_width <= 1:
            return greedy_search(step, pixels.shape[0], self.bos, self.eos, self.max_length)
        return beam_search(step, pixels.shape[0], self.bos, self.eos, self.max_length, self.beam_width)

    def run(self, pixels: np.ndarray) -> tuple[list[Hypothesis], list[Hypothesis]]:  # type: ignore[override]
        hyps = self.search(pixels)
        return hyps, hyps  # predict() indexes both per row; _decode reads the first

    def run_field(self, pixels: np.ndarray, allowed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        raise ValueError(f"{self.path}: field-typed reading needs a CTC export (this one is autoregressive)")

    def score_candidates(self, pixels: np.ndarray, widths: Sequence[int], candidates: list[list[int]]) -> np.ndarray:
        """log P(candidate + EOS | line) under teacher forcing through the decoder-step graph: (B, K)."""
        return score_sequences(self._step_fn(pixels), pixels.shape[0], candidates, self.bos, self.eos)

    def _decode(self, source: str, best_class: Hypothesis, best_prob: Any, width: int, input_width: int) -> Prediction:  # type: ignore[override]
        return Prediction(source=source, text=self.charset.decode(best_class.indices),
                          confidence=best_class.confidence,
                          char_confidences=[round(p, 6) for p in best_class.probs])


def open_recognizer(path: str | Path, **options: Any) -> Recognizer:
    """The right recognizer for an hwocr ONNX file: CTC (one graph) or autoregressive (two)."""
    # Read from the file, not from a session: the model is loaded once, by the recognizer.
    if read_model_metadata(path).extra.get("decoder") == AutoregressiveRecognizer.decoder_kind:
        return AutoregressiveRecognizer(path, **options)
    return Recognizer(path, **options)
