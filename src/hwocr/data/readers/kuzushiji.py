"""Kuzushiji-49 and Kuzushiji-Kanji (CODH, CC BY-SA 4.0), read as published. KMNIST is ``kmnist.py``.

- **Kuzushiji-49**: ``k49-{train,test}-imgs.npz`` (key ``arr_0``, uint8 (N, 28, 28), white on
  black) and ``k49-{train,test}-labels.npz`` ((N,) class indices 0-48), with ``k49_classmap.csv``
  (``index,codepoint,char``) beside them. Without the class map the published order is used
  (``K49_CLASSES``: 48 hiragana and ゝ).
- **Kuzushiji-Kanji**: one folder per character named by its code point (``U+4E00/``) holding
  64 x 64 PNGs.

Images come out inverted to dark ink on white paper. Neither set records writers.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from hwocr.core.image import load_grayscale
from hwocr.data.readers.sample import LabelledImage, ReaderError, ink_on_paper

K49_CLASSES = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわゐゑをんゝ"


def _load_array(path: Path) -> np.ndarray:
    if not path.is_file():
        raise ReaderError(f"{path}: file not found")
    try:
        with np.load(path, allow_pickle=False) as archive:
            if "arr_0" not in archive.files:
                raise ReaderError(f"{path}: no 'arr_0' array (has {sorted(archive.files)})")
            return archive["arr_0"]
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as err:
        if isinstance(err, ReaderError):
            raise
        raise ReaderError(f"{path}: not a readable .npz archive ({err})") from err


def read_k49_classmap(path: str | Path) -> str:
    """The characters of ``k49_classmap.csv`` in class order; errors name the file and line."""
    path = Path(path)
    chars: dict[int, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for lineno, row in enumerate(csv.DictReader(handle), start=2):
            try:
                index, code = int(row["index"]), row["codepoint"]
                chars[index] = chr(int(code.removeprefix("U+"), 16))
            except (KeyError, TypeError, ValueError) as err:
                raise ReaderError(f"{path}:{lineno}: expected 'index,codepoint,char' ({err})") from err
    if sorted(chars) != list(range(len(chars))):
        raise ReaderError(f"{path}: class indices are not 0..{len(chars) - 1}")
    return "".join(chars[i] for i in range(len(chars)))


class Kuzushiji49:
    """One split of Kuzushiji-49 (``train`` or ``test``): random access to labelled images."""

    def __init__(self, folder: str | Path, split: str = "test", border: int = 0) -> None:
        if split not in ("train", "test"):
            raise ValueError(f"split must be 'train' or 'test', got {split!r}")
        folder = Path(folder)
        images_path, labels_path = folder / f"k49-{split}-imgs.npz", folder / f"k49-{split}-labels.npz"
        classmap = folder / "k49_classmap.csv"
        self.classes = read_k49_classmap(classmap) if classmap.is_file() else K49_CLASSES
        self.images, labels = _load_array(images_path), _load_array(labels_path)
        if self.images.dtype != np.uint8 or self.images.ndim != 3 or self.images.shape[1:] != (28, 28):
            raise ReaderError(f"{images_path}: expected uint8 (N, 28, 28), got {self.images.dtype} {self.images.shape}")
        if labels.ndim != 1 or len(labels) != len(self.images):
            raise ReaderError(f"{labels_path}: expected ({len(self.images)},) labels, got shape {labels.shape}")
        bad = np.flatnonzero((labels < 0) | (labels >= len(self.classes)))
        if len(bad):
            raise ReaderError(
                f"{labels_path}: record {int(bad[0])}: label {int(labels[bad[0]])} is outside 0-{len(self.classes) - 1}"
            )
        self.labels = labels.astype(np.int64)
        self.name = f"k49-{split}"
        self.border = border

    def __len__(self) -> int:
        return len(self.labels)

    def __getitem__(self, index: int) -> LabelledImage:
        image = 255 - self.images[index]
        if self.border:
            image = np.pad(image, self.border, constant_values=255)
        return LabelledImage(image, self.classes[int(self.labels[index])], None, f"{self.name}:{index}")

    def __iter__(self) -> Iterator[LabelledImage]:
        return (self[i] for i in range(len(self)))


class KuzushijiKanji:
    """Kuzushiji-Kanji: ``<root>/U+XXXX/*.png``; images load lazily, in folder and file name order."""

    def __init__(self, root: str | Path) -> None:
        root = Path(root)
        if not root.is_dir():
            raise ReaderError(f"{root}: folder not found")
        self.root = root
        self.files: list[tuple[Path, str]] = []
        for folder in sorted(p for p in root.iterdir() if p.is_dir()):
            try:
                char = chr(int(folder.name.upper().removeprefix("U+"), 16))
            except ValueError:
                raise ReaderError(f"{folder}: folder name is not a code point like U+4E00") from None
            self.files += [(f, char) for f in sorted(folder.glob("*.png"))]
        if not self.files:
            raise ReaderError(f"{root}: no U+XXXX/*.png files")

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> LabelledImage:
        path, char = self.files[index]
        try:
            image = load_grayscale(path)
        except (OSError, ValueError) as err:
            raise ReaderError(f"{path}: record {index}: {err}") from err
        return LabelledImage(ink_on_paper(image), char, None, str(path.relative_to(self.root)))

    def __iter__(self) -> Iterator[LabelledImage]:
        return (self[i] for i in range(len(self)))
