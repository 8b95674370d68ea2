"""Random strings drawn from a character set, for training on characters rather than language."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


class CharsetTextSampler:
    """Sample strings of ``min_len``..``max_len`` characters drawn uniformly from ``chars``.

    ``sample`` is a pure function of the rng state (no hidden state), which
    ``SyntheticLineDataset`` relies on: it re-derives a line's text from its index for width hints.
    Uniform draws cover every character evenly in expectation; for a hard per-block guarantee
    use ``hwocr.synth.text.coverage_schedule`` (keyed by line index).
    """

    def __init__(self, chars: Sequence[str], min_len: int = 4, max_len: int = 12) -> None:
        unique = list(dict.fromkeys(chars))
        if not unique:
            raise ValueError("CharsetTextSampler needs at least one character")
        if any(len(c) != 1 for c in unique):
            raise ValueError("CharsetTextSampler takes single characters")
        if not 1 <= min_len <= max_len:
            raise ValueError(f"need 1 <= min_len <= max_len, got {min_len}, {max_len}")
        self.chars = unique
        self.min_len = min_len
        self.max_len = max_len

    def sample(self, rng: np.random.Generator) -> str:
        length = int(rng.integers(self.min_len, self.max_len + 1))
        return "".join(self.chars[i] for i in rng.integers(0, len(self.chars), length))
