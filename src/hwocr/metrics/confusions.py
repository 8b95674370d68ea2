"""Which characters the recognizer confuses: counts of (reference, hypothesis) pairs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from hwocr.metrics.alignment import align

# The empty string stands for "nothing" in confusion pairs: ("あ", "") is a deletion of あ,
# ("", "あ") an insertion.
NOTHING = ""


class ConfusionCounter:
    """Counts substitutions, deletions and insertions over many lines."""

    def __init__(self) -> None:
        self.counts: Counter[tuple[str, str]] = Counter()

    def update(self, refs: Iterable[str], hyps: Iterable[str]) -> None:
        for ref, hyp in zip(refs, hyps, strict=True):
            if ref == hyp:
                continue
            for r, h in align(ref, hyp):
                if r != h:
                    self.counts[(r or NOTHING, h or NOTHING)] += 1

    def most_common(self, k: int = 20) -> list[tuple[str, str, int]]:
        """The ``k`` most frequent confusions as (reference, hypothesis, count), ties by character."""
        ranked = sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))
        return [(r, h, c) for (r, h), c in ranked[:k]]

    @property
    def total(self) -> int:
        return sum(self.counts.values())
