"""Synthetic handwriting lines rendered on the fly, deterministic per (seed, index)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import numpy as np
from torch.utils.data import Dataset

from hwocr.core.charset import Charset
from hwocr.core.image import resize_to_height
from hwocr.data.bad_samples import BadSampleLog
from hwocr.data.sample import ImageTransform, LineSample, apply_transform


class LineRenderer(Protocol):
    def supports(self, char: str) -> bool: ...
    def render(self, text: str, rng: np.random.Generator) -> np.ndarray: ...


class TextSource(Protocol):
    def sample(self, rng: np.random.Generator) -> str: ...


class SyntheticLineDataset(Dataset):
    """``size`` lines per epoch; index ``i`` always renders the same text and pixels.

    Indices past ``size`` are valid and give fresh lines: ``WidthBucketBatchSampler`` uses
    ``epoch * size + i`` so every epoch sees new data while staying reproducible.
    ``text_source`` is a factory taking ``chars`` (the charset characters the renderer can
    draw), so text always stays inside both. A text the charset still refuses under
    ``unknown_policy=skip`` (normalisation can map a drawable character outside it) is counted in
    ``bad_samples`` and another text is drawn from the same generator, so every index still
    yields a sample.
    """

    # Indices past ``size`` render new, unseen lines (hwocr.pipeline.deliver reads some back).
    renders_fresh_lines = True
    # Draws per index before giving up: a text source that never fits the charset is a config error.
    MAX_TEXT_DRAWS = 20

    def __init__(
        self,
        charset: Charset,
        renderer: LineRenderer,
        text_source: Callable[..., TextSource],
        size: int = 10000,
        seed: int = 0,
        height: int = 64,
        transform: ImageTransform | None = None,
        name: str = "synthetic",
    ) -> None:
        self.charset = charset
        self.renderer = renderer
        self.drawable = [c for c in charset.chars if renderer.supports(c)]
        if not self.drawable:
            raise ValueError(f"renderer {type(renderer).__name__} can draw no character of charset {charset.name!r}")
        self.text_source = text_source(chars=self.drawable)
        self.size = size
        self.seed = seed
        self.height = height
        self.transform = transform
        self.name = name
        self.bad_samples = BadSampleLog(name)

    def __len__(self) -> int:
        return self.size

    def _rng(self, index: int) -> np.random.Generator:
        return np.random.default_rng([self.seed, index])

    def text(self, index: int) -> str:
        return self.text_source.sample(self._rng(index))

    def width_hint(self, index: int) -> int:
        # Measured on the KanjiVG renderers: kana, digits and punctuation are narrower than
        # kanji, so a character averages about 0.65 line heights.
        return round(0.65 * len(self.text(index)) * self.height)

    def _text_and_labels(self, index: int, rng: np.random.Generator) -> tuple[str, list[int]]:
        where = f"{self.name}[{index}]"
        for _ in range(self.MAX_TEXT_DRAWS):
            text = self.text_source.sample(rng)
            labels = self.charset.encode(text, where=where)
            if labels is not None:
                return text, labels
            self.bad_samples.record("unknown_chars", where, f"text {text!r} has characters outside the charset")
        raise ValueError(
            f"{where}: {self.MAX_TEXT_DRAWS} texts in a row fell outside charset {self.charset.name!r}; "
            "the text source and the charset do not fit together"
        )

    def __getitem__(self, index: int) -> LineSample:
        rng = self._rng(index)
        # Encoding draws nothing from rng: a text that fits renders exactly as before.
        text, labels = self._text_and_labels(index, rng)
        image = self.renderer.render(text, rng)
        image = resize_to_height(image, self.height, where=f"{self.name}[{index}]")
        image = apply_transform(self.transform, image)
        vertical = bool(getattr(self.renderer, "last_vertical", False))
        return LineSample(image=image, text=text, labels=labels, id=f"{self.name}[{index}]", vertical=vertical)
