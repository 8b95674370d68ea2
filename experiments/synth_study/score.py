"""Score checkpoints on manifests: CER and line accuracy, one JSON per (checkpoint, test set), plus a table.

    python experiments/synth_study/score.py --out /tmp/synth_study/scores \
        --model strokes=/tmp/synth_study/runs/strokes/checkpoints/last.ckpt --tests /tmp/synth_study/test-*

Calls the same ``evaluate_model`` as ``hwocr-eval`` (``model_path=... lines=...``), for many
checkpoint x test-set pairs in one process.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from hwocr.data.eval_lines import lines_from_manifest
from hwocr.pipeline.evaluation import evaluate_model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", action="append", required=True, help="name=path/to/model.ckpt")
    parser.add_argument("--tests", nargs="+", required=True, help="folders holding manifest.tsv")
    parser.add_argument("--out", required=True)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tests = [Path(t) for t in args.tests]
    table: dict[str, dict[str, float]] = {}
    for spec in args.model:
        name, _, path = spec.partition("=")
        for test in tests:
            lines = lines_from_manifest(test / "manifest.tsv")
            result = evaluate_model(path, lines, batch_size=64, threads=args.threads)
            (out / f"{name}--{test.name}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1))
            table.setdefault(name, {})[test.name] = result["cer"]
            print(
                f"{name:18s} {test.name:24s} CER {result['cer']:.4f}  line acc {result['line_accuracy']:.3f}"
            )
    names = [t.name for t in tests]
    print("\n| run | " + " | ".join(names) + " |\n|---|" + "---:|" * len(names))
    for name, row in table.items():
        print(f"| {name} | " + " | ".join(f"{row[t]:.3f}" for t in names) + " |")
    # Runs named <arm>-s<seed> are grouped: mean CER over seeds, with the min-max range.
    arms: dict[str, list[dict[str, float]]] = {}
    for name, row in table.items():
        arms.setdefault(name.rsplit("-s", 1)[0] if "-s" in name else name, []).append(row)
    print("\n| arm (seeds) | " + " | ".join(names) + " |\n|---|" + "---:|" * len(names))
    for arm, rows in arms.items():
        cells = []
        for t in names:
            values = [r[t] for r in rows]
            mean = sum(values) / len(values)
            cells.append(f"{mean:.3f}" if len(values) == 1 else f"{mean:.3f} ({min(values):.3f}-{max(values):.3f})")
        print(f"| {arm} ({len(rows)}) | " + " | ".join(cells) + " |")
    (out / "table.json").write_text(json.dumps(table, indent=1))


if __name__ == "__main__":
    main()
