"""Accuracy and speed of several ONNX files (fp32, int8, ...) on the same labelled lines.

Torch-free: it measures what production would run, through ``hwocr.runtime.Recognizer``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from hwocr.core.image import ImageInput, describe_input, to_grayscale
from hwocr.metrics.cer import CERAccumulator
from hwocr.runtime.ar_recognizer import open_recognizer


@dataclass(frozen=True)
class PrecisionResult:
    name: str
    precision: str
    size_bytes: int
    lines: int
    cer: float
    line_accuracy: float
    lines_per_s: float
    ms_per_line: float
    batch_size: int

    def as_dict(self) -> dict:
        return asdict(self)


def measure_model(
    name: str,
    path: str | Path,
    images: Sequence[ImageInput],
    texts: Sequence[str],
    batch_size: int = 32,
    threads: int | None = None,
    repeats: int = 1,
) -> PrecisionResult:
    """CER, exact-line accuracy and throughput of one model; the fastest of ``repeats`` timed passes."""
    if len(images) != len(texts) or not images:
        raise ValueError(f"need as many texts as images, and at least one: {len(images)} images, {len(texts)} texts")
    recognizer = open_recognizer(path, threads=threads)
    # Decode files once, outside the timing: the speed is the model's and the preprocessing's.
    arrays = [to_grayscale(image, describe_input(image, i)) for i, image in enumerate(images)]
    recognizer.predict(arrays[:batch_size], batch_size=batch_size)  # warm-up
    best = float("inf")
    predictions = []
    for _ in range(max(1, repeats)):
        start = time.perf_counter()
        predictions = recognizer.predict(arrays, batch_size=batch_size)
        best = min(best, time.perf_counter() - start)
    acc = CERAccumulator()
    acc.update([recognizer.charset.normalize_text(t) for t in texts], [p.text for p in predictions])
    return PrecisionResult(
        name=name,
        precision=recognizer.metadata.precision,
        size_bytes=Path(path).stat().st_size,
        lines=len(arrays),
        cer=acc.cer,
        line_accuracy=acc.line_accuracy,
        lines_per_s=len(arrays) / best,
        ms_per_line=1000 * best / len(arrays),
        batch_size=batch_size,
    )


def compare_precisions(
    models: Mapping[str, str | Path],
    images: Sequence[ImageInput],
    texts: Sequence[str],
    batch_size: int = 32,
    threads: int | None = None,
    repeats: int = 1,
) -> list[PrecisionResult]:
    """``measure_model`` for each named model, on the same lines, in the given order."""
    return [measure_model(name, path, images, texts, batch_size, threads, repeats) for name, path in models.items()]


def format_precision_table(results: Sequence[PrecisionResult]) -> str:
    """A Markdown table; CER deltas are against the first row (the fp32 reference)."""
    rows = [
        "| model | precision | size KiB | lines | CER % | Δ CER pts | line acc % | lines/s | ms/line | speed-up |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    base = results[0] if results else None
    for r in results:
        rows.append(
            f"| {r.name} | {r.precision} | {r.size_bytes / 1024:.0f} | {r.lines} | {100 * r.cer:.2f} | "
            f"{100 * (r.cer - base.cer):+.2f} | {100 * r.line_accuracy:.1f} | {r.lines_per_s:.1f} | "
            f"{r.ms_per_line:.2f} | {r.lines_per_s / base.lines_per_s:.2f}x |"
        )
    return "\n".join(rows)
