"""Whole-set parity (PyTorch vs ONNX) and the int8-vs-fp32 report on rendered validation lines.

    python experiments/inference/dataset_parity.py --lines 200                 # fresh crnn_small
    python experiments/inference/dataset_parity.py --checkpoint best.ckpt      # a trained model

For a checkpoint this is ``hwocr-export checkpoint=... quantize=... num_lines=...`` (lines from the
checkpoint's own validation split); a fresh network gets freshly rendered lines instead.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import torch

from hwocr.bench.inference_speed import build_fresh, render_lines
from hwocr.export import LineSet, export_checkpoint, export_module
from hwocr.export.precision_report import compare_precisions, format_precision_table
from hwocr.export.quantize import quantize_model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--checkpoint")
    parser.add_argument("--model", default="crnn_small")
    parser.add_argument("--lines", type=int, default=200)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--output", default=None, help="folder for the ONNX files (default: a temp folder)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    folder = Path(args.output or tempfile.mkdtemp(prefix="hwocr-parity-"))
    if args.checkpoint:
        summary = export_checkpoint(args.checkpoint, folder / "model.onnx", "int8_dynamic", num_lines=args.lines,
                                    threads=args.threads)
        lines = None
    else:
        net, charset, metadata = build_fresh(args.model, "quickstart", 64)
        images, texts = render_lines(charset, net.input_height, args.lines, seed=123)
        lines = LineSet(images, texts, f"{args.lines} rendered lines")
        summary = export_module(net, charset, folder / "model.onnx", input_height=net.input_height,
                                metrics=metadata.get("metrics"), quantize="int8_dynamic", evaluation=lines,
                                threads=args.threads)
    print(json.dumps(summary["dataset_parity"], indent=2))
    if lines is not None:
        calib, _ = render_lines(charset, net.input_height, 64, seed=7)
        static = quantize_model(summary["onnx"], "int8_static", calibration_images=calib)
        models = {"fp32": summary["onnx"], "int8_dynamic": summary["quantized"], "int8_static": static}
        print(format_precision_table(compare_precisions(models, lines.images, lines.texts, threads=args.threads)))
    else:
        print(summary.get("precision_table", ""))


if __name__ == "__main__":
    main()
