"""Training faults that must not cost a run: non-finite losses and CTC targets no alignment fits.

A NaN or infinite loss (an fp16 overflow, a bad batch) would poison the weights at the next
optimizer step. ``NonFiniteLossGuard`` skips that step and counts it; ``max_in_row`` of them in a
row means training has diverged, and the run stops with a message and a checkpoint of the last
finite weights (nothing was stepped since). ``ctc_feasible`` finds the lines whose label needs
more frames than the model gives them (CTC needs one per character plus one between repeats),
which the CTC loss can only zero out silently; the system drops and counts them.
"""

from __future__ import annotations

import logging
from pathlib import Path

import torch

log = logging.getLogger(__name__)

DEFAULT_MAX_IN_ROW = 10


class NonFiniteLossError(RuntimeError):
    """Training produced ``max_in_row`` non-finite losses in a row."""


def ctc_feasible(targets: torch.Tensor, target_lengths: torch.Tensor, frame_lengths: torch.Tensor) -> torch.Tensor:
    """Bool (B,): each line's label fits its frames (length + adjacent repeats <= frames)."""
    needed = target_lengths.clone()
    start = 0
    for i, length in enumerate(target_lengths.tolist()):
        label = targets[start : start + length]
        needed[i] += int((label[1:] == label[:-1]).sum()) if length > 1 else 0
        start += length
    return needed.to(frame_lengths.device) <= frame_lengths


class NonFiniteLossGuard:
    """Counts non-finite training losses; ``accept`` says whether to take the step."""

    def __init__(self, max_in_row: int = DEFAULT_MAX_IN_ROW) -> None:
        self.max_in_row = max_in_row
        self.total = 0
        self.in_row = 0

    def accept(self, loss: torch.Tensor, system) -> bool:
        """True for a finite loss. A non-finite one is counted and logged (the step is to be
        skipped); the ``max_in_row``-th in a row saves a checkpoint and raises NonFiniteLossError."""
        if bool(torch.isfinite(loss.detach()).all()):
            self.in_row = 0
            return True
        self.total += 1
        self.in_row += 1
        step = system.global_step
        log.warning("non-finite training loss %s at step %d: step skipped (%d in a row, %d in all)",
                    loss.detach().float().cpu().item(), step, self.in_row, self.total)
        if self.in_row < self.max_in_row:
            return False
        saved = self._save(system)
        raise NonFiniteLossError(
            f"training diverged: {self.in_row} non-finite losses in a row up to step {step} ({self.total} in all); "
            f"the last finite weights are in {saved or 'no checkpoint (no trainer)'}. Lower the learning rate, "
            "check the data, or use 32-bit precision"
        )

    @staticmethod
    def _save(system) -> Path | None:
        trainer = system._trainer
        if trainer is None:
            return None
        callback = trainer.checkpoint_callback
        folder = Path(callback.dirpath) if callback is not None and callback.dirpath else Path(
            trainer.default_root_dir) / "checkpoints"
        path = folder / "nonfinite_stop.ckpt"
        trainer.save_checkpoint(path)
        return path
