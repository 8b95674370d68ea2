"""``hwocr-bench metrics`` on a few lines: runs through the CLI and reports sane numbers."""

from __future__ import annotations

import json

from hwocr.bench.metrics import line_pairs
from hwocr.cli.bench import main
from hwocr.metrics.cer import CERAccumulator


def test_line_pairs_are_reproducible_and_mostly_close():
    refs, hyps = line_pairs(200)
    assert (refs, hyps) == line_pairs(200)
    acc = CERAccumulator()
    acc.update(refs, hyps)
    assert 0.0 < acc.cer < 0.2 and acc.lines == 200


def test_bench_metrics_command_prints_json(capsys):
    assert main(["metrics", "--lines", "500", "--repeats", "1", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["lines"] == 500 and result["cer_seconds"] >= 0 and 0.0 < result["one_minus_ned"] <= 1.0
