"""Collect the study's scoreboards and metrics into one Markdown table (stdout and results/table.md).

Rows of earlier rounds already in results/table.md are kept (a run of the same name is replaced),
and each run's metrics.json and scoreboard are copied to results/runs/<run>.*.

    python experiments/real_transfer/collect.py RUNS_DIR [RESULTS_DIR]   # default: this study's results/
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

COLS = [("omniglot_katakana", "exact"), ("omniglot_katakana", "cer_folded"), ("omniglot_katakana", "closed_set"),
        ("kmnist", "exact"), ("kmnist", "closed_set"), ("font_seto_random", "cer"), ("font_yozfont_random", "cer"),
        ("omniglot_katakana", "field"), ("omniglot_katakana", "field_widths")]


def pct(v: float | None) -> str:
    return "–" if v is None else f"{100 * v:.1f}"


def main(out: Path, results: Path) -> None:
    header = ["run", "steps", "train s", "val CER", *[f"{s} {k}" for s, k in COLS]]
    (results / "runs").mkdir(parents=True, exist_ok=True)
    rows_by_run: dict[str, str] = {}
    old = results / "table.md"
    if old.is_file():
        for line in old.read_text(encoding="utf-8").splitlines()[2:]:
            cells = [c.strip() for c in line.strip("|").split("|")]
            cells += ["–"] * (len(header) - len(cells))  # rounds before a column existed
            rows_by_run[cells[0]] = "| " + " | ".join(cells) + " |"
    for run in sorted(p for p in out.iterdir() if (p / "model.scoreboard.json").is_file()):
        metrics = json.loads((run / "metrics.json").read_text())
        rows = {r["set"]: r for r in json.loads((run / "model.scoreboard.json").read_text())["sets"]}
        cells = [pct(rows.get(s, {}).get(k)) for s, k in COLS]
        rows_by_run[run.name] = (f"| {run.name} | {metrics.get('global_step')} | {metrics.get('train_seconds')} | "
                                 f"{pct(metrics.get('val/cer'))} | " + " | ".join(cells) + " |")
        shutil.copyfile(run / "metrics.json", results / "runs" / f"{run.name}.metrics.json")
        for suffix in ("md", "json"):
            shutil.copyfile(run / f"model.scoreboard.{suffix}", results / "runs" / f"{run.name}.scoreboard.{suffix}")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header), *rows_by_run.values()]
    table = "\n".join(lines)
    print(table)
    (results / "table.md").write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).parent / "results")
