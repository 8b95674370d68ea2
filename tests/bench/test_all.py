"""``hwocr-bench all``: every part at tiny sizes in one run, one table per part, the file's other sections kept."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest

from hwocr.bench.all import BEGIN, END, PARTS, Part, replace_section, run_part
from hwocr.bench.models import ModelBench, format_table
from hwocr.bench.peak import cpu_model, matmul_peak
from hwocr.cli.bench import COMMANDS
from hwocr.cli.bench import main as bench_cli

KEPT = "# Benchmarks\n\n## Metrics\n\nHand-written notes that must survive.\n"


@pytest.mark.slow  # 15-35 s on the shared 2-core box, depending on its load
def test_quick_suite_writes_one_table_per_part(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # hwocr-bench inference keeps its exported models in a mkdtemp folder: keep it inside tmp_path.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    out = tmp_path / "benchmarks.md"
    out.write_text(KEPT, encoding="utf-8")
    assert bench_cli(["all", "--quick", "--threads", "1", "--output", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith(KEPT.rstrip("\n")) and text.count(BEGIN) == 1 and text.rstrip().endswith(END)
    assert re.search(r"\| cpu \| .+ \|", text) and "| onnxruntime |" in text
    assert re.search(r"\| fp32 matmul peak \| [\d,.]+ GFLOP/s \(256³", text)
    sections = text.split("### ")[1:]
    assert [s.split(":")[0] for s in sections] == [p.name for p in PARTS]
    for section in sections:  # every part ran and left a table
        assert "**Failed**" not in section and re.search(r"^\|.*\|$", section, re.M), section[:300]
    models = next(s for s in sections if s.startswith("models"))
    assert "train_b2 GFLOP/s (% of peak)" in models and re.search(r"\| [\d.]+ \(\d+ %\) \|", models)
    assert "| onnx int8 dynamic | 2 |" in next(s for s in sections if s.startswith("inference"))
    assert "== metrics" in capsys.readouterr().out  # printed while running too


def test_a_rerun_replaces_only_its_own_section() -> None:
    first = replace_section(KEPT, f"{BEGIN}\nold numbers\n{END}\n")
    second = replace_section(first + "\n## Notes after the suite\n", f"{BEGIN}\nnew numbers\n{END}\n")
    assert second.count(BEGIN) == 1 and "new numbers" in second and "old numbers" not in second
    assert second.startswith(KEPT.rstrip("\n")) and second.endswith("## Notes after the suite\n")


def test_a_failing_part_is_reported_and_the_suite_goes_on() -> None:
    result = run_part(Part("peak", "peak", "bad size", [], []), ["--size", "0"])
    assert result.error is not None and "size and repeats must be >= 1" in result.error


def test_every_part_is_a_subcommand_and_the_peak_is_measured() -> None:
    assert {p.name for p in PARTS} | {"all", "peak"} <= set(COMMANDS)
    peak = matmul_peak(size=128, repeats=2, threads=1)
    assert peak.gflops > 0 and peak.threads == 1 and peak.size == 128


def test_cpu_model_from_cpuinfo(tmp_path: Path) -> None:
    info = tmp_path / "cpuinfo"
    info.write_text("processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\n", encoding="utf-8")
    assert cpu_model(info) == "AMD EPYC 7B13"
    assert cpu_model(tmp_path / "absent")  # falls back to platform, never empty


def test_models_table_shares_the_peak() -> None:
    result = ModelBench("m", 1_000_000, 2.0, {"train_b32": 10.0, "infer_b32": 50.0})
    table = format_table([result], peak_gflops=120.0)
    assert "train_b32 GFLOP/s (% of peak)" in table and "| 60.0 (50 %) |" in table  # 3 x 2 GFLOPs x 10 lines/s
    assert "% of peak" not in format_table([result])
