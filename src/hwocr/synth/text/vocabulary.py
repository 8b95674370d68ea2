"""General Japanese vocabulary from ``wordfreq``, strung into short phrases."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from wordfreq import top_n_list


class WordTextSource:
    """Concatenate frequent Japanese words until ``min_len``..``max_len`` characters.

    Words are drawn with probability proportional to (1 / frequency rank) ** ``flatten`` (Zipf's
    law stands in for the frequencies: wordfreq needs MeCab to look up Japanese words one by one);
    0 is uniform over the list, 1 roughly natural frequency, so rarer words still show up. ``chars`` keeps only words made of
    drawable characters; ``allow_latin`` keeps romanised words (mostly web noise such as "mj").
    """

    def __init__(
        self,
        chars: Sequence[str] | None = None,
        top_n: int = 30000,
        min_len: int = 4,
        max_len: int = 14,
        flatten: float = 0.3,
        allow_latin: bool = False,
    ) -> None:
        allowed = None if chars is None else frozenset(chars)
        ranked = top_n_list("ja", top_n)
        keep = [
            i
            for i, w in enumerate(ranked)
            if (allowed is None or all(c in allowed for c in w))
            and (allow_latin or not any(c.isascii() for c in w))
        ]
        if not keep:
            raise ValueError("WordTextSource: no wordfreq word is made of the given characters")
        self.words = [ranked[i] for i in keep]
        p = (1.0 / (np.array(keep, dtype=float) + 1.0)) ** flatten
        self._cdf = np.cumsum(p / p.sum())
        self.min_len = min_len
        self.max_len = max_len

    def sample(self, rng: np.random.Generator) -> str:
        target = int(rng.integers(self.min_len, self.max_len + 1))
        text = ""
        while len(text) < target:
            index = min(int(np.searchsorted(self._cdf, rng.random())), len(self.words) - 1)
            text += self.words[index]
        return text[: self.max_len]
