"""PyTorch -> ONNX: self-describing export, parity checks, quantization and precision reports.

Needs torch; what it writes is read by the torch-free ``hwocr.runtime``.
"""

from hwocr.data.eval_lines import LineSet
from hwocr.export.checkpoint_export import export_checkpoint, export_module
from hwocr.export.onnx_export import build_metadata, export_onnx, read_metadata
from hwocr.export.parity import ExportParityError, ParityReport, check_dataset_parity, check_export_parity
from hwocr.export.precision_report import compare_precisions, format_precision_table
from hwocr.export.quantize import convert_fp16, quantize_int8_dynamic, quantize_int8_static, quantize_model

__all__ = [
    "ExportParityError",
    "LineSet",
    "ParityReport",
    "build_metadata",
    "check_dataset_parity",
    "check_export_parity",
    "compare_precisions",
    "convert_fp16",
    "export_checkpoint",
    "export_module",
    "export_onnx",
    "format_precision_table",
    "quantize_int8_dynamic",
    "quantize_int8_static",
    "quantize_model",
    "read_metadata",
]
