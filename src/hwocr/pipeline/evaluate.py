"""Score a checkpoint (PyTorch) or an ONNX file (runtime) on labelled lines."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from hwocr.data.image import resize_to_height
from hwocr.metrics.cer import CERAccumulator
from hwocr.runtime.image_input import ImageInput, describe_input, to_grayscale


def predict_with_checkpoint(system, images: list[ImageInput], batch_size: int = 32) -> list[str]:
    """Greedy transcriptions from a Lightning system, batched by width like training."""
    import torch

    from hwocr.data.collate import PadCollate
    from hwocr.data.sample import LineSample

    height = system.net.input_height
    lines = [
        resize_to_height(to_grayscale(img, describe_input(img, i)), height, where=describe_input(img, i))
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


def evaluate_model(model_path: str | Path, lines, batch_size: int = 32, threads: int | None = None) -> dict:
    """CER, exact-line accuracy, sample count and lines/s of ``model_path`` (.ckpt or .onnx) on ``lines``."""
    model_path = Path(model_path)
    t0 = time.perf_counter()
    if model_path.suffix == ".onnx":
        from hwocr.runtime.ar_recognizer import open_recognizer

        recognizer = open_recognizer(model_path, threads=threads)
        load_s = time.perf_counter() - t0
        t1 = time.perf_counter()
        hyps = [p.text for p in recognizer.predict(lines.images, batch_size=batch_size)]
        normalize = recognizer.charset.normalize_text
    else:
        import torch

        from hwocr.systems.loading import load_system

        if threads:
            torch.set_num_threads(threads)
        system = load_system(model_path)
        load_s = time.perf_counter() - t0
        t1 = time.perf_counter()
        hyps = predict_with_checkpoint(system, lines.images, batch_size)
        normalize = system.charset.normalize_text
    seconds = time.perf_counter() - t1
    acc = CERAccumulator()
    refs = [normalize(t) for t in lines.texts]
    acc.update(refs, hyps)
    worst = sorted(
        ((i, r, h) for i, (r, h) in enumerate(zip(refs, hyps, strict=True)) if r != h), key=lambda x: -len(x[1])
    )[:10]
    return {
        "model": str(model_path),
        "data": lines.origin,
        **acc.as_dict(),
        "lines_per_s": round(len(hyps) / max(seconds, 1e-9), 1),
        "load_seconds": round(load_s, 2),
        "errors": [{"index": i, "ref": r, "hyp": h} for i, r, h in worst],
    }
