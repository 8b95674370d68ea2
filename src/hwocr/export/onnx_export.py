"""Export a CTC recognizer to one self-describing ONNX file, and prove it matches PyTorch."""

from __future__ import annotations

import copy
import hashlib
import importlib.util
import logging
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import onnx
import torch
from torch import nn

import hwocr
from hwocr.core.charset import Charset
from hwocr.export.frame_geometry import fit_frame_geometry
from hwocr.export.parity import DEFAULT_ATOL, check_export_parity
from hwocr.runtime.model_metadata import VERTICAL_POLICIES, ModelMetadata

log = logging.getLogger(__name__)

MIN_OPSET = 17
# Keys of ``metadata`` that have their own field; anything else is stored under ``hwocr.extra.*``.
_KNOWN_KEYS = ("model_name", "config_name", "metrics", "line_normalization")
INPUT_NAME = "pixels"
OUTPUT_NAMES = ("probs", "best_class", "best_prob")


class CTCExportGraph(nn.Module):
    """The module traced into ONNX: a CTC recognizer (pixels (B, 1, H, W) in 0..255 -> logits (B, T, C)).

    Returns ``probs`` (B, T, C) float32, ``best_class`` (B, T) int64 and ``best_prob`` (B, T),
    so a runtime can decode greedily without a softmax or argmax of its own. Normalisation is
    already the recognizer's first layer, so the graph takes raw gray levels.
    """

    def __init__(self, net: nn.Module) -> None:
        super().__init__()
        self.net = net

    def forward(self, pixels: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        probs = self.net(pixels).float().softmax(-1)
        best_prob, best_class = probs.max(-1)
        return probs, best_class, best_prob


def weights_sha256(net: nn.Module) -> str:
    """SHA-256 over the state dict: names, dtypes, shapes and raw bytes, in name order.

    Written into the ONNX metadata to tie the file to its checkpoint. Independent of file format
    and device, so the same weights hash the same from a checkpoint or a freshly built module.
    """
    digest = hashlib.sha256()
    for name, tensor in sorted(net.state_dict().items()):
        t = tensor.detach().cpu().contiguous()
        digest.update(f"{name}|{t.dtype}|{tuple(t.shape)}|".encode())
        if t.numel():
            digest.update(t.reshape(-1).view(torch.uint8).numpy().tobytes())
    return digest.hexdigest()


def write_metadata(model: onnx.ModelProto, metadata: ModelMetadata) -> None:
    """Replace the model's hwocr metadata_props with ``metadata`` (other keys are kept)."""
    props = metadata.to_props()
    kept = [(p.key, p.value) for p in model.metadata_props if p.key not in props and not p.key.startswith("hwocr.")]
    del model.metadata_props[:]
    for key, value in [*kept, *props.items()]:
        entry = model.metadata_props.add()
        entry.key, entry.value = key, value


def read_metadata(path: str | Path) -> ModelMetadata:
    """The hwocr metadata of an ONNX file, read without loading its weights into a session."""
    model = onnx.load(str(path), load_external_data=False)
    return ModelMetadata.from_props({p.key: p.value for p in model.metadata_props}, str(path))


def _materialise_shared_initializers(model: onnx.ModelProto) -> None:
    """Replace ``Identity(initializer)`` nodes by a copy of the initializer.

    The TorchScript exporter deduplicates equal weights (e.g. freshly initialised biases) through
    Identity nodes; onnxruntime's quantizers expect every Conv bias to be an initializer.
    """
    inits = {init.name: init for init in model.graph.initializer}
    keep = []
    for node in model.graph.node:
        if node.op_type == "Identity" and node.input[0] in inits:
            copy_ = onnx.TensorProto()
            copy_.CopyFrom(inits[node.input[0]])
            copy_.name = node.output[0]
            model.graph.initializer.append(copy_)
        else:
            keep.append(node)
    del model.graph.node[:]
    model.graph.node.extend(keep)


def _drop_no_op_casts(model: onnx.ModelProto) -> onnx.ModelProto:
    """Remove Casts to the type their input already has (``pixels.float()`` on float pixels).

    They cost nothing at fp32 but pin a float32 island into an fp16 conversion, which then fails
    to type-check.
    """
    inferred = onnx.shape_inference.infer_shapes(model)
    graph = inferred.graph
    types = {v.name: v.type.tensor_type.elem_type for v in [*graph.input, *graph.value_info, *graph.output]}
    types.update({i.name: i.data_type for i in graph.initializer})
    outputs = {o.name for o in model.graph.output}
    renames: dict[str, str] = {}
    keep = []
    for node in model.graph.node:
        to = next((a.i for a in node.attribute if a.name == "to"), None)
        source = renames.get(node.input[0], node.input[0]) if node.input else ""
        if node.op_type == "Cast" and to is not None and types.get(source) == to and node.output[0] not in outputs:
            renames[node.output[0]] = source
            continue
        for i, name in enumerate(node.input):
            if name in renames:
                node.input[i] = renames[name]
        keep.append(node)
    del model.graph.node[:]
    model.graph.node.extend(keep)
    return model


def _simplify(model: onnx.ModelProto) -> onnx.ModelProto:
    """onnxslim when installed (an optional extra); the plain export otherwise."""
    if importlib.util.find_spec("onnxslim") is None:
        log.info("onnxslim not installed: skipping graph simplification")
        return model
    import onnxslim

    return onnxslim.slim(model)


def _trace_input(net: nn.Module, input_height: int, stride: int) -> torch.Tensor:
    width = max(64, 8 * stride)
    pixels = torch.full((2, 1, input_height, width), 255.0)
    pixels[:, :, input_height // 4 : 3 * input_height // 4, : width // 2] = 0.0
    return pixels


def build_metadata(
    net: nn.Module,
    charset: Charset,
    input_height: int,
    metadata: Mapping[str, Any] | None = None,
    max_aspect: float = 64.0,
    vertical_policy: str = "as_is",
) -> ModelMetadata:
    """Everything the runtime needs, from the module, its charset and the caller's descriptive fields."""
    if vertical_policy not in VERTICAL_POLICIES:
        raise ValueError(f"vertical_policy must be one of {VERTICAL_POLICIES}, got {vertical_policy!r}")
    metadata = dict(metadata or {})
    return ModelMetadata(
        classes=charset.class_labels(),
        normalize=charset.normalize,
        charset_name=charset.name,
        input_height=input_height,
        frames=fit_frame_geometry(net),
        max_aspect=max_aspect,
        vertical_policy=vertical_policy,
        model_name=str(metadata.get("model_name") or type(net).__name__),
        config_name=str(metadata.get("config_name") or ""),
        metrics={k: float(v) for k, v in (metadata.get("metrics") or {}).items()},
        hwocr_version=hwocr.__version__,
        weights_sha256=weights_sha256(net),
        extra={k: v for k, v in metadata.items() if k not in _KNOWN_KEYS},
        line_normalization=dict(metadata["line_normalization"]) if metadata.get("line_normalization") else None,
    )


def export_onnx(
    net: nn.Module,
    charset: Charset,
    path: str | Path,
    *,
    input_height: int,
    metadata: Mapping[str, Any] | None = None,
    opset: int = MIN_OPSET,
    check: bool = True,
    simplify: bool = True,
    max_aspect: float = 64.0,
    vertical_policy: str = "as_is",
    parity_widths: Sequence[int] = (96, 257),
    parity_batch_sizes: Sequence[int] = (1, 3),
    atol: float = DEFAULT_ATOL,
) -> Path:
    """Write ``net`` (pixels (B, 1, H, W) in 0..255 -> logits (B, T, C)) to ``path`` as ONNX.

    The graph takes ``pixels`` float32 with dynamic batch and width and returns ``probs``,
    ``best_class`` and ``best_prob``. ``metadata`` adds descriptive fields (``model_name``,
    ``config_name``, ``metrics``; other keys go under ``hwocr.extra.*``). With ``check`` the file
    is compared against PyTorch at ``parity_widths`` x ``parity_batch_sizes``; on a mismatch it is
    renamed ``*.failed.onnx`` and ExportParityError is raised.
    """
    if opset < MIN_OPSET:
        raise ValueError(f"opset must be >= {MIN_OPSET}, got {opset}")
    if charset.num_classes != getattr(net, "num_classes", charset.num_classes):
        raise ValueError(f"charset has {charset.num_classes} classes, the network {net.num_classes}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # A private CPU copy: exporting must not move or switch the caller's module to eval mode.
    net = copy.deepcopy(net).cpu().float().eval()
    meta = build_metadata(net, charset, input_height, metadata, max_aspect, vertical_policy)
    graph = CTCExportGraph(net).eval()
    dynamic = {INPUT_NAME: {0: "batch", 3: "width"}, "probs": {0: "batch", 1: "frames"},
               "best_class": {0: "batch", 1: "frames"}, "best_prob": {0: "batch", 1: "frames"}}
    tmp = path.with_name(path.name + ".tmp")
    with warnings.catch_warnings():
        # The TorchScript exporter warns that an LSTM traced at batch 2 may not generalise: the
        # parity check below runs batch 1 and 3 to prove that it does.
        warnings.filterwarnings("ignore", category=UserWarning)
        warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        torch.onnx.export(
            graph,
            (_trace_input(net, input_height, meta.frames.stride),),
            str(tmp),
            input_names=[INPUT_NAME],
            output_names=list(OUTPUT_NAMES),
            dynamic_axes=dynamic,
            opset_version=opset,
            do_constant_folding=True,
            dynamo=False,  # the dynamo exporter fixes the LSTM's sequence length
        )
    model = onnx.load(str(tmp))
    tmp.unlink()
    _materialise_shared_initializers(model)
    _drop_no_op_casts(model)
    if simplify:
        model = _simplify(model)
    model.producer_name, model.producer_version = "hwocr", hwocr.__version__
    model.doc_string = f"hwocr CTC line recognizer {meta.model_name} ({charset.num_classes} classes)"
    write_metadata(model, meta)
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, str(path))
    if check:
        try:
            check_export_parity(net, path, charset, input_height, parity_widths, parity_batch_sizes, atol)
        except Exception:
            path.replace(path.with_suffix(".failed.onnx"))
            raise
    return path
