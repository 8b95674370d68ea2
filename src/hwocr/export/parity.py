"""Proving an ONNX file computes what the PyTorch recognizer computes.

Two checks: ``check_export_parity`` on generated batches (two widths x two batch sizes, run by
every export), and ``check_dataset_parity`` over real line images through the runtime's own
preprocessing and batching (a whole validation set).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import onnxruntime as ort
import torch
from torch import nn

from hwocr.core.charset import Charset
from hwocr.core.image import PAD_VALUE, ImageInput, describe_input
from hwocr.decoding.ctc_greedy import ctc_greedy_decode
from hwocr.runtime.batching import pad_batch, plan_batches
from hwocr.runtime.recognizer import Recognizer

DEFAULT_ATOL = 1e-4


class ExportParityError(AssertionError):
    """The ONNX file and the PyTorch model disagree beyond tolerance."""


@dataclass
class ParityReport:
    lines: int = 0
    batches: int = 0
    max_abs_diff: float = 0.0
    tie_flips: int = 0  # argmax flips between classes whose probabilities differ by <= atol
    mismatches: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches

    def as_dict(self) -> dict:
        return {
            "lines": self.lines,
            "batches": self.batches,
            "max_abs_diff": self.max_abs_diff,
            "tie_flips": self.tie_flips,
            "string_mismatches": len(self.mismatches),
        }


def probe_batch(width: int, batch_size: int, height: int, seed: int = 0) -> tuple[np.ndarray, list[int]]:
    """A float32 (B, 1, H, width) batch of ink-like noise on white, true widths shrinking from ``width``."""
    rng = np.random.default_rng(seed)
    widths = [max(8, int(width * (1 - 0.25 * i / max(batch_size - 1, 1)))) for i in range(batch_size)]
    lines = []
    for w in widths:
        line = np.full((height, w), 255, dtype=np.uint8)
        ink = rng.random((height, w)) < 0.25
        line[ink] = rng.integers(0, 120, size=int(ink.sum()), dtype=np.uint8)
        lines.append(line)
    return pad_batch(lines, PAD_VALUE, width), widths


@torch.no_grad()
def torch_probs(net: nn.Module, pixels: np.ndarray) -> np.ndarray:
    return net(torch.from_numpy(pixels)).float().softmax(-1).numpy()


def _compare_batch(
    report: ParityReport,
    charset: Charset,
    names: Sequence[str],
    lengths: Sequence[int],
    reference: np.ndarray,
    probs: np.ndarray,
    best_class: np.ndarray,
    atol: float,
) -> None:
    report.batches += 1
    report.lines += len(names)
    if reference.shape != probs.shape:
        report.mismatches.append(f"{names[0]}..: output shape {probs.shape} != PyTorch {reference.shape}")
        return
    diff = float(np.abs(reference - probs).max()) if probs.size else 0.0
    report.max_abs_diff = max(report.max_abs_diff, diff)
    if diff > atol:
        report.mismatches.append(f"{names[0]}..: probabilities differ by {diff:.2e} > {atol:g}")
    ref_class = reference.argmax(-1)
    for row, name in enumerate(names):
        t = lengths[row]
        ref_text = charset.decode(ctc_greedy_decode(ref_class[row], length=t).indices)
        onnx_text = charset.decode(ctc_greedy_decode(best_class[row], length=t).indices)
        if ref_text == onnx_text:
            continue
        # A flip between two classes tied within tolerance is float noise, not a broken export.
        flipped = np.nonzero(ref_class[row, :t] != best_class[row, :t])[0]
        top2 = np.sort(reference[row, flipped], axis=-1)[:, -2:]
        if flipped.size and np.all(top2[:, 1] - top2[:, 0] <= atol):
            report.tie_flips += int(flipped.size)
            continue
        report.mismatches.append(f"{name}: PyTorch decodes {ref_text!r}, ONNX decodes {onnx_text!r}")


def _raise_on_mismatch(report: ParityReport, path: Path) -> None:
    if report.mismatches:
        shown = "\n  ".join(report.mismatches[:10])
        raise ExportParityError(
            f"{path}: ONNX output differs from PyTorch on {len(report.mismatches)} check(s):\n  {shown}"
        )


def check_export_parity(
    net: nn.Module,
    onnx_path: str | Path,
    charset: Charset,
    input_height: int,
    widths: Sequence[int] = (96, 257),
    batch_sizes: Sequence[int] = (1, 3),
    atol: float = DEFAULT_ATOL,
) -> ParityReport:
    """Run PyTorch and onnxruntime on every (width, batch size); raise ExportParityError on mismatch."""
    path = Path(onnx_path)
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    net = net.eval()
    report = ParityReport()
    for width in widths:
        for batch_size in batch_sizes:
            pixels, true_widths = probe_batch(width, batch_size, input_height, seed=width * 31 + batch_size)
            probs, best_class = session.run(["probs", "best_class"], {"pixels": pixels})
            lengths = net.output_lengths(torch.tensor(true_widths)).clamp(max=probs.shape[1]).tolist()
            names = [f"width {width} batch {batch_size} line {i}" for i in range(batch_size)]
            _compare_batch(report, charset, names, lengths, torch_probs(net, pixels), probs, best_class, atol)
    _raise_on_mismatch(report, path)
    return report


def check_dataset_parity(
    net: nn.Module,
    onnx_path: str | Path,
    images: Sequence[ImageInput],
    batch_size: int = 32,
    atol: float = DEFAULT_ATOL,
    raise_on_mismatch: bool = True,
) -> ParityReport:
    """Compare PyTorch and ONNX over real lines, batched exactly as ``Recognizer.predict`` batches them."""
    recognizer = Recognizer(onnx_path, providers=["CPUExecutionProvider"])
    net = net.eval()
    names = [describe_input(image, i) for i, image in enumerate(images)]
    lines = [recognizer.prepare(image, name)[0] for image, name in zip(images, names, strict=True)]
    report = ParityReport()
    for batch in plan_batches([line.shape[1] for line in lines], batch_size, recognizer.max_pad_ratio):
        pixels = pad_batch([lines[i] for i in batch], recognizer.metadata.pad_value, recognizer.min_width)
        probs, best_class = recognizer.session.run(["probs", "best_class"], {"pixels": pixels})
        lengths = [min(recognizer.metadata.frames.frames(lines[i].shape[1]), probs.shape[1]) for i in batch]
        _compare_batch(
            report, recognizer.charset, [names[i] for i in batch], lengths, torch_probs(net, pixels), probs,
            best_class, atol,
        )
    if raise_on_mismatch:
        _raise_on_mismatch(report, Path(onnx_path))
    return report
