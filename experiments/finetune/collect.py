"""The fine-tuning table: one row per run of experiments/finetune/run.sh, read from its metrics.json.

    python experiments/finetune/collect.py /tmp/ft_runs
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

COLUMNS = ("run", "start", "steps", "train s", "test accuracy", "test CER", "val CER")


def row(run: Path) -> list[str]:
    metrics = json.loads((run / "metrics.json").read_text(encoding="utf-8"))
    name, _, start = run.name.rpartition("-")

    def pct(key: str) -> str:
        return f"{100 * metrics[key]:.2f} %" if key in metrics else "-"

    # Every test line is one character: exact-line accuracy is character accuracy.
    return [name, start, str(metrics.get("global_step", "-")), str(metrics.get("train_seconds", "-")),
            pct("test/line_accuracy"), pct("test/cer"), pct("val/cer")]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    runs = sorted(p.parent for p in Path(argv[0]).glob("*/metrics.json"))
    print("| " + " | ".join(COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    for run in runs:
        print("| " + " | ".join(row(run)) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
