"""Export an autoregressive recognizer as two ONNX graphs: the visual encoder and one decoder step.

``model.onnx`` maps pixels to the visual memory and carries all hwocr metadata (charset, input,
frames, and ``extra.decoder`` naming the step graph); ``model.decoder.onnx`` maps a batch of token
prefixes plus memory to the next token's log-probabilities. The search loop runs outside the
graphs (``hwocr.decoding.autoregressive``), shared by PyTorch and the runtime, so parity is
checked on decoded strings.
"""

from __future__ import annotations

import copy
import json
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import onnxruntime as ort
import torch
from torch import nn

import hwocr
from hwocr.core.charset import Charset
from hwocr.decoding.autoregressive import greedy_search
from hwocr.export.onnx_export import MIN_OPSET, _trace_input, build_metadata, write_metadata
from hwocr.export.parity import ExportParityError, probe_batch

ENCODER_OUTPUTS = ("memory", "memory_padding")
DECODER_INPUTS = ("tokens", "memory", "memory_padding")
DECODER_OUTPUT = "log_probs"


def is_autoregressive(net: nn.Module) -> bool:
    """Nets exported by this module: they expose ``encode`` and ``next_log_probs``."""
    return hasattr(net, "encode") and hasattr(net, "next_log_probs")


def decoder_path(path: str | Path) -> Path:
    """``model.decoder.onnx`` beside ``model.onnx``."""
    path = Path(path)
    return path.with_name(f"{path.stem}.decoder{path.suffix}")


class EncoderGraph(nn.Module):
    def __init__(self, net: nn.Module) -> None:
        super().__init__()
        self.net = net

    def forward(self, pixels: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return self.net.encode(pixels)


class DecoderStepGraph(nn.Module):
    def __init__(self, net: nn.Module) -> None:
        super().__init__()
        self.net = net

    def forward(self, tokens: torch.Tensor, memory: torch.Tensor, memory_padding: torch.Tensor) -> torch.Tensor:
        return self.net.next_log_probs(tokens, memory, memory_padding)


def _export(graph: nn.Module, args: tuple, path: Path, inputs: Sequence[str], outputs: Sequence[str],
            dynamic: dict, opset: int) -> onnx.ModelProto:
    tmp = path.with_name(path.name + ".tmp")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning)
        warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        torch.onnx.export(graph, args, str(tmp), input_names=list(inputs), output_names=list(outputs),
                          dynamic_axes=dynamic, opset_version=opset, do_constant_folding=True, dynamo=False)
    model = onnx.load(str(tmp))
    tmp.unlink()
    model.producer_name, model.producer_version = "hwocr", hwocr.__version__
    return model


def _describe_outputs(model: onnx.ModelProto, path: Path) -> None:
    """The CTC description of ``hwocr.outputs`` does not fit the encoder graph: replace it."""
    for prop in model.metadata_props:
        if prop.key == "hwocr.outputs":
            prop.value = json.dumps({
                "memory": "(B, T, D) visual memory", "memory_padding": "(B, T) bool, True on padded frames",
                "decoder": "autoregressive", "decoder_file": decoder_path(path).name,
                "decoder_inputs": list(DECODER_INPUTS), "decoder_output": f"{DECODER_OUTPUT}: (N, C) next-token log-probs",
            })


def onnx_greedy_strings(encoder: ort.InferenceSession, decoder: ort.InferenceSession, pixels: np.ndarray,
                        bos: int, eos: int, max_length: int) -> list[list[int]]:
    """Greedy decoding through the two ONNX sessions (the runtime's loop, for parity checks)."""
    memory, padding = encoder.run(list(ENCODER_OUTPUTS), {"pixels": pixels})

    def step(tokens: np.ndarray, rows: np.ndarray) -> np.ndarray:
        return decoder.run([DECODER_OUTPUT], {"tokens": tokens, "memory": memory[rows], "memory_padding": padding[rows]})[0]

    return [h.indices for h in greedy_search(step, pixels.shape[0], bos, eos, max_length)]


