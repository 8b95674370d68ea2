from collections import Counter

import numpy as np
import pytest

from hwocr.synth.text.charset_sampler import CharsetTextSampler


def test_lengths_and_alphabet() -> None:
    sampler = CharsetTextSampler("あいうえお", min_len=2, max_len=5)
    rng = np.random.default_rng(0)
    texts = [sampler.sample(rng) for _ in range(200)]
    assert {len(t) for t in texts} == {2, 3, 4, 5}
    assert set("".join(texts)) == set("あいうえお")


def test_same_seed_same_strings() -> None:
    a = [CharsetTextSampler("abcdef").sample(np.random.default_rng(3)) for _ in range(2)]
    assert a[0] == a[1]


def test_sample_is_a_pure_function_of_the_rng() -> None:
    sampler = CharsetTextSampler("abcdefgh")
    first = sampler.sample(np.random.default_rng([5, 9]))
    sampler.sample(np.random.default_rng(0))
    assert sampler.sample(np.random.default_rng([5, 9])) == first


def test_every_char_appears() -> None:
    chars = [chr(0x4E00 + i) for i in range(50)]
    sampler = CharsetTextSampler(chars, min_len=4, max_len=12)
    rng = np.random.default_rng(1)
    counts = Counter("".join(sampler.sample(rng) for _ in range(300)))
    assert set(counts) == set(chars)


def test_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError):
        CharsetTextSampler([])
    with pytest.raises(ValueError):
        CharsetTextSampler("ab", min_len=5, max_len=2)
