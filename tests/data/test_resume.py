"""hwocr.data.resume: the training loader's checkpointed position, the random state, per-line augmentation."""

from __future__ import annotations

import numpy as np
import torch
from torch.utils.data import Dataset

from hwocr.augment.pipeline import build_pipeline
from hwocr.data.resume import ResumableDataLoader, SampleSeededDataset, rng_state, set_rng_state
from hwocr.data.sample import apply_transform
from hwocr.data.sampler import WidthBucketBatchSampler

SLANT = {"_target_": "hwocr.augment.slant.Slant", "shear_range": [-0.3, 0.3], "p": 1.0}
NOISE = {"_target_": "albumentations.GaussNoise", "std_range": [0.05, 0.2], "p": 1.0}


class Lines(Dataset):
    """Index i: a line with a bar at i mod 16, through the transform; ``width_hint`` like hwocr's datasets."""

    def __init__(self, n: int = 24, transform=None) -> None:
        self.n, self.transform = n, transform

    def __len__(self) -> int:
        return self.n

    def width_hint(self, index: int) -> int:
        return 20 + index % 7

    def __getitem__(self, index: int) -> tuple[int, bytes]:
        image = np.full((16, 48), 255, np.uint8)
        image[4:12, index % 16 : index % 16 + 20] = 0
        return index, apply_transform(self.transform, image).tobytes()


def collate(items):
    return [index for index, _ in items], [pixels for _, pixels in items]


def loader(ds: Dataset, sampler_ds: Dataset, workers: int) -> ResumableDataLoader:
    sampler = WidthBucketBatchSampler(sampler_ds, batch_size=3, seed=4, fresh_epochs=True)
    return ResumableDataLoader(ds, sampler, seed=4, num_workers=workers, collate_fn=collate)


def test_loader_state_counts_batches_handed_over_not_those_workers_drew_ahead():
    ds = Lines()
    whole = list(loader(ds, ds, workers=0))
    first = loader(ds, ds, workers=2)
    it = iter(first)
    taken = [next(it) for _ in range(3)]  # workers have drawn further ahead by now
    state = first.state_dict()
    assert state["batches_done"] == 3 and taken == whole[:3]
    resumed = loader(ds, ds, workers=2)
    resumed.load_state_dict(state)
    assert list(resumed) == whole[3:]


def test_lines_are_augmented_by_index_alike_with_any_worker_count_and_after_a_resume():
    def epoch(workers: int, skip: int = 0) -> list:
        transform = build_pipeline([SLANT, NOISE])  # seed: null, as in conf/augment
        ds = Lines(transform=transform)
        dl = loader(SampleSeededDataset(ds, transform, seed=4), ds, workers)
        dl.batch_sampler.set_epoch(1)
        if skip:
            dl.load_state_dict({**dl.state_dict(), "batches_done": skip})
        return [pair for batch in dl for pair in zip(*batch, strict=True)]

    alone = epoch(workers=0)
    assert len({pixels for _, pixels in alone}) == len(alone)  # every line drew its own augmentation
    assert epoch(workers=2) == alone
    assert epoch(workers=2, skip=5) == alone[5 * 3 :]
    assert min(index for index, _ in alone) >= 24  # epoch 1's fresh lines


def test_rng_state_round_trips_through_a_weights_only_checkpoint(tmp_path):
    torch.manual_seed(0)
    np.random.seed(0)
    path = tmp_path / "rng.pt"
    torch.save(rng_state(), path)
    want = (torch.rand(3), np.random.rand(3))
    set_rng_state(torch.load(path, weights_only=True))
    got = (torch.rand(3), np.random.rand(3))
    assert torch.equal(want[0], got[0]) and np.array_equal(want[1], got[1])
