"""The real ``hwocr-train`` Hydra app, run in a subprocess on tiny settings."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.train_overrides import TINY


def run_train(tmp_path: Path, *overrides: str, check: bool = True) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "hwocr.cli.train", f"paths.log_dir={tmp_path}", *TINY, *overrides]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}")
    return proc


def run_dirs(tmp_path: Path, task: str) -> list[Path]:
    return sorted((tmp_path / task / "runs").iterdir())


def test_fast_dev_run_through_the_hydra_app(tmp_path: Path):
    run_train(tmp_path, "debug=fast_dev_run")
    (run,) = run_dirs(tmp_path, "debug")
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["global_step"] == 1 and metrics["num_classes"] == 276
    assert "val/cer" in metrics
    assert (run / ".hydra" / "config.yaml").is_file() and (run / "config_resolved.yaml").is_file()


def test_unknown_config_key_is_an_error_naming_it(tmp_path: Path):
    proc = run_train(tmp_path, "debug=fast_dev_run", "trainer.max_epoch=3", check=False)
    assert proc.returncode != 0
    assert "max_epoch" in proc.stderr


def test_unknown_override_key_is_an_error_naming_it(tmp_path: Path):
    proc = run_train(tmp_path, "debug=fast_dev_run", "foo.bar=1", check=False)
    assert proc.returncode != 0 and "Could not override 'foo.bar'" in proc.stderr


def test_config_file_errors_name_key_and_file_before_training(tmp_path: Path):
    # Hydra accepts unknown keys from config files; hwocr-train checks them against the targets
    # before anything is built, and says which file set them.
    experiment = tmp_path / "conf" / "experiment" / "typo.yaml"
    experiment.parent.mkdir(parents=True)
    experiment.write_text("# @package _global_\ntrainer:\n  max_epoch: 3\n", encoding="utf-8")
    proc = run_train(tmp_path, "debug=fast_dev_run", f"hydra.searchpath=[file://{tmp_path / 'conf'}]",
                     "experiment=typo", "data.batch_size=abc", check=False)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-3:] == [
        "hwocr-train: config error:",
        "data.batch_size: hwocr.data.datamodule.LineDataModule wants int for 'batch_size', got 'abc' "
        "[from the command line: data.batch_size=abc]",
        f"trainer.max_epoch: pytorch_lightning.Trainer takes no argument 'max_epoch' (did you mean 'max_epochs'?) "
        f"[from {experiment}]",
    ]
    assert not list(tmp_path.glob("debug/runs/*/metrics.json")) and "Seed set" not in proc.stdout + proc.stderr


def test_limit_run_writes_checkpoints_csv_and_resumes(tmp_path: Path):
    # No schedule: resuming with a larger step budget would be a different OneCycle.
    constant = "model.scheduler=null"
    run_train(tmp_path, "debug=limit", "logger=csv", "trainer.max_epochs=1", constant)
    (run,) = run_dirs(tmp_path, "debug")
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["global_step"] == 3
    assert metrics["val/num_samples"] == 8
    # The best checkpoint is named by the CER it scored (one epoch: the only validation).
    assert Path(metrics["best_checkpoint"]).name == f"step000003-cer{metrics['val/cer']:.4f}.ckpt"
    assert (run / "checkpoints" / "last.ckpt").is_file()
    assert Path(metrics["best_checkpoint"]).is_file()
    assert (run / "csv" / "metrics.csv").is_file()
    # Resume into a second epoch from the first run's last checkpoint.
    run_train(tmp_path, "debug=limit", "logger=none", "trainer.max_epochs=2", constant,
              f"ckpt_path={run / 'checkpoints' / 'last.ckpt'}")
    resumed = json.loads((run_dirs(tmp_path, "debug")[-1] / "metrics.json").read_text())
    assert resumed["global_step"] == 6


@pytest.mark.parametrize("override, message", [("ckpt_path=/nonexistent.ckpt", "nonexistent.ckpt"),
                                                ("charset.path=/no/such/charset.txt", "charset.txt")])
def test_bad_paths_fail_naming_them(tmp_path: Path, override: str, message: str):
    proc = run_train(tmp_path, "debug=fast_dev_run", override, check=False)
    assert proc.returncode != 0 and message in proc.stderr


def test_resume_in_place_with_ckpt_path_last(tmp_path: Path):
    run = tmp_path / "run"
    common = ("debug=limit", "logger=none", "model.scheduler=null", f"hydra.run.dir={run}")
    run_train(tmp_path, *common, "trainer.max_epochs=1")
    proc = run_train(tmp_path, *common, "trainer.max_epochs=2", "ckpt_path=last")
    assert "Restored all states" in proc.stdout + proc.stderr
    assert json.loads((run / "metrics.json").read_text())["global_step"] == 6
    empty = tmp_path / "empty"
    proc = run_train(tmp_path, "debug=limit", "logger=none", f"hydra.run.dir={empty}", "ckpt_path=last", check=False)
    assert proc.returncode != 0 and "holds no checkpoint" in proc.stderr


@pytest.mark.slow
def test_a_time_budget_alone_trains_and_ends_its_schedule(tmp_path: Path):
    # No step or epoch limit: the learning rate follows elapsed time (this used to die with
    # OverflowError in configure_optimizers).
    run_train(tmp_path, "logger=csv", "trainer.max_epochs=-1", "trainer.max_steps=-1",
              "trainer.max_time=00:00:00:06", "+trainer.limit_val_batches=1", "threads=1",
              "callbacks.model_checkpoint.save_top_k=0", "trainer.log_every_n_steps=1")
    (run,) = run_dirs(tmp_path, "train")
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["global_step"] > 0
    with (run / "csv" / "metrics.csv").open() as f:
        lrs = [float(row["lr-AdamW"]) for row in csv.DictReader(f) if row.get("lr-AdamW")]
    # one_cycle: from peak/10 up, then down to near its floor as the 6 s run out.
    assert max(lrs) > 2 * lrs[-1]
