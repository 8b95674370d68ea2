"""Best-path CTC decoding in numpy: collapse repeats, drop blanks, keep where and how sure."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class CTCPath:
    """One decoded line: class indices, the frame each was emitted at, and its probability."""

    indices: list[int]
    frames: list[int]
    probs: list[float]

    @property
    def confidence(self) -> float:
        """Line confidence: product of the kept characters' probabilities (1.0 for an empty line)."""
        return float(np.prod(self.probs)) if self.probs else 1.0


def ctc_greedy_decode(
    best_class: np.ndarray, best_prob: np.ndarray | None = None, length: int | None = None, blank: int = 0
) -> CTCPath:
    """Collapse one line's per-frame argmax ``best_class`` (T,) over its first ``length`` frames.

    A character's probability is the maximum over the run of frames that emitted it.
    """
    t = len(best_class) if length is None else int(length)
    cls = np.asarray(best_class[:t]).astype(np.int64)
    prob = np.ones(t, dtype=np.float32) if best_prob is None else np.asarray(best_prob[:t], dtype=np.float32)
    indices: list[int] = []
    frames: list[int] = []
    probs: list[float] = []
    prev = blank
    for f in range(t):
        c = int(cls[f])
        if c != blank and c != prev:
            indices.append(c)
            frames.append(f)
            probs.append(float(prob[f]))
        elif c != blank and c == prev and probs:
            probs[-1] = max(probs[-1], float(prob[f]))
        prev = c
    return CTCPath(indices, frames, probs)


def ctc_greedy_decode_batch(
    best_class: np.ndarray, best_prob: np.ndarray | None = None, lengths: np.ndarray | None = None, blank: int = 0
) -> list[CTCPath]:
    n, t = best_class.shape[:2]
    lengths = np.full(n, t) if lengths is None else lengths
    return [
        ctc_greedy_decode(best_class[i], None if best_prob is None else best_prob[i], int(lengths[i]), blank)
        for i in range(n)
    ]
