"""A Lightning callback that measures a fit the same way for kraken and hwocr (stdlib only).

From ``on_train_start`` to ``on_train_end`` (the span Lightning's ``Timer`` budgets) it records
the wall time, the CPU time of the training process and its data-loader workers, the part of
both spent validating, the lines of every training batch and the load average, and writes them
as JSON. Training lines/s leaves the validation time out: both engines validate once more when
the budget runs out, and that time says how fast they read, not how fast they train. CPU seconds matter here because the machine is shared: at ``nice 19`` beside other jobs a
fit gets only part of the 2 cores, so lines per CPU-second compares the engines' work per line
even when their wall-clock shares differ.

hwocr (pytorch_lightning):  +callbacks.fit_clock._target_=fit_clock.HwocrFitClock
                            +callbacks.fit_clock.path=clock.json   (with this folder on PYTHONPATH)
kraken (lightning): kraken_train.py adds ``lightning_fit_clock(path)``.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any


def process_tree_cpu_seconds() -> float:
    """User + system CPU of this process, its finished children and its live direct children."""
    t = os.times()
    total = t.user + t.system + t.children_user + t.children_system
    tick = os.sysconf("SC_CLK_TCK")
    me = os.getpid()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # Fields after the command name, which may itself hold spaces or ')': state, ppid, ...
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # a process that ended while we looked
        if int(fields[1]) == me:
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def batch_lines(batch: Any) -> int:
    """Lines in a batch: the first dimension of its first tensor (kraken and hwocr batches are dicts)."""
    values = batch.values() if isinstance(batch, dict) else batch
    for value in values:
        if hasattr(value, "shape"):
            return int(value.shape[0])
        if isinstance(value, list | tuple):
            return len(value)
    raise TypeError(f"fit_clock: no tensor or list in a batch of type {type(batch).__name__}")


class FitClockMixin:
    """The hooks; combined with each engine's own ``Callback`` base below."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = Path(path)
        self.lines = 0
        self.val_wall = self.val_cpu = 0.0

    def on_train_start(self, trainer: Any, pl_module: Any) -> None:
        self.t0, self.cpu0, self.load0 = time.perf_counter(), process_tree_cpu_seconds(), os.getloadavg()

    def on_train_batch_end(self, trainer: Any, pl_module: Any, outputs: Any, batch: Any, batch_idx: int) -> None:
        self.lines += batch_lines(batch)

    def on_validation_start(self, trainer: Any, pl_module: Any) -> None:
        if hasattr(self, "t0"):  # not the sanity check before on_train_start
            self.v0, self.vcpu0 = time.perf_counter(), process_tree_cpu_seconds()

    def on_validation_end(self, trainer: Any, pl_module: Any) -> None:
        if hasattr(self, "v0"):
            self.val_wall += time.perf_counter() - self.v0
            self.val_cpu += process_tree_cpu_seconds() - self.vcpu0

    def on_train_end(self, trainer: Any, pl_module: Any) -> None:
        wall, cpu = time.perf_counter() - self.t0, process_tree_cpu_seconds() - self.cpu0
        train_wall, train_cpu = wall - self.val_wall, cpu - self.val_cpu
        stats = {"fit_wall_s": round(wall, 1), "fit_cpu_s": round(cpu, 1), "val_wall_s": round(self.val_wall, 1),
                 "val_cpu_s": round(self.val_cpu, 1), "train_lines": self.lines,
                 "global_step": trainer.global_step, "epoch": trainer.current_epoch,
                 "lines_per_s": round(self.lines / max(train_wall, 1e-9), 2),
                 "lines_per_cpu_s": round(self.lines / max(train_cpu, 1e-9), 2),
                 "cpu_share_of_2_cores": round(cpu / wall / 2, 3),
                 "loadavg_start": self.load0, "loadavg_end": os.getloadavg()}
        self.path.write_text(json.dumps(stats, indent=2) + "\n", encoding="utf-8")


def lightning_fit_clock(path: str) -> Any:
    """The clock as a ``lightning.pytorch`` callback (kraken's trainer)."""
    from lightning.pytorch import Callback

    return type("LightningFitClock", (FitClockMixin, Callback), {})(path)


try:
    from pytorch_lightning import Callback as _PLCallback

    class HwocrFitClock(FitClockMixin, _PLCallback):
        """The clock as a ``pytorch_lightning`` callback (hwocr's trainer)."""

except ImportError:  # kraken's venv may lack pytorch_lightning; it uses lightning_fit_clock
    pass
