"""Learning-rate schedules with one signature: ``(optimizer, total_steps) -> scheduler``.

Configs pick one with ``_target_`` + ``_partial_: true``; the system supplies ``total_steps``
from the trainer, so no schedule needs the step count written into a config.
"""

from __future__ import annotations

import math

from torch.optim import Optimizer
from torch.optim.lr_scheduler import LambdaLR, LRScheduler, OneCycleLR


def one_cycle(optimizer: Optimizer, total_steps: int, pct_start: float = 0.15, div_factor: float = 10.0,
              final_div_factor: float = 100.0) -> LRScheduler:
    max_lrs = [g["lr"] for g in optimizer.param_groups]
    return OneCycleLR(optimizer, max_lr=max_lrs, total_steps=max(total_steps, 2), pct_start=pct_start,
                      div_factor=div_factor, final_div_factor=final_div_factor, anneal_strategy="cos")


def warmup_cosine(optimizer: Optimizer, total_steps: int, warmup_steps: int = 200, min_factor: float = 0.01) -> LRScheduler:
    total_steps = max(total_steps, warmup_steps + 1)

    def factor(step: int) -> float:
        if step < warmup_steps:
            return (step + 1) / warmup_steps
        progress = min(1.0, (step - warmup_steps) / (total_steps - warmup_steps))
        return min_factor + (1 - min_factor) * 0.5 * (1 + math.cos(math.pi * progress))

    return LambdaLR(optimizer, factor)


def constant(optimizer: Optimizer, total_steps: int) -> LRScheduler:
    return LambdaLR(optimizer, lambda step: 1.0)
