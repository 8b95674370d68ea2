"""ETL8B / ETL9B (AIST ETL Character Database): binarized handwritten hiragana and kanji.

Both are files of 576-byte records, as AIST documents them:

==========  =====================================================
bytes       field
==========  =====================================================
1-2         serial sheet number (big-endian unsigned)
3-4         JIS X 0208 code of the character (big-endian, e.g. 0x3021 = 亜)
5-8         JIS typical reading (ASCII)
9-512       the image: 64 x 63 pixels, 1 bit each, row-major, 1 = ink
513-576     uncertain (not used)
==========  =====================================================

Each file starts with a dummy record; any record whose code is not a JIS X 0208 character is
skipped and counted, so a dummy anywhere is harmless. The database's terms of use apply: the
files stay where the user keeps them (registration at AIST), nothing is copied or downloaded.

This reader follows AIST's published layout; it has been run on files built to that layout, not
yet on the distributed files themselves (none are on the development machine). If it misreads
yours, ``read_etl_binary`` names the file and record.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

RECORD_BYTES = 576
IMAGE_WIDTH, IMAGE_HEIGHT = 64, 63
_IMAGE_START, _IMAGE_END = 8, 8 + IMAGE_WIDTH * IMAGE_HEIGHT // 8


class EtlFormatError(ValueError):
    """An ETL file does not have the documented layout; the message names the file."""


def jis_to_char(code: int) -> str | None:
    """The Unicode character of a JIS X 0208 code (row/cell bytes 0x21-0x7E), or None."""
    high, low = code >> 8, code & 0xFF
    if not (0x21 <= high <= 0x7E and 0x21 <= low <= 0x7E):
        return None
    try:
        return bytes([high | 0x80, low | 0x80]).decode("euc_jp")
    except UnicodeDecodeError:
        return None


@dataclass
class EtlCharacters:
    """The readable records of one or more ETL files: images (N, 63, 64) uint8 with dark ink on
    white paper, their characters, and where each came from ("ETL9B_1:17")."""

    images: np.ndarray
    texts: list[str]
    sources: list[str]
    skipped: dict[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.texts)

    def __iter__(self) -> Iterator[tuple[np.ndarray, str]]:
        return iter(zip(self.images, self.texts, strict=True))


def read_etl_binary(path: str | Path) -> EtlCharacters:
    """Read one ETL8B/ETL9B file (e.g. ``ETL9B/ETL9B_1``)."""
    path = Path(path)
    if not path.is_file():
        raise EtlFormatError(f"{path}: file not found")
    data = path.read_bytes()
    if not data or len(data) % RECORD_BYTES:
        raise EtlFormatError(
            f"{path}: {len(data)} bytes is not a whole number of {RECORD_BYTES}-byte ETL8B/ETL9B records"
        )
    records = np.frombuffer(data, dtype=np.uint8).reshape(-1, RECORD_BYTES)
    codes = records[:, 2].astype(np.int64) << 8 | records[:, 3]
    texts, keep = [], []
    for index, code in enumerate(codes):
        char = jis_to_char(int(code))
        if char is not None:
            texts.append(char)
            keep.append(index)
    skipped = len(records) - len(keep)
    bits = np.unpackbits(records[keep, _IMAGE_START:_IMAGE_END], axis=1)
    ink = bits.reshape(-1, IMAGE_HEIGHT, IMAGE_WIDTH).astype(bool)
    images = np.where(ink, np.uint8(0), np.uint8(255))
    return EtlCharacters(images, texts, [f"{path.name}:{i}" for i in keep], {path.name: skipped} if skipped else {})


def read_etl_folder(folder: str | Path, pattern: str = "ETL*B*") -> EtlCharacters:
    """Every file matching ``pattern`` in ``folder`` (``ETL8B2C1``, ``ETL9B_1`` ...), in name order;
    other files (``*.txt``, ``*.pdf``) are ignored."""
    folder = Path(folder)
    files = sorted(p for p in folder.glob(pattern) if p.is_file() and p.suffix == "")
    if not files:
        raise EtlFormatError(f"{folder}: no ETL8B/ETL9B record files matching {pattern!r}")
    parts = [read_etl_binary(f) for f in files]
    return EtlCharacters(
        np.concatenate([p.images for p in parts]),
        [t for p in parts for t in p.texts],
        [s for p in parts for s in p.sources],
        {k: v for p in parts for k, v in p.skipped.items()},
    )


def write_etl_manifest(characters: EtlCharacters, out_dir: str | Path, border: int = 4) -> Path:
    """PNG files plus ``manifest.tsv`` in ``out_dir`` (white border added); returns the manifest path."""
    from hwocr.core.manifest import write_image_manifest

    entries = (
        (f"{i:06d}", np.pad(image, border, constant_values=255) if border else image, text)
        for i, (image, text) in enumerate(characters)
    )
    return write_image_manifest(out_dir, entries)
