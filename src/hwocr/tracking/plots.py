"""PNG plots for comparison reports (matplotlib, no display needed)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # before pyplot is imported: no display on servers, hence the E402s below
import matplotlib.pyplot as plt

from hwocr.tracking.run_records import RunRecord


def plot_curves(runs: Sequence[RunRecord], labels: Sequence[str], key: str, path: Path, ylabel: str) -> Path | None:
    """``key`` over training steps, one line per run that logged it; None when none did."""
    fig, ax = plt.subplots(figsize=(7.5, 4.5), dpi=110)
    drawn = 0
    for run, label in zip(runs, labels, strict=True):
        points = run.training_curve(key)
        if not points:
            continue
        steps, values = zip(*points, strict=True)
        ax.plot(steps, values, marker="o", markersize=3, linewidth=1.4, label=label)
        drawn += 1
    if not drawn:
        plt.close(fig)
        return None
    ax.set_xlabel("training step")
    ax.set_ylabel(ylabel)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=7, loc="best")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def plot_cer_vs_speed(points: Sequence[tuple[str, float, float]], path: Path, best: str | None = None) -> Path | None:
    """Scatter of (label, lines per second, CER); the best run is ringed."""
    if not points:
        return None
    fig, ax = plt.subplots(figsize=(6.5, 4.5), dpi=110)
    for label, speed, cer in points:
        ax.scatter([speed], [cer], s=40, zorder=3)
        ax.annotate(label, (speed, cer), textcoords="offset points", xytext=(4, 4), fontsize=7)
        if label == best:
            ax.scatter([speed], [cer], s=160, facecolors="none", edgecolors="black", zorder=4)
    ax.set_xlabel("inference speed (lines/s, model only)")
    ax.set_ylabel("validation CER")
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
