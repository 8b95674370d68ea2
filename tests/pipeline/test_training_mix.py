"""``hwocr-train data=mix`` out of the box: a tiny run writes each source's validation scores into
metrics.json and the logger's file, beside the overall ones."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.train_overrides import TINY_LIMIT

# data=mix has no data.val.size: its validation sets are the sources' own.
MIX = [o for o in TINY_LIMIT if not o.startswith("data.val.size=")] + [
    "data=mix", "data.val.sources.handwriting.size=4", "data.val.sources.kanjivg.size=4", "logger=csv",
]


@pytest.mark.slow
def test_hwocr_train_data_mix_reports_every_source(tmp_path: Path):
    cmd = [sys.executable, "-m", "hwocr.cli.train", f"paths.log_dir={tmp_path}", *MIX]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"{' '.join(cmd)}\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
    (run,) = (tmp_path / "debug" / "runs").iterdir()
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["val/num_samples"] == 8 and 0.0 <= metrics["val/cer"]
    for source in ("handwriting", "kanjivg"):
        assert 0.0 <= metrics[f"val/{source}/cer"]
        assert 0.0 <= metrics[f"val/{source}/line_accuracy"] <= 1.0
    with (run / "csv" / "metrics.csv").open() as f:
        columns = next(csv.reader(f))
    assert {"val/cer", "val/handwriting/cer", "val/kanjivg/cer"} <= set(columns)
