"""``hwocr-bench models``: parameters, FLOPs and CPU speed of every ``conf/model/*.yaml``.

For each model config: parameters, forward FLOPs of one 64 x 512 line (an autoregressive model
is counted teacher-forced over ``--chars`` tokens), and CPU lines/s for a training step (forward,
backward, optimizer step) and for inference (forward + decoding to text), at batch 1 and 32.
Inputs are synthetic ink on white; decoding of an autoregressive model is capped at ``--chars``
characters, since an untrained model would otherwise always run to its length limit.

With ``--peak-gflops`` (``hwocr-bench peak``; ``hwocr-bench all`` measures it in the same run) each
training column also gets the achieved GFLOP/s, counted as 3x the forward FLOPs per line (the
backward pass costs about twice the forward), as a share of that fp32 matmul peak.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import hydra
import torch
from hydra import compose, initialize_config_dir
from torch.utils.flop_counter import FlopCounterMode

from hwocr.systems.base import RecognitionSystem
from hwocr.utils.files import CONFIG_DIR


@dataclass
class ModelBench:
    model: str
    parameters: int
    gflops_per_line: float
    lines_per_s: dict[str, float] = field(default_factory=dict)


def model_configs(config_dir: Path = CONFIG_DIR) -> list[str]:
    return sorted(p.stem for p in (config_dir / "model").glob("*.yaml"))


def build_system(name: str, height: int, charset: str, config_dir: Path = CONFIG_DIR) -> RecognitionSystem:
    """The system of model config ``name`` composed inside the training config."""
    with initialize_config_dir(config_dir=str(config_dir), version_base="1.3"):
        cfg = compose("train", overrides=[f"model={name}", f"charset={charset}", f"data.height={height}"])
    return hydra.utils.instantiate(cfg.model, charset=hydra.utils.instantiate(cfg.charset))


def synthetic_batch(batch_size: int, height: int, width: int, chars: int, num_classes: int, seed: int = 0) -> dict:
    """Dark strokes on white, full width, with random labels of ``chars`` characters."""
    g = torch.Generator().manual_seed(seed)
    images = torch.where(torch.rand(batch_size, 1, height, width, generator=g) < 0.2, 0.0, 255.0)
    targets = torch.randint(1, num_classes, (batch_size * chars,), generator=g)
    return {
        "images": images, "widths": torch.full((batch_size,), width), "targets": targets,
        "target_lengths": torch.full((batch_size,), chars), "texts": [""] * batch_size,
        "ids": [str(i) for i in range(batch_size)], "vertical": torch.zeros(batch_size, dtype=torch.bool),
    }


def forward_flops(system: RecognitionSystem, batch: dict) -> int:
    """FLOPs of one forward pass of ``batch`` (teacher forcing for autoregressive nets)."""
    with torch.no_grad(), FlopCounterMode(display=False) as counter:
        system.eval()
        if hasattr(system, "tokens"):
            inputs, _ = system.tokens(batch)
            system.net(batch["images"], inputs)
        else:
            system.net(batch["images"])
    return int(counter.get_total_flops())


def infer(system: RecognitionSystem, batch: dict, chars: int) -> None:
    net = system.net
    if hasattr(net, "generate"):
        net.generate(batch["images"], beam_width=getattr(system, "beam_width", 1), max_length=chars)
    else:
        system.decode(batch)


def lines_per_s(fn, batch_size: int, min_seconds: float, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    runs, t0 = 0, time.perf_counter()
    while True:
        fn()
        runs += 1
        elapsed = time.perf_counter() - t0
        if elapsed >= min_seconds:
            return round(runs * batch_size / elapsed, 2)


def bench_model(name: str, height: int = 64, width: int = 512, chars: int = 12, batch_sizes: Sequence[int] = (1, 32),
                charset: str = "quickstart", min_seconds: float = 2.0) -> ModelBench:
    system = build_system(name, height, charset)
    n_classes = system.charset.num_classes
    result = ModelBench(
        model=name,
        parameters=sum(p.numel() for p in system.parameters()),
        gflops_per_line=round(forward_flops(system, synthetic_batch(1, height, width, chars, n_classes)) / 1e9, 3),
    )
    optimizer = torch.optim.AdamW(system.parameters(), lr=1e-4)
    for bs in batch_sizes:
        batch = synthetic_batch(bs, height, width, chars, n_classes, seed=bs)

        def train_step(batch: dict = batch) -> None:
            system.train()
            optimizer.zero_grad(set_to_none=True)
            system.loss(batch).backward()
            optimizer.step()

        def infer_step(batch: dict = batch) -> None:
            system.eval()
            with torch.no_grad():
                infer(system, batch, chars)

        result.lines_per_s[f"train_b{bs}"] = lines_per_s(train_step, bs, min_seconds)
        result.lines_per_s[f"infer_b{bs}"] = lines_per_s(infer_step, bs, min_seconds)
    return result


# Training FLOPs per line as a multiple of the forward FLOPs: forward + backward (~2x forward).
TRAIN_FLOPS_FACTOR = 3


def train_gflops(result: ModelBench, key: str) -> float:
    """Achieved GFLOP/s of the training measurement ``key`` (``train_b32``)."""
    return TRAIN_FLOPS_FACTOR * result.gflops_per_line * result.lines_per_s[key]


def format_table(results: Sequence[ModelBench], peak_gflops: float | None = None) -> str:
    keys = list(results[0].lines_per_s) if results else []
    shares = [k for k in keys if k.startswith("train_")] if peak_gflops else []
    head = ["model", "params (M)", "GFLOPs/line", *[f"{k} lines/s" for k in keys],
            *[f"{k} GFLOP/s (% of peak)" for k in shares]]
    rows = [[r.model, f"{r.parameters / 1e6:.2f}", f"{r.gflops_per_line:.3f}", *[f"{r.lines_per_s[k]:.1f}" for k in keys],
             *[f"{train_gflops(r, k):.1f} ({100 * train_gflops(r, k) / peak_gflops:.0f} %)" for k in shares]]  # type: ignore[operator]
            for r in results]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="hwocr-bench models", description=__doc__.splitlines()[0])
    p.add_argument("--models", nargs="*", help="model config names (default: every conf/model/*.yaml)")
    p.add_argument("--height", type=int, default=64)
    p.add_argument("--width", type=int, default=512)
    p.add_argument("--chars", type=int, default=12, help="characters per line (labels, AR decoding cap)")
    p.add_argument("--batch-sizes", type=int, nargs="+", default=[1, 32])
    p.add_argument("--charset", default="quickstart", help="charset config name (conf/charset)")
    p.add_argument("--threads", type=int, default=None, help="torch intra-op threads (default: torch's)")
    p.add_argument("--min-seconds", type=float, default=2.0, help="time each measurement at least this long")
    p.add_argument("--peak-gflops", type=float, default=None,
                   help="fp32 matmul peak of this machine (hwocr-bench peak): adds achieved training FLOP/s")
    p.add_argument("--json", type=Path, default=None, help="also write the results here")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    names = args.models or model_configs()
    unknown = sorted(set(names) - set(model_configs()))
    if unknown:
        raise SystemExit(f"unknown model config(s) {unknown}; known: {model_configs()}")
    results = []
    for name in names:
        results.append(bench_model(name, args.height, args.width, args.chars, args.batch_sizes, args.charset,
                                   args.min_seconds))
        print(f"{name}: {json.dumps(asdict(results[-1]))}", flush=True)
    peak = f", fp32 matmul peak {args.peak_gflops:g} GFLOP/s" if args.peak_gflops else ""
    print(f"\n{args.width}x{args.height} lines, {torch.get_num_threads()} thread(s), charset {args.charset}{peak}\n")
    print(format_table(results, args.peak_gflops))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
