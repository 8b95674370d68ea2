"""``hwocr-bench profile``: where one CPU training step's time goes, and where its FLOPs go.

The step of a model config on real synthetic lines (the quickstart's engine and text: 1-8 random
characters of the charset): drawing and collating the batch in-process (what a DataLoader worker
does), then forward, CTC loss, backward and the optimizer step under ``torch.profiler``. Operators
are grouped by kind (convolution, recurrent layers, linear/matmul, CTC, normalisation and
activations, optimizer, the rest) by their own CPU time, averaged over the timed steps. Forward
FLOPs are counted per kind with ``FlopCounterMode``, so a kind that costs much time for few FLOPs
stands out.

    hwocr-bench profile --model crnn_small --height 32 --threads 1
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import torch
from torch.profiler import ProfilerActivity, profile, record_function
from torch.utils.flop_counter import FlopCounterMode

from hwocr.bench.models import build_system, model_configs

# Operator kinds, first match wins: (kind, substrings of the aten operator name).
KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ctc", ("ctc",)),
    ("recurrent", ("lstm", "rnn", "gru")),
    ("convolution", ("conv",)),
    ("linear / matmul", ("addmm", "matmul", "::mm", "bmm", "linear")),
    ("norm / activation / pool", ("norm", "relu", "gelu", "silu", "pool", "dropout", "softmax", "sigmoid", "tanh")),
)
OPTIMIZER = "optimizer"
OTHER = "other (copies, padding, masks, autograd)"


def kind_of(op_name: str) -> str:
    name = op_name.lower()
    for kind, needles in KINDS:
        if any(n in name for n in needles):
            return kind
    return OTHER


@dataclass
class StepProfile:
    model: str
    batch_size: int
    mean_width: float
    threads: int
    data_ms: float  # drawing + collating one batch, in-process
    step_ms: float  # forward + loss + backward + optimizer, wall
    ms_by_kind: dict[str, float] = field(default_factory=dict)  # own CPU time per step
    gflops_by_kind: dict[str, float] = field(default_factory=dict)  # forward GFLOPs per line

    def table(self) -> str:
        total = sum(self.ms_by_kind.values()) or 1.0
        fwd = sum(self.gflops_by_kind.values()) or 1.0
        lines = [f"| {self.model}, batch {self.batch_size} x {self.mean_width:.0f} px mean width, {self.threads} thread(s) "
                 "| ms/step | share of step CPU | forward GFLOPs/line | share of FLOPs |", "|---|---:|---:|---:|---:|"]
        for kind, ms in sorted(self.ms_by_kind.items(), key=lambda kv: -kv[1]):
            gf = self.gflops_by_kind.get(kind, 0.0)
            lines.append(f"| {kind} | {ms:.1f} | {100 * ms / total:.0f} % | {gf:.4f} | {100 * gf / fwd:.0f} % |")
        per_line = self.step_ms / self.batch_size
        gflops = 3 * sum(self.gflops_by_kind.values()) * self.batch_size / (self.step_ms / 1e3)
        lines += [
            "",
            f"Training step {self.step_ms:.1f} ms wall ({1e3 / per_line:.1f} lines/s, about {gflops:.1f} GFLOP/s at 3x the "
            f"forward FLOPs); drawing and collating the batch in-process {self.data_ms:.1f} ms "
            f"({100 * self.data_ms / (self.data_ms + self.step_ms):.0f} % of step + data on one core).",
        ]
        return "\n".join(lines)


def recurrent_flops(net: torch.nn.Module, images: torch.Tensor) -> int:
    """Forward FLOPs of every ``nn.LSTM`` / ``nn.GRU`` in ``net`` on ``images``: the gate matmuls,
    2 x gates x hidden x (input + hidden) per token, layer and direction."""
    total = 0

    def hook(module: torch.nn.RNNBase, args: tuple, _output) -> None:
        nonlocal total
        x = args[0]
        tokens = x.data.shape[0] if isinstance(x, torch.nn.utils.rnn.PackedSequence) else x.shape[0] * x.shape[1]
        gates = {"LSTM": 4, "GRU": 3}.get(module.mode, 1)
        dirs, hidden = 2 if module.bidirectional else 1, module.hidden_size
        for layer in range(module.num_layers):
            width = module.input_size if layer == 0 else hidden * dirs
            total += tokens * dirs * 2 * gates * hidden * (width + hidden)

    handles = [m.register_forward_hook(hook) for m in net.modules() if isinstance(m, torch.nn.RNNBase)]
    try:
        with torch.no_grad():
            net(images)
    finally:
        for h in handles:
            h.remove()
    return total


def quickstart_batch(charset, chars: list[str], renderer, batch_size: int, seed: int):
    """A collated batch of the quickstart's lines: 1-8 random ``chars`` of ``charset``, drawn by ``renderer``."""
    from hwocr.data.collate import PadCollate
    from hwocr.data.sample import LineSample

    rng = np.random.default_rng(seed)
    samples = []
    for i in range(batch_size):
        text = "".join(rng.choice(chars, size=int(rng.integers(1, 9))))
        image = renderer.render(text, rng)
        samples.append(LineSample(image=image, text=text, labels=charset.encode(text), id=str(i), vertical=False))
    return PadCollate()(samples), float(np.mean([s["image"].shape[1] for s in samples]))


