"""Guaranteed charset coverage: every character at least ``k`` times per block of ``block_lines`` lines.

Lines are grouped into blocks of ``block_lines`` consecutive indices. For each block, ``k`` copies
of every character are shuffled (seeded by ``(seed, block)``) and dealt to the block's lines as
evenly as possible. A line's required characters therefore depend only on its index, so parallel
and resumed builds agree. ``CoverageTextSource`` wraps them in real words where it can.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

import numpy as np

from hwocr.synth.text.mixture import TextSource


class CoverageSchedule:
    """Which characters line ``index`` must contain."""

    def __init__(self, chars: Sequence[str], k: int = 1, block_lines: int = 10000, seed: int = 0) -> None:
        self.chars = list(dict.fromkeys(chars))
        if not self.chars or k < 1 or block_lines < 1:
            raise ValueError("CoverageSchedule needs characters, k >= 1 and block_lines >= 1")
        self.k = k
        self.block_lines = block_lines
        self.seed = seed

    @property
    def per_line(self) -> int:
        """Most required characters any line gets."""
        return math.ceil(self.k * len(self.chars) / self.block_lines)

    @functools.lru_cache(maxsize=4)  # noqa: B019 - a few blocks in flight per worker; schedules live for a whole run
    def _block(self, block: int) -> tuple[np.ndarray, np.ndarray]:
        rng = np.random.default_rng([self.seed, block, 0xC0FE])
        deck = np.tile(np.arange(len(self.chars)), self.k)[rng.permutation(self.k * len(self.chars))]
        bounds = np.linspace(0, len(deck), self.block_lines + 1).round().astype(np.int64)
        return deck, bounds

    def required(self, index: int) -> str:
        deck, bounds = self._block(index // self.block_lines)
        line = index % self.block_lines
        return "".join(self.chars[i] for i in deck[bounds[line] : bounds[line + 1]])


class CoverageTextSource:
    """Lines that contain their scheduled characters, padded with text from ``base``.

    Each required character is written inside a word from ``words`` that contains it when there is
    one (so rare kanji appear in context), otherwise on its own; the rest of the line comes from
    ``base`` up to ``max_len`` characters.
    """

    def __init__(
        self,
        schedule: CoverageSchedule,
        base: TextSource,
        words: Sequence[str] = (),
        min_len: int = 4,
        max_len: int = 16,
    ) -> None:
        self.schedule = schedule
        self.base = base
        self.min_len = min_len
        self.max_len = max_len
        wanted = set(schedule.chars)
        self._words_with: dict[str, list[str]] = {}
        for word in words:
            if len(word) <= 4:
                for c in set(word) & wanted:
                    self._words_with.setdefault(c, []).append(word)

    def text(self, index: int, rng: np.random.Generator) -> str:
        pieces = []
        for c in self.schedule.required(index):
            options = self._words_with.get(c)
            use_word = options and rng.random() < 0.7
            pieces.append(options[int(rng.integers(len(options)))] if use_word else c)
        order = rng.permutation(len(pieces))
        text = "".join(pieces[i] for i in order)
        target = int(rng.integers(self.min_len, self.max_len + 1))
        if len(text) < target:
            filler = self.base.sample(rng)[: target - len(text)]
            cut = int(rng.integers(0, len(text) + 1))
            text = text[:cut] + filler + text[cut:]
        return text