def check_ar_parity(net: nn.Module, path: Path, input_height: int, widths: Sequence[int] = (96, 257),
                    batch_sizes: Sequence[int] = (1, 3), max_length: int | None = None) -> int:
    """Greedy strings from PyTorch and from the two graphs must match; returns lines compared."""
    encoder = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    decoder = ort.InferenceSession(str(decoder_path(path)), providers=["CPUExecutionProvider"])
    limit = min(max_length or net.max_length, net.max_length)
    mismatches, lines = [], 0
    for width in widths:
        for batch_size in batch_sizes:
            pixels, _ = probe_batch(width, batch_size, input_height, seed=width * 31 + batch_size)
            ref = [h.indices for h in net.eval().generate(torch.from_numpy(pixels), max_length=limit)]
            got = onnx_greedy_strings(encoder, decoder, pixels, net.bos, net.eos, limit)
            lines += batch_size
            mismatches += [f"width {width} batch {batch_size} line {i}: {r} != {g}"
                           for i, (r, g) in enumerate(zip(ref, got, strict=True)) if r != g]
    if mismatches:
        raise ExportParityError(f"{path}: ONNX decoding differs from PyTorch:\n  " + "\n  ".join(mismatches[:10]))
    return lines


def export_ar_onnx(
    net: nn.Module,
    charset: Charset,
    path: str | Path,
    *,
    input_height: int,
    metadata: Mapping[str, Any] | None = None,
    opset: int = MIN_OPSET,
    check: bool = True,
    max_aspect: float = 64.0,
    vertical_policy: str = "as_is",
    parity_max_length: int = 8,
    **_ignored: Any,
) -> Path:
    """Write ``path`` (encoder + metadata) and ``decoder_path(path)``; check greedy parity.

    Parity decodes ``parity_max_length`` characters per probe line (an untrained model rarely
    stops by itself); on a mismatch both files are renamed ``*.failed.onnx``.
    """
    if opset < MIN_OPSET:
        raise ValueError(f"opset must be >= {MIN_OPSET}, got {opset}")
    if charset.num_classes != net.num_classes:
        raise ValueError(f"charset has {charset.num_classes} classes, the network {net.num_classes}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    net = copy.deepcopy(net).cpu().float().eval()
    extra = {**dict(metadata or {}), "decoder": "autoregressive", "decoder_file": decoder_path(path).name,
             "bos": net.bos, "eos": net.eos, "max_length": net.max_length}
    meta = build_metadata(net, charset, input_height, extra, max_aspect, vertical_policy)

    pixels = _trace_input(net, input_height, meta.frames.stride)
    with torch.no_grad():
        memory, padding = net.encode(pixels)
    encoder = _export(EncoderGraph(net), (pixels,), path, ["pixels"], ENCODER_OUTPUTS,
                      {"pixels": {0: "batch", 3: "width"}, "memory": {0: "batch", 1: "frames"},
                       "memory_padding": {0: "batch", 1: "frames"}}, opset)
    encoder.doc_string = f"hwocr autoregressive recognizer {meta.model_name}: visual encoder ({charset.num_classes} classes)"
    write_metadata(encoder, meta)
    _describe_outputs(encoder, path)
    onnx.checker.check_model(encoder, full_check=True)
    tokens = torch.full((2, 3), net.bos, dtype=torch.long)
    decoder = _export(DecoderStepGraph(net), (tokens, memory, padding), decoder_path(path), DECODER_INPUTS,
                      [DECODER_OUTPUT], {"tokens": {0: "hyps", 1: "steps"}, "memory": {0: "hyps", 1: "frames"},
                                         "memory_padding": {0: "hyps", 1: "frames"}, DECODER_OUTPUT: {0: "hyps"}},
                      opset)
    decoder.doc_string = "hwocr autoregressive recognizer: one decoder step (prefixes -> next-token log-probs)"
    onnx.checker.check_model(decoder, full_check=True)
    onnx.save(encoder, str(path))
    onnx.save(decoder, str(decoder_path(path)))
    if check:
        try:
            check_ar_parity(net, path, input_height, max_length=parity_max_length)
        except Exception:
            for p in (path, decoder_path(path)):
                p.replace(p.with_suffix(".failed.onnx"))
            raise
    return path
