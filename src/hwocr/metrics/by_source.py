"""CER and exact-line accuracy per data source of a mix (``hwocr.data.mixed_dataset``), so a
researcher sees what each source does: ``val/<source>/cer``, ``val/<source>/line_accuracy``."""

from __future__ import annotations

from collections.abc import Iterable

from hwocr.metrics.cer import CERAccumulator

# The scores reported for each source; the overall ones (cer_folded, 1 - NED, ...) stay corpus-wide.
PER_SOURCE = ("cer", "line_accuracy")


class SourceAccumulators:
    """One ``CERAccumulator`` per source name; lines without a source ("") are left out."""

    def __init__(self) -> None:
        self.by_source: dict[str, CERAccumulator] = {}

    def update(self, sources: Iterable[str], refs: Iterable[str], hyps: Iterable[str]) -> None:
        for source, ref, hyp in zip(sources, refs, hyps, strict=True):
            if source:
                self.by_source.setdefault(source, CERAccumulator()).update([ref], [hyp])

    def metrics(self, prefix: str) -> dict[str, float]:
        """``{prefix}/{source}/{score}`` for every source seen, sources in name order."""
        return {
            f"{prefix}/{source}/{score}": float(getattr(acc, score))
            for source, acc in sorted(self.by_source.items())
            for score in PER_SOURCE
        }
