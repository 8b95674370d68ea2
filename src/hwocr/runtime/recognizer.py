"""The torch-free line recognizer: an hwocr ONNX file in, text with confidences out."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Literal

import numpy as np
import onnxruntime as ort
from PIL import Image

from hwocr.core.image import ImageInput, describe_input, resize_to_height, stretch_width, to_grayscale
from hwocr.core.normalize import InputNormalization, normalize_line
from hwocr.decoding.ctc_forward import rank_candidates, single_char_log_likelihoods
from hwocr.decoding.ctc_greedy import ctc_greedy_decode
from hwocr.runtime.batching import DEFAULT_MAX_PAD_RATIO, pad_batch, plan_batches
from hwocr.runtime.field import masked_best
from hwocr.runtime.model_metadata import MetadataError, ModelMetadata, read_model_metadata
from hwocr.runtime.prediction import Choice, Prediction

ErrorPolicy = Literal["raise", "collect"]
GraphOptimization = Literal["all", "extended", "basic", "none"]
_OPTIMIZATION_LEVELS = {
    "all": ort.GraphOptimizationLevel.ORT_ENABLE_ALL,
    "extended": ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
    "basic": ort.GraphOptimizationLevel.ORT_ENABLE_BASIC,
    "none": ort.GraphOptimizationLevel.ORT_DISABLE_ALL,
}
# Narrower lines than this are upscaled width-wise by resize_to_height; matches training collate.
_MIN_LINE_WIDTH = 8


class ModelFileError(ValueError):
    """onnxruntime cannot load the model file (truncated, corrupt, an unsupported opset...)."""


def default_providers() -> list[str]:
    """CUDA when this onnxruntime build has it, else CPU."""
    available = ort.get_available_providers()
    return [p for p in ("CUDAExecutionProvider", "CPUExecutionProvider") if p in available]


def open_session(path: Path, options: ort.SessionOptions, providers: Sequence[str]) -> ort.InferenceSession:
    """An onnxruntime session; its load failures (any exception type) become ModelFileError naming ``path``."""
    try:
        return ort.InferenceSession(str(path), options, providers=list(providers))
    except Exception as exc:  # noqa: BLE001 - onnxruntime raises its own unrelated types (Fail, InvalidProtobuf...)
        reason = next((line for line in str(exc).splitlines() if line.strip()), type(exc).__name__)
        raise ModelFileError(f"{path}: onnxruntime cannot load this model ({reason[:300]})") from exc


class Recognizer:
    """Recognise text lines with an ONNX file written by ``hwocr-export``.

    ``threads`` sets onnxruntime's intra-op threads (None: its default, all cores). The charset,
    input height, padding and frame geometry all come from the file's metadata. ``optimization``
    is onnxruntime's graph optimisation level; fp16 files on the CPU provider need "extended"
    (onnxruntime 1.32's "all" crashes in its CPU layout pass on them).

    The metadata is read and checked before onnxruntime sees the file: an empty, truncated or
    foreign file, or an autoregressive export (``open_recognizer`` picks the right class), is a
    ValueError subclass naming the file, not an onnxruntime traceback.
    """

    # What this class decodes: the metadata's extra.decoder (absent for CTC exports).
    decoder_kind: str | None = None

    def __init__(
        self,
        path: str | Path,
        providers: Sequence[str] | None = None,
        threads: int | None = None,
        max_aspect: float | None = None,
        max_pad_ratio: float = DEFAULT_MAX_PAD_RATIO,
        optimization: GraphOptimization = "all",
    ) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise FileNotFoundError(f"{self.path}: model file not found")
        if optimization not in _OPTIMIZATION_LEVELS:
            raise ValueError(f"optimization must be one of {list(_OPTIMIZATION_LEVELS)}, got {optimization!r}")
        self.metadata: ModelMetadata = read_model_metadata(self.path)
        decoder = self.metadata.extra.get("decoder")
        if decoder != self.decoder_kind:
            raise MetadataError(
                f"{self.path}: {'an ' + str(decoder) if decoder else 'a CTC'} export cannot be read by "
                f"{type(self).__name__}; "
                "open it with hwocr.runtime.ar_recognizer.open_recognizer()"
            )
        options = ort.SessionOptions()
        options.graph_optimization_level = _OPTIMIZATION_LEVELS[optimization]
        if threads:
            options.intra_op_num_threads = int(threads)
            options.inter_op_num_threads = 1
        self.session = open_session(self.path, options, providers or default_providers())
        self.charset = self.metadata.charset()
        self.height = self.metadata.input_height
        self.max_aspect = max_aspect or self.metadata.max_aspect
        self.max_pad_ratio = max_pad_ratio
        self.min_width = max(_MIN_LINE_WIDTH, self.metadata.frames.min_width)
        try:
            self.normalization = InputNormalization.from_dict(self.metadata.line_normalization)
        except (TypeError, ValueError) as exc:
            raise MetadataError(f"{self.path}: bad input.line_normalization metadata ({exc})") from exc

    def prepare(self, image: ImageInput, where: str) -> tuple[np.ndarray, int]:
        """The line at model height (uint8), and the input's width after orientation handling."""
        gray = to_grayscale(image, where)
        h, w = gray.shape
        if h == 0 or w == 0:
            raise ValueError(f"{where}: empty image ({w}x{h})")
        gray = normalize_line(gray, self.normalization)
        meta = self.metadata
        if meta.vertical_policy == "rotate_ccw" and h > meta.vertical_aspect * w:
            gray = np.ascontiguousarray(np.rot90(gray))  # the column's top becomes the row's left
        line = resize_to_height(gray, self.height, self.max_aspect, min_width=self.min_width, where=where)
        return line, gray.shape[1]

    def run(self, pixels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``best_class`` (B, T) and ``best_prob`` (B, T) for a float32 (B, 1, H, W) batch."""
        best_class, best_prob = self.session.run(["best_class", "best_prob"], {"pixels": pixels})
        return best_class, best_prob

    def run_field(self, pixels: np.ndarray, allowed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``run`` with each frame's choice restricted to ``allowed`` classes (``hwocr.runtime.field``)."""
        self._check_field(allowed)
        (probs,) = self.session.run(["probs"], {"pixels": pixels})
        return masked_best(probs, allowed)

    def _check_field(self, allowed: np.ndarray) -> None:
        if allowed.shape != (self.charset.num_classes,):
            raise ValueError(f"{self.path}: field mask has {allowed.shape[0]} classes, the model {self.charset.num_classes}")

    def _decode(self, source: str, best_class: np.ndarray, best_prob: np.ndarray, width: int, input_width: int) -> Prediction:
        geometry = self.metadata.frames
        path = ctc_greedy_decode(best_class, best_prob, min(geometry.frames(width), len(best_class)))
        scale = input_width / width
        positions = [
            round(min(max(geometry.frame_center(f), 0.0), width - 1) * scale, 1) for f in path.frames
        ]
        return Prediction(
            source=source,
            text=self.charset.decode(path.indices),
            confidence=path.confidence,
            char_confidences=[round(p, 6) for p in path.probs],
            char_positions=positions,
        )

    def _prepare_all(
        self, images: ImageInput | Sequence[ImageInput], errors: ErrorPolicy
    ) -> tuple[list[str], dict[int, tuple[np.ndarray, int]], dict[int, str]]:
        """Sources, prepared lines by input index, and the errors of unreadable inputs."""
        if errors not in ("raise", "collect"):
            raise ValueError(f"errors must be 'raise' or 'collect', got {errors!r}")
        if isinstance(images, str | Path | np.ndarray | Image.Image):
            images = [images]
        sources = [describe_input(image, i) for i, image in enumerate(images)]
        lines: dict[int, tuple[np.ndarray, int]] = {}
        failed: dict[int, str] = {}
        for i, image in enumerate(images):
            try:
                lines[i] = self.prepare(image, sources[i])
            except (ValueError, OSError, MemoryError) as exc:
                if errors == "raise":
                    raise
                # One bad scan (unreadable, huge, odd) is that input's error, not the batch's.
                failed[i] = str(exc) if isinstance(exc, ValueError) else f"{sources[i]}: {type(exc).__name__}: {exc}"
        return sources, lines, failed

    def _batches(self, lines: dict[int, tuple[np.ndarray, int]], batch_size: int) -> Iterator[tuple[list[int], np.ndarray]]:
        """(input indices, padded pixels) per batch of similar widths."""
        good = sorted(lines)
        widths = [lines[i][0].shape[1] for i in good]
        for batch in plan_batches(widths, batch_size, self.max_pad_ratio):
            members = [good[j] for j in batch]
            yield members, pad_batch([lines[i][0] for i in members], self.metadata.pad_value, self.min_width)

    def predict(
        self,
        images: ImageInput | Sequence[ImageInput],
        batch_size: int = 32,
        errors: ErrorPolicy = "raise",
        field: np.ndarray | None = None,
    ) -> list[Prediction]:
        """One ``Prediction`` per input, in input order.

        ``field``: a class mask from ``hwocr.runtime.field.field_mask`` (e.g. katakana for a
        フリガナ box): only those characters are read.

        ``errors="raise"``: the first unreadable input raises a ValueError naming it, before any
        inference. ``errors="collect"``: bad inputs come back with ``error`` set and empty text,
        and every good input is still recognised.
        """
        sources, lines, failed = self._prepare_all(images, errors)
        results: list[Prediction | None] = [None] * len(sources)
        for i, message in failed.items():
            results[i] = Prediction(source=sources[i], text="", confidence=0.0, error=message)
        for members, pixels in self._batches(lines, batch_size):
            best_class, best_prob = self.run(pixels) if field is None else self.run_field(pixels, field)
            for row, i in enumerate(members):
                line, input_width = lines[i]
                results[i] = self._decode(sources[i], best_class[row], best_prob[row], line.shape[1], input_width)
        return results  # type: ignore[return-value]  # every slot is filled above

    def choose(
        self,
        images: ImageInput | Sequence[ImageInput],
        candidates: Sequence[str],
        batch_size: int = 32,
        errors: ErrorPolicy = "raise",
    ) -> list[Choice]:
        """For each input, the likeliest of ``candidates``: a closed list such as check-box words,
        prefecture names or a class list. Every candidate is scored as a whole text
        (``score_candidates``: the CTC forward algorithm here, teacher forcing for autoregressive
        files), not read freely and then looked up. Candidates with characters outside the charset raise, naming
        the candidate.
        """
        if not candidates:
            raise ValueError("choose() needs at least one candidate text")
        encoded = []
        for k, text in enumerate(candidates):
            labels = self.charset.encode(text, where=f"candidate {k} ({text!r})")
            if labels is None:
                raise ValueError(f"candidate {k} ({text!r}) has characters outside the model's charset")
            encoded.append(labels)
        sources, lines, failed = self._prepare_all(images, errors)
        results: list[Choice | None] = [None] * len(sources)
        for i, message in failed.items():
            results[i] = Choice(source=sources[i], text="", probability=0.0, log_likelihood=float("-inf"), error=message)
        for members, pixels in self._batches(lines, batch_size):
            batch_scores = self.score_candidates(pixels, [lines[i][0].shape[1] for i in members], encoded)
            for row, i in enumerate(members):
                results[i] = _best_choice(sources[i], batch_scores[row], candidates)
        return results  # type: ignore[return-value]  # every slot is filled above

    def read_char(
        self,
        images: ImageInput | Sequence[ImageInput],
        field: np.ndarray | None = None,
        batch_size: int = 32,
        errors: ErrorPolicy = "raise",
        stretches: Sequence[float] = (1.0,),
    ) -> list[Choice]:
        """Each input read as exactly one character (a form with one box per character), of
        ``field``'s classes when given (``hwocr.runtime.field.field_mask``), else of the whole charset.

        Every allowed character is scored as the whole text of the box by the CTC forward
        algorithm (``single_char_log_likelihoods``): no insertions, no empty reads.
        ``probability`` is the character's share among the allowed ones.

        ``stretches``: read the box at these multiples of its width and average the characters'
        log-probabilities (test-time augmentation). Hands draw a character narrower or wider
        than the training engine does; ``(0.7, 1.0, 1.4)`` reads each box three times.
        ``log_likelihood`` is then the mean over the widths.
        """
        if self.decoder_kind is not None:
            raise ValueError(f"{self.path}: read_char needs a CTC export (this one is {self.decoder_kind})")
        if field is not None:
            self._check_field(field)
        if not stretches or any(not f > 0 for f in stretches):
            raise ValueError(f"stretches must be positive width factors, got {list(stretches)}")
        allowed = np.ones(self.charset.num_classes, bool) if field is None else field.copy()
        allowed[self.charset.blank_index] = False
        classes = np.flatnonzero(allowed)
        labels = [self.charset.class_labels()[k] for k in classes]
        sources, lines, failed = self._prepare_all(images, errors)
        results: list[Choice | None] = [None] * len(sources)
        for i, message in failed.items():
            results[i] = Choice(source=sources[i], text="", probability=0.0, log_likelihood=float("-inf"), error=message)
        likelihood = {i: np.zeros(len(classes)) for i in lines}  # summed log P(char | box) per width
        posterior = {i: np.zeros(len(classes)) for i in lines}  # summed log share among the allowed
        for factor in stretches:
            wide = {i: (stretch_width(line, factor, self.min_width), w) for i, (line, w) in lines.items()}
            for members, pixels in self._batches(wide, batch_size):
                log_probs = self._log_probs(pixels)
                for row, i in enumerate(members):
                    frames = self._frames(wide[i][0].shape[1], log_probs)
                    scores = single_char_log_likelihoods(log_probs[row, :frames], self.charset.blank_index)[classes]
                    likelihood[i] += scores
                    posterior[i] += scores - np.logaddexp.reduce(scores) if np.isfinite(scores).any() else scores
        for i in lines:
            choice = _best_choice(sources[i], posterior[i] / len(stretches), labels)
            best = labels.index(choice.text)
            results[i] = dataclasses.replace(choice, log_likelihood=float(likelihood[i][best] / len(stretches)))
        return results  # type: ignore[return-value]  # every slot is filled above

    def _log_probs(self, pixels: np.ndarray) -> np.ndarray:
        """The graph's per-frame class log-probabilities, (B, T, C)."""
        (probs,) = self.session.run(["probs"], {"pixels": pixels})
        return np.log(np.maximum(probs, 1e-30))

    def _frames(self, width: int, log_probs: np.ndarray) -> int:
        """How many of the padded batch's frames belong to a line ``width`` pixels wide."""
        return min(self.metadata.frames.frames(width), log_probs.shape[1])

    def score_candidates(self, pixels: np.ndarray, widths: Sequence[int], candidates: list[list[int]]) -> np.ndarray:
        """log P(candidate | line) for a padded batch: (B, K), by the CTC forward algorithm over
        each line's own frames."""
        log_probs = self._log_probs(pixels)
        scores = np.empty((len(widths), len(candidates)))
        for row, width in enumerate(widths):
            scores[row] = rank_candidates(log_probs[row, :self._frames(width, log_probs)], candidates,
                                          self.charset.blank_index)
        return scores


def _best_choice(source: str, scores: np.ndarray, texts: Sequence[str]) -> Choice:
    """The likeliest of ``texts`` by their log-likelihood ``scores``, its share of them all, the runner-up."""
    order = np.argsort(-scores, kind="stable")
    best = int(order[0])
    share = np.exp(scores - scores[best]) if np.isfinite(scores[best]) else np.zeros_like(scores)
    return Choice(
        source=source,
        text=texts[best],
        probability=float(share[best] / share.sum()) if share.sum() > 0 else 0.0,
        log_likelihood=float(scores[best]),
        runner_up=texts[int(order[1])] if len(order) > 1 else None,
    )
