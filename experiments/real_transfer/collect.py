"""Collect the study's scoreboards and metrics into one Markdown table (stdout and results/table.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

COLS = [("omniglot_katakana", "exact"), ("omniglot_katakana", "cer_folded"), ("omniglot_katakana", "closed_set"),
        ("kmnist", "exact"), ("kmnist", "closed_set"), ("font_seto_random", "cer"), ("font_yozfont_random", "cer")]


def pct(v: float | None) -> str:
    return "–" if v is None else f"{100 * v:.1f}"


def main(out: Path) -> None:
    header = ["run", "steps", "train s", "val CER", *[f"{s} {k}" for s, k in COLS]]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for run in sorted(p for p in out.iterdir() if (p / "model.scoreboard.json").is_file()):
        metrics = json.loads((run / "metrics.json").read_text())
        rows = {r["set"]: r for r in json.loads((run / "model.scoreboard.json").read_text())["sets"]}
        cells = [pct(rows.get(s, {}).get(k)) for s, k in COLS]
        lines.append(f"| {run.name} | {metrics.get('global_step')} | {metrics.get('train_seconds')} | "
                     f"{pct(metrics.get('val/cer'))} | " + " | ".join(cells) + " |")
    table = "\n".join(lines)
    print(table)
    results = Path(__file__).parent / "results"
    results.mkdir(exist_ok=True)
    (results / "table.md").write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
