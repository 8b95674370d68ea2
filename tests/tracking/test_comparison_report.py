"""``hwocr-compare`` on run directories built on disk the way hwocr-train leaves them."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import yaml

from hwocr.cli.compare import main
from hwocr.tracking.comparison_report import swept_keys
from hwocr.tracking.run_records import discover_runs, load_run
from hwocr.tracking.samples import SamplePrediction, write_prediction_report

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def make_run(root: Path, job: int, lr: str, cer: float | None, speed: float = 100.0) -> Path:
    run = root / str(job)
    (run / ".hydra").mkdir(parents=True)
    overrides = [f"model.optimizer.lr={lr}", "augment=none", "paths.log_dir=/somewhere"]
    (run / ".hydra" / "overrides.yaml").write_text(yaml.safe_dump(overrides))
    if cer is None:
        metrics = {"status": "failed", "error": "ValueError: Invalid learning rate: -1.0"}
    else:
        metrics = {"status": "completed", "val/cer": cer, "val/line_accuracy": 1 - cer, "val/cer_kanji": cer * 2,
                   "val/infer_lines_per_s": speed, "parameters": 1000, "global_step": 30}
        (run / "csv").mkdir()
        rows = ["epoch,step,train/loss,val/cer,val/loss"]
        rows += [f"0,{s},{5 - s / 10},{cer + (30 - s) / 100},{4 - s / 10}" for s in (10, 20, 30)]
        (run / "csv" / "metrics.csv").write_text("\n".join(rows) + "\n")
        image = np.full((32, 80), 255, np.uint8)
        image[10:20, 10:70] = 0
        write_prediction_report(run / "predictions", "val", 30, [SamplePrediction("synth-val[0]", "あい", "あ", image)],
                                {"hiragana": cer}, [("い", "", 1)])
    (run / "metrics.json").write_text(json.dumps(metrics))
    return run


def test_report_from_a_sweep_folder(tmp_path: Path):
    sweep = tmp_path / "multirun"
    make_run(sweep, 0, "0.001", 0.30, speed=120.0)
    make_run(sweep, 1, "0.003", 0.10, speed=80.0)
    make_run(sweep, 2, "-1.0", None)
    (sweep / "multirun.yaml").write_text("{}")  # a file Hydra leaves there: ignored
    assert main([str(sweep)]) == 0

    report = sweep / "report"
    md = (report / "report.md").read_text()
    assert "| run | status | model.optimizer.lr | val/cer | val/loss |" in md
    assert "| #1 ★ | completed | 0.003 | 0.1000 | — | 0.9000 |" in md
    assert "| #2 | failed | -1.0 |" in md and "Invalid learning rate" in md
    assert "Same in every run: augment=none paths.log_dir=/somewhere" in md
    assert "![validation CER per run](val_cer.png)" in md and "| あい | あ | 0.500 |" in md
    for png in ("val_cer.png", "val_loss.png", "cer_vs_speed.png", "best_samples/000.png"):
        assert (report / png).read_bytes()[:8] == PNG_MAGIC
    html = (report / "report.html").read_text()
    assert html.startswith("<!DOCTYPE html>") and '<img src="val_cer.png"' in html and "あい" in html


def test_runs_discovered_from_several_places(tmp_path: Path):
    a = make_run(tmp_path / "sweep_a", 0, "0.001", 0.2)
    b = make_run(tmp_path / "sweep_b", 5, "0.002", 0.3)
    assert discover_runs([tmp_path]) == [a, b]
    assert discover_runs([b, tmp_path / "sweep_a"]) == [b, a]
    runs = [load_run(a), load_run(b)]
    assert swept_keys(runs) == ["model.optimizer.lr"]
    assert runs[0].history["val/cer"] == [(10, 0.4), (20, 0.30000000000000004), (30, 0.2)]
    out = tmp_path / "out"
    assert main([str(a), str(b), "-o", str(out)]) == 0
    assert (out / "report.md").is_file() and (out / "val_cer.png").is_file()


def test_nothing_to_compare_is_an_error(tmp_path: Path, capsys):
    assert main([str(tmp_path)]) == 2
    assert "no run directories" in capsys.readouterr().err
