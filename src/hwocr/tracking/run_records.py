"""What ``hwocr-compare`` knows about a run, read from its directory alone.

A run directory holds ``.hydra/overrides.yaml`` (how it differed), ``metrics.json`` (final
metrics or ``status: failed``), ``csv/metrics.csv`` (history, with the csv logger) or an offline
W&B run under ``wandb/`` (history otherwise), and ``predictions/val.json`` (sample predictions
of the last validation, written by ``hwocr.tracking.RecognitionReport``).
"""

from __future__ import annotations

import csv
import json
import math
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from hwocr.tracking.samples import read_prediction_report


@dataclass
class RunRecord:
    path: Path
    overrides: dict[str, str]
    metrics: dict
    history: dict[str, list[tuple[int, float]]] = field(default_factory=dict)
    predictions: dict | None = None

    @property
    def status(self) -> str:
        if not self.metrics:
            return "incomplete"  # no metrics.json: still running, or stopped before the end
        return str(self.metrics.get("status", "completed"))

    @property
    def job(self) -> str:
        return self.path.name

    def training_curve(self, key: str) -> list[tuple[int, float]]:
        """``key`` as logged during fit: without the pipeline's final re-validation of the best
        checkpoint, which Lightning logs at the last global step (fit validations log before it)."""
        points = self.history.get(key, [])
        last = self.metrics.get("global_step")
        if isinstance(last, int) and last > 0:
            points = [(step, v) for step, v in points if step < last]
        return points

    def value(self, key: str) -> float | None:
        v = self.metrics.get(key)
        if isinstance(v, bool) or not isinstance(v, int | float) or math.isnan(v):
            return None
        return float(v)


def is_run_dir(path: Path) -> bool:
    return (path / "metrics.json").is_file() or (path / ".hydra" / "overrides.yaml").is_file()


def discover_runs(paths: list[Path]) -> list[Path]:
    """Run directories among ``paths``: each path is a run or a (multi)run folder of runs."""
    found: list[Path] = []
    for path in paths:
        if is_run_dir(path):
            found.append(path)
            continue
        if not path.is_dir():
            raise FileNotFoundError(f"{path}: not a directory")
        children = sorted((p for p in path.iterdir() if p.is_dir()), key=_natural_key)
        runs = [p for p in children if is_run_dir(p)]
        if not runs:  # e.g. logs/train/multiruns with one folder per sweep
            runs = [g for c in children for g in sorted(c.iterdir(), key=_natural_key) if g.is_dir() and is_run_dir(g)]
        found.extend(runs)
    if not found:
        raise FileNotFoundError(f"no run directories (with metrics.json or .hydra/) under {', '.join(map(str, paths))}")
    return list(dict.fromkeys(found))


def _natural_key(path: Path) -> tuple:
    return (0, int(path.name), "") if path.name.isdigit() else (1, 0, path.name)


def read_overrides(run: Path) -> dict[str, str]:
    file = run / ".hydra" / "overrides.yaml"
    if not file.is_file():
        return {}
    items = yaml.safe_load(file.read_text(encoding="utf-8")) or []
    out = {}
    for item in items:
        key, _, value = str(item).partition("=")
        out[key.lstrip("+~")] = value
    return out


def read_metrics(run: Path) -> dict:
    try:
        return json.loads((run / "metrics.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def read_csv_history(run: Path) -> dict[str, list[tuple[int, float]]]:
    """Every numeric column of ``csv/metrics.csv`` as (step, value) pairs, in order."""
    file = run / "csv" / "metrics.csv"
    if not file.is_file():
        return {}
    history: dict[str, list[tuple[int, float]]] = {}
    with file.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            step = row.get("step")
            if not step:
                continue
            for key, value in row.items():
                if key in ("step", "epoch") or value in ("", None):
                    continue
                try:
                    history.setdefault(key, []).append((int(float(step)), float(value)))
                except ValueError:
                    continue
    return history


def read_wandb_history(run: Path) -> dict[str, list[tuple[int, float]]]:
    """History of an offline W&B run in ``run/wandb``, via ``wandb leet inspect --json``."""
    wandb_dir = run / "wandb"
    files = sorted(wandb_dir.glob("*/run-*.wandb")) if wandb_dir.is_dir() else []
    if not files:
        return {}
    records = read_wandb_records(files[-1])
    history: dict[str, list[tuple[int, float]]] = {}
    for record in records:
        if record.get("type") != "history":
            continue
        row = wandb_history_row(record)
        step = row.get("trainer/global_step")
        if step is None:
            continue
        for key, value in row.items():
            if key.startswith("_") or key == "trainer/global_step" or not isinstance(value, int | float):
                continue
            history.setdefault(key, []).append((int(step), float(value)))
    return history


def read_wandb_records(file: Path) -> list[dict]:
    """The records of a ``.wandb`` transaction log, read by W&B's own ``leet inspect``."""
    exe = shutil.which("wandb") or str(Path(sys.executable).with_name("wandb"))
    proc = subprocess.run([exe, "leet", "inspect", "--json", str(file)], capture_output=True, text=True,
                          timeout=120, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"wandb leet inspect {file} failed: {proc.stderr.strip()[-500:]}")
    return [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]


def wandb_history_row(record: dict) -> dict:
    """``{key: value}`` of one ``history`` record as ``leet inspect --json`` prints it."""
    items = record.get("history", {}).get("item", {})
    if isinstance(items, dict):
        return items
    # The raw protobuf shape: a list of {key | nested_key, value_json}.
    row = {}
    for item in items:
        key = item.get("key") or "/".join(item.get("nestedKey", item.get("nested_key", [])))
        raw = item.get("valueJson", item.get("value_json"))
        try:
            row[key] = json.loads(raw) if isinstance(raw, str) else raw
        except ValueError:
            row[key] = raw
    return row


def load_run(run: Path, with_wandb: bool = True) -> RunRecord:
    history = read_csv_history(run)
    if not history and with_wandb:
        try:
            history = read_wandb_history(run)
        except (RuntimeError, OSError, subprocess.TimeoutExpired):
            history = {}
    return RunRecord(
        path=run,
        overrides=read_overrides(run),
        metrics=read_metrics(run),
        history=history,
        predictions=read_prediction_report(run / "predictions" / "val.json"),
    )
