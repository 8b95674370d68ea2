"""``hwocr-bench padding``: one timed step per encoder on a narrow batch, printed as a Markdown table."""

from __future__ import annotations

from hwocr.cli.bench import main as bench_cli


def test_every_encoder_variant_gets_a_row_relative_to_the_fused_lstm(capsys):
    assert bench_cli(["padding", "--threads", "1", "--width", "24", "--steps", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("| encoder (batch 32 x 32 x 24, 1 threads)")
    rows = [line for line in lines if line.startswith("| ") and "x |" in line]
    assert len(rows) == 4 and rows[0].endswith("| 1.00x |")
    assert any("padding-aware BiLSTMEncoder" in row for row in rows)
