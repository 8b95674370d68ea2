"""Lines composed live from real isolated characters (``hwocr.data.compose``), deterministic per
(seed, index), yielding the same ``LineSample`` records as ``SyntheticLineDataset``.

    hwocr-train data=composed data.train.source.path=/data/ETL9G charset=joyo
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from torch.utils.data import Dataset

from hwocr.core.charset import Charset
from hwocr.core.image import resize_to_height
from hwocr.data.compose import CharacterComposer
from hwocr.data.readers.sample import SampleSource
from hwocr.data.sample import ImageTransform, LineSample, apply_transform


class ComposedLineDataset(Dataset):
    """``size`` composed lines per epoch; index ``i`` always gives the same text and pixels, and
    indices past ``size`` give fresh lines (the width-bucket sampler's ``epoch * size + i``).
    Text is limited to characters both the source and ``charset`` hold."""

    def __init__(
        self,
        charset: Charset,
        source: SampleSource,
        size: int = 10000,
        seed: int = 0,
        height: int = 64,
        transform: ImageTransform | None = None,
        name: str = "composed",
        vertical_prob: float = 0.2,
        text_weights: Mapping[str, float] | None = None,
        min_len: int = 2,
        max_len: int = 12,
    ) -> None:
        self.charset = charset
        self.composer = CharacterComposer(
            source, height=height, vertical_prob=vertical_prob, text_weights=text_weights,
            min_len=min_len, max_len=max_len, chars=[c for c in charset.chars if len(c) == 1],
        )
        self.size, self.seed, self.height, self.transform, self.name = size, seed, height, transform, name

    def __len__(self) -> int:
        return self.size

    def _rng(self, index: int) -> np.random.Generator:
        return np.random.default_rng([self.seed, index])

    def width_hint(self, index: int) -> int:
        # Composed cells are 0.8 line heights plus gaps averaging 0.17 of a cell: ~0.95 per character.
        return round(0.95 * len(self.composer._sample_text(self._rng(index))) * self.height)

    def __getitem__(self, index: int) -> LineSample:
        where = f"{self.name}[{index}]"
        line = self.composer.compose(self._rng(index))
        image = apply_transform(self.transform, resize_to_height(line.image, self.height, where=where))
        labels = self.charset.encode(line.text, where=where)
        return LineSample(image=image, text=self.charset.normalize_text(line.text), labels=labels, id=where,
                          vertical=line.vertical)
