"""KMNIST (Kuzushiji-MNIST, CODH): 28 x 28 images of ten classical-style hiragana.

The published files are numpy archives: ``kmnist-{train,test}-imgs.npz`` (key ``arr_0``, uint8
(N, 28, 28), white strokes on black) and ``kmnist-{train,test}-labels.npz`` (key ``arr_0``,
(N,) class indices 0-9). Class i is the i-th character of ``KMNIST_CLASSES``. Licence CC BY-SA
4.0 (CODH, adapted from NIJL's Kuzushiji dataset): the files stay where the user keeps them.

For hwocr each character becomes a one-character "line": inverted to dark ink on white paper
and given a white border, as a scanned cell on a form would be.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hwocr.core.manifest import write_image_manifest

KMNIST_CLASSES = "おきすつなはまやれを"


class KmnistFormatError(ValueError):
    """A KMNIST file is missing or not in the published format; the message names the file."""


@dataclass(frozen=True)
class KmnistSplit:
    """One split: ``images`` uint8 (N, 28, 28) as published (white on black), ``labels`` (N,)."""

    images: np.ndarray
    labels: np.ndarray
    origin: str

    def __len__(self) -> int:
        return len(self.labels)

    def text(self, index: int) -> str:
        return KMNIST_CLASSES[int(self.labels[index])]

    def line_image(self, index: int, border: int = 4) -> np.ndarray:
        """Character ``index`` as dark ink on white paper (uint8, H x W) with a white border."""
        ink = 255 - self.images[index]
        return np.pad(ink, border, constant_values=255) if border else ink

    def __iter__(self) -> Iterator[tuple[np.ndarray, str]]:
        for i in range(len(self)):
            yield self.line_image(i), self.text(i)


def _load_array(path: Path) -> np.ndarray:
    if not path.is_file():
        raise KmnistFormatError(f"{path}: file not found")
    try:
        with np.load(path, allow_pickle=False) as archive:
            if "arr_0" not in archive.files:
                raise KmnistFormatError(f"{path}: no 'arr_0' array (has {sorted(archive.files)})")
            return archive["arr_0"]
    except (OSError, ValueError, zipfile.BadZipFile) as err:
        if isinstance(err, KmnistFormatError):
            raise
        raise KmnistFormatError(f"{path}: not a readable .npz archive ({err})") from err


def read_kmnist(folder: str | Path, split: str = "test") -> KmnistSplit:
    """Read ``kmnist-<split>-imgs.npz`` and ``kmnist-<split>-labels.npz`` from ``folder``."""
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    folder = Path(folder)
    images_path = folder / f"kmnist-{split}-imgs.npz"
    labels_path = folder / f"kmnist-{split}-labels.npz"
    images, labels = _load_array(images_path), _load_array(labels_path)
    if images.dtype != np.uint8 or images.ndim != 3 or images.shape[1:] != (28, 28):
        raise KmnistFormatError(f"{images_path}: expected uint8 (N, 28, 28), got {images.dtype} {images.shape}")
    if labels.ndim != 1 or len(labels) != len(images):
        raise KmnistFormatError(f"{labels_path}: expected ({len(images)},) labels, got shape {labels.shape}")
    bad = np.flatnonzero((labels < 0) | (labels >= len(KMNIST_CLASSES)))
    if len(bad):
        raise KmnistFormatError(
            f"{labels_path}: label {int(labels[bad[0]])} at index {int(bad[0])} is outside 0-{len(KMNIST_CLASSES) - 1}"
        )
    return KmnistSplit(images, labels.astype(np.int64), str(folder))


def write_kmnist_manifest(split: KmnistSplit, out_dir: str | Path, limit: int | None = None, border: int = 4) -> Path:
    """Write characters as PNG files plus ``manifest.tsv`` in ``out_dir``; returns the manifest path.

    Only the first ``limit`` images when given (the test split is ordered by nothing in
    particular; each class has 1,000 images in all).
    """
    count = len(split) if limit is None else min(limit, len(split))
    entries = ((f"{i:05d}", split.line_image(i, border), split.text(i)) for i in range(count))
    return write_image_manifest(out_dir, entries)
