from __future__ import annotations

import numpy as np
import pytest
import torch

from hwocr.decoding.ctc_forward import ctc_log_likelihood, rank_candidates, single_char_log_likelihoods


def torch_log_likelihood(log_probs: np.ndarray, labels: list[int]) -> float:
    lp = torch.from_numpy(log_probs).double()[:, None, :]
    loss = torch.nn.functional.ctc_loss(
        lp, torch.tensor([labels]), torch.tensor([len(lp)]), torch.tensor([len(labels)]),
        blank=0, reduction="sum", zero_infinity=False,
    )
    return -float(loss)


@pytest.mark.parametrize("labels", [[3], [1, 2], [2, 2], [1, 2, 1, 4], [4, 4, 4], []])
def test_matches_torch_ctc_loss(labels: list[int]):
    log_probs = torch.randn(9, 5, generator=torch.Generator().manual_seed(len(labels))).log_softmax(-1).numpy()
    assert ctc_log_likelihood(log_probs, labels) == pytest.approx(torch_log_likelihood(log_probs, labels), abs=1e-9)


def test_a_text_too_long_for_the_frames_is_impossible():
    log_probs = np.log(np.full((3, 4), 0.25))
    assert ctc_log_likelihood(log_probs, [1, 1, 1]) == float("-inf")  # needs 5 frames
    assert np.isfinite(ctc_log_likelihood(log_probs, [1, 2, 3]))


def test_rank_prefers_what_the_frames_say():
    probs = np.full((4, 4), 0.02)
    for t, c in enumerate([1, 0, 2, 0]):
        probs[t, c] = 0.94
    scores = rank_candidates(np.log(probs), [[2, 1], [1, 2], [1], [1, 2, 3]])
    assert int(np.argmax(scores)) == 1


@pytest.mark.parametrize(("frames", "blank"), [(1, 0), (2, 0), (9, 0), (9, 3)])
def test_single_characters_all_at_once_equal_the_forward_algorithm(frames: int, blank: int):
    log_probs = torch.randn(frames, 6, generator=torch.Generator().manual_seed(frames)).log_softmax(-1).numpy()
    scores = single_char_log_likelihoods(log_probs, blank)
    for c in range(6):
        expected = float("-inf") if c == blank else ctc_log_likelihood(log_probs, [c], blank)
        assert scores[c] == pytest.approx(expected, abs=1e-9)
    assert np.all(np.isneginf(single_char_log_likelihoods(np.zeros((0, 4)))))
