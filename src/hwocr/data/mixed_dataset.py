"""Several line datasets mixed by weight for training, and concatenated whole for validation; every
line is tagged with the name of its source, so validation reports metrics per source.

    hwocr-train data=mix 'data.train.weights={handwriting: 0.6, kanjivg: 0.4}'

A source is a dataset factory like any ``LineDataModule`` split (Hydra ``_partial_``, called with
``charset`` and ``height``, and ``transform`` for training): the synthetic renderers, a manifest,
a composed-lines reader, a synth store.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
from torch.utils.data import Dataset

from hwocr.core.charset import Charset
from hwocr.data.sample import ImageTransform, LineSample

DatasetFactory = Callable[..., Dataset]


def build_sources(
    charset: Charset, height: int, sources: Mapping[str, DatasetFactory], transform: ImageTransform | None
) -> dict[str, Dataset]:
    """Each source's dataset, in config order; ``transform`` is passed only when there is one."""
    if not sources:
        raise ValueError("a mix needs at least one source")
    extra = {} if transform is None else {"transform": transform}
    datasets = {name: factory(charset=charset, height=height, **extra) for name, factory in sources.items()}
    empty = [name for name, ds in datasets.items() if len(ds) == 0]
    if empty:
        raise ValueError(f"mix source(s) {empty} hold no lines")
    return datasets


def normalized_weights(names: list[str], weights: Mapping[str, float]) -> np.ndarray:
    """The sources' weights in ``names`` order, summing to 1; a ValueError names any bad key."""
    unknown = sorted(set(weights) - set(names))
    if unknown:
        raise ValueError(f"mix weights name unknown source(s) {unknown}; the sources are {names}")
    missing = [n for n in names if n not in weights]
    if missing:
        raise ValueError(f"mix source(s) {missing} have no weight; give each of {names} one (0 to leave it out)")
    values = np.array([float(weights[n]) for n in names])
    bad = [n for n, w in zip(names, values, strict=True) if not np.isfinite(w) or w < 0]
    if bad:
        raise ValueError(f"mix weight(s) of {bad} must be finite and >= 0, got {[weights[n] for n in bad]}")
    if values.sum() <= 0:
        raise ValueError(f"mix weights {dict(weights)} are all zero: at least one source needs a positive weight")
    return values / values.sum()


def tagged(sample: LineSample, source: str) -> LineSample:
    return LineSample(**{**sample, "source": source})


def renders_fresh(dataset: Dataset) -> bool:
    """Whether indices past ``len(dataset)`` give new lines (rendered data); others are wrapped."""
    return bool(getattr(dataset, "renders_fresh_lines", False))


class _TaggedSources(Dataset):
    """Lines read from ``self.datasets`` by name through ``locate`` (subclasses), tagged with it."""

    datasets: dict[str, Dataset]

    def locate(self, index: int) -> tuple[str, int]:
        """(source name, index within that source) of line ``index``."""
        raise NotImplementedError

    def width_hint(self, index: int) -> int:
        name, inner = self.locate(index)
        hint = getattr(self.datasets[name], "width_hint", None)
        # A source without hints (SourceLineDataset) sorts first, its lines batched among themselves.
        return int(hint(inner)) if hint is not None else 0

    def __getitem__(self, index: int) -> LineSample:
        name, inner = self.locate(index)
        return tagged(self.datasets[name][inner], name)


class MixedLineDataset(_TaggedSources):
    """``size`` lines per epoch drawn from ``sources`` in proportion to ``weights``.

    Line ``i`` comes from the source drawn from (seed, epoch) where epoch = ``i // size``, and is
    that source's next line of the epoch: ``epoch * size + rank`` for a rendering source (fresh
    lines every epoch, as the width-bucket sampler's ``epoch * size + i``), the same modulo its
    length for a finite one (a manifest, a store). So the mix is exact in expectation, reproducible
    per seed, and the same whichever worker reads a line.
    """

    # Lines drawn for epochs at once; the last few epochs' draws are kept.
    CACHED_EPOCHS = 2

    def __init__(
        self,
        charset: Charset,
        height: int,
        sources: Mapping[str, DatasetFactory],
        weights: Mapping[str, float],
        size: int = 20000,
        seed: int = 0,
        transform: ImageTransform | None = None,
        name: str = "mix",
    ) -> None:
        if size < 1:
            raise ValueError(f"mix size must be >= 1, got {size}")
        self.names = list(sources)
        self.weights = normalized_weights(self.names, weights)
        self.datasets = build_sources(charset, height, sources, transform)
        self.charset, self.height, self.size, self.seed, self.name = charset, height, size, seed, name
        self._fresh = [renders_fresh(self.datasets[n]) for n in self.names]
        self._draws: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def __len__(self) -> int:
        return self.size

    def _epoch(self, epoch: int) -> tuple[np.ndarray, np.ndarray]:
        """(source of each line, its rank among the epoch's lines of that source)."""
        if epoch not in self._draws:
            u = np.random.default_rng([self.seed, epoch]).random(self.size)
            # A zero weight is an empty interval: searchsorted never lands in it.
            choice = np.minimum(np.searchsorted(np.cumsum(self.weights), u, side="right"), len(self.names) - 1)
            rank = np.empty(self.size, dtype=np.int64)
            for k in range(len(self.names)):
                at = np.flatnonzero(choice == k)
                rank[at] = np.arange(len(at))
            while len(self._draws) >= self.CACHED_EPOCHS:
                self._draws.pop(next(iter(self._draws)))
            self._draws[epoch] = (choice, rank)
        return self._draws[epoch]

    def locate(self, index: int) -> tuple[str, int]:
        """(source name, index within that source) of line ``index``."""
        if index < 0:
            raise IndexError(f"{self.name}: negative index {index}")
        epoch, at = divmod(int(index), self.size)
        choice, rank = self._epoch(epoch)
        k = int(choice[at])
        inner = epoch * self.size + int(rank[at])
        if not self._fresh[k]:
            inner %= len(self.datasets[self.names[k]])
        return self.names[k], inner


class SourceConcatDataset(_TaggedSources):
    """Every source's lines whole, one source after the other, each tagged with its name: the
    validation counterpart of ``MixedLineDataset`` (each source is scored on its own set).

    When every source renders fresh lines, indices past the end do too (taken in turn from each
    source, past its own length), so ``hwocr.pipeline.deliver`` can read unseen lines back.
    """

    def __init__(
        self,
        charset: Charset,
        height: int,
        sources: Mapping[str, DatasetFactory],
        transform: ImageTransform | None = None,
        name: str = "mix-val",
    ) -> None:
        self.names = list(sources)
        self.datasets = build_sources(charset, height, sources, transform)
        self.charset, self.height, self.name = charset, height, name
        self.offsets = np.cumsum([0] + [len(self.datasets[n]) for n in self.names])
        self.renders_fresh_lines = all(renders_fresh(ds) for ds in self.datasets.values())

    def __len__(self) -> int:
        return int(self.offsets[-1])

    def locate(self, index: int) -> tuple[str, int]:
        """(source name, index within that source) of line ``index``."""
        if index < 0:
            raise IndexError(f"{self.name}: negative index {index}")
        if index >= len(self):
            if not self.renders_fresh_lines:
                raise IndexError(f"{self.name}: index {index} past the {len(self)} lines")
            turn, k = divmod(index - len(self), len(self.names))
            name = self.names[k]
            return name, len(self.datasets[name]) + turn
        k = int(np.searchsorted(self.offsets, index, side="right")) - 1
        return self.names[k], int(index - self.offsets[k])
