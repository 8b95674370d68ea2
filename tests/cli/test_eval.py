"""``hwocr-eval`` on a real checkpoint, its ONNX export and a manifest, in subprocesses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from hwocr.core.manifest import write_manifest
from hwocr.metrics.cer import CERAccumulator
from hwocr.runtime import Recognizer

from .test_train import run_dirs, run_train

# Every test here evaluates a model this module trains first.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def trained_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run that has learned something, so "the same CER three ways" compares real readings, not
    three empty strings: ten kana, 64 lines of 1-3 characters, 240 steps (about a minute)."""
    root = tmp_path_factory.mktemp("logs")
    charset = root / "kana10.txt"
    charset.write_text("\n".join("あいうえおかきくけこ") + "\n", encoding="utf-8")
    run_train(root, "debug=limit", "logger=none", "charset=file", f"charset.path={charset}",
              "data.train.size=64", "data.batch_size=8", "data.train.text_source.max_len=3",
              "trainer.limit_train_batches=1.0", "trainer.max_epochs=30", "trainer.check_val_every_n_epoch=30",
              "model.optimizer.lr=0.003", "threads=1", "export.enabled=true", "export.quantize=null",
              "predict.enabled=true", "predict.num_lines=3")
    (run,) = run_dirs(root, "debug")
    return run


def run_eval(*overrides: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hwocr.cli.eval", *overrides], capture_output=True, text=True,
                          timeout=300)


def test_training_job_exports_and_predicts(trained_run: Path):
    metrics = json.loads((trained_run / "metrics.json").read_text())
    assert Path(metrics["onnx"]).is_file()
    assert len((trained_run / "predict" / "lines.tsv").read_text(encoding="utf-8").splitlines()) == 3
    # The reported CER is the runtime's reading of the written lines against their texts.
    rows = [line.split("\t") for line in (trained_run / "predict" / "lines.tsv").read_text(encoding="utf-8").splitlines()]
    recognizer = Recognizer(metrics["onnx"], threads=1)
    acc = CERAccumulator()
    acc.update([text for _, text in rows], [p.text for p in recognizer.predict([trained_run / "predict" / r for r, _ in rows])])
    assert metrics["predict/cer"] == pytest.approx(acc.cer, abs=1e-6)


@pytest.fixture(scope="module")
def run_evals(trained_run: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """``hwocr-eval`` of the run's checkpoint and of its ONNX export, each on the whole validation split."""
    out, ckpt = tmp_path_factory.mktemp("evals"), trained_run / "checkpoints" / "last.ckpt"
    reports = {}
    for model in ("checkpoints/last.ckpt", "model.onnx"):
        # The export carries no config of its own here: config_from names the lines to read.
        lines = f"config_from={ckpt}" if model.endswith(".onnx") else "lines=val"
        proc = run_eval(f"model_path={trained_run / model}", lines, f"output={out / model.replace('/', '_')}.json")
        assert proc.returncode == 0, proc.stderr[-3000:]
        reports[model] = json.loads((out / f"{model.replace('/', '_')}.json").read_text())
    return reports


@pytest.mark.parametrize("model", ["checkpoints/last.ckpt", "model.onnx"])
def test_eval_on_the_runs_validation_split(run_evals: dict[str, dict], model: str):
    report = run_evals[model]
    assert report["num_samples"] == 8 and report["data"] == "data config 'val' split"
    edits = report["substitutions"] + report["deletions"] + report["insertions"]
    assert report["ref_chars"] > 0 and report["cer"] == pytest.approx(edits / report["ref_chars"])
    assert report["line_accuracy"] * 8 == pytest.approx(round(report["line_accuracy"] * 8)) and report["lines_per_s"] > 0
    if model.endswith(".onnx"):  # the runtime's confidences give the rejection report
        by_coverage = report["rejection"]["by_coverage"]
        assert [p["coverage"] for p in by_coverage][0] == 1.0
        assert by_coverage[0]["line_accuracy"] == pytest.approx(report["line_accuracy"])
    else:
        assert "rejection" not in report


def test_validation_cer_is_the_same_three_ways(trained_run: Path, run_evals: dict[str, dict]):
    # The same 8 validation lines (data.val.size=8, two batches of 4 under debug=limit) read by
    # Lightning's validation loop, by hwocr-eval on the checkpoint and by hwocr-eval on the export.
    metrics = json.loads((trained_run / "metrics.json").read_text())
    assert metrics["val/num_samples"] == 8
    ckpt, onnx = run_evals["checkpoints/last.ckpt"], run_evals["model.onnx"]
    assert ckpt["num_samples"] == onnx["num_samples"] == 8
    assert ckpt["cer"] == pytest.approx(metrics["val/cer"], abs=1e-6)
    assert onnx["cer"] == pytest.approx(metrics["val/cer"], abs=1e-6)
    # Not only the rate: the same edits, and the same text for every line read wrong.
    edits = ("substitutions", "deletions", "insertions", "ref_chars")
    assert [ckpt[k] for k in edits] == [onnx[k] for k in edits]
    assert ckpt["errors"] == onnx["errors"]
    # The fixture model reads: the agreement above is between real texts, not empty readings.
    assert metrics["val/cer"] < 0.5, f"the fixture model did not learn (val CER {metrics['val/cer']:.2f})"


def test_eval_on_a_manifest_and_a_missing_model(trained_run: Path, tmp_path: Path):
    predict = trained_run / "predict"
    rows = [line.split("\t") for line in (predict / "lines.tsv").read_text(encoding="utf-8").splitlines()]
    for rel, _ in rows:
        Image.open(predict / rel).save(tmp_path / rel)
    manifest = write_manifest(rows, tmp_path / "m.tsv")
    proc = run_eval(f"model_path={trained_run / 'model.onnx'}", f"lines={manifest}", f"output={tmp_path / 'e.json'}")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert json.loads((tmp_path / "e.json").read_text())["num_samples"] == 3
    proc = run_eval("model_path=/nonexistent/model.onnx")
    assert proc.returncode != 0 and "/nonexistent/model.onnx" in proc.stderr
