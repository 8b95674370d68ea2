"""Pad a list of lines into one batch; keep true widths so CTC lengths stay exact."""

from __future__ import annotations

from typing import TypedDict

import numpy as np
import torch

from hwocr.core.image import PAD_VALUE, resize_to_height
from hwocr.core.normalize import InputNormalization, normalize_line
from hwocr.data.sample import LineSample


class LineBatch(TypedDict):
    """What the collator hands the systems: the one batch contract from data to model."""

    images: torch.Tensor  # float (B, 1, H, W) in pixel units, right-padded with white (PAD_VALUE)
    widths: torch.Tensor  # long (B,): each line's true width before padding
    targets: torch.Tensor  # long (sum L,): label indices of all lines, concatenated
    target_lengths: torch.Tensor  # long (B,)
    texts: list[str]  # reference texts, after charset normalisation
    ids: list[str]  # where each line came from (file:line, store index, ...)
    vertical: torch.Tensor  # bool (B,): written top to bottom (tategaki)
    sources: list[str]  # the mix source of each line (hwocr.data.mixed_dataset); "" where untagged


class PadCollate:
    """Right-pad images with white paper to the batch's widest (at least ``min_width``).

    Returns a ``LineBatch``.
    """

    def __init__(
        self, min_width: int = 32, width_multiple: int = 1, normalization: InputNormalization | None = None
    ) -> None:
        self.min_width = min_width
        self.width_multiple = width_multiple
        # Applied last, after augmentation, to every split alike — and by the runtime before it
        # resizes: so a model never sees a geometry in training that production would not give it.
        self.normalization = normalization

    def _normalized(self, samples: list[LineSample]) -> list[LineSample]:
        if self.normalization is None:
            return samples
        out = []
        for s in samples:
            height = s["image"].shape[0]
            image = resize_to_height(normalize_line(s["image"], self.normalization), height, min_width=1,
                                     where=s["id"])
            out.append(LineSample(**{**s, "image": image}))
        return out

    def __call__(self, samples: list[LineSample]) -> LineBatch:
        samples = self._normalized(samples)
        heights = {s["image"].shape[0] for s in samples}
        if len(heights) != 1:
            raise ValueError(f"lines in one batch have different heights {sorted(heights)}: resize them first")
        height = heights.pop()
        widest = max(self.min_width, max(s["image"].shape[1] for s in samples))
        widest = -(-widest // self.width_multiple) * self.width_multiple
        images = np.full((len(samples), 1, height, widest), PAD_VALUE, dtype=np.float32)
        for i, s in enumerate(samples):
            images[i, 0, :, : s["image"].shape[1]] = s["image"]
        labels = [s["labels"] for s in samples]
        return LineBatch(**{
            "images": torch.from_numpy(images),
            "widths": torch.tensor([s["image"].shape[1] for s in samples], dtype=torch.long),
            "targets": torch.tensor([i for lab in labels for i in lab], dtype=torch.long),
            "target_lengths": torch.tensor([len(lab) for lab in labels], dtype=torch.long),
            "texts": [s["text"] for s in samples],
            "ids": [s["id"] for s in samples],
            "vertical": torch.tensor([s["vertical"] for s in samples], dtype=torch.bool),
            "sources": [s.get("source", "") for s in samples],
        })
