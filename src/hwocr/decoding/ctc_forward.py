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


def single_char_log_likelihoods(log_probs: np.ndarray, blank: int = 0) -> np.ndarray:
    """log P(the line reads exactly one character c) for every class c at once, shape (C,).

    The CTC forward algorithm for the one-label texts, vectorised over the classes: per class,
    three states — only blanks so far (shared by all classes), inside the run of c, blanks after
    it. The blank's own entry is -inf. Equal to ``ctc_log_likelihood(log_probs, [c])`` for each
    c, in O(T x C) instead of a loop over the classes: one-character boxes of a form read against
    the whole charset cost no more than a greedy read.
    """
    log_probs = np.asarray(log_probs, dtype=np.float64)
    frames, classes = log_probs.shape
    if frames == 0:
        return np.full(classes, -np.inf)
    blanks = log_probs[0, blank]
    inside = log_probs[0].copy()
    after = np.full(classes, -np.inf)
    for t in range(1, frames):
        after = np.logaddexp(inside, after) + log_probs[t, blank]
        inside = np.logaddexp(blanks, inside) + log_probs[t]
        blanks = blanks + log_probs[t, blank]
    out = np.logaddexp(inside, after)
    out[blank] = -np.inf
    return out
