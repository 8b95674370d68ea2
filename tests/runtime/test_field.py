"""Field-typed reading: the output restricted to a form field's scripts or characters."""

from __future__ import annotations

import numpy as np
import pytest

from hwocr.core.charset import Charset
from hwocr.core.image import stretch_width
from hwocr.metrics.scripts import script_of
from hwocr.runtime import Recognizer
from hwocr.runtime.batching import pad_batch
from hwocr.runtime.field import field_mask, masked_best, parse_scripts

JA = Charset(list("アイロニカ口二力あい0123-"), name="ja")


def test_mask_holds_the_blank_the_scripts_and_the_extra_characters() -> None:
    mask = field_mask(JA, "katakana")
    labels = JA.class_labels()
    assert mask[JA.blank_index]
    assert {labels[i] for i in np.flatnonzero(mask) if i != JA.blank_index} == set("アイロニカ")
    both = field_mask(JA, "digits", chars="-")
    assert {labels[i] for i in np.flatnonzero(both) if i != JA.blank_index} == set("0123-")
    assert all(script_of(labels[i]) == "kanji" for i in np.flatnonzero(field_mask(JA, ["kanji"])) if i)


def test_bad_fields_are_named() -> None:
    with pytest.raises(ValueError, match="unknown script.*'katakanna'"):
        parse_scripts("katakanna")
    with pytest.raises(ValueError, match="not in the model's charset 'ja': ゑ"):
        field_mask(JA, chars="ゑ")
    with pytest.raises(ValueError, match="no character"):
        field_mask(JA, "latin")


def test_masked_best_picks_the_likeliest_allowed_class_and_keeps_its_probability() -> None:
    probs = np.array([[[0.1, 0.6, 0.3], [0.7, 0.2, 0.1]]], dtype=np.float32)  # (B=1, T=2, C=3)
    best, prob = masked_best(probs, np.array([True, False, True]))
    assert best.tolist() == [[2, 0]] and np.allclose(prob, [[0.3, 0.7]])


def test_predict_with_a_field_reads_only_its_characters(onnx_model, lines, charset) -> None:
    recognizer = Recognizer(onnx_model, threads=1)
    free = recognizer.predict(lines)
    read = {c for p in free for c in p.text}
    assert read, "the fixture model reads nothing: the test would be vacuous"
    # Forbid the characters the free reading uses most, then read again.
    banned = sorted(read)[: max(1, len(read) // 2)]
    allowed_chars = "".join(c for c in charset.chars if c not in banned)
    mask = field_mask(recognizer.charset, chars=allowed_chars)
    fielded = recognizer.predict(lines, field=mask)
    assert all(c in allowed_chars for p in fielded for c in p.text)
    assert [p.text for p in fielded] != [p.text for p in free]
    # A field that allows everything reads exactly as free reading, confidences included.
    everything = recognizer.predict(lines, field=field_mask(recognizer.charset, chars="".join(charset.chars)))
    assert [(p.text, p.confidence) for p in everything] == [(p.text, p.confidence) for p in free]


def test_read_char_is_the_choice_among_single_characters(onnx_model, lines, charset) -> None:
    recognizer = Recognizer(onnx_model, threads=1)
    chars = [c for c in charset.chars]
    expected = recognizer.choose(lines, chars)
    read = recognizer.read_char(lines)
    assert [r.text for r in read] == [e.text for e in expected]
    assert [r.log_likelihood for r in read] == pytest.approx([e.log_likelihood for e in expected], abs=1e-6)
    assert all(len(r.text) == 1 and 0.0 < r.probability <= 1.0 for r in read)
    # within a field: the choice among the field's characters only
    digits = recognizer.read_char(lines, field=field_mask(recognizer.charset, "digits"))
    assert [r.text for r in digits] == [e.text for e in recognizer.choose(lines, list("123"))]


def test_read_char_at_several_widths_averages_each_widths_reading(onnx_model, lines, charset) -> None:
    recognizer = Recognizer(onnx_model, threads=1)
    chars = list(charset.chars)
    # One width, 1.0: exactly the plain reading.
    plain = recognizer.read_char(lines)
    assert recognizer.read_char(lines, stretches=(1.0,)) == plain
    # Three widths: the choice maximises the mean, over widths, of each character's share among the
    # allowed; each width is the choice among candidates of the line stretched by hand.
    factors = (0.7, 1.0, 1.4)
    combined = recognizer.read_char(lines, stretches=factors)
    shares, likelihoods = np.zeros((len(lines), len(chars))), np.zeros((len(lines), len(chars)))
    for factor in factors:
        for row, line in enumerate(lines):
            prepared, _ = recognizer.prepare(line, "line")
            wide = stretch_width(prepared, factor, recognizer.min_width)
            pixels = pad_batch([wide], recognizer.metadata.pad_value, recognizer.min_width)
            scores = recognizer.score_candidates(pixels, [wide.shape[1]], [charset.encode(c) for c in chars])[0]
            likelihoods[row] += scores / len(factors)
            shares[row] += (scores - np.logaddexp.reduce(scores)) / len(factors)
    assert [c.text for c in combined] == [chars[k] for k in shares.argmax(axis=1)]
    best = shares.argmax(axis=1)
    assert [c.log_likelihood for c in combined] == pytest.approx(likelihoods[np.arange(len(lines)), best], abs=1e-5)
    with pytest.raises(ValueError, match="stretches must be positive"):
        recognizer.read_char(lines, stretches=(1.0, 0.0))
