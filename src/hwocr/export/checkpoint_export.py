"""From a training checkpoint to a checked ONNX file (and an optional quantized copy) in one call.

This is what ``hwocr-export`` and the training pipeline's export step run.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from torch import nn

from hwocr.core.charset import Charset
from hwocr.data.eval_lines import LineSet, resolve_lines
from hwocr.export.ar_export import export_ar_onnx, is_autoregressive
from hwocr.export.onnx_export import MIN_OPSET, export_onnx, read_metadata
from hwocr.export.parity import check_dataset_parity
from hwocr.export.precision_report import compare_precisions, format_precision_table
from hwocr.export.quantize import Precision, quantize_model
from hwocr.systems.loading import load_system

log = logging.getLogger(__name__)

DEFAULT_FILENAME = "model.onnx"


def default_output(checkpoint: Path) -> Path:
    """``<run dir>/model.onnx`` for ``<run dir>/checkpoints/x.ckpt``, else beside the checkpoint."""
    folder = checkpoint.parent
    if folder.name == "checkpoints":
        folder = folder.parent
    return folder / DEFAULT_FILENAME


def describe_net(net: nn.Module) -> str:
    parts = [type(getattr(net, part)).__name__ for part in ("backbone", "encoder") if hasattr(net, part)]
    return f"{type(net).__name__}({' + '.join(parts)})" if parts else type(net).__name__


def config_name(config: Mapping[str, Any] | None) -> str:
    """The run's name as training called it: task name and tags."""
    if not config:
        return ""
    tags = config.get("tags") or []
    return str(config.get("task_name", "")) + (f" [{', '.join(map(str, tags))}]" if tags else "")


def export_module(
    net: nn.Module,
    charset: Charset,
    output: str | Path,
    *,
    input_height: int,
    config: Mapping[str, Any] | None = None,
    metrics: Mapping[str, float] | None = None,
    quantize: Precision | None = None,
    opset: int = MIN_OPSET,
    check: bool = True,
    simplify: bool = True,
    calibration: str | Path | LineSet | None = None,
    evaluation: str | Path | LineSet | None = None,
    num_lines: int = 200,
    batch_size: int = 32,
    threads: int | None = None,
    dataset_parity: bool = True,
) -> dict[str, Any]:
    """Export, check on real lines, quantize and compare; returns (and writes) a JSON-able summary.

    ``evaluation`` lines (default: the config's ``val`` split) serve the dataset parity check and
    the precision report; ``calibration`` lines (default: the ``train`` split) the static int8
    ranges. Without a config or explicit lines, only the built-in parity check runs.
    """
    output = Path(output)
    # Autoregressive nets export as encoder + decoder-step graphs; the checks below are CTC-only.
    autoregressive = is_autoregressive(net)
    if autoregressive and quantize and quantize != "int8_dynamic":
        raise ValueError(f"autoregressive exports quantize to int8_dynamic only, not {quantize!r}")
    exporter = export_ar_onnx if autoregressive else export_onnx
    # Models trained on lines the renderer rotated to horizontal say so in config.
    vertical_policy = str(((config or {}).get("export") or {}).get("vertical_policy") or "as_is")
    path = exporter(net, charset, output, input_height=input_height, metadata=export_metadata(net, config, metrics),
                    opset=opset, check=check, simplify=simplify, vertical_policy=vertical_policy)
    # The charset and config are in the file itself; the summary keeps the rest readable.
    props = read_metadata(path).to_props()
    summary: dict[str, Any] = {
        "onnx": str(path),
        "num_classes": charset.num_classes,
        "metadata": {k: v for k, v in props.items() if k not in ("hwocr.charset", "hwocr.extra.config")},
    }
    log.info("exported %s", path)

    evaluation_lines = _evaluation_lines(evaluation, config, charset, num_lines, summary)
    if dataset_parity and evaluation_lines is not None and not autoregressive:
        report = check_dataset_parity(net, path, evaluation_lines.images, batch_size=batch_size)
        summary["dataset_parity"] = {**report.as_dict(), "lines_from": evaluation_lines.origin}
        log.info("dataset parity on %d lines: max |Δp| %.2e", report.lines, report.max_abs_diff)
    if quantize:
        calibration_lines = (
            resolve_lines(calibration, "train", config, charset, num_lines) if quantize == "int8_static" else None
        )
        summary.update(_quantize_and_compare(path, quantize, calibration_lines, evaluation_lines, batch_size, threads))
    summary_path = path.with_suffix(".export.json")
    summary_path.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    summary["summary"] = str(summary_path)
    return summary


