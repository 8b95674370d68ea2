"""Greedy and beam search for autoregressive recognizers, in numpy.

The model is reached only through a ``step`` function, so the PyTorch model and the ONNX runtime
run the very same search and decode the same strings.

``step(tokens, rows)`` gets the token prefixes (N, L) int64 (starting with BOS) and, for each
prefix, the batch line it belongs to (N,); it returns log-probabilities (N, C) of the next token.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

StepFn = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Hypothesis:
    """One decoded line: class indices (without BOS/EOS), their probabilities, and whether EOS ended it."""

    indices: list[int]
    probs: list[float]
    score: float = 0.0
    finished: bool = True

    @property
    def confidence(self) -> float:
        return float(np.prod(self.probs)) if self.probs else 1.0


def greedy_search(step: StepFn, batch_size: int, bos: int, eos: int, max_length: int) -> list[Hypothesis]:
    """Most probable next token until EOS or ``max_length`` characters, for every line at once."""
    tokens = np.full((batch_size, 1), bos, dtype=np.int64)
    indices: list[list[int]] = [[] for _ in range(batch_size)]
    probs: list[list[float]] = [[] for _ in range(batch_size)]
    scores = np.zeros(batch_size)
    stopped = np.zeros(batch_size, dtype=bool)
    ended = np.zeros(batch_size, dtype=bool)
    for t in range(max_length + 1):
        active = np.nonzero(~stopped)[0]
        if active.size == 0:
            break
        log_probs = step(tokens[active], active)
        best = log_probs.argmax(-1)
        nxt = np.full(batch_size, eos, dtype=np.int64)
        for row, line in enumerate(active):
            c = int(best[row])
            if c == eos:
                stopped[line] = ended[line] = True
                scores[line] += float(log_probs[row, c])
            elif t == max_length:
                stopped[line] = True  # the length limit: truncated, not ended
            else:
                indices[line].append(c)
                probs[line].append(float(np.exp(log_probs[row, c])))
                scores[line] += float(log_probs[row, c])
                nxt[line] = c
        tokens = np.concatenate([tokens, nxt[:, None]], axis=1)
    return [Hypothesis(indices[i], probs[i], float(scores[i]), bool(ended[i])) for i in range(batch_size)]


@dataclass
class _Beam:
    tokens: list[int]
    score: float
    probs: list[float]


def beam_search(
    step: StepFn, batch_size: int, bos: int, eos: int, max_length: int, beam_width: int = 5
) -> list[Hypothesis]:
    """Keep the ``beam_width`` best prefixes per line (sum of log-probabilities).

    Scores only fall as a prefix grows, so a line stops as soon as its best finished hypothesis
    beats every live one: the result is the exact best among the explored beams.
    """
    if beam_width < 1:
        raise ValueError(f"beam_width must be >= 1, got {beam_width}")
    alive: list[list[_Beam]] = [[_Beam([bos], 0.0, [])] for _ in range(batch_size)]
    done: list[_Beam | None] = [None] * batch_size
    for length in range(max_length + 1):
        rows = [(line, beam) for line in range(batch_size) for beam in alive[line]]
        if not rows:
            break
        tokens = np.array([beam.tokens for _, beam in rows], dtype=np.int64)
        log_probs = step(tokens, np.array([line for line, _ in rows], dtype=np.int64))
        top = np.argsort(-log_probs, axis=-1)[:, :beam_width]
        candidates: list[list[_Beam]] = [[] for _ in range(batch_size)]
        for r, (line, beam) in enumerate(rows):
            for c in top[r]:
                c = int(c)
                lp = float(log_probs[r, c])
                grown = _Beam([*beam.tokens, c], beam.score + lp, [*beam.probs, float(np.exp(lp))])
                if c == eos or length == max_length:
                    finished = grown if c == eos else _Beam(beam.tokens, beam.score, beam.probs)
                    if done[line] is None or finished.score > done[line].score:
                        done[line] = finished
                else:
                    candidates[line].append(grown)
        for line in range(batch_size):
            best = sorted(candidates[line], key=lambda b: -b.score)[:beam_width]
            if done[line] is not None:
                best = [b for b in best if b.score > done[line].score]
            alive[line] = best
    results = []
    for line in range(batch_size):
        beam = done[line] or _Beam([bos], float("-inf"), [])
        ended = len(beam.tokens) > 1 and beam.tokens[-1] == eos
        chars = beam.tokens[1:-1] if ended else beam.tokens[1:]
        char_probs = beam.probs[: len(chars)]
        results.append(Hypothesis(chars, char_probs, beam.score, finished=ended))
    return results


def score_sequences(step: StepFn, batch_size: int, candidates: list[list[int]], bos: int, eos: int) -> np.ndarray:
    """log P(candidate + EOS | line) under teacher forcing, for every line and candidate: (batch_size, K).

    One ``step`` call per prefix length covers every (line, candidate) pair still that long, so
    scoring K candidates of up to L characters costs L + 1 decoder calls, not K x (L + 1).
    """
    lines = np.repeat(np.arange(batch_size), len(candidates))
    cands = np.tile(np.arange(len(candidates)), batch_size)
    scores = np.zeros(len(lines))
    longest = max((len(c) for c in candidates), default=0)
    for k in range(longest + 1):
        pairs = np.array([p for p in range(len(lines)) if len(candidates[cands[p]]) >= k], dtype=np.int64)
        tokens = np.array([[bos, *candidates[cands[p]][:k]] for p in pairs], dtype=np.int64)
        targets = np.array([candidates[cands[p]][k] if k < len(candidates[cands[p]]) else eos for p in pairs])
        log_probs = step(tokens, lines[pairs])
        scores[pairs] += log_probs[np.arange(len(pairs)), targets]
    return scores.reshape(batch_size, len(candidates))
