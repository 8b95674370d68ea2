"""Real sweeps through the ``hwocr-train`` Hydra app on tiny settings: a 2x2 grid with the basic
sweeper and an Optuna study that survives a restart, each job with metrics.json and an offline
W&B run, then a comparison report over them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hwocr.cli.compare import main as compare_main
from tests.train_overrides import TINY_LIMIT

TINY = [*TINY_LIMIT, "logger=many"]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def multirun(tmp_path: Path, *overrides: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "hwocr.cli.train", "-m", f"paths.log_dir={tmp_path}", *TINY, *overrides]
    # Offline artifacts are staged under WANDB_DATA_DIR until synced: keep them out of $HOME.
    env = {**os.environ, "WANDB_MODE": "offline", "WANDB_DATA_DIR": str(tmp_path / "wandb_data")}
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env)
    if proc.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-6000:]}")
    return proc


def job_dirs(sweep_dir: Path) -> list[Path]:
    return sorted((p for p in sweep_dir.iterdir() if p.name.isdigit()), key=lambda p: int(p.name))


def wandb_summary(run: Path) -> dict:
    (offline,) = (run / "wandb").glob("offline-run-*")
    wandb = Path(sys.executable).with_name("wandb")
    proc = subprocess.run([str(wandb), "leet", "inspect", "--summary", "--json", str(offline)],
                          capture_output=True, text=True, timeout=120, check=True)
    return json.loads(proc.stdout)


def wandb_artifacts(run: Path) -> list[dict]:
    (offline,) = (run / "wandb").glob("offline-run-*")
    wandb = Path(sys.executable).with_name("wandb")
    proc = subprocess.run([str(wandb), "leet", "inspect", "--json", str(offline)],
                          capture_output=True, text=True, timeout=120, check=True)
    records = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    return [r["artifact"] for r in records if r.get("type") == "artifact"]


@pytest.mark.slow
def test_grid_multirun_tracks_every_job_and_compares(tmp_path: Path):
    sweep = tmp_path / "grid"
    multirun(tmp_path, f"hydra.sweep.dir={sweep}", "augment=none,light", "model.net.encoder.num_layers=1,2",
             "export.enabled=true")
    jobs = job_dirs(sweep)
    assert len(jobs) == 4
    for job in jobs:
        metrics = json.loads((job / "metrics.json").read_text())
        assert metrics["status"] == "completed" and "val/cer_hiragana" in metrics
        summary = wandb_summary(job)
        assert summary["state"] == "finished" and summary["exit_code"] == 0
        assert summary["name"] == f"default-grid-{job.name}" and "sweep" in summary["tags"]
        values = summary["summary"]
        assert values["val/cer"] == pytest.approx(metrics["val/cer"])
        for key in ("val/line_accuracy", "val/cer_hiragana", "val/infer_lines_per_s", "train/loss",
                    "train/lines_per_s", "lr-AdamW", "charset/num_classes"):
            assert key in values, key
        assert values["val/samples"]["_type"] == "table-file" and values["val/confusions"]["nrows"] > 0
        artifacts = wandb_artifacts(job)
        aliases = {a["type"]: sorted(a["aliases"]) for a in artifacts}
        assert aliases["model"] == aliases["onnx"] == ["best", "latest"] and "charset" in aliases
        # The samples table carries the line images.
        tables = [a for a in artifacts if a["type"] == "run_table" and "valsamples" in a["name"]]
        assert tables and any(c["path"].endswith(".png") for c in tables[-1]["manifest"]["contents"])
        assert (job / "predictions" / "val.json").is_file() and (job / "csv" / "metrics.csv").is_file()
    overrides = {json.dumps(sorted((job / ".hydra" / "overrides.yaml").read_text().splitlines())) for job in jobs}
    assert len(overrides) == 4

    assert compare_main([str(sweep)]) == 0
    md = (sweep / "report" / "report.md").read_text()
    assert md.count("| completed |") == 4 and "| run | status | augment | model.net.encoder.num_layers |" in md
    for png in ("val_cer.png", "val_loss.png", "cer_vs_speed.png", "best_samples/000.png"):
        assert (sweep / "report" / png).read_bytes()[:8] == PNG_MAGIC


@pytest.mark.slow
def test_optuna_study_resumes_from_sqlite_and_survives_a_failing_trial(tmp_path: Path):
    import optuna

    storage_dir = tmp_path / "studies"
    search = [
        "hparams_search=crnn_optuna",
        f"optuna.storage_dir={storage_dir}",
        "seed=8",  # sampler seed 8 (+ trials so far): with optuna 2.10.1, trials 0 ok, 1 failed, 2 ok
        # Half of this choice makes AdamW refuse to start: a failing trial in the middle of the study.
        "model.optimizer.weight_decay=choice(0.01,-1.0)",
        "model.net.encoder.hidden_size=choice(32,64)",
    ]
    first, second = tmp_path / "optuna_a", tmp_path / "optuna_b"
    multirun(tmp_path, f"hydra.sweep.dir={first}", "hydra.sweeper.n_trials=3", *search)
    db = storage_dir / "default-crnn_optuna.db"
    study = optuna.load_study(study_name="default-crnn_optuna", storage=f"sqlite:///{db}")
    assert len(study.trials) == 3
    states = [t.state.name for t in study.trials]
    assert states == ["COMPLETE", "FAIL", "COMPLETE"]  # the sweep went on after the failure

    jobs = job_dirs(first)
    assert len(jobs) == 3
    records = [json.loads((job / "metrics.json").read_text()) for job in jobs]
    for trial, record, job in zip(study.trials, records, jobs, strict=True):
        summary = wandb_summary(job)
        assert summary["summary"].get("trainer/global_step") is not None or record["status"] == "failed"
        if trial.state == optuna.trial.TrialState.FAIL:
            assert record["status"] == "failed" and "weight_decay" in record["error"]
            assert trial.params["model.optimizer.weight_decay"] == -1.0 and summary["exit_code"] == 1
        else:
            assert record["status"] == "completed" and trial.value == pytest.approx(record["val/cer"])
            assert summary["exit_code"] == 0 and summary["summary"]["val/cer"] == pytest.approx(record["val/cer"])
    assert (first / "optimization_results.yaml").is_file()

    # Re-launch the same study (as after an interruption): it continues from the SQLite file.
    multirun(tmp_path, f"hydra.sweep.dir={second}", "hydra.sweeper.n_trials=2", *search)
    study = optuna.load_study(study_name="default-crnn_optuna", storage=f"sqlite:///{db}")
    assert [t.number for t in study.trials] == [0, 1, 2, 3, 4]
    assert len(job_dirs(second)) == 2
    # The relaunch drew new start-up trials instead of repeating the first launch's.
    assert [t.params for t in study.trials[3:]] != [t.params for t in study.trials[:2]]

    out = tmp_path / "report"
    assert compare_main([str(first), str(second), "-o", str(out)]) == 0
    md = (out / "report.md").read_text()
    assert "## Optuna" in md and "## Failed runs" in md and "model.optimizer.weight_decay" in md
    assert (out / "val_cer.png").read_bytes()[:8] == PNG_MAGIC
