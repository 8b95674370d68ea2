"""Score kraken's and hwocr's readings of the same validation lines with hwocr's CER code.

kraken's hypotheses (kraken_predict.py) are scored here with ``hwocr.metrics.cer.CERAccumulator``
against the ``.gt.txt`` references (the quickstart charset's NFKC texts, see to_kraken.py);
hwocr's come from ``hwocr-eval``, which uses the same accumulator on the same lines. Training
lines/s and lines per CPU-second come from fit_clock.py, the same callback in both trainers
(lines of every training batch over the fit's wall / CPU time, validation inside the budget
included). Writes results.json and prints a Markdown table.

    python score.py WORK_DIR
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from hwocr.core.charset import Charset
from hwocr.metrics.cer import CERAccumulator


def load_json(path: Path) -> dict:
    if not path.is_file():
        raise FileNotFoundError(f"{path}: missing (did the step before score.py run?)")
    return json.loads(path.read_text(encoding="utf-8"))


def score_kraken(work: Path) -> dict:
    charset = Charset.from_file("quickstart")
    acc = CERAccumulator()
    predictions = work / "kraken" / "predictions.jsonl"
    for lineno, line in enumerate(predictions.read_text(encoding="utf-8").splitlines(), start=1):
        record = json.loads(line)
        gt = Path(record["image"]).with_suffix(".gt.txt")
        if not gt.is_file():
            raise FileNotFoundError(f"{predictions}:{lineno}: reference {gt} not found")
        acc.update([charset.normalize_text(gt.read_text(encoding="utf-8").strip())], [record["hyp"]])
    read = load_json(predictions.with_suffix(".summary.json"))
    return {**acc.as_dict(), "parameters": read["parameters"], "fit": load_json(work / "kraken" / "clock.json"),
            "infer_lines_per_s_b1": read["lines_per_s"], "infer_lines_per_cpu_s_b1": read["lines_per_cpu_s"],
            "model": read["model"]}


def score_hwocr(work: Path) -> dict:
    run = load_json(work / "hwocr" / "run" / "metrics.json")
    b1, b32 = (load_json(work / "hwocr" / f"eval_b{b}.json") for b in (1, 32))
    keep = ("cer", "cer_folded", "one_minus_ned", "line_accuracy", "substitutions", "deletions", "insertions",
            "ref_chars", "num_samples")
    return {**{k: b32[k] for k in keep}, "parameters": run["parameters"],
            "fit": load_json(work / "hwocr" / "clock.json"), "train_seconds_hwocr": run.get("train_seconds"),
            "infer_lines_per_s_b1": b1["lines_per_s"], "infer_lines_per_s_b32": b32["lines_per_s"],
            "cer_b1": b1["cer"], "model": b32["model"]}


def table(results: dict) -> str:
    rows = ["| engine | val CER | line acc. | params | fit wall s (val) | fit CPU s (val) | lines trained (steps) | "
            "train lines/s | train lines/CPU-s | infer lines/s b1 | infer lines/s b32 |",
            "|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, r in results.items():
        f = r["fit"]
        rows.append(f"| {name} | {100 * r['cer']:.1f} % | {100 * r['line_accuracy']:.1f} % | "
                    f"{r['parameters'] / 1e6:.2f} M | {f['fit_wall_s']:.0f} ({f['val_wall_s']:.0f}) | "
                    f"{f['fit_cpu_s']:.0f} ({f['val_cpu_s']:.0f}) | "
                    f"{f['train_lines']} ({f['global_step']}) | {f['lines_per_s']:.2f} | {f['lines_per_cpu_s']:.2f} | "
                    f"{r['infer_lines_per_s_b1']:.1f} | {r.get('infer_lines_per_s_b32', '-')} |")
    k, h = results["kraken"]["fit"], results["hwocr_crnn"]["fit"]
    rows.append(f"\nhwocr / kraken: training lines/s {h['lines_per_s'] / max(k['lines_per_s'], 1e-9):.1f}x, "
                f"training lines per CPU-second {h['lines_per_cpu_s'] / max(k['lines_per_cpu_s'], 1e-9):.1f}x")
    return "\n".join(rows)


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        sys.exit(__doc__)
    work = Path(argv[0])
    results = {"kraken": score_kraken(work), "hwocr_crnn": score_hwocr(work)}
    (work / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(results))


if __name__ == "__main__":
    main(sys.argv[1:])
