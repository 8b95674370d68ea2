"""Character error rate, 1 - NED, edit-operation counts and exact-line accuracy.

Edit distances come from ``rapidfuzz`` (C++); every number here is computed on Python code
points, so an astral character (𠮷, U+20BB7) counts as one character and nothing depends on
UTF-16 surrogates.

Normalisation is the caller's job, not the metrics': texts are compared exactly as given. A model
reads characters of its charset, which normalises its texts (NFKC by default,
``hwocr.core.charset.Charset.normalize_text``), so every caller (Lightning validation through the
dataset, ``hwocr-eval``, ``hwocr-predict --cer``) normalises the reference with the model's charset
before scoring. Unnormalised, half-width ｶﾞ against ガ is two edits, full-width ＡＢＣ against ABC
three, and a combining dakuten か + U+3099 against a precomposed が two; after NFKC they are equal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields

from rapidfuzz.distance import Levenshtein

from hwocr.metrics.alignment import edit_counts
from hwocr.metrics.confusables import fold_confusables


def edit_distance(ref: str, hyp: str) -> int:
    """Levenshtein distance between two strings (insertions, deletions, substitutions cost 1)."""
    return Levenshtein.distance(ref, hyp)


def normalized_edit_distance(ref: str, hyp: str) -> float:
    """Edit distance / the longer string's length, in [0, 1]; 0 for two empty strings (ICDAR N.E.D)."""
    return Levenshtein.normalized_distance(ref, hyp)


def cer(refs: Iterable[str], hyps: Iterable[str]) -> float:
    acc = CERAccumulator()
    acc.update(refs, hyps)
    return acc.cer


@dataclass
class CERAccumulator:
    """Corpus-level CER (total edits / total reference characters), not a mean of line CERs.

    ``cer_folded`` is the same with handwriting look-alikes (へ/ヘ, ロ/口, ...) folded together
    (``hwocr.metrics.confusables``): how much error is left once script ambiguity is forgiven.
    ``one_minus_ned`` is the ICDAR 2019 score 1 - mean(dist / max(len(ref), len(hyp))), a mean
    over lines that, unlike CER, stays in [0, 1] when a model inserts text. The operation counts
    come from one minimum-edit alignment per line and add up to ``edits``.

    Every field is a sum, so accumulators of different shards ``merge`` into the corpus one.
    """

    edits: int = 0
    ref_chars: int = 0
    lines: int = 0
    exact: int = 0
    folded_edits: int = 0
    substitutions: int = 0
    deletions: int = 0
    insertions: int = 0
    ned_sum: float = 0.0

    def update(self, refs: Iterable[str], hyps: Iterable[str]) -> None:
        for ref, hyp in zip(refs, hyps, strict=True):
            self.lines += 1
            self.ref_chars += len(ref)
            if ref == hyp:  # most lines of a usable model: nothing else to add
                self.exact += 1
                continue
            counts = edit_counts(ref, hyp)
            distance = counts.distance
            self.edits += distance
            self.substitutions += counts.substitutions
            self.deletions += counts.deletions
            self.insertions += counts.insertions
            self.ned_sum += distance / max(len(ref), len(hyp))
            folded_ref, folded_hyp = fold_confusables(ref), fold_confusables(hyp)
            unchanged = folded_ref is ref and folded_hyp is hyp
            self.folded_edits += distance if unchanged else Levenshtein.distance(folded_ref, folded_hyp)

    def merge(self, other: CERAccumulator) -> CERAccumulator:
        """Add ``other``'s counts to this accumulator (e.g. one per DDP rank) and return it."""
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self

    @property
    def cer(self) -> float:
        return self.edits / max(self.ref_chars, 1)

    @property
    def cer_folded(self) -> float:
        return self.folded_edits / max(self.ref_chars, 1)

    @property
    def one_minus_ned(self) -> float:
        return 1.0 - self.ned_sum / self.lines if self.lines else 1.0

    @property
    def line_accuracy(self) -> float:
        return self.exact / max(self.lines, 1)

    def as_dict(self) -> dict[str, float | int]:
        return {
            "cer": self.cer,
            "cer_folded": self.cer_folded,
            "one_minus_ned": self.one_minus_ned,
            "line_accuracy": self.line_accuracy,
            "substitutions": self.substitutions,
            "deletions": self.deletions,
            "insertions": self.insertions,
            "ref_chars": self.ref_chars,
            "num_samples": self.lines,
        }
