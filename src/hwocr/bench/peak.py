"""``hwocr-bench peak``: the machine a benchmark ran on, and its measured fp32 matmul peak.

Achieved FLOP/s only mean something against what this machine can do: the peak is measured in the
same run as the models it is compared with (a 2048^3 ``torch.matmul``, best of 3, with the run's
torch threads), since a shared machine's speed changes from hour to hour. The description records
the load average too: on a busy machine every number is a lower bound of what it can do alone.

    hwocr-bench peak --threads 2
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import torch


@dataclass(frozen=True)
class MatmulPeak:
    """Best fp32 GFLOP/s of ``size``^3 matrix products (2 size^3 FLOPs each) on ``threads`` threads."""

    gflops: float
    size: int
    threads: int
    best_seconds: float


def matmul_peak(size: int = 2048, repeats: int = 3, threads: int | None = None) -> MatmulPeak:
    """Time ``repeats`` products of two random ``size`` x ``size`` fp32 matrices after one warm-up."""
    if size < 1 or repeats < 1:
        raise ValueError(f"size and repeats must be >= 1, got {size} and {repeats}")
    if threads:
        torch.set_num_threads(threads)
    g = torch.Generator().manual_seed(0)
    a, b = torch.randn(size, size, generator=g), torch.randn(size, size, generator=g)
    out = torch.empty(size, size)
    torch.matmul(a, b, out=out)  # warm-up: thread pool start, page faults of the output
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        torch.matmul(a, b, out=out)
        best = min(best, time.perf_counter() - start)
    return MatmulPeak(round(2 * size**3 / best / 1e9, 1), size, torch.get_num_threads(), round(best, 4))


def cpu_model(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    """The CPU's model name from /proc/cpuinfo (Linux), else what ``platform`` knows."""
    try:
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            key, _, value = line.partition(":")
            if key.strip() in ("model name", "Model", "cpu model") and value.strip():
                return value.strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown CPU"


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def describe_machine() -> dict[str, str]:
    """CPU, cores (all and usable by this process), load, and the versions the numbers depend on."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"
    return {
        "cpu": cpu_model(),
        "cores": f"{os.cpu_count()} logical, {usable} usable by this process",
        "load average (1, 5, 15 min)": load,
        "torch threads": str(torch.get_num_threads()),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "onnxruntime": _version("onnxruntime"),
        "platform": platform.platform(),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hwocr-bench peak", description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=2048, help="matrix side (default 2048)")
    parser.add_argument("--repeats", type=int, default=3, help="timed products; the fastest counts")
    parser.add_argument("--threads", type=int, default=None, help="torch intra-op threads (default: torch's)")
    args = parser.parse_args(argv)
    peak = matmul_peak(args.size, args.repeats, args.threads)
    print("| machine | |\n|---|---|")
    for key, value in describe_machine().items():
        print(f"| {key} | {value} |")
    print(f"| fp32 matmul peak | {peak.gflops:,.1f} GFLOP/s ({peak.size}³, {peak.threads} thread(s), best of "
          f"{args.repeats}: {1000 * peak.best_seconds:.1f} ms) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
