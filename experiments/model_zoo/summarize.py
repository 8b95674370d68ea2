"""Print the model-zoo table from the runs under a study folder (see run_study.sh).

    python experiments/model_zoo/summarize.py /tmp/model_zoo [--at-step 700]
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path


def cer_at_step(metrics_csv: Path, step: int) -> float | None:
    """Val CER of the last validation at or before ``step`` (validations log at step - 1)."""
    best = None
    with metrics_csv.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row.get("val/cer") and int(row["step"]) <= step:
                best = float(row["val/cer"])
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path, nargs="?", default=Path("/tmp/model_zoo"))
    parser.add_argument("--at-step", type=int, default=700)
    args = parser.parse_args()
    print(f"| experiment | system | params (M) | steps | train s | train lines/s | val CER @{args.at_step} steps | "
          "best val CER | its line acc | val infer lines/s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for metrics_file in sorted(args.root.glob("*/train/runs/*/metrics.json")):
        m = json.loads(metrics_file.read_text())
        exp = metrics_file.parts[len(args.root.parts)]
        cfg = (metrics_file.parent / "config_resolved.yaml").read_text()
        system = next((line.split(":", 1)[1].strip() for line in cfg.splitlines()
                       if line.startswith("  _target_: hwocr.systems")), "?")
        early = cer_at_step(metrics_file.parent / "csv" / "metrics.csv", args.at_step)
        print(f"| {exp} | {system.rsplit('.', 1)[-1]} | {m['parameters'] / 1e6:.2f} | {m.get('global_step')} | "
              f"{m.get('train_seconds')} | {m.get('train/lines_per_s', float('nan')):.0f} | "
              f"{'n/a' if early is None else f'{early:.1%}'} | {m['val/cer']:.1%} | {m['val/line_accuracy']:.1%} | "
              f"{m.get('val/infer_lines_per_s', float('nan')):.0f} |")


if __name__ == "__main__":
    main()