def export_metadata(
    net: nn.Module, config: Mapping[str, Any] | None, metrics: Mapping[str, float] | None
) -> dict[str, Any]:
    """What the ONNX file says about where it came from: net, run name, metrics, config, normalisation."""
    metadata: dict[str, Any] = {
        "model_name": describe_net(net),
        "config_name": config_name(config),
        "metrics": dict(metrics or {}),
    }
    if config:
        metadata["config"] = dict(config)
        # The line normalisation training used (hwocr.core.normalize) travels with the model.
        if config.get("normalize"):
            metadata["line_normalization"] = dict(config["normalize"])
    return metadata


def _evaluation_lines(
    evaluation: str | Path | LineSet | None,
    config: Mapping[str, Any] | None,
    charset: Charset,
    num_lines: int,
    summary: dict[str, Any],
) -> LineSet | None:
    """The lines the dataset checks run on: explicit ones, else the config's ``val`` split, else none."""
    if evaluation is not None:
        return resolve_lines(evaluation, "val", config, charset, num_lines)
    if config is None:
        return None
    # The default source is best effort: the export itself has already passed its own check.
    try:
        return resolve_lines(None, "val", config, charset, num_lines)
    except Exception as exc:  # noqa: BLE001 - any data-config failure only skips the extra checks
        log.warning("no validation lines from the checkpoint's data config (%s): skipping dataset checks", exc)
        summary["dataset_parity"] = {"skipped": str(exc)}
        return None


def _quantize_and_compare(
    path: Path,
    quantize: Precision,
    calibration_lines: LineSet | None,
    evaluation_lines: LineSet | None,
    batch_size: int,
    threads: int | None,
) -> dict[str, Any]:
    """Write the quantized copy; with labelled evaluation lines, compare its CER and speed to fp32."""
    quantized = quantize_model(path, quantize, calibration_images=calibration_lines.images if calibration_lines else ())
    summary: dict[str, Any] = {"quantized": str(quantized)}
    if evaluation_lines is not None and all(evaluation_lines.texts) and quantize != "fp16":
        results = compare_precisions({"fp32": path, quantize: quantized}, evaluation_lines.images,
                                     evaluation_lines.texts, batch_size=batch_size, threads=threads)
        summary["precision_report"] = [r.as_dict() for r in results]
        table = format_precision_table(results)
        summary["precision_table"] = table
        log.info("quantized vs fp32 on %s:\n%s", evaluation_lines.origin, table)
    return summary


def export_checkpoint(
    checkpoint: str | Path,
    output: str | Path | None = None,
    quantize: Precision | None = None,
    **options: Any,
) -> dict[str, Any]:
    """Rebuild the system saved in ``checkpoint`` and ``export_module`` its network.

    ``output`` defaults to ``model.onnx`` in the checkpoint's run directory. ``options`` are
    ``export_module``'s keyword arguments (opset, check, calibration, evaluation, num_lines, ...).
    """
    checkpoint = Path(checkpoint)
    system = load_system(checkpoint)
    net = system.net
    config = system.hwocr_config
    input_height = int(getattr(net, "input_height", 0) or config["data"]["height"])
    summary = export_module(
        net,
        system.charset,
        output or default_output(checkpoint),
        input_height=input_height,
        config=config,
        metrics=getattr(system, "checkpoint_metrics", None),
        quantize=quantize,
        **options,
    )
    summary["checkpoint"] = str(checkpoint)
    return summary
