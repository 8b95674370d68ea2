"""Recognizer.choose: the likeliest of a closed list of texts, scored by CTC over the ONNX graph's
frame probabilities, equal to torch's CTC loss on the same model."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from hwocr.core.charset import CharsetError
from hwocr.core.image import resize_to_height
from hwocr.runtime import Recognizer

from .conftest import HEIGHT


@pytest.fixture(scope="module")
def recognizer(onnx_model) -> Recognizer:
    return Recognizer(onnx_model, threads=1)


@pytest.fixture(scope="module")
def candidates(recognizer, lines) -> list[str]:
    # What the lines read freely, plus texts none of them reads: a list the model must rank.
    read = sorted({p.text for p in recognizer.predict(lines) if p.text})
    return read + ["かき", "さしす", "お"]


def torch_scores(net, charset, line: np.ndarray, candidates: list[str]) -> np.ndarray:
    resized = resize_to_height(line, HEIGHT)
    with torch.no_grad():
        log_probs = net(torch.from_numpy(resized[None, None].astype(np.float32))).log_softmax(-1)[0].double()
    frames = int(net.output_lengths(torch.tensor([resized.shape[1]]))[0])
    scores = []
    for text in candidates:
        labels = charset.encode(text)
        loss = torch.nn.functional.ctc_loss(
            log_probs[:frames, None], torch.tensor([labels]), torch.tensor([frames]), torch.tensor([len(labels)]),
            blank=charset.blank_index, reduction="sum",
        )
        scores.append(-float(loss))
    return np.array(scores)


def test_choice_is_the_candidate_torch_scores_highest(recognizer, net, charset, lines, candidates):
    choices = recognizer.choose(lines, candidates, batch_size=3)
    for line, choice in zip(lines, choices, strict=True):
        scores = torch_scores(net, charset, line, candidates)
        assert choice.text == candidates[int(np.argmax(scores))]
        assert choice.log_likelihood == pytest.approx(scores.max(), rel=1e-3, abs=1e-3)
        assert 0.0 < choice.probability <= 1.0 and choice.runner_up in candidates
    # The ranking, not just the winner: without the winner, the runner-up wins; order is irrelevant.
    first = choices[0]
    rest = [c for c in candidates if c != first.text]
    assert recognizer.choose(lines[:1], rest[::-1])[0].text == first.runner_up


def test_candidates_outside_the_charset_are_named(recognizer, lines):
    with pytest.raises(CharsetError, match="candidate 1"):
        recognizer.choose(lines[:1], ["あ", "漢"])
    with pytest.raises(ValueError, match="at least one candidate"):
        recognizer.choose(lines[:1], [])


def test_unreadable_inputs_are_collected(recognizer, lines, tmp_path):
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"not a png")
    choices = recognizer.choose([lines[0], bad], ["あ", "い"], errors="collect")
    assert choices[0].ok and not choices[1].ok and "broken.png" in choices[1].error
