"""``hwocr-bench models`` on one small config, measured for a moment."""

from __future__ import annotations

import json
from pathlib import Path

from hwocr.bench.models import bench_model, model_configs
from hwocr.cli.bench import main as bench_cli


def test_every_model_config_is_listed():
    assert {"crnn", "crnn_small", "vit_ctc", "ar_transformer"} <= set(model_configs())


def test_bench_model_reports_size_flops_and_speed():
    result = bench_model("crnn_small", height=32, width=128, chars=4, batch_sizes=(1, 2), min_seconds=0.01)
    assert result.parameters > 100_000 and result.gflops_per_line > 0
    assert set(result.lines_per_s) == {"train_b1", "infer_b1", "train_b2", "infer_b2"}
    assert all(v > 0 for v in result.lines_per_s.values())


def test_cli_prints_a_table_and_writes_json(tmp_path: Path, capsys):
    out = tmp_path / "bench.json"
    assert bench_cli(["models", "--models", "ar_transformer", "--height", "32", "--width", "96", "--chars", "3",
                      "--batch-sizes", "1", "--min-seconds", "0.01", "--json", str(out)]) == 0
    assert "| ar_transformer |" in capsys.readouterr().out
    assert json.loads(out.read_text())[0]["model"] == "ar_transformer"
