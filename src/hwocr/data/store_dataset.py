"""A torch Dataset over a ``ShardStore``, yielding the same ``LineSample`` records as the live renderer."""

from __future__ import annotations

from pathlib import Path

from torch.utils.data import Dataset

from hwocr.core.charset import Charset
from hwocr.core.image import resize_to_height, scaled_width
from hwocr.data.bad_samples import BadSampleLog
from hwocr.data.sample import ImageTransform, LineSample, apply_transform
from hwocr.synth.store.shards import ShardStore


class SynthStoreDataset(Dataset):
    """Lines from a store built by ``hwocr-synth build``; ``width_hint`` needs no decoding.

    Under ``unknown_policy=skip`` a line whose text falls outside the charset is counted in
    ``bad_samples`` and the next encodable line of the store is given in its place.
    """

    def __init__(
        self,
        charset: Charset,
        root: str | Path,
        height: int = 64,
        transform: ImageTransform | None = None,
        name: str = "synth-store",
    ) -> None:
        self.charset = charset
        self.root = Path(root)
        self.store = ShardStore(root)
        self.height = height
        self.transform = transform
        self.name = name
        self.bad_samples = BadSampleLog(name)

    def __len__(self) -> int:
        return len(self.store)

    def width_hint(self, index: int) -> int:
        h, w = self.store.size(index)
        return scaled_width(w, h, self.height)

    def _encodable(self, index: int) -> tuple[int, list[int]]:
        """The first line from ``index`` on (wrapping) whose text the charset encodes, and its labels."""
        n = len(self.store)
        for step in range(n):
            at = (index + step) % n
            where = f"{self.name}[{at}]"
            labels = self.charset.encode(self.store.text(at), where=where)
            if labels is not None:
                return at, labels
            self.bad_samples.record("unknown_chars", where, f"text {self.store.text(at)!r} has characters outside the charset")
        raise ValueError(f"{self.root}: no line of the store fits charset {self.charset.name!r}")

    def __getitem__(self, index: int) -> LineSample:
        index, labels = self._encodable(index % len(self.store))
        line = self.store[index]
        where = f"{self.name}[{index}]"
        image = (
            line.image
            if line.image.shape[0] == self.height
            else resize_to_height(line.image, self.height, where=where)
        )
        image = apply_transform(self.transform, image)
        return LineSample(image=image, text=line.text, labels=labels, id=where, vertical=line.vertical)
