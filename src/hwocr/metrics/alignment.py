"""Character alignment between a reference and a hypothesis (Levenshtein backtrace)."""

from __future__ import annotations

# One aligned position: (reference char, hypothesis char). ``None`` on the reference side is an
# insertion, on the hypothesis side a deletion; equal chars are matches.
AlignedPair = tuple[str | None, str | None]


def align(ref: str, hyp: str) -> list[AlignedPair]:
    """A minimum-edit alignment of ``ref`` and ``hyp``, in reading order.

    Ties prefer substitution over deletion over insertion, so a wrong character is reported as
    one confusion rather than a deletion plus an insertion.
    """
    n, m = len(ref), len(hyp)
    dist = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        dist[i][0] = i
    for j in range(m + 1):
        dist[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            dist[i][j] = min(
                dist[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]),
                dist[i - 1][j] + 1,
                dist[i][j - 1] + 1,
            )
    pairs: list[AlignedPair] = []
    i, j = n, m
    while i > 0 or j > 0:
        if i > 0 and j > 0 and dist[i][j] == dist[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]):
            pairs.append((ref[i - 1], hyp[j - 1]))
            i, j = i - 1, j - 1
        elif i > 0 and dist[i][j] == dist[i - 1][j] + 1:
            pairs.append((ref[i - 1], None))
            i -= 1
        else:
            pairs.append((None, hyp[j - 1]))
            j -= 1
    pairs.reverse()
    return pairs


def edit_count(pairs: list[AlignedPair]) -> int:
    return sum(r != h for r, h in pairs)