def profile_step(name: str, height: int = 32, batch_size: int = 32, steps: int = 5, charset: str = "quickstart",
                 seed: int = 0) -> StepProfile:
    from hwocr.synth.render.kanjivg import KanjiVGRenderer

    system = build_system(name, height, charset)
    optimizer = torch.optim.AdamW(system.parameters(), lr=1e-4)
    renderer = KanjiVGRenderer(height=height)
    chars = [c for c in system.charset.chars if len(c) == 1]
    for i in range(0, len(chars), 8):  # warm-up: the engine parses each glyph once, as a long run does
        renderer.render("".join(chars[i:i + 8]), np.random.default_rng(i))
    t0 = time.perf_counter()
    batches = [quickstart_batch(system.charset, chars, renderer, batch_size, seed + i) for i in range(steps + 1)]
    data_ms = 1e3 * (time.perf_counter() - t0) / len(batches)
    widths = [w for _, w in batches]

    def step(batch) -> None:
        optimizer.zero_grad(set_to_none=True)
        with record_function("forward + loss"):
            loss = system.loss(batch)
        with record_function("backward"):
            loss.backward()
        with record_function(OPTIMIZER):
            optimizer.step()

    system.train()
    step(batches[0][0])  # warm-up: first-call allocations and kernel choices
    ms_by_kind: dict[str, float] = defaultdict(float)
    t0 = time.perf_counter()
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        for batch, _ in batches[1:]:
            step(batch)
    step_ms = 1e3 * (time.perf_counter() - t0) / steps
    events = prof.events()
    optimizer_ranges = [(e.time_range.start, e.time_range.end) for e in events if e.name == OPTIMIZER]
    for event in events:
        if event.name in ("forward + loss", "backward", OPTIMIZER) or not event.name.startswith("aten::"):
            continue
        start = event.time_range.start
        kind = OPTIMIZER if any(a <= start <= b for a, b in optimizer_ranges) else kind_of(event.name)
        ms_by_kind[kind] += event.self_cpu_time_total / 1e3 / steps
    # Forward FLOPs per line, by kind of operator.
    gflops_by_kind: dict[str, float] = defaultdict(float)
    batch = batches[0][0]
    with torch.no_grad(), FlopCounterMode(display=False) as counter:
        system.eval()
        system.net(batch["images"])
    for op, flops in counter.get_flop_counts().get("Global", {}).items():
        gflops_by_kind[kind_of(str(op))] += flops / 1e9 / batch_size
    # FlopCounterMode has no formula for the fused recurrent kernels: count their matmuls by hand.
    gflops_by_kind["recurrent"] += recurrent_flops(system.net, batch["images"]) / 1e9 / batch_size
    return StepProfile(name, batch_size, float(np.mean(widths)), torch.get_num_threads(), round(data_ms, 2),
                       round(step_ms, 2), {k: round(v, 2) for k, v in ms_by_kind.items()},
                       {k: round(v, 5) for k, v in gflops_by_kind.items()})


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="hwocr-bench profile", description=__doc__.splitlines()[0])
    p.add_argument("--models", nargs="+", default=["crnn_small"], help="model config names")
    p.add_argument("--height", type=int, default=32)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--steps", type=int, default=5, help="profiled training steps (after one warm-up step)")
    p.add_argument("--charset", default="quickstart")
    p.add_argument("--threads", type=int, default=None, help="torch intra-op threads (default: torch's)")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    unknown = sorted(set(args.models) - set(model_configs()))
    if unknown:
        raise SystemExit(f"unknown model config(s) {unknown}; known: {model_configs()}")
    for name in args.models:
        print(profile_step(name, args.height, args.batch_size, args.steps, args.charset).table() + "\n", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
