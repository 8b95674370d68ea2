"""What every reader yields (``LabelledImage``), the error every reader raises (``ReaderError``,
naming the file and the record), and the one writer of character / line sets as PNG files plus
``manifest.tsv`` (and ``writers.tsv`` where the source knows who wrote what).

Readers give images as hwocr expects them: uint8 grayscale, white paper, dark ink. Sources
published white-on-black (KMNIST, Kuzushiji, ETL G/M types) are inverted by their reader.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from hwocr.core.manifest import MANIFEST_NAME, write_image_manifest

WRITERS_NAME = "writers.tsv"
# Sidecar files a character set may carry beside its manifest, mapping image paths to writers
# (``drawers.tsv`` is how the Omniglot katakana set in ../shared names it).
WRITER_FILES = (WRITERS_NAME, "drawers.tsv")


class ReaderError(ValueError):
    """A dataset file is missing or not in its documented format; the message names the file and,
    where there is one, the record (``ETL9G_01: record 17: ...``)."""


@dataclass(frozen=True)
class LabelledImage:
    """One labelled image: ``image`` uint8 (H, W), dark ink on white paper; ``writer`` is the
    writer / drawer / sheet id where the format records one; ``source`` says where it came from
    (``ETL9G_01:17``, ``train.jsonl:3``)."""

    image: np.ndarray
    text: str
    writer: str | None
    source: str


class SampleSource(Protocol):
    """Random access to labelled images: what live datasets and the composer read from."""

    def __len__(self) -> int: ...
    def __getitem__(self, index: int) -> LabelledImage: ...


def ink_on_paper(image: np.ndarray) -> np.ndarray:
    """Dark ink on white paper: inverted when the image's border is mostly dark (published
    white-on-black), untouched otherwise. The border decides because a character's ink rarely
    touches all four edges while its background always does."""
    if image.ndim != 2 or min(image.shape) < 3:
        return image
    border = np.concatenate([image[0], image[-1], image[1:-1, 0], image[1:-1, -1]])
    return (255 - image).astype(np.uint8) if float(np.median(border)) < 128 else image


def gray_levels_to_paper(levels: np.ndarray, max_level: int) -> np.ndarray:
    """Scanner intensities ``0..max_level`` (bright = ink, as ETL stores them) -> uint8 paper 255,
    ink dark."""
    return (255 - np.rint(levels.astype(np.float32) * (255.0 / max_level))).astype(np.uint8)


def write_labelled_manifest(
    samples: Iterable[LabelledImage], out_dir: str | Path, border: int = 4, limit: int | None = None
) -> Path:
    """PNG files + ``manifest.tsv`` in ``out_dir`` (a white border added), plus ``writers.tsv``
    (``path<TAB>writer``) when any sample has a writer. Returns the manifest path."""
    out = Path(out_dir)
    writers: list[tuple[str, str]] = []

    def entries() -> Iterator[tuple[str, np.ndarray, str]]:
        for i, sample in enumerate(samples):
            if limit is not None and i >= limit:
                return
            stem = f"{i:07d}"
            if sample.writer is not None:
                writers.append((f"images/{stem}.png", sample.writer))
            image = np.pad(sample.image, border, constant_values=255) if border else sample.image
            yield stem, image, sample.text

    path = write_image_manifest(out, entries())
    if writers:
        rows = ["path\twriter"] + [f"{p}\t{w}" for p, w in writers]
        (out / WRITERS_NAME).write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def read_writer_map(manifest: str | Path) -> dict[str, str]:
    """``{relative image path: writer}`` from the ``writers.tsv`` / ``drawers.tsv`` beside a
    manifest (first line a header), or ``{}`` when there is none."""
    root = Path(manifest).parent
    for name in WRITER_FILES:
        path = root / name
        if path.is_file():
            out = {}
            for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines()[1:], start=2):
                rel, sep, writer = line.partition("\t")
                if not sep:
                    raise ReaderError(f"{path}:{lineno}: expected 'path<TAB>writer'")
                out[rel] = writer
            return out
    return {}


class ListSource:
    """A ``SampleSource`` over samples already in memory."""

    def __init__(self, samples: Sequence[LabelledImage]) -> None:
        self.samples = list(samples)

    def __len__(self) -> int:
        return len(self.samples)

    def __getitem__(self, index: int) -> LabelledImage:
        return self.samples[index]


__all__ = [
    "MANIFEST_NAME",
    "LabelledImage",
    "ListSource",
    "ReaderError",
    "SampleSource",
    "gray_levels_to_paper",
    "ink_on_paper",
    "read_writer_map",
    "write_labelled_manifest",
]
