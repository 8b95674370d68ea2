"""Smaller, faster copies of an exported fp32 model: int8 (dynamic or static) and fp16.

Every copy keeps the fp32 file's hwocr metadata, with ``precision`` updated, so it runs through
the same ``Recognizer``. Accuracy and speed against fp32 are measured by
``hwocr.export.precision_report``.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import logging
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Literal

import numpy as np
import onnx
from onnxruntime.quantization import (
    CalibrationDataReader,
    CalibrationMethod,
    QuantFormat,
    QuantType,
    quantize_dynamic,
    quantize_static,
)
from onnxruntime.quantization.shape_inference import quant_pre_process

from hwocr.core.image import ImageInput, describe_input
from hwocr.export.onnx_export import read_metadata, write_metadata
from hwocr.runtime.batching import pad_batch, plan_batches
from hwocr.runtime.recognizer import Recognizer

log = logging.getLogger(__name__)

Precision = Literal["int8_dynamic", "int8_static", "fp16"]
PRECISIONS: tuple[str, ...] = ("int8_dynamic", "int8_static", "fp16")
# Static int8 covers the convolutions and matrix products; softmax/argmax outputs stay float so
# probabilities remain probabilities. onnxruntime has no static int8 LSTM, so a second, dynamic
# pass quantizes the LSTMs' weights.
_STATIC_OP_TYPES = ["Conv", "MatMul", "Gemm"]
# Dynamic int8 leaves convolutions in fp32: onnxruntime's ConvInteger is several times slower than
# its fp32 Conv on CPU (measured 25 ms vs 4.7 ms per line for crnn_small), so quantizing them
# would make the "fast" model slow.
_DYNAMIC_OP_TYPES = ["MatMul", "LSTM", "Attention"]


class LineCalibrationReader(CalibrationDataReader):
    """Feeds real line images to static quantization, batched and padded as the runtime does."""

    def __init__(self, fp32_model: str | Path, images: Sequence[ImageInput], batch_size: int = 8) -> None:
        if not images:
            raise ValueError("static quantization needs at least one calibration image")
        recognizer = Recognizer(fp32_model, providers=["CPUExecutionProvider"])
        lines = [recognizer.prepare(image, describe_input(image, i))[0] for i, image in enumerate(images)]
        self.batches = [
            pad_batch([lines[i] for i in batch], recognizer.metadata.pad_value, recognizer.min_width)
            for batch in plan_batches([line.shape[1] for line in lines], batch_size, recognizer.max_pad_ratio)
        ]
        self._iter: Iterator[np.ndarray] = iter(self.batches)

    def get_next(self) -> dict[str, np.ndarray] | None:
        pixels = next(self._iter, None)
        return None if pixels is None else {"pixels": pixels}

    def rewind(self) -> None:
        self._iter = iter(self.batches)


def _preprocessed(fp32_model: Path, folder: str) -> Path:
    """The model after onnxruntime's quantization pre-processing (shape inference, fusions).

    Falls back to the model as exported when pre-processing fails: it is an optimisation only.
    """
    target = Path(folder) / "preprocessed.onnx"
    try:
        quant_pre_process(str(fp32_model), str(target))
    except Exception as exc:  # noqa: BLE001 - any failure here only costs speed
        log.warning("quantization pre-processing failed (%s); quantizing the model as exported", exc)
        return fp32_model
    return target


def _restamp(source: Path, target: Path, precision: str, **extra: str) -> None:
    """Copy ``source``'s hwocr metadata onto ``target`` with the new precision (and ``extra``
    entries replaced)."""
    meta = read_metadata(source)
    meta = dataclasses.replace(meta, precision=precision, extra={**meta.extra, **extra})
    model = onnx.load(str(target))
    write_metadata(model, meta)
    onnx.checker.check_model(model)
    onnx.save(model, str(target))


def quantize_int8_dynamic(fp32_model: str | Path, output: str | Path) -> Path:
    """Weights of LSTMs and matrix products int8, activations quantised on the fly: no calibration data."""
    fp32_model, output = Path(fp32_model), Path(output)
    with tempfile.TemporaryDirectory() as folder:
        quantize_dynamic(
            str(_preprocessed(fp32_model, folder)), str(output), op_types_to_quantize=_DYNAMIC_OP_TYPES,
            weight_type=QuantType.QInt8,
        )
    _restamp(fp32_model, output, "int8_dynamic")
    return output


def is_autoregressive_file(path: str | Path) -> bool:
    return read_metadata(path).extra.get("decoder") == "autoregressive"


def quantize_ar_int8_dynamic(fp32_model: str | Path, output: str | Path) -> Path:
    """An autoregressive pair (encoder ``model.onnx`` + decoder-step ``model.decoder.onnx``), both
    int8 dynamic. The new encoder's metadata names the new decoder file, so the pair stays one
    model to the runtime. Static int8 is not offered: the decoder would need calibration tokens."""
    fp32_model, output = Path(fp32_model), Path(output)
    meta = read_metadata(fp32_model)
    source_decoder = fp32_model.with_name(str(meta.extra["decoder_file"]))
    if not source_decoder.is_file():
        raise FileNotFoundError(f"{source_decoder}: decoder-step graph of {fp32_model} not found")
    target_decoder = output.with_name(f"{output.stem}.decoder{output.suffix}")
    with tempfile.TemporaryDirectory() as folder:
        quantize_dynamic(str(_preprocessed(fp32_model, folder)), str(output),
                         op_types_to_quantize=_DYNAMIC_OP_TYPES, weight_type=QuantType.QInt8)
        quantize_dynamic(str(source_decoder), str(target_decoder),
                         op_types_to_quantize=_DYNAMIC_OP_TYPES, weight_type=QuantType.QInt8)
    _restamp(fp32_model, output, "int8_dynamic", decoder_file=target_decoder.name)
    return output


def quantize_int8_static(
    fp32_model: str | Path,
    output: str | Path,
    calibration_images: Sequence[ImageInput],
    batch_size: int = 8,
    per_channel: bool = True,
) -> Path:
    """Convolutions and matrix products int8 (QDQ) with activation ranges measured on
    ``calibration_images``, then LSTM weights int8 (dynamic)."""
    fp32_model, output = Path(fp32_model), Path(output)
    reader = LineCalibrationReader(fp32_model, calibration_images, batch_size)
    with tempfile.TemporaryDirectory() as folder:
        static = Path(folder) / "static.onnx"
        quantize_static(
            str(_preprocessed(fp32_model, folder)),
            str(static),
            reader,
            quant_format=QuantFormat.QDQ,
            op_types_to_quantize=_STATIC_OP_TYPES,
            per_channel=per_channel,
            activation_type=QuantType.QUInt8,
            weight_type=QuantType.QInt8,
            calibrate_method=CalibrationMethod.MinMax,
            calibration_providers=["CPUExecutionProvider"],
        )
        quantize_dynamic(str(static), str(output), op_types_to_quantize=["LSTM"], weight_type=QuantType.QInt8)
    _restamp(fp32_model, output, "int8_static")
    return output


def _detach_read_outputs(model: onnx.ModelProto) -> None:
    """Give every graph output that other nodes also read its own Identity node.

    onnxconverter-common casts graph outputs back to float32 and then mistypes nodes that read
    them (here ReduceMax/ArgMax reading ``probs``); an Identity keeps the readers on the fp16 tensor.
    """
    outputs = {o.name for o in model.graph.output}
    read = {name for node in model.graph.node for name in node.input} & outputs
    for node in list(model.graph.node):
        for i, name in enumerate(node.output):
            if name in read:
                internal = f"{name}_internal"
                node.output[i] = internal
                for reader in model.graph.node:
                    for j, source in enumerate(reader.input):
                        if source == name:
                            reader.input[j] = internal
                model.graph.node.append(onnx.helper.make_node("Identity", [internal], [name], name=f"{name}_output"))


def fp16_available() -> bool:
    return importlib.util.find_spec("onnxconverter_common") is not None


def convert_fp16(fp32_model: str | Path, output: str | Path) -> Path:
    """Half-precision weights and compute with float32 inputs and outputs, for GPU execution.

    Needs the optional ``onnxconverter-common`` package. Meant for the CUDA provider; on CPU it
    runs only with ``Recognizer(..., optimization="extended")`` (onnxruntime 1.32 crashes in its
    "all"-level CPU layout pass on fp16 graphs) and is slower than fp32 there.
    """
    if not fp16_available():
        raise RuntimeError(
            "fp16 export needs the optional package onnxconverter-common (pip install onnxconverter-common); "
            "it is not installed"
        )
    from onnxconverter_common import float16

    fp32_model, output = Path(fp32_model), Path(output)
    model = onnx.load(str(fp32_model))
    del model.graph.value_info[:]  # stale float32 annotations would contradict the converted nodes
    _detach_read_outputs(model)
    # The softmax and the greedy outputs stay float32: probabilities keep their precision and
    # the converter's output casts stay consistent.
    blocked = list(float16.DEFAULT_OP_BLOCK_LIST)
    # Casts *to* float32 (e.g. a padding mask from a comparison) keep their float32 output: the
    # converter retypes their outputs to float16 but leaves ``to=FLOAT``, which onnxruntime refuses
    # ("Type (tensor(float16)) of output arg ... does not match expected type (tensor(float))").
    # Blocked, they get a proper Cast to float16 after them instead.
    float_casts = [
        node.name for node in model.graph.node
        if node.name and node.op_type == "Cast" and any(a.name == "to" and a.i == onnx.TensorProto.FLOAT for a in node.attribute)
    ]
    model = float16.convert_float_to_float16(
        model, keep_io_types=True, op_block_list=blocked, node_block_list=float_casts
    )
    onnx.save(model, str(output))
    _restamp(fp32_model, output, "fp16")
    return output


def quantize_model(
    fp32_model: str | Path,
    precision: Precision,
    output: str | Path | None = None,
    calibration_images: Sequence[ImageInput] = (),
) -> Path:
    """Dispatch on ``precision``; the default output is ``<stem>.<precision>.onnx`` beside the input."""
    fp32_model = Path(fp32_model)
    output = Path(output) if output else fp32_model.with_name(f"{fp32_model.stem}.{precision}.onnx")
    if is_autoregressive_file(fp32_model):
        if precision != "int8_dynamic":
            raise ValueError(f"{fp32_model}: autoregressive exports quantize to int8_dynamic only, not {precision!r}")
        return quantize_ar_int8_dynamic(fp32_model, output)
    if precision == "int8_dynamic":
        return quantize_int8_dynamic(fp32_model, output)
    if precision == "int8_static":
        return quantize_int8_static(fp32_model, output, calibration_images)
    if precision == "fp16":
        return convert_fp16(fp32_model, output)
    raise ValueError(f"precision must be one of {PRECISIONS}, got {precision!r}")
