"""Resume: a SIGKILLed ``hwocr-train`` continued with ``ckpt_path=last`` ends where an uninterrupted run
ends; a corrupt newest checkpoint falls back to the previous one with a warning naming both."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import pytorch_lightning as pl
import torch

from hwocr.pipeline.training import resolve_resume
from hwocr.systems.loading import CheckpointError
from tests.train_overrides import TINY

ROOT = Path(__file__).resolve().parents[2]
# 16 lines in batches of 4: 4 steps an epoch, so step 5 lies in the second epoch's first half.
STEPS, KILL_AT = 8, 5
RUN = [*TINY, "logger=none", "threads=1", "export.enabled=false", f"trainer.max_steps={STEPS}",
       "trainer.max_epochs=-1", "trainer.log_every_n_steps=1",
       "callbacks.recent_checkpoint.every_n_train_steps=1", "callbacks.recent_checkpoint.train_time_interval=null"]


class PauseAtStep(pl.Callback):
    """Holds the run still mid-epoch once ``step`` steps (and their checkpoints) are done, so the test
    can SIGKILL it there; ``marker`` tells the test it is waiting."""

    def __init__(self, step: int, marker: str) -> None:
        self.step, self.marker = step, Path(marker)

    def on_train_batch_start(self, trainer, pl_module, batch, batch_idx) -> None:
        if trainer.global_step == self.step:
            self.marker.write_text(str(batch_idx))
            time.sleep(600)


def train(run_dir: Path, *overrides: str) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "hwocr.cli.train", f"hydra.run.dir={run_dir}", *RUN, *overrides]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish(proc: subprocess.Popen) -> str:
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0, out[-5000:]
    return out


def final_state(run_dir: Path) -> tuple[dict, dict]:
    """metrics.json and the final training state (Lightning 2.6 rewrites last.ckpt only when the
    best checkpoint changes, so the newest training state is the step checkpoint)."""
    metrics = json.loads((run_dir / "metrics.json").read_text())
    ckpt = torch.load(run_dir / "checkpoints" / f"recent-step{STEPS:06d}.ckpt", map_location="cpu", weights_only=False)
    moments = {f"optimizer.{i}.{k}": v for i, state in ckpt["optimizer_states"][0]["state"].items()
               for k, v in state.items()}
    return metrics, {**ckpt["state_dict"], **moments}


@pytest.mark.slow
def test_sigkilled_run_resumed_with_ckpt_path_last_ends_like_an_uninterrupted_run(tmp_path: Path):
    straight, killed = tmp_path / "straight", tmp_path / "killed"
    marker = tmp_path / "paused"
    # Both runs at once: the uninterrupted one trains while the other is started, held and killed.
    reference = train(straight)
    victim = train(killed, f"+callbacks.pause._target_={__name__}.PauseAtStep", f"+callbacks.pause.step={KILL_AT}",
                   f"+callbacks.pause.marker={marker}")
    deadline = time.monotonic() + 240
    while not marker.exists():
        assert victim.poll() is None, victim.communicate()[0][-5000:]
        assert time.monotonic() < deadline, "the run never reached the step to kill it at"
        time.sleep(0.2)
    assert marker.read_text() == "1"  # held at the second batch of epoch 1: mid-epoch
    os.kill(victim.pid, signal.SIGKILL)
    victim.communicate(timeout=60)
    assert victim.returncode == -signal.SIGKILL
    assert not (killed / "metrics.json").exists()
    assert (killed / "checkpoints" / f"recent-step{KILL_AT:06d}.ckpt").is_file()

    out = finish(train(killed, "ckpt_path=last"))
    assert f"recent-step{KILL_AT:06d}.ckpt (step {KILL_AT})" in out  # newer than last.ckpt (step 4)
    finish(reference)
    (want, want_weights), (got, got_weights) = final_state(straight), final_state(killed)
    assert got["global_step"] == want["global_step"] == STEPS
    for key in ("val/cer", "val/loss", "val/line_accuracy", "train/loss"):
        assert got[key] == want[key], (key, got[key], want[key])
    assert want_weights.keys() == got_weights.keys()  # weights and the optimizer's moments
    for name, tensor in want_weights.items():
        assert torch.equal(tensor, got_weights[name]), name


def _checkpoint(path: Path, step: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save({"global_step": step, "state_dict": {"w": torch.full((64, 64), float(step))}}, path)
    return path


def test_corrupt_newest_checkpoint_falls_back_to_the_previous_one_with_a_warning(tmp_path: Path, caplog):
    folder = tmp_path / "checkpoints"
    older = _checkpoint(folder / "recent-step000003.ckpt", 3)
    _checkpoint(folder / "last.ckpt", 2)
    newest = _checkpoint(folder / "recent-step000004.ckpt", 4)
    assert resolve_resume("last", tmp_path) == str(newest)
    newest.write_bytes(newest.read_bytes()[: newest.stat().st_size // 2])  # killed mid-write
    with caplog.at_level(logging.WARNING, logger="hwocr.pipeline.training"):
        assert resolve_resume("last", tmp_path) == str(older)
    (warning,) = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert str(newest) in warning and str(older) in warning and "does not load" in warning


def test_resume_errors_name_the_folder_or_file(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="holds no checkpoint"):
        resolve_resume("last", tmp_path)
    bad = tmp_path / "checkpoints" / "last.ckpt"
    bad.parent.mkdir()
    bad.write_bytes(b"not a checkpoint")
    with pytest.raises(CheckpointError, match="no checkpoint in .* loads"):
        resolve_resume("last", tmp_path)
    with pytest.raises(CheckpointError, match="last.ckpt"):
        resolve_resume(str(bad), tmp_path)
    with pytest.raises(FileNotFoundError, match="missing.ckpt"):
        resolve_resume(str(tmp_path / "missing.ckpt"), tmp_path)
    assert resolve_resume(None, tmp_path) is None
