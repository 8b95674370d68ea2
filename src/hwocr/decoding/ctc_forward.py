"""The CTC forward algorithm in numpy: how likely a given text is under per-frame class
log-probabilities. It scores a closed list of candidate texts (check-box words, prefectures, a
class list), where picking the likeliest candidate beats reading freely and then matching."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def ctc_log_likelihood(log_probs: np.ndarray, labels: Sequence[int], blank: int = 0) -> float:
    """log P(labels | frames), summed over every CTC alignment; ``log_probs`` is (T, C).

    Returns ``-inf`` when the text cannot fit in T frames (each repeated character needs a
    blank between its copies).
    """
    log_probs = np.asarray(log_probs, dtype=np.float64)
    frames = log_probs.shape[0]
    extended = np.full(2 * len(labels) + 1, blank, dtype=np.int64)
    extended[1::2] = labels
    states = len(extended)
    # A state may skip the blank before it when it is a character different from the one two back.
    can_skip = np.zeros(states, dtype=bool)
    can_skip[3::2] = extended[3::2] != extended[1:-2:2]
    if frames == 0:
        return 0.0 if not labels else float("-inf")
    alpha = np.full(states, -np.inf)
    alpha[0] = log_probs[0, blank]
    if states > 1:
        alpha[1] = log_probs[0, extended[1]]
    for t in range(1, frames):
        step = np.concatenate(([-np.inf], alpha))[:states]  # from the state before
        skip = np.where(can_skip, np.concatenate(([-np.inf, -np.inf], alpha))[:states], -np.inf)
        alpha = np.logaddexp(np.logaddexp(alpha, step), skip) + log_probs[t, extended]
    tail = alpha[-1] if states == 1 else np.logaddexp(alpha[-1], alpha[-2])
    return float(tail)


def rank_candidates(log_probs: np.ndarray, candidates: Sequence[Sequence[int]], blank: int = 0) -> np.ndarray:
    """Log-likelihood of each candidate label sequence, shape (len(candidates),)."""
    return np.array([ctc_log_likelihood(log_probs, c, blank) for c in candidates], dtype=np.float64)
