"""Batches of similar width: less padding, faster CPU training, cleaner CTC; one shard per DDP rank."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sized

import numpy as np
import torch.distributed as dist
from torch.utils.data import Sampler

log = logging.getLogger(__name__)


def distributed_world() -> tuple[int, int]:
    """(rank, world size) of the initialised default process group; (0, 1) without one."""
    if dist.is_available() and dist.is_initialized():
        return dist.get_rank(), dist.get_world_size()
    return 0, 1


class WidthBucketBatchSampler(Sampler[list[int]]):
    """Shuffle, cut into pools of ``pool_batches`` batches, sort each pool by width, shuffle batches.

    With ``fresh_epochs`` the indices of epoch ``e`` are ``e * len(dataset) + i``: datasets that
    render on the fly (``SyntheticLineDataset``) then give new lines every epoch. Lightning calls
    ``set_epoch`` before each epoch on ``batch_sampler.sampler``, never on a batch sampler itself:
    ``self.sampler`` (an ``EpochShard``) passes it on.

    Resume: ``state_dict()`` records the epoch and ``batches_done``, the batches the consumer has
    taken this epoch (advanced by ``hwocr.data.resume.ResumableDataLoader``: DataLoader workers
    draw batches ahead of training, so the sampler cannot count them itself). After
    ``load_state_dict`` the next iteration of the saved epoch skips the batches already trained;
    an iteration of any other epoch (the checkpoint closed its epoch) starts at its beginning.

    Under DDP every rank draws the same permutation (same ``seed`` and epoch) and takes every
    ``num_replicas``-th line of it, starting at its ``rank``, then buckets its own share by width.
    The shards of one epoch are disjoint; each holds ``len(dataset) // num_replicas`` lines, so
    every rank yields the same number of batches and no rank waits forever in a gradient
    all-reduce. The up to ``num_replicas - 1`` lines left over are a different few each shuffled
    epoch. ``num_replicas`` and ``rank`` default to the initialised process group (read when the
    sampler is iterated, so a sampler built before ``init_process_group`` still shards); pass
    ``num_replicas=1, rank=0`` for a loader every rank reads whole (validation).

    A dataset without ``width_hint`` is batched in shuffled order without width sorting.
    """

    def __init__(
        self,
        dataset: Sized,
        batch_size: int,
        shuffle: bool = True,
        drop_last: bool = False,
        pool_batches: int = 32,
        seed: int = 0,
        fresh_epochs: bool = False,
        num_replicas: int | None = None,
        rank: int | None = None,
    ) -> None:
        if batch_size < 1 or pool_batches < 1:
            raise ValueError(f"batch_size and pool_batches must be >= 1, got {batch_size} and {pool_batches}")
        self.dataset = dataset
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.drop_last = drop_last
        self.pool_batches = pool_batches
        self.seed = seed
        self.fresh_epochs = fresh_epochs
        self.num_replicas = num_replicas
        self.rank = rank
        self.epoch = 0
        self.batches_done = 0
        self._resume_at: tuple[int, int] | None = None  # (epoch, batches already trained in it)
        self.sampler = EpochShard(self)
        self._world()  # bad explicit arguments fail here, not at the first epoch

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch

    def state_dict(self) -> dict[str, int]:
        """Where training is in the data stream: checkpointed by the training loader."""
        _, world = self._world()
        return {"epoch": self.epoch, "batches_done": self.batches_done, "seed": self.seed,
                "batch_size": self.batch_size, "lines": len(self.dataset), "num_replicas": world}

    def load_state_dict(self, state: dict[str, int]) -> None:
        """Continue at a checkpoint's position; a stream cut differently restarts its epoch, with a warning."""
        missing = {"epoch", "batches_done"} - set(state)
        if missing:
            raise ValueError(f"sampler state in the checkpoint lacks {sorted(missing)}: got {sorted(state)}")
        self.epoch = int(state["epoch"])
        now = self.state_dict()
        changed = [f"{k} {state[k]} -> {now[k]}" for k in ("seed", "batch_size", "lines", "num_replicas")
                   if k in state and int(state[k]) != now[k]]
        if changed:
            # The saved batch count would point into other batches: no position to continue from.
            log.warning("resume: the training data changed since the checkpoint (%s); epoch %d restarts "
                        "at its first batch", ", ".join(changed), self.epoch)
            self._resume_at = None
            return
        self._resume_at = (self.epoch, int(state["batches_done"]))

    def _world(self) -> tuple[int, int]:
        rank, world = distributed_world()
        rank = rank if self.rank is None else self.rank
        world = world if self.num_replicas is None else self.num_replicas
        if world < 1 or not 0 <= rank < world:
            raise ValueError(f"rank must lie in [0, num_replicas), got rank {rank} of {world}")
        if world > 1 and len(self.dataset) < world:
            raise ValueError(f"dataset has {len(self.dataset)} lines, fewer than the {world} ranks to share them")
        return rank, world

    def __len__(self) -> int:
        _, world = self._world()
        lines = len(self.dataset) // world
        # Pools hold whole batches, so only the shard's last pool can end in a partial batch.
        return lines // self.batch_size if self.drop_last else -(-lines // self.batch_size)

    def shard(self) -> np.ndarray:
        """This rank's dataset indices for the current epoch, in drawing order."""
        rank, world = self._world()
        n = len(self.dataset)
        rng = np.random.default_rng([self.seed, self.epoch])
        order = rng.permutation(n) if self.shuffle else np.arange(n)
        if self.fresh_epochs:
            order = order + self.epoch * n
        return order[rank : (n // world) * world : world]

    def __iter__(self) -> Iterator[list[int]]:
        batches = self._batches()
        skip, self._resume_at = self._resume_at, None
        skip = min(skip[1], len(batches)) if skip is not None and skip[0] == self.epoch else 0
        self.batches_done = skip
        yield from batches[skip:]

    def _batches(self) -> list[list[int]]:
        rank, _ = self._world()
        mine = self.shard()
        # Batch order is shuffled per rank; which lines a rank holds is fixed by ``shard`` alone.
        rng = np.random.default_rng([self.seed, self.epoch, rank])
        width_hint = getattr(self.dataset, "width_hint", None)
        pool = self.batch_size * self.pool_batches
        batches: list[list[int]] = []
        for start in range(0, len(mine), pool):
            chunk = mine[start : start + pool]
            if width_hint is not None:
                widths = np.array([width_hint(int(i)) for i in chunk])
                chunk = chunk[np.argsort(widths, kind="stable")]
            for b in range(0, len(chunk), self.batch_size):
                batch = [int(i) for i in chunk[b : b + self.batch_size]]
                if len(batch) == self.batch_size or not self.drop_last:
                    batches.append(batch)
        if self.shuffle:
            rng.shuffle(batches)
        return batches


class EpochShard(Sampler[int]):
    """A ``WidthBucketBatchSampler``'s lines for the current epoch, in drawing order; ``set_epoch``
    sets the batch sampler's epoch (Lightning looks for it on ``batch_sampler.sampler``)."""

    def __init__(self, owner: WidthBucketBatchSampler) -> None:
        self.owner = owner

    def set_epoch(self, epoch: int) -> None:
        self.owner.set_epoch(epoch)

    def __len__(self) -> int:
        return len(self.owner.dataset) // self.owner._world()[1]

    def __iter__(self) -> Iterator[int]:
        return (int(i) for i in self.owner.shard())
