"""LightningDataModule over any datasets that yield ``LineSample`` records."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

import pytorch_lightning as pl
import torch
from torch.utils.data import DataLoader, Dataset

from hwocr.core.charset import Charset
from hwocr.core.normalize import InputNormalization
from hwocr.data.collate import PadCollate
from hwocr.data.resume import (
    ResumableDataLoader,
    SampleSeededDataset,
    can_seed_per_sample,
    rng_state,
    set_rng_state,
)
from hwocr.data.sampler import WidthBucketBatchSampler
from hwocr.data.workers import init_worker, single_threaded_opencv

DatasetFactory = Callable[..., Dataset]

log = logging.getLogger(__name__)


class LineDataModule(pl.LightningDataModule):
    """Builds train/val/test datasets from factories that take ``charset`` (Hydra ``_partial_``).

    Batches are bucketed by width; the training stream renders fresh synthetic lines each epoch
    when its dataset supports it.
    """

    def __init__(
        self,
        charset: Charset,
        train: DatasetFactory | None = None,
        val: DatasetFactory | None = None,
        test: DatasetFactory | None = None,
        height: int = 64,
        batch_size: int = 32,
        eval_batch_size: int | None = None,
        num_workers: int = 0,
        fresh_epochs: bool = True,
        seed: int = 0,
        min_width: int = 32,
        train_transform: Callable | None = None,
        normalize: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__()
        self.charset = charset
        self.factories = {"train": train, "val": val, "test": test}
        self.height = height
        self.batch_size = batch_size
        self.eval_batch_size = eval_batch_size or batch_size
        self.num_workers = num_workers
        if num_workers:
            single_threaded_opencv()  # before any worker is forked: see hwocr.data.workers
        self.fresh_epochs = fresh_epochs
        self.seed = seed
        # hwocr.core.normalize settings (polarity, ink re-margining) for every split; None: off.
        self.normalization = InputNormalization(**normalize) if normalize else None
        self.collate = PadCollate(min_width=min_width, normalization=self.normalization)
        self.train_transform = train_transform
        self.datasets: dict[str, Dataset] = {}

    def dataset(self, split: str) -> Dataset:
        if split not in self.datasets:
            factory = self.factories.get(split)
            if factory is None:
                raise ValueError(f"data config has no '{split}' dataset")
            kwargs = {"charset": self.charset, "height": self.height}
            if split == "train" and self.train_transform is not None:
                kwargs["transform"] = self.train_transform
            self.datasets[split] = factory(**kwargs)
        return self.datasets[split]

    def setup(self, stage: str | None = None) -> None:
        if stage in (None, "fit"):
            self.dataset("train")
        if stage in (None, "fit", "validate") and self.factories["val"] is not None:
            self.dataset("val")
        if stage in (None, "test") and self.factories["test"] is not None:
            self.dataset("test")
        stats = self.charset.stats
        if stats.skipped or stats.replaced_chars:
            # What the out-of-charset policy did to the labels read so far (manifests are encoded
            # up front, so this covers them whole).
            log.warning("charset %r (%s): %s", self.charset.name, self.charset.unknown_policy, stats.summary())

    def loader(self, split: str, shuffle: bool) -> DataLoader:
        ds = self.dataset(split)
        batch_size = self.batch_size if shuffle else self.eval_batch_size
        # Under DDP the training sampler takes this rank's shard from the process group; evaluation
        # loaders are read whole by every rank, so each computes the exact corpus CER.
        whole = {} if shuffle else {"num_replicas": 1, "rank": 0}
        # hwocr's line datasets (those with width_hint) take indices past their length (fresh epochs).
        fresh = shuffle and self.fresh_epochs and hasattr(ds, "width_hint")
        sampler = WidthBucketBatchSampler(ds, batch_size, shuffle=shuffle, seed=self.seed, fresh_epochs=fresh, **whole)
        common = {"num_workers": self.num_workers, "collate_fn": self.collate, "persistent_workers": False,
                  "worker_init_fn": init_worker if self.num_workers else None}
        if not shuffle:
            # Own generator: reading validation never moves the global random stream (dropout's).
            return DataLoader(ds, batch_sampler=sampler, generator=torch.Generator().manual_seed(self.seed), **common)
        if split == "train" and self.train_transform is not None and can_seed_per_sample(self.train_transform):
            # Each line's augmentation from (seed, index): resumable mid-epoch, the same with any worker count.
            ds = SampleSeededDataset(ds, self.train_transform, self.seed)
        return ResumableDataLoader(ds, sampler, seed=self.seed, **common)

    def state_dict(self) -> dict:
        # Lightning checkpoints no random state; the global stream feeds dropout, so a resumed run
        # needs it back to match an uninterrupted one (hwocr.data.resume).
        return {"rng": rng_state()}

    def load_state_dict(self, state_dict: dict) -> None:
        if "rng" in state_dict:
            set_rng_state(state_dict["rng"])

    def train_dataloader(self) -> DataLoader:
        return self.loader("train", shuffle=True)

    def val_dataloader(self) -> DataLoader:
        return self.loader("val", shuffle=False)

    def test_dataloader(self) -> DataLoader:
        return self.loader("test" if self.factories["test"] is not None else "val", shuffle=False)
