"""Character error rate and exact-line accuracy."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from hwocr.metrics.confusables import fold_confusables


def edit_distance(ref: str, hyp: str) -> int:
    """Levenshtein distance between two strings (insertions, deletions, substitutions cost 1)."""
    if len(ref) < len(hyp):
        ref, hyp = hyp, ref
    prev = list(range(len(hyp) + 1))
    for i, rc in enumerate(ref, start=1):
        cur = [i]
        for j, hc in enumerate(hyp, start=1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (rc != hc)))
        prev = cur
    return prev[-1]


def cer(refs: Iterable[str], hyps: Iterable[str]) -> float:
    acc = CERAccumulator()
    acc.update(refs, hyps)
    return acc.cer


@dataclass
class CERAccumulator:
    """Corpus-level CER (total edits / total reference characters), not a mean of line CERs.

    ``cer_folded`` is the same with handwriting look-alikes (へ/ヘ, ロ/口, ...) folded together
    (``hwocr.metrics.confusables``): how much error is left once script ambiguity is forgiven.
    """

    edits: int = 0
    ref_chars: int = 0
    lines: int = 0
    exact: int = 0
    folded_edits: int = 0

    def update(self, refs: Iterable[str], hyps: Iterable[str]) -> None:
        for ref, hyp in zip(refs, hyps, strict=True):
            distance = edit_distance(ref, hyp)
            self.edits += distance
            self.folded_edits += distance and edit_distance(fold_confusables(ref), fold_confusables(hyp))
            self.ref_chars += len(ref)
            self.lines += 1
            self.exact += ref == hyp

    @property
    def cer(self) -> float:
        return self.edits / max(self.ref_chars, 1)

    @property
    def cer_folded(self) -> float:
        return self.folded_edits / max(self.ref_chars, 1)

    @property
    def line_accuracy(self) -> float:
        return self.exact / max(self.lines, 1)

    def as_dict(self) -> dict[str, float | int]:
        return {
            "cer": self.cer,
            "cer_folded": self.cer_folded,
            "line_accuracy": self.line_accuracy,
            "num_samples": self.lines,
        }
