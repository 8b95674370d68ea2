"""``hwocr-bench augment``: lines/s per core of every ``conf/augment/*.yaml`` on 64 px handwritten lines.

Lines of ``--chars`` characters are rendered once by the handwriting engine; only the pipeline
call is timed, on one thread (OpenCV and torch set to 1), cycling through the lines. Two rates
are printed: per wall-clock second, and per CPU second of this process -- on a machine shared
with other jobs the second is the fairer measure of one core's throughput.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from hwocr.augment.configs import load_pipeline, pipeline_names

# Kana, digits and common form kanji: what a ~12-character field is made of.
_POOL = "あいうえおかきくけこさしすせそたちつてとなにぬねのまみむめもやゆよらりるれろわをん" \
        "アイウエオカキクケコサシスセソタチツテト0123456789年月日円東京都大阪市区町村山田中川本一二三"  # fmt: skip


@dataclass
class AugmentBench:
    pipeline: str
    strength: float | None
    lines_per_s_wall: float
    lines_per_cpu_s: float
    ms_per_line: float
    mean_width_in: float
    mean_width_out: float


def render_lines(count: int, chars: int, height: int, seed: int = 0) -> list[np.ndarray]:
    from hwocr.synth.render.handwriting import HandwritingRenderer

    renderer = HandwritingRenderer(height=height)
    rng = np.random.default_rng(seed)
    pool = [c for c in _POOL if renderer.supports(c)]
    return [renderer.render("".join(rng.choice(pool, chars)), rng) for _ in range(count)]


def time_pipeline(transform: Callable | None, lines: Sequence[np.ndarray], min_seconds: float) -> tuple[float, float, float]:
    """(lines per wall second, lines per CPU second, mean output width) over at least ``min_seconds``."""
    call = (lambda image: image) if transform is None else (lambda image: transform(image=image)["image"])
    for line in lines[:8]:  # warm-up: lazy caches, first-call costs
        call(line)
    n, widths = 0, 0
    wall0, cpu0 = time.perf_counter(), time.process_time()
    while True:
        for line in lines:
            widths += call(line).shape[1]
        n += len(lines)
        wall = time.perf_counter() - wall0
        if wall >= min_seconds:
            break
    cpu = max(time.process_time() - cpu0, 1e-9)
    return n / wall, n / cpu, widths / n


def format_table(results: Sequence[AugmentBench]) -> str:
    head = ["pipeline", "strength", "lines/s (wall)", "lines/s per CPU s", "ms/line", "width in -> out"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        strength = "config" if r.strength is None else f"{r.strength:g}"
        lines.append(f"| {r.pipeline} | {strength} | {r.lines_per_s_wall:,.0f} | {r.lines_per_cpu_s:,.0f} | "
                     f"{r.ms_per_line:.3f} | {r.mean_width_in:.0f} -> {r.mean_width_out:.0f} |")  # fmt: skip
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="hwocr-bench augment", description=__doc__.splitlines()[0])
    p.add_argument("--pipelines", nargs="*", help="conf/augment names (default: all)")
    p.add_argument("--strength", type=float, default=None, help="override every pipeline's strength")
    p.add_argument("--lines", type=int, default=200, help="distinct lines rendered, then cycled")
    p.add_argument("--chars", type=int, default=12)
    p.add_argument("--height", type=int, default=64)
    p.add_argument("--min-seconds", type=float, default=3.0, help="time each pipeline at least this long")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", type=Path, default=None, help="also write the results here")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    import cv2
    import torch

    cv2.setNumThreads(1)  # one core: what a single DataLoader worker gets
    torch.set_num_threads(1)
    names = args.pipelines or pipeline_names()
    unknown = sorted(set(names) - set(pipeline_names()))
    if unknown:
        raise SystemExit(f"unknown augment config(s) {unknown}; known: {pipeline_names()}")
    lines = render_lines(args.lines, args.chars, args.height, args.seed)
    width_in = float(np.mean([line.shape[1] for line in lines]))
    results = []
    for name in names:
        transform = load_pipeline(name, strength=args.strength)
        if transform is not None:
            transform = transform.copy_with_seed(args.seed) if hasattr(transform, "copy_with_seed") else transform
        wall, cpu, width_out = time_pipeline(transform, lines, args.min_seconds)
        results.append(AugmentBench(name, args.strength, round(wall, 1), round(cpu, 1), round(1000 / cpu, 3),
                                    round(width_in, 1), round(width_out, 1)))  # fmt: skip
        print(f"{name}: {json.dumps(asdict(results[-1]))}", flush=True)
    print(f"\n{len(lines)} lines of {args.chars} characters at {args.height} px (mean width {width_in:.0f}), "
          "1 thread\n")  # fmt: skip
    print(format_table(results))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
