"""``hwocr-bench augment``: times every pipeline asked for and prints the table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hwocr.bench.augment import main, render_lines
from hwocr.cli.bench import COMMANDS


def test_bench_prints_a_row_per_pipeline(tmp_path: Path, capsys) -> None:
    assert "augment" in COMMANDS
    out = tmp_path / "bench.json"
    args = ["--pipelines", "none", "medium", "--lines", "3", "--chars", "6", "--height", "32", "--min-seconds", "0.05",
            "--json", str(out)]  # fmt: skip
    assert COMMANDS["augment"](args) == 0
    table = capsys.readouterr().out
    assert "| medium | config |" in table and "| none | config |" in table
    rows = {r["pipeline"]: r for r in json.loads(out.read_text(encoding="utf-8"))}
    assert rows["medium"]["lines_per_cpu_s"] > 0 and rows["medium"]["mean_width_in"] > 0
    with pytest.raises(SystemExit, match="unknown augment config"):
        main(["--pipelines", "mediun"])


def test_bench_lines_have_the_asked_length() -> None:
    lines = render_lines(2, chars=12, height=64)
    assert all(x.shape[0] == 64 and x.shape[1] > 6 * 64 for x in lines)
