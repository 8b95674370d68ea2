"""Character error rate and exact-line accuracy."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


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
    """Corpus-level CER (total edits / total reference characters), not a mean of line CERs."""

    edits: int = 0
    ref_chars: int = 0
    lines: int = 0
    exact: int = 0

    def update(self, refs: Iterable[str], hyps: Iterable[str]) -> None:
        for ref, hyp in zip(refs, hyps, strict=True):
            self.edits += edit_distance(ref, hyp)
            self.ref_chars += len(ref)
            self.lines += 1
            self.exact += ref == hyp

    @property
    def cer(self) -> float:
        return self.edits / max(self.ref_chars, 1)

    @property
    def line_accuracy(self) -> float:
        return self.exact / max(self.lines, 1)

    def as_dict(self) -> dict[str, float | int]:
        return {"cer": self.cer, "line_accuracy": self.line_accuracy, "num_samples": self.lines}
