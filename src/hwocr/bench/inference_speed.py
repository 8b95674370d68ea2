"""``hwocr-bench inference``: CPU speed of PyTorch eager vs ONNX fp32 vs ONNX int8, at batch 1 and 32.

    hwocr-bench inference                                    # fresh crnn_small, quickstart charset
    hwocr-bench inference --model crnn --threads 2
    hwocr-bench inference --checkpoint logs/train/runs/<run>/checkpoints/best.ckpt --lines 200

Every engine reads the same rendered lines, already at model height, through the same width
buckets; the time covers padding, the forward pass and greedy CTC decoding. "agree" is the share of
lines whose text equals PyTorch eager's; CER needs a trained checkpoint to mean anything.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import torch

from hwocr.bench.models import build_system
from hwocr.core.charset import Charset
from hwocr.decoding.ctc_greedy import ctc_greedy_decode
from hwocr.export.onnx_export import export_onnx
from hwocr.export.quantize import quantize_int8_dynamic, quantize_int8_static
from hwocr.metrics.cer import CERAccumulator
from hwocr.runtime import Recognizer
from hwocr.runtime.batching import pad_batch, plan_batches
from hwocr.synth.render.kanjivg import KanjiVGRenderer
from hwocr.systems.loading import load_system

Reader = Callable[[list[np.ndarray], int], list[str]]


def build_fresh(model: str, charset: str, height: int) -> tuple[torch.nn.Module, Charset, dict]:
    """A randomly initialised network from ``conf/model/<model>.yaml``."""
    system = build_system(model, height, charset)
    return system.net.eval(), system.charset, {"model_name": f"{model} (fresh init)"}


def build_from_checkpoint(path: Path) -> tuple[torch.nn.Module, Charset, dict]:
    system = load_system(path)
    return system.net.eval(), system.charset, {"model_name": path.name, "metrics": system.checkpoint_metrics}


def render_lines(charset: Charset, height: int, count: int, seed: int = 0) -> tuple[list[np.ndarray], list[str]]:
    """Synthetic handwriting of 4-16 random drawable characters per line."""
    renderer = KanjiVGRenderer(height=height)
    drawable = [c for c in charset.chars if renderer.supports(c)]
    rng = np.random.default_rng(seed)
    texts = ["".join(rng.choice(drawable, size=int(rng.integers(4, 17)))) for _ in range(count)]
    return [renderer.render(t, rng) for t in texts], texts


def eager_reader(net: torch.nn.Module, charset: Charset, stride: int) -> Reader:
    def read(lines: list[np.ndarray], batch_size: int) -> list[str]:
        texts = [""] * len(lines)
        for batch in plan_batches([line.shape[1] for line in lines], batch_size):
            pixels = torch.from_numpy(pad_batch([lines[i] for i in batch]))
            with torch.inference_mode():
                best_prob, best_class = net(pixels).softmax(-1).max(-1)
            for row, i in enumerate(batch):
                path = ctc_greedy_decode(best_class[row].numpy(), best_prob[row].numpy(), lines[i].shape[1] // stride)
                texts[i] = charset.decode(path.indices)
        return texts

    return read


def onnx_reader(recognizer: Recognizer) -> Reader:
    return lambda lines, batch_size: [p.text for p in recognizer.predict(lines, batch_size=batch_size)]


def time_reader(read: Reader, lines: list[np.ndarray], batch_size: int, repeats: int) -> tuple[float, list[str]]:
    read(lines[: max(batch_size, 4)], batch_size)  # warm-up: allocations, kernel selection
    best, texts = float("inf"), []
    for _ in range(repeats):
        start = time.perf_counter()
        texts = read(lines, batch_size)
        best = min(best, time.perf_counter() - start)
    return best, texts


def run(args: argparse.Namespace) -> list[dict]:
    torch.set_num_threads(args.threads)
    if args.checkpoint:
        net, charset, metadata = build_from_checkpoint(Path(args.checkpoint))
    else:
        net, charset, metadata = build_fresh(args.model, args.charset, args.height)
    height = net.input_height
    lines, refs = render_lines(charset, height, args.lines)
    folder = Path(tempfile.mkdtemp(prefix="hwocr-bench-"))
    fp32 = export_onnx(net, charset, folder / "model.onnx", input_height=height, metadata=metadata)
    recognizer = Recognizer(fp32, threads=args.threads)
    engines: dict[str, Reader] = {
        "pytorch eager": eager_reader(net, charset, recognizer.metadata.frames.stride),
        "onnx fp32": onnx_reader(recognizer),
    }
    engines["onnx int8 dynamic"] = onnx_reader(
        Recognizer(quantize_int8_dynamic(fp32, folder / "model.int8_dynamic.onnx"), threads=args.threads)
    )
    if args.static:
        calib, _ = render_lines(charset, height, 32, seed=1)
        engines["onnx int8 static"] = onnx_reader(
            Recognizer(quantize_int8_static(fp32, folder / "model.int8_static.onnx", calib), threads=args.threads)
        )
    rows: list[dict] = []
    for batch_size in args.batch_sizes:
        reference: list[str] = []
        for name, read in engines.items():
            seconds, texts = time_reader(read, lines, batch_size, args.repeats)
            reference = reference or texts
            acc = CERAccumulator()
            acc.update(refs, texts)
            rows.append({
                "engine": name, "batch": batch_size, "lines_per_s": len(lines) / seconds,
                "ms_per_line": 1000 * seconds / len(lines), "cer": acc.cer,
                "agree": sum(a == b for a, b in zip(texts, reference, strict=True)) / len(lines),
            })
    return rows


def format_table(rows: Sequence[dict]) -> str:
    out = ["| engine | batch | lines/s | ms/line | vs eager | CER % | agree % |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    eager = {r["batch"]: r["lines_per_s"] for r in rows if r["engine"] == "pytorch eager"}
    for r in rows:
        out.append(
            f"| {r['engine']} | {r['batch']} | {r['lines_per_s']:.1f} | {r['ms_per_line']:.2f} | "
            f"{r['lines_per_s'] / eager[r['batch']]:.2f}x | {100 * r['cer']:.1f} | {100 * r['agree']:.0f} |"
        )
    return "\n".join(out)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="hwocr-bench inference", description=__doc__.split("\n\n")[0])
    parser.add_argument("--checkpoint", help="a trained checkpoint (default: a fresh --model)")
    parser.add_argument("--model", default="crnn_small", help="conf/model/<name>.yaml for a fresh network")
    parser.add_argument("--charset", default="quickstart")
    parser.add_argument("--height", type=int, default=64)
    parser.add_argument("--lines", type=int, default=64)
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[1, 32])
    parser.add_argument("--threads", type=int, default=1, help="torch and onnxruntime intra-op threads")
    parser.add_argument("--repeats", type=int, default=2, help="timed passes; the fastest counts")
    parser.add_argument("--static", action="store_true", help="also time static int8 (32 calibration lines)")
    parser.add_argument("--json", help="also write the rows to this JSON file")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    rows = run(args)
    print(f"{args.lines} lines, {args.threads} thread(s), torch {torch.__version__}")
    print(format_table(rows))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
