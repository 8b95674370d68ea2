"""What a resumed run needs from the data side to continue exactly: position, random state, per-line augmentation.

Lightning checkpoints the model, optimizer, scheduler and loop counters, but a mid-epoch restart
would otherwise replay the epoch's first batches, draw other dropout masks and other
augmentations. Three parts close those gaps:

- ``ResumableDataLoader``: Lightning saves ``state_dict()`` of a training loader that has one
  and hands it back on resume; it carries the ``WidthBucketBatchSampler`` position (epoch and
  batches trained), so the resumed epoch continues at the next batch.
- ``rng_state`` / ``set_rng_state``: the global torch (and CUDA), numpy and Python random state,
  saved by ``LineDataModule.state_dict`` (Lightning saves none). Dropout draws from it. Loaders
  draw their worker seeds from their own generators, so iterating a loader never moves it.
- ``SampleSeededDataset``: each training line's augmentation is drawn from (seed, index), so a
  line looks the same however many workers read it and wherever a resumed run restarted.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset

from hwocr.data.sampler import WidthBucketBatchSampler


def derived_seed(*entropy: int) -> int:
    """A 63-bit seed from integers (numpy's SeedSequence mixing: neighbouring inputs give unrelated seeds)."""
    return int(np.random.SeedSequence([int(e) for e in entropy]).generate_state(2, np.uint64)[0] >> 1)


class ResumableDataLoader(DataLoader):
    """A DataLoader over a ``WidthBucketBatchSampler`` whose position is checkpointed.

    Iteration starts lazily, at the first batch: on resume Lightning calls ``iter()`` before it
    sets the epoch, and worker processes would otherwise draw the wrong epoch's batches. Worker
    seeds come from the loader's own generator, reseeded from (seed, epoch) each epoch.
    """

    def __init__(self, dataset: Dataset, batch_sampler: WidthBucketBatchSampler, seed: int = 0, **kwargs: Any) -> None:
        super().__init__(dataset, batch_sampler=batch_sampler, generator=torch.Generator(), **kwargs)
        self.seed = seed

    def __iter__(self) -> Iterator[Any]:
        return self._batches()

    def _batches(self) -> Iterator[Any]:
        sampler = self.batch_sampler
        self.generator.manual_seed(derived_seed(self.seed, sampler.epoch))
        for batch in super().__iter__():
            # Counted when handed over: a checkpoint after this step resumes at the next batch.
            sampler.batches_done += 1
            yield batch

    def state_dict(self) -> dict[str, int]:
        return self.batch_sampler.state_dict()

    def load_state_dict(self, state: dict[str, int]) -> None:
        self.batch_sampler.load_state_dict(state)


def rng_state() -> dict[str, Any]:
    """The process's global random state, in types ``torch.load(weights_only=True)`` reads."""
    kind, keys, pos, has_gauss, gauss = np.random.get_state()
    state: dict[str, Any] = {
        "torch": torch.get_rng_state(),
        "numpy": [kind, torch.from_numpy(keys.astype(np.int64)), int(pos), int(has_gauss), float(gauss)],
        "python": random.getstate(),
    }
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def set_rng_state(state: dict[str, Any]) -> None:
    torch.set_rng_state(state["torch"])
    kind, keys, pos, has_gauss, gauss = state["numpy"]
    np.random.set_state((kind, keys.numpy().astype(np.uint32), pos, has_gauss, gauss))
    version, internal, gauss_next = state["python"]
    random.setstate((version, tuple(internal), gauss_next))
    if "cuda" in state and torch.cuda.is_available() and len(state["cuda"]) == torch.cuda.device_count():
        torch.cuda.set_rng_state_all(state["cuda"])


def can_seed_per_sample(transform: Any) -> bool:
    return callable(getattr(transform, "seed_sample", None)) or callable(getattr(transform, "set_random_seed", None))


class SampleSeededDataset(Dataset):
    """``dataset`` with its ``transform`` reseeded from (seed, index) before each line.

    ``transform`` is the object ``dataset`` applies; both travel to a worker in one pickle, so they
    stay the same object there. ``AugmentPipeline.seed_sample`` keeps its configured seed in the
    mix; any other albumentations ``Compose`` takes ``set_random_seed``.
    """

    def __init__(self, dataset: Dataset, transform: Any, seed: int) -> None:
        if not can_seed_per_sample(transform):
            raise TypeError(f"{type(transform).__name__} has neither seed_sample nor set_random_seed")
        self.dataset = dataset
        self.transform = transform
        self.seed = int(seed)

    def __len__(self) -> int:
        return len(self.dataset)

    def __getitem__(self, index: int) -> Any:
        if callable(getattr(self.transform, "seed_sample", None)):
            self.transform.seed_sample(self.seed, int(index))
        else:
            self.transform.set_random_seed(derived_seed(self.seed, int(index)) % 2**32)
        return self.dataset[index]
