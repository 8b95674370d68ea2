"""Score a checkpoint (PyTorch) or an ONNX file (runtime) on labelled lines."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hwocr.core.charset import Charset
from hwocr.core.image import ImageInput, describe_input, resize_to_height, to_grayscale
from hwocr.core.normalize import InputNormalization, normalize_line
from hwocr.metrics.cer import CERAccumulator
from hwocr.metrics.rejection import rejection_report
from hwocr.runtime.ar_recognizer import open_recognizer
from hwocr.runtime.field import field_mask
from hwocr.runtime.recognizer import Recognizer


def predict_with_checkpoint(system, images: list[ImageInput], batch_size: int = 32) -> list[str]:
    """Greedy transcriptions from a Lightning system, batched by width like training."""
    # Lazy, like load_model's torch branch: scoring an ONNX file must not need torch.
    import torch

    from hwocr.data.collate import PadCollate
    from hwocr.data.sample import LineSample

    height = system.net.input_height
    settings = InputNormalization.from_dict((system.hwocr_config or {}).get("normalize"))
    lines = [
        resize_to_height(normalize_line(to_grayscale(img, describe_input(img, i)), settings), height,
                         where=describe_input(img, i))
        for i, img in enumerate(images)
    ]
    order = np.argsort([line.shape[1] for line in lines], kind="stable")
    collate = PadCollate()
    texts: list[str] = [""] * len(lines)
    with torch.inference_mode():
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            batch = collate([LineSample(image=lines[i], text="", labels=[], id=str(i), vertical=False) for i in idx])
            for i, text in zip(idx, system.decode(batch), strict=True):
                texts[i] = text
    return texts


@dataclass
class LoadedModel:
    """A .ckpt or .onnx file opened once: how to read lines, and what it was trained with."""

    path: Path
    read: Callable[[list[ImageInput], int], list[str]]
    charset: Charset
    config: dict | None  # the training config stored with the model, if any
    load_seconds: float
    # ONNX files: texts with the runtime's line confidences, for the rejection report.
    read_scored: Callable[[list[ImageInput], int], tuple[list[str], list[float]]] | None = None
    # ONNX files: the likeliest of a closed list of candidate texts per image (Recognizer.choose).
    choose: Callable[[list[ImageInput], list[str], int], list[str]] | None = None
    # ONNX files (CTC): texts read with the output restricted to a form field's scripts; with
    # one_char, each image read as one character box of those scripts, at the width stretches given.
    read_field: Callable[[list[ImageInput], str, bool, int, Sequence[float]], list[str]] | None = None


def _read_field(recognizer: Recognizer, images: list[ImageInput], scripts: str, one_char: bool, batch_size: int,
                stretches: Sequence[float] = (1.0,)) -> list[str]:
    """Texts of a form field: its scripts only; one character per box (at each width stretch) with ``one_char``."""
    field = field_mask(recognizer.charset, scripts)
    if one_char:
        return [c.text for c in recognizer.read_char(images, field, batch_size=batch_size, stretches=stretches)]
    return [p.text for p in recognizer.predict(images, batch_size=batch_size, field=field)]


def load_model(model_path: str | Path, threads: int | None = None) -> LoadedModel:
    """Open a checkpoint (PyTorch) or an ONNX file (torch-free runtime, CTC or autoregressive)."""
    model_path = Path(model_path)
    t0 = time.perf_counter()
    if model_path.suffix == ".onnx":
        recognizer = open_recognizer(model_path, threads=threads)

        def read_scored(images: list[ImageInput], batch_size: int) -> tuple[list[str], list[float]]:
            predictions = recognizer.predict(images, batch_size=batch_size)
            return [p.text for p in predictions], [p.confidence for p in predictions]

        return LoadedModel(
            model_path,
            lambda images, batch_size: read_scored(images, batch_size)[0],
            recognizer.charset,
            # Exports carry the training config in their metadata (extra.config) when they had one.
            recognizer.metadata.extra.get("config"),
            time.perf_counter() - t0,
            read_scored,
            lambda images, candidates, batch_size: [
                c.text for c in recognizer.choose(images, candidates, batch_size=batch_size)
            ],
            None if recognizer.decoder_kind else functools.partial(_read_field, recognizer),
        )
    # Only checkpoints need torch and Lightning; an ONNX file is read by the torch-free runtime.
    import torch

    from hwocr.systems.loading import load_system

    if threads:
        torch.set_num_threads(threads)
    system = load_system(model_path)
    return LoadedModel(
        model_path,
        lambda images, batch_size: predict_with_checkpoint(system, images, batch_size),
        system.charset,
        system.hwocr_config,
        time.perf_counter() - t0,
    )


def evaluate_model(model: str | Path | LoadedModel, lines, batch_size: int = 32, threads: int | None = None) -> dict:
    """CER, exact-line accuracy, sample count and lines/s of a model (.ckpt, .onnx, or loaded) on ``lines``."""
    if not isinstance(model, LoadedModel):
        model = load_model(model, threads)
    t1 = time.perf_counter()
    confidences = None
    if model.read_scored is not None:
        hyps, confidences = model.read_scored(lines.images, batch_size)
    else:
        hyps = model.read(lines.images, batch_size)
    seconds = time.perf_counter() - t1
    acc = CERAccumulator()
    refs = [model.charset.normalize_text(t) for t in lines.texts]
    acc.update(refs, hyps)
    worst = sorted(
        ((i, r, h) for i, (r, h) in enumerate(zip(refs, hyps, strict=True)) if r != h), key=lambda x: -len(x[1])
    )[:10]
    result = {
        "model": str(model.path),
        "data": lines.origin,
        **acc.as_dict(),
        "lines_per_s": round(len(hyps) / max(seconds, 1e-9), 1),
        "load_seconds": round(model.load_seconds, 2),
        "errors": [{"index": i, "ref": r, "hyp": h} for i, r, h in worst],
    }
    if confidences is not None and refs:
        # What accepting only confident lines buys (ONNX files: the runtime's line confidence).
        result["rejection"] = rejection_report(confidences, refs, hyps)
    return result
