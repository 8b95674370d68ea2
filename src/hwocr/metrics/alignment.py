"""Character alignment between a reference and a hypothesis, and its edit-operation counts.

Both come from ``rapidfuzz`` (Hyyrö's bit-parallel Levenshtein with a backtrace, in C++), so an
alignment costs microseconds even for long lines. Characters are Python code points: an astral
character such as 𠮷 (U+20BB7) is one character, a base letter plus a combining mark is two.

Where several minimum-edit alignments exist, rapidfuzz's backtrace picks one; a swap ``ab`` ->
``ba`` is then an insertion plus a deletion rather than two substitutions (same cost, 2). A single
wrong character between matches is always one substitution, since that is strictly cheaper.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

# One aligned position: (reference char, hypothesis char). ``None`` on the reference side is an
# insertion, on the hypothesis side a deletion; equal chars are matches.
AlignedPair = tuple[str | None, str | None]


def align(ref: str, hyp: str) -> list[AlignedPair]:
    """A minimum-edit alignment of ``ref`` and ``hyp``, in reading order."""
    pairs: list[AlignedPair] = []
    for tag, i1, i2, j1, j2 in Levenshtein.opcodes(ref, hyp).as_list():
        if tag == "equal" or tag == "replace":  # replace blocks are one-for-one, like equal ones
            pairs.extend(zip(ref[i1:i2], hyp[j1:j2], strict=True))
        elif tag == "delete":
            pairs.extend((r, None) for r in ref[i1:i2])
        else:
            pairs.extend((None, h) for h in hyp[j1:j2])
    return pairs


def edit_count(pairs: list[AlignedPair]) -> int:
    return sum(r != h for r, h in pairs)


@dataclass(frozen=True)
class EditCounts:
    """Substitutions, deletions and insertions of one minimum-edit alignment; they sum to the distance."""

    substitutions: int = 0
    deletions: int = 0
    insertions: int = 0

    @property
    def distance(self) -> int:
        return self.substitutions + self.deletions + self.insertions


def edit_counts(ref: str, hyp: str) -> EditCounts:
    """The edit operations turning ``ref`` into ``hyp``, counted by kind."""
    if ref == hyp:
        return EditCounts()
    ops = Levenshtein.editops(ref, hyp)
    substitutions = [tag for tag, _, _ in ops.as_list()].count("replace")
    # insertions - deletions is fixed by the lengths; their sum is what is left of the distance.
    indels, surplus = len(ops) - substitutions, len(hyp) - len(ref)
    return EditCounts(substitutions, (indels - surplus) // 2, (indels + surplus) // 2)
