"""``hwocr-bench inference`` on a fresh small network and a handful of lines: every engine timed and compared."""

from __future__ import annotations

import json
from pathlib import Path

from hwocr.cli.bench import main as bench_cli


def test_eager_onnx_and_int8_are_timed_and_agree_on_their_reading(tmp_path: Path, capsys):
    out = tmp_path / "rows.json"
    assert bench_cli(["inference", "--height", "32", "--lines", "4", "--batch-sizes", "2", "--repeats", "1",
                      "--json", str(out)]) == 0
    table = capsys.readouterr().out
    assert "| pytorch eager | 2 |" in table and "| onnx int8 dynamic | 2 |" in table
    rows = {r["engine"]: r for r in json.loads(out.read_text())}
    assert set(rows) == {"pytorch eager", "onnx fp32", "onnx int8 dynamic"}
    assert all(r["lines_per_s"] > 0 and 0 <= r["agree"] <= 1 for r in rows.values())
    # The exported fp32 graph reads exactly what PyTorch reads, fresh weights or not.
    assert rows["onnx fp32"]["agree"] == 1.0 and rows["pytorch eager"]["agree"] == 1.0
