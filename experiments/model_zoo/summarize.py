"""Print the model-zoo table from the runs under a study folder (see run_study.sh)."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(root: Path) -> None:
    print("| experiment | system | params (M) | steps | train s | train lines/s | val CER | val line acc | val infer lines/s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for metrics_file in sorted(root.glob("*/train/runs/*/metrics.json")):
        m = json.loads(metrics_file.read_text())
        exp = metrics_file.parts[len(root.parts)]
        cfg = (metrics_file.parent / "config_resolved.yaml").read_text()
        model = next((line.split(":", 1)[1].strip() for line in cfg.splitlines()
                      if line.startswith("  _target_: hwocr.systems")), "?")
        lines_s = m.get("train/lines_per_s", float("nan"))
        print(f"| {exp} | {model.rsplit('.', 1)[-1]} | {m['parameters'] / 1e6:.2f} | {m.get('global_step')} | "
              f"{m.get('train_seconds')} | {lines_s:.0f} | {m['val/cer']:.2%} | {m['val/line_accuracy']:.2%} | "
              f"{m.get('val/infer_lines_per_s', float('nan')):.0f} |")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/model_zoo"))
