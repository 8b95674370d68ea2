"""CTC prefix beam search: finds labellings greedy misses, and listens to a character LM."""

from __future__ import annotations

import numpy as np

from hwocr.decoding.char_ngram import CharNGramLM
from hwocr.decoding.ctc_beam import ctc_beam_search, ctc_beam_search_batch
from hwocr.decoding.ctc_greedy import ctc_greedy_decode


def test_beam_sums_paths_greedy_cannot():
    # Each frame: blank 0.6, 'a' 0.4. Greedy reads "" (p = 0.36); "a" has p = 0.64.
    log_probs = np.log(np.array([[0.6, 0.4], [0.6, 0.4]]))
    assert ctc_greedy_decode(log_probs.argmax(-1)).indices == []
    best = ctc_beam_search(log_probs, beam_width=4)[0]
    assert best.indices == [1]
    assert np.isclose(np.exp(best.score), 0.64)


def test_repeats_need_a_blank_between_them():
    eye = np.log(np.full((5, 3), 1e-6) + np.eye(3)[[1, 1, 0, 1, 2]])
    assert ctc_beam_search(eye, beam_width=3)[0].indices == [1, 1, 2]
    assert ctc_beam_search_batch(eye[None], lengths=[2], beam_width=3) == [[1]]


def test_char_lm_breaks_an_acoustic_tie(tmp_path):
    text = tmp_path / "corpus.txt"
    text.write_text("やま\n" * 20 + "やね\n", encoding="utf-8")
    lm = CharNGramLM.from_file(text, order=2)
    labels = ["<blank>", "や", "ま", "ね"]
    # frame 1: や; frame 2: ね slightly above ま
    probs = np.array([[0.01, 0.97, 0.01, 0.01], [0.02, 0.01, 0.47, 0.50]])
    plain = ctc_beam_search(np.log(probs), beam_width=4)[0]
    fused = ctc_beam_search(np.log(probs), beam_width=4, lm=lm.index_scorer(labels), lm_weight=1.0)[0]
    assert plain.indices == [1, 3] and fused.indices == [1, 2]


def test_witten_bell_is_a_distribution():
    lm = CharNGramLM(["あいう", "いいう", "うあ"], order=3)
    vocab = ["あ", "い", "う", None]
    for history in ("", "あ", "あい", "ええ"):
        total = sum(np.exp(lm.log_prob(history, c)) for c in vocab)
        assert np.isclose(total, 1.0)
    assert lm.score("あいう") > lm.score("ういあ")
