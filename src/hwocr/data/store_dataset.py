"""A torch Dataset over a ``ShardStore``, yielding the same ``LineSample`` records as the live renderer."""

from __future__ import annotations

from pathlib import Path

from torch.utils.data import Dataset

from hwocr.core.charset import Charset
from hwocr.core.image import resize_to_height, scaled_width
from hwocr.data.sample import ImageTransform, LineSample, apply_transform
from hwocr.synth.store.shards import ShardStore


class SynthStoreDataset(Dataset):
    """Lines from a store built by ``hwocr-synth build``; ``width_hint`` needs no decoding."""

    def __init__(
        self,
        charset: Charset,
        root: str | Path,
        height: int = 64,
        transform: ImageTransform | None = None,
        name: str = "synth-store",
    ) -> None:
        self.charset = charset
        self.store = ShardStore(root)
        self.height = height
        self.transform = transform
        self.name = name

    def __len__(self) -> int:
        return len(self.store)

    def width_hint(self, index: int) -> int:
        h, w = self.store.size(index)
        return scaled_width(w, h, self.height)

    def __getitem__(self, index: int) -> LineSample:
        line = self.store[index]
        where = f"{self.name}[{index}]"
        image = (
            line.image
            if line.image.shape[0] == self.height
            else resize_to_height(line.image, self.height, where=where)
        )
        image = apply_transform(self.transform, image)
        labels = self.charset.encode(line.text, where=where)
        return LineSample(image=image, text=line.text, labels=labels, id=where, vertical=line.vertical)
