"""``hwocr-compare RUN_DIRS_OR_MULTIRUN_DIR...``: a Markdown + HTML comparison report with plots.

    hwocr-compare logs/train/multiruns/2026-11-27_12-00-00            # -> <that dir>/report/
    hwocr-compare logs/train/runs/A logs/train/runs/B -o compare/    # any run directories
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hwocr.tracking.comparison_report import write_report
from hwocr.tracking.run_records import discover_runs, load_run


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hwocr-compare", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path, help="run directories or sweep (multirun) directories")
    parser.add_argument("-o", "--output", type=Path,
                        help="report folder (default: PATH/report for one sweep folder, else ./compare_report)")
    parser.add_argument("--metric", default="val/cer", help="metric that ranks the runs (default: val/cer)")
    parser.add_argument("--mode", choices=("min", "max"), default="min")
    parser.add_argument("--title", default=None)
    parser.add_argument("--no-wandb", action="store_true", help="never read offline W&B runs for curves")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        run_dirs = discover_runs(args.paths)
    except FileNotFoundError as error:
        print(f"hwocr-compare: {error}", file=sys.stderr)
        return 2
    output = args.output
    if output is None:
        single = len(args.paths) == 1 and args.paths[0] not in run_dirs
        output = args.paths[0] / "report" if single else Path("compare_report")
    runs = [load_run(d, with_wandb=not args.no_wandb) for d in run_dirs]
    title = args.title or f"hwocr comparison: {', '.join(p.name for p in args.paths)}"
    report = write_report(runs, output, metric=args.metric, mode=args.mode, title=title)
    print(f"{len(runs)} runs -> {report.markdown} and {report.html}")
    for plot in report.plots:
        print(f"  plot {plot}")
    if report.best is not None:
        print(f"  best {report.best.path} ({args.metric} = {report.best.value(args.metric):.4f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
