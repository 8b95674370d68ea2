import functools

import numpy as np
import pytest

from hwocr.synth.text.charset_sampler import CharsetTextSampler
from hwocr.synth.text.mixture import TextMixture
from hwocr.synth.text.vocabulary import WordTextSource


def test_words_respect_chars_and_lengths() -> None:
    chars = set("日本語の人大学生です会社")
    source = WordTextSource(chars=chars, top_n=5000, min_len=3, max_len=6)
    rng = np.random.default_rng(0)
    for _ in range(20):
        text = source.sample(rng)
        assert 1 <= len(text) <= 6 and set(text) <= chars


def test_words_without_drawable_chars_fail_loudly() -> None:
    with pytest.raises(ValueError):
        WordTextSource(chars=["\U0001f600"], top_n=100)


def test_mixture_follows_weights() -> None:
    sources = {
        "a": functools.partial(CharsetTextSampler, min_len=1, max_len=1),
        "b": functools.partial(CharsetTextSampler, min_len=3, max_len=3),
    }
    mix = TextMixture(chars="x", sources=sources, weights={"a": 3, "b": 1})
    rng = np.random.default_rng(0)
    share_a = np.mean([len(mix.sample(rng)) == 1 for _ in range(400)])
    assert 0.65 < share_a < 0.85
    with pytest.raises(ValueError):
        TextMixture(chars="x", sources=sources, weights={"a": 1})
