"""``hwocr-bench all``: every benchmark at small sizes, one table per part, with the machine and its peak.

    hwocr-bench all --threads 2                  # small sizes; writes its section of experiments/benchmarks.md
    hwocr-bench all --quick --output /tmp/b.md   # tiny sizes: checks that every part runs (numbers mean little)
    hwocr-bench all --parts models inference     # some parts only

The parts run in the order of the data flow: synthetic generation and store read-back, augmentation,
model training and inference steps (with the achieved FLOP/s as a share of the fp32 matmul peak
measured at the start of the same run), eager / ONNX fp32 / int8 inference, padding cost, metrics.
Each part is the same code as its own subcommand (``hwocr-bench models ...``), so a line of the
results can be re-measured alone with larger sizes. The results replace the section between this
suite's markers in the output file and leave the rest of it (other sections, notes) as it is.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from hwocr.bench.peak import describe_machine, matmul_peak
from hwocr.utils.files import CONFIG_DIR, write_text_atomic

BEGIN = "<!-- hwocr-bench all: begin (generated; edit outside these markers) -->"
END = "<!-- hwocr-bench all: end -->"
DEFAULT_OUTPUT = CONFIG_DIR.parent / "experiments" / "benchmarks.md"
_PROGRESS = re.compile(r"^[\w.-]+: \{")  # the per-item JSON lines models/augment print while running


def _metrics_table(output: str) -> str:
    """``hwocr-bench metrics --json`` prints one JSON object; here it becomes a table like the others."""
    r = json.loads(output.strip().splitlines()[-1])
    return ("| line pairs | CER + 1-NED + S/D/I (s) | lines/s | rejection report (s) | CER |\n|---:|---:|---:|---:|---:|\n"
            f"| {r['lines']:,} | {r['cer_seconds']:.3f} | {r['lines'] / max(r['cer_seconds'], 1e-9):,.0f} | "
            f"{r['rejection_report_seconds']:.3f} | {100 * r['cer']:.2f} % |")


@dataclass(frozen=True)
class Part:
    """One benchmark: its subcommand's arguments at the suite's small sizes and at ``--quick`` sizes."""

    name: str
    module: str  # hwocr.bench.<module> has main(argv) -> int
    what: str
    args: list[str]
    quick: list[str]
    threaded: bool = False  # takes --threads
    as_table: Callable[[str], str] | None = None  # for a part that prints no table itself

    def argv(self, quick: bool, threads: int, peak_gflops: float) -> list[str]:
        argv = list(self.quick if quick else self.args) + (["--threads", str(threads)] if self.threaded else [])
        return argv + (["--peak-gflops", f"{peak_gflops:g}"] if self.name == "models" else [])

    def run(self, argv: Sequence[str]) -> int:
        # Imported when the part runs: its heavy imports (synth, onnx, albumentations) cost only when chosen.
        return importlib.import_module(f"hwocr.bench.{self.module}").main(list(argv))


def _part(name: str, module: str, what: str, args: str, quick: str, **options: Any) -> Part:
    return Part(name, module, what, args.split(), quick.split(), **options)


PARTS = [
    _part("synth", "synth", "synthetic lines generated, a store built and read back, per core",
          "--lines 200 --store-lines 200", "--lines 6 --chars 4 --height 32 --store-lines 6"),
    _part("augment", "augment", "augmentation pipelines (conf/augment), lines/s on one core",
          "--lines 100 --min-seconds 1", "--pipelines medium --lines 4 --chars 4 --height 32 --min-seconds 0.02"),
    _part("models", "models", "training and inference steps per model config; FLOPs per line; share of the peak",
          "--models crnn_small crnn --batch-sizes 1 32 --min-seconds 2",
          "--models crnn_small --height 32 --width 96 --chars 3 --batch-sizes 2 --min-seconds 0.02", threaded=True),
    _part("inference", "inference_speed", "PyTorch eager vs ONNX fp32 vs ONNX int8 (fresh crnn_small)",
          "--model crnn_small --lines 32 --batch-sizes 1 32 --repeats 2",
          "--model crnn_small --height 32 --lines 3 --batch-sizes 2 --repeats 1", threaded=True),
    _part("padding", "padding_cost", "what padding invariance costs a training step",
          "--width 120 --steps 3", "--width 48 --steps 1", threaded=True),
    _part("profile", "step_profile", "where a CPU training step's time and FLOPs go (quickstart lines, 32 px)",
          "--models crnn_small crnn --steps 5", "--models crnn_small --batch-size 2 --steps 1", threaded=True),
    _part("metrics", "metrics", "scoring line pairs with hwocr.metrics (CER and the rejection report)",
          "--lines 100000 --repeats 3 --json", "--lines 500 --repeats 1 --json", as_table=_metrics_table),
]


class _Tee(io.TextIOBase):
    """Writes to the terminal as a part runs, and keeps a copy for the results file."""

    def __init__(self, out: io.TextIOBase) -> None:
        self.out, self.copy = out, io.StringIO()

    def write(self, text: str) -> int:
        self.out.write(text)
        return self.copy.write(text)

    def flush(self) -> None:
        self.out.flush()


@dataclass
class PartResult:
    part: Part
    argv: list[str]
    seconds: float
    output: str
    error: str | None = None

    def table(self) -> str:
        if self.error is None and self.part.as_table is not None:
            return self.part.as_table(self.output)
        return "\n".join(line for line in self.output.splitlines() if line.startswith("|"))

    def notes(self) -> list[str]:
        if self.part.as_table is not None:
            return []
        return [line.strip() for line in self.output.splitlines()
                if line.strip() and not line.startswith("|") and not _PROGRESS.match(line)]


def run_part(part: Part, argv: list[str]) -> PartResult:
    """One part in this process; a part that fails is reported, and the suite goes on."""
    threads = torch.get_num_threads()
    tee = _Tee(sys.stdout)  # type: ignore[arg-type]
    start, error = time.perf_counter(), None
    try:
        with contextlib.redirect_stdout(tee):
            code = part.run(argv)
        if code:
            error = f"exit status {code}"
    except (Exception, SystemExit) as exc:  # noqa: BLE001 - one broken part must not hide the others
        error = f"{type(exc).__name__}: {exc}"
    finally:
        torch.set_num_threads(threads)  # augment sets one thread for itself
    return PartResult(part, argv, time.perf_counter() - start, tee.copy.getvalue(), error)


def format_section(command: str, machine: dict[str, str], peak_line: str, results: Sequence[PartResult]) -> str:
    out = [BEGIN, "", "## Latest run of `hwocr-bench all`", "",
           f"Run {time.strftime('%Y-%m-%d %H:%M')} with `{command}` (all parts in one process, one after the other).",
           "", "| machine | |", "|---|---|"]
    out += [f"| {key} | {value} |" for key, value in machine.items()]
    out += [f"| fp32 matmul peak | {peak_line} |", ""]
    for r in results:
        out += [f"### {r.part.name}: {r.part.what}", "",
                f"`hwocr-bench {r.part.name} {' '.join(r.argv)}` ({r.seconds:.0f} s)", ""]
        if r.error:
            out += [f"**Failed**: {r.error}", ""]
        out += [*(f"{note}  " for note in r.notes()), ""] if r.notes() else []
        table = r.table()
        out += [table, ""] if table else []
    out.append(END)
    return "\n".join(out) + "\n"


def replace_section(document: str, section: str) -> str:
    """``document`` with this suite's marked section replaced by ``section`` (appended if absent)."""
    if BEGIN in document and END in document:
        head, rest = document.split(BEGIN, 1)
        return head + section.rstrip("\n") + rest.split(END, 1)[1]
    return document.rstrip("\n") + "\n\n" + section


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    names = [p.name for p in PARTS]
    p = argparse.ArgumentParser(prog="hwocr-bench all", description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="tiny sizes: every part runs in seconds (a smoke test)")
    p.add_argument("--parts", nargs="+", choices=names, default=names, help="which parts (default: all)")
    p.add_argument("--threads", type=int, default=None, help="torch/onnxruntime threads (default: torch's)")
    p.add_argument("--peak-size", type=int, default=None, help="matmul side for the peak (default 2048; quick 256)")
    p.add_argument("--output", default=None,
                   help=f"Markdown file to write the results into ('-': none; default {DEFAULT_OUTPUT}, quick: none)")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    threads = torch.get_num_threads()
    peak = matmul_peak(args.peak_size or (256 if args.quick else 2048), repeats=1 if args.quick else 3, threads=threads)
    peak_line = (f"{peak.gflops:,.1f} GFLOP/s ({peak.size}³ torch.matmul, {peak.threads} thread(s), "
                 f"best of {1 if args.quick else 3})")
    machine = describe_machine()
    print("\n".join(f"{k}: {v}" for k, v in machine.items()) + f"\nfp32 matmul peak: {peak_line}", flush=True)
    results = []
    for part in (p for p in PARTS if p.name in args.parts):
        part_argv = part.argv(args.quick, threads, peak.gflops)
        print(f"\n== {part.name}: hwocr-bench {part.name} {' '.join(part_argv)}", flush=True)
        results.append(run_part(part, part_argv))
        if results[-1].error:
            print(f"!! {part.name} failed: {results[-1].error}", file=sys.stderr)
    output = args.output or ("-" if args.quick else str(DEFAULT_OUTPUT))
    if output != "-":
        path = Path(output)
        if not path.parent.is_dir():
            raise SystemExit(f"--output: folder {path.parent} does not exist")
        command = " ".join(["hwocr-bench", "all", *(sys.argv[2:] if argv is None else argv)])
        section = format_section(command, machine, peak_line, results)
        old = path.read_text(encoding="utf-8") if path.is_file() else "# Benchmarks\n"
        write_text_atomic(path, replace_section(old, section))
        print(f"\nwrote {path}")
    return 1 if any(r.error for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
