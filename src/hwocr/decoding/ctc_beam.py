"""CTC prefix beam search in numpy, with optional shallow fusion of a character language model.

A prefix's probability is split into paths ending in blank (``p_b``) and in a character
(``p_nb``), so repeated characters separated by a blank are kept apart (Hannun et al. 2014).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

# lm(prefix, next_index) -> natural-log probability of next_index after prefix; next_index None = end of line.
IndexLM = Callable[[tuple[int, ...], int | None], float]

_NEG_INF = float("-inf")


def _logadd(a: float, b: float) -> float:
    if a == _NEG_INF:
        return b
    if b == _NEG_INF:
        return a
    hi, lo = (a, b) if a > b else (b, a)
    return hi + float(np.log1p(np.exp(lo - hi)))


@dataclass(frozen=True)
class BeamResult:
    """One hypothesis: class indices, its total score (acoustic + weighted LM), and the acoustic part alone."""

    indices: list[int]
    score: float
    acoustic: float


def ctc_beam_search(
    log_probs: np.ndarray,
    beam_width: int = 8,
    blank: int = 0,
    length: int | None = None,
    lm: IndexLM | None = None,
    lm_weight: float = 0.5,
    insertion_bonus: float = 0.0,
    char_candidates: int = 8,
    prune_log_prob: float = -12.0,
    top_k: int = 1,
) -> list[BeamResult]:
    """The ``top_k`` best labellings of one line's per-frame log-probabilities ``(T, C)``.

    Only the ``char_candidates`` most likely classes of a frame that exceed ``prune_log_prob``
    extend prefixes. With ``lm``, every extension adds ``lm_weight * log P_lm(c | prefix) +
    insertion_bonus`` and finished prefixes add the LM's end-of-line score.
    """
    lp = np.asarray(log_probs, dtype=np.float64)
    t_max = lp.shape[0] if length is None else min(int(length), lp.shape[0])
    # prefix -> (log p ending in blank, log p ending in a character, LM score so far)
    beams: dict[tuple[int, ...], list[float]] = {(): [0.0, _NEG_INF, 0.0]}
    for t in range(t_max):
        frame = lp[t]
        order = np.argsort(-frame)[:char_candidates]
        candidates = [int(c) for c in order if c != blank and frame[c] >= prune_log_prob]
        nxt: dict[tuple[int, ...], list[float]] = {}
        for prefix, (p_b, p_nb, lm_score) in beams.items():
            total = _logadd(p_b, p_nb)
            here = nxt.setdefault(prefix, [_NEG_INF, _NEG_INF, lm_score])
            here[0] = _logadd(here[0], total + frame[blank])
            last = prefix[-1] if prefix else None
            for c in candidates:
                if c == last:
                    here[1] = _logadd(here[1], p_nb + frame[c])  # repeat collapses into the same char
                    source = p_b  # a new copy of the char needs a blank in between
                else:
                    source = total
                if source == _NEG_INF:
                    continue
                grown = prefix + (c,)
                if grown in nxt:
                    bonus = 0.0
                    node = nxt[grown]
                else:
                    bonus = (lm_weight * lm(prefix, c) + insertion_bonus) if lm is not None else 0.0
                    node = nxt.setdefault(grown, [_NEG_INF, _NEG_INF, lm_score + bonus])
                node[1] = _logadd(node[1], source + frame[c])
        beams = dict(sorted(nxt.items(), key=lambda kv: -(_logadd(kv[1][0], kv[1][1]) + kv[1][2]))[:beam_width])
    results = []
    for prefix, (p_b, p_nb, lm_score) in beams.items():
        acoustic = _logadd(p_b, p_nb)
        end = lm_weight * lm(prefix, None) if lm is not None else 0.0
        results.append(BeamResult(list(prefix), acoustic + lm_score + end, acoustic))
    results.sort(key=lambda r: -r.score)
    return results[:top_k]


def ctc_beam_search_batch(
    log_probs: np.ndarray, lengths: Sequence[int] | np.ndarray | None = None, **options: object
) -> list[list[int]]:
    """Best labelling per line of a (B, T, C) batch; ``options`` as ``ctc_beam_search``."""
    n, t = log_probs.shape[:2]
    lengths = [t] * n if lengths is None else lengths
    return [ctc_beam_search(log_probs[i], length=int(lengths[i]), **options)[0].indices for i in range(n)]
