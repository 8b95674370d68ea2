"""A character n-gram language model (interpolated Witten-Bell), built from a plain text file.

Japanese has no spaces and a large alphabet, so a character model is the natural unit; Witten-Bell
smoothing needs no tuning and handles a big, sparsely seen vocabulary gracefully. Torch-free.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

BOS = "\x02"  # line start (context padding), never a charset character
EOS = "\x03"  # line end


class CharNGramLM:
    """``log_prob(history, char)``: natural-log P(char | last ``order - 1`` characters of history).

    ``vocab_size`` is the size of the uniform base distribution (characters + end of line); it
    defaults to the number of distinct characters seen + 1, and should be the charset size + 1
    when the LM scores a recognizer's hypotheses.
    """

    def __init__(self, lines: Iterable[str], order: int = 3, vocab_size: int | None = None) -> None:
        if order < 1:
            raise ValueError(f"order must be >= 1, got {order}")
        self.order = order
        # counts[h][c] for every context h of length 0..order-1
        self.counts: dict[str, Counter[str]] = defaultdict(Counter)
        seen: set[str] = set()
        for line in lines:
            line = line.rstrip("\n")
            if not line:
                continue
            seen.update(line)
            padded = BOS * (order - 1) + line + EOS
            for i in range(order - 1, len(padded)):
                char = padded[i]
                for n in range(order):
                    self.counts[padded[i - n : i]][char] += 1
        self.vocab_size = vocab_size or len(seen) + 1
        self._totals = {h: sum(c.values()) for h, c in self.counts.items()}
        self._cache: dict[tuple[str, str], float] = {}

    @classmethod
    def from_file(cls, path: str | Path, order: int = 3, vocab_size: int | None = None,
                  normalize: str | None = "NFKC") -> CharNGramLM:
        """One training line per text line of a UTF-8 file, optionally Unicode-normalised."""
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"language model text {path} not found")
        text = path.read_text(encoding="utf-8")
        if normalize:
            text = unicodedata.normalize(normalize, text)
        return cls(text.splitlines(), order, vocab_size)

    def _prob(self, history: str, char: str) -> float:
        p = 1.0 / self.vocab_size
        for n in range(0, self.order):  # lowest order first, each level interpolates the one below
            if n > len(history):
                break
            h = history[len(history) - n :] if n else ""
            seen = self.counts.get(h)
            if not seen:
                continue
            types = len(seen)
            total = self._totals[h]
            p = (seen.get(char, 0) + types * p) / (total + types)
        return p

    def log_prob(self, history: str, char: str | None) -> float:
        """``char`` None scores the end of the line."""
        h = (BOS * (self.order - 1) + history)[-(self.order - 1) :] if self.order > 1 else ""
        c = EOS if char is None else char
        key = (h, c)
        if key not in self._cache:
            self._cache[key] = math.log(self._prob(h, c))
        return self._cache[key]

    def score(self, text: str) -> float:
        """Total log-probability of a whole line, end included."""
        return sum(self.log_prob(text[:i], ch) for i, ch in enumerate(text)) + self.log_prob(text, None)

    def index_scorer(self, labels: Sequence[str]):
        """Adapter for ``ctc_beam_search(lm=...)``: scores class indices through ``labels``
        (e.g. ``charset.class_labels()``)."""

        def scorer(prefix: tuple[int, ...], index: int | None) -> float:
            history = "".join(labels[i] for i in prefix[-(self.order - 1) :]) if self.order > 1 else ""
            return self.log_prob(history, None if index is None else labels[index])

        return scorer
