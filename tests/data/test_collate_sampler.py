import numpy as np
import torch

from hwocr.data.collate import PadCollate
from hwocr.data.sample import LineSample
from hwocr.data.sampler import WidthBucketBatchSampler


def sample(width: int, labels: list[int]) -> LineSample:
    return LineSample(image=np.zeros((8, width), np.uint8), text="x" * len(labels), labels=labels, id=str(width),
                      vertical=False)


def test_pad_collate_keeps_true_widths_and_pads_white():
    batch = PadCollate(min_width=4)([sample(5, [1, 2]), sample(9, [3])])
    assert batch["images"].shape == (2, 1, 8, 9)
    assert batch["widths"].tolist() == [5, 9]
    assert batch["targets"].tolist() == [1, 2, 3]
    assert batch["target_lengths"].tolist() == [2, 1]
    assert torch.all(batch["images"][0, 0, :, 5:] == 255) and torch.all(batch["images"][0, 0, :, :5] == 0)


def test_pad_collate_min_width():
    assert PadCollate(min_width=32)([sample(5, [1])])["images"].shape[-1] == 32


class Widths:
    def __init__(self, widths):
        self.widths = widths

    def __len__(self):
        return len(self.widths)

    def width_hint(self, i):
        return self.widths[i % len(self.widths)]


def test_bucket_sampler_covers_everything_once_and_groups_widths():
    rng = np.random.default_rng(0)
    ds = Widths(list(rng.integers(10, 1000, 200)))
    sampler = WidthBucketBatchSampler(ds, batch_size=8, pool_batches=25)
    batches = list(sampler)
    assert sorted(i for b in batches for i in b) == list(range(200))
    assert len(batches) == len(sampler) == 25
    spread = np.mean([np.ptp([ds.width_hint(i) for i in b]) for b in batches])
    assert spread < 150  # random batches would spread ~800 px


def test_bucket_sampler_fresh_epochs_shift_indices_deterministically():
    ds = Widths([10] * 16)
    sampler = WidthBucketBatchSampler(ds, batch_size=4, fresh_epochs=True, seed=3)
    first = list(sampler)
    sampler.set_epoch(1)
    second = list(sampler)
    assert sorted(i for b in second for i in b) == list(range(16, 32))
    sampler.set_epoch(0)
    assert list(sampler) == first
