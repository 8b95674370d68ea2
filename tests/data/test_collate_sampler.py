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


def test_pad_collate_normalizes_polarity_and_margins_in_every_batch():
    from hwocr.core.normalize import InputNormalization

    line = np.full((32, 100), 255, np.uint8)
    line[10:20, 30:70] = 0
    line[13:17, 33:67] = 255
    inverted = 255 - line
    margined = np.pad(line, ((0, 0), (0, 60)), constant_values=255)
    samples = [LineSample(image=img, text="あ", labels=[1], id=str(i), vertical=False)
               for i, img in enumerate([line, inverted, margined])]
    batch = PadCollate(normalization=InputNormalization())(samples)
    images = batch["images"][:, 0].numpy()
    assert batch["widths"].tolist()[0] == batch["widths"].tolist()[1] == batch["widths"].tolist()[2]
    assert np.array_equal(images[0], images[1]) and np.array_equal(images[0], images[2])
    assert PadCollate()(samples)["widths"].tolist() == [100, 100, 160]  # off: as given
