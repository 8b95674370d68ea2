"""The handwritten sets of the ETL Character Database (AIST), read from the files as distributed:
ETL8B/ETL9B (binarized), ETL8G/ETL9G (16 gray levels, writer data) and ETL1/ETL6/ETL7 (M type,
JIS X 0201). ``etl_layouts`` holds each set's documented record layout; the set is told by the
file name (``ETL9G_01``, ``ETL8B2C1``, ``ETL7LC_1`` ...) or given as ``kind``.

    for s in iter_etl("/data/ETL9G"): s.image, s.text, s.writer, s.source   # streamed, any size
    write_etl_manifest(iter_etl("/data/ETL9G"), "/data/etl9g-chars")            # PNGs + manifest

Records whose code is no character (the B types' leading dummy, blank cells) are skipped and
counted per file, or raise with ``strict=True``. A file that is not a whole number of records
raises ``EtlFormatError`` naming the file and the truncated record. The database's terms of use
apply: the files stay where the user keeps them (registration at AIST); nothing is downloaded.

This reader follows AIST's published layouts and is tested on files built to them byte by byte
(tests/data/readers/test_etl*.py); the distributed files were not on the development machine.
Check a few PNGs after converting.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from hwocr.data.readers.etl_layouts import LAYOUTS, EtlLayout, jis_to_char, layout_for
from hwocr.data.readers.sample import LabelledImage, ReaderError, write_labelled_manifest

RECORD_BYTES = LAYOUTS["ETL9B"].record_bytes  # 576, kept for callers of the first reader
IMAGE_WIDTH, IMAGE_HEIGHT = 64, 63

__all__ = [
    "RECORD_BYTES",
    "EtlCharacters",
    "EtlFormatError",
    "iter_etl",
    "jis_to_char",
    "read_etl_binary",
    "read_etl_folder",
    "write_etl_manifest",
]


class EtlFormatError(ReaderError):
    """An ETL file does not have the documented layout; the message names the file and record."""


def _layout(path: Path, kind: str | None) -> EtlLayout:
    if kind is not None:
        if kind.upper() not in LAYOUTS:
            raise EtlFormatError(f"{path}: unknown ETL kind {kind!r}; known: {sorted(LAYOUTS)}")
        return LAYOUTS[kind.upper()]
    layout = layout_for(path.name)
    if layout is None:
        raise EtlFormatError(f"{path}: cannot tell the ETL set from the file name; pass kind= ({sorted(LAYOUTS)})")
    return layout


def _records(path: Path, layout: EtlLayout) -> np.ndarray:
    if not path.is_file():
        raise EtlFormatError(f"{path}: file not found")
    size = path.stat().st_size
    whole, rest = divmod(size, layout.record_bytes)
    if size == 0:
        raise EtlFormatError(f"{path}: empty file, expected {layout.record_bytes}-byte {layout.name} records")
    if rest:
        raise EtlFormatError(
            f"{path}: record {whole} is truncated ({rest} of {layout.record_bytes} bytes): {size} bytes is not a "
            f"whole number of {layout.record_bytes}-byte {layout.name} records"
        )
    return np.memmap(path, dtype=np.uint8, mode="r").reshape(whole, layout.record_bytes)


@dataclass
class EtlFileStats:
    """Records read and skipped per file, filled while ``iter_etl`` runs."""

    read: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)


def iter_etl_file(
    path: str | Path, kind: str | None = None, strict: bool = False, stats: EtlFileStats | None = None
) -> Iterator[LabelledImage]:
    """Every character of one ETL file, one record at a time (memory-mapped: G types are large)."""
    path = Path(path)
    layout = _layout(path, kind)
    records = _records(path, layout)
    read = skipped = 0
    for index, record in enumerate(records):
        char = layout.decode(record)
        if char is None or not char.strip():
            if strict and not (index == 0 and layout.dummy_first):
                code = bytes(record[6:7] if layout.record_bytes == 2052 else record[2:4]).hex()
                raise EtlFormatError(f"{path}: record {index}: code 0x{code} is no {layout.name} character")
            skipped += 1
            continue
        read += 1
        yield LabelledImage(layout.image(record), char, layout.writer(record), f"{path.name}:{index}")
    if stats is not None:
        stats.read[path.name] = read
        if skipped:
            stats.skipped[path.name] = skipped


def etl_files(folder: str | Path, pattern: str = "ETL*") -> list[Path]:
    """The record files in ``folder`` matching ``pattern``, in name order (``*INFO``, ``*.txt`` skipped)."""
    folder = Path(folder)
    files = sorted(p for p in folder.glob(pattern) if p.is_file() and p.suffix == "" and layout_for(p.name))
    if not files:
        raise EtlFormatError(f"{folder}: no ETL record files matching {pattern!r}")
    return files


def iter_etl(
    path: str | Path, pattern: str = "ETL*", kind: str | None = None, strict: bool = False,
    stats: EtlFileStats | None = None,
) -> Iterator[LabelledImage]:
    """Every character of an ETL file, or of every ETL record file in a folder."""
    path = Path(path)
    files = [path] if path.is_file() else etl_files(path, pattern)
    for file in files:
        yield from iter_etl_file(file, kind, strict, stats)


@dataclass
class EtlCharacters:
    """Characters of one or more ETL files in memory: images (N, H, W) uint8 with dark ink on
    white paper, their characters, writers and where each came from (``ETL9B_1:17``)."""

    images: np.ndarray
    texts: list[str]
    sources: list[str]
    skipped: dict[str, int] = field(default_factory=dict)
    writers: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.texts)

    def __iter__(self) -> Iterator[tuple[np.ndarray, str]]:
        return iter(zip(self.images, self.texts, strict=True))

    def __getitem__(self, index: int) -> LabelledImage:
        writer = self.writers[index] if self.writers else None
        return LabelledImage(self.images[index], self.texts[index], writer, self.sources[index])


def _collect(samples: Iterable[LabelledImage], stats: EtlFileStats, where: Path) -> EtlCharacters:
    items = list(samples)
    if not items:
        raise EtlFormatError(f"{where}: no readable characters ({stats.skipped or 'no records'})")
    return EtlCharacters(
        np.stack([s.image for s in items]), [s.text for s in items], [s.source for s in items],
        dict(stats.skipped), [s.writer or "" for s in items],
    )


def read_etl_binary(path: str | Path, kind: str | None = None, strict: bool = False) -> EtlCharacters:
    """Read one ETL file (``ETL9B_1``, ``ETL9G_01``, ``ETL1C_07`` ...) into memory; for a whole
    G-type set prefer streaming with ``iter_etl``."""
    stats = EtlFileStats()
    return _collect(iter_etl_file(path, kind, strict, stats), stats, Path(path))


def read_etl_folder(folder: str | Path, pattern: str = "ETL*", kind: str | None = None) -> EtlCharacters:
    """Every ETL record file matching ``pattern`` in ``folder``, in name order, into memory."""
    stats = EtlFileStats()
    samples = (s for f in etl_files(folder, pattern) for s in iter_etl_file(f, kind, stats=stats))
    return _collect(samples, stats, Path(folder))


def write_etl_manifest(
    characters: EtlCharacters | Iterable[LabelledImage], out_dir: str | Path, border: int = 4, limit: int | None = None
) -> Path:
    """PNG files plus ``manifest.tsv`` (and ``writers.tsv``) in ``out_dir``; returns the manifest path."""
    if isinstance(characters, EtlCharacters):
        held = characters
        characters = (held[i] for i in range(len(held)))
    return write_labelled_manifest(characters, out_dir, border, limit)
