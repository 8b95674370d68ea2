"""Mix text sources with configured weights."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

import numpy as np


class TextSource(Protocol):
    def sample(self, rng: np.random.Generator) -> str: ...


class TextMixture:
    """Each line comes from one source, picked with probability proportional to its weight.

    ``sources`` maps names to factories taking ``chars`` (Hydra ``_partial_: true`` configs), so the
    same character filter reaches every source; ``weights`` maps the same names to weights.
    """

    def __init__(
        self,
        chars: Sequence[str],
        sources: Mapping[str, Callable[..., TextSource]],
        weights: Mapping[str, float],
    ) -> None:
        if set(weights) != set(sources):
            raise ValueError(f"weights {sorted(weights)} must name the same sources as {sorted(sources)}")
        self.names = [n for n in sources if weights[n] > 0]
        if not self.names:
            raise ValueError("TextMixture needs a source with positive weight")
        self.sources = {n: sources[n](chars=chars) for n in self.names}
        p = np.array([weights[n] for n in self.names], dtype=float)
        self._p = p / p.sum()

    def sample(self, rng: np.random.Generator) -> str:
        name = self.names[int(rng.choice(len(self.names), p=self._p))]
        return self.sources[name].sample(rng)
