import numpy as np
import torch

from hwocr.data.collate import PadCollate
from hwocr.data.sample import LineSample


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
