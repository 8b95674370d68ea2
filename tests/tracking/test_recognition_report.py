"""The recognition report callback without W&B: metrics through any logger, files in the run dir."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.train_overrides import TINY_LIMIT

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.mark.slow
def test_single_run_with_csv_logger_reports_scripts_samples_and_speed(tmp_path: Path):
    cmd = [sys.executable, "-m", "hwocr.cli.train", f"paths.log_dir={tmp_path}", *TINY_LIMIT, "logger=csv",
           "callbacks.recognition_report.num_samples=3"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-4000:]
    (run,) = (tmp_path / "debug" / "runs").iterdir()
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["status"] == "completed" and metrics["val/infer_lines_per_s"] > 0
    assert {"val/cer_hiragana", "val/cer_katakana", "val/cer_kanji"} <= set(metrics)
    report = json.loads((run / "predictions" / "val.json").read_text())
    assert len(report["samples"]) == 3 and report["cer_by_script"]["hiragana"] == metrics["val/cer_hiragana"]
    sample = report["samples"][0]
    assert sample["id"].startswith("synth-val[") and sample["reference"]
    assert (run / "predictions" / sample["image"]).read_bytes()[:8] == PNG_MAGIC
    assert sum(c["count"] for c in report["confusions"]) > 0
    with (run / "csv" / "metrics.csv").open() as handle:
        assert "val/cer_kanji" in next(csv.reader(handle))
    assert not (run / "wandb").exists()
