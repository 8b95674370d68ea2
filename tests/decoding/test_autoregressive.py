"""Greedy and beam search over a step function: EOS, the length limit, and beam beating greedy."""

from __future__ import annotations

import numpy as np
import pytest

from hwocr.decoding.autoregressive import beam_search, greedy_search, score_sequences

BOS, EOS = 9, 0


def table_step(table: dict[tuple[int, ...], list[float]], num_classes: int = 4):
    """Next-token distribution looked up by the prefix (without BOS); unknown prefixes -> EOS."""

    def step(tokens: np.ndarray, rows: np.ndarray) -> np.ndarray:
        out = []
        for prefix in tokens:
            probs = table.get(tuple(int(t) for t in prefix[1:]), [1.0] + [0.0] * (num_classes - 1))
            out.append(np.log(np.asarray(probs) + 1e-12))
        return np.array(out)

    return step


def test_greedy_stops_at_eos_and_at_the_length_limit():
    step = table_step({(): [0, 1, 0, 0], (1,): [0, 0, 1, 0], (1, 2): [1, 0, 0, 0]})
    (hyp,) = greedy_search(step, 1, BOS, EOS, max_length=5)
    assert hyp.indices == [1, 2] and hyp.finished and np.isclose(hyp.confidence, 1.0)
    (cut,) = greedy_search(step, 1, BOS, EOS, max_length=1)
    assert cut.indices == [1] and not cut.finished


def test_beam_finds_the_sequence_greedy_misses():
    # Greedy takes 1 (0.6) then must spread (0.34 best); 2 (0.4) then is sure (1.0).
    table = {(): [0, 0.6, 0.4, 0], (1,): [0.33, 0.33, 0, 0.34], (2,): [0, 0, 0, 1.0], (2, 3): [1, 0, 0, 0],
             (1, 3): [1, 0, 0, 0]}
    step = table_step(table)
    (greedy,) = greedy_search(step, 1, BOS, EOS, max_length=4)
    (beam,) = beam_search(step, 1, BOS, EOS, max_length=4, beam_width=2)
    assert greedy.indices == [1, 3]
    assert beam.indices == [2, 3] and beam.score > greedy.score


def test_batched_lines_are_independent():
    def step(tokens: np.ndarray, rows: np.ndarray) -> np.ndarray:
        out = np.full((len(rows), 4), -20.0)
        for i, (prefix, row) in enumerate(zip(tokens, rows, strict=True)):
            out[i, EOS if len(prefix) > row + 1 else 1 + row] = 0.0
        return out

    assert [h.indices for h in greedy_search(step, 3, BOS, EOS, 8)] == [[1], [2, 2], [3, 3, 3]]
    assert [h.indices for h in beam_search(step, 3, BOS, EOS, 8, beam_width=2)] == [[1], [2, 2], [3, 3, 3]]


def test_score_sequences_sums_teacher_forced_log_probs():
    rng = np.random.default_rng(0)
    table = np.log(rng.dirichlet(np.ones(6), size=(2, 6)))  # (line, last token) -> next-token log-probs
    bos, eos = 4, 5

    def step(tokens: np.ndarray, rows: np.ndarray) -> np.ndarray:
        return table[rows, tokens[:, -1]]

    candidates = [[1, 2], [3], [], [2, 2, 1]]
    scores = score_sequences(step, 2, candidates, bos, eos)
    for line in range(2):
        for k, cand in enumerate(candidates):
            seq = [bos, *cand, eos]
            expected = sum(table[line, a, b] for a, b in zip(seq[:-1], seq[1:], strict=True))
            assert scores[line, k] == pytest.approx(expected)
