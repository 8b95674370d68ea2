"""The record every dataset yields and the collator consumes."""

from __future__ import annotations

from collections.abc import Callable
from typing import NotRequired, TypedDict

import numpy as np

# An albumentations-style transform: called as transform(image=array), returns {"image": array}.
ImageTransform = Callable[..., dict]


class LineSample(TypedDict):
    image: np.ndarray  # uint8 (H, W), white paper, at the model height
    text: str
    labels: list[int]
    id: str
    vertical: bool  # the line was written top to bottom (tategaki); rotated images keep this flag
    # Which source of a mix the line came from (hwocr.data.mixed_dataset); validation reports
    # metrics per source. Absent for lines of a single dataset.
    source: NotRequired[str]


def apply_transform(transform: ImageTransform | None, image: np.ndarray) -> np.ndarray:
    if transform is None:
        return image
    out = transform(image=image)["image"]
    return np.ascontiguousarray(out, dtype=np.uint8)
