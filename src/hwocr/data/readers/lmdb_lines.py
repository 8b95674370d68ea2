"""Line images in an LMDB database laid out as deep-text-recognition-benchmark and PARSeq (strhub)
write them: key ``num-samples`` holds the count as ASCII digits, and for i = 1..count
``image-%09d`` holds the encoded image (PNG/JPEG bytes) and ``label-%09d`` its UTF-8 text.
Needs the ``lmdb`` package (``pip install hwocr[real]``); opened read-only, without locking, so
several DataLoader workers can share it (each reopens it after fork).

    source = LmdbLines("/data/lmdb/train")      # the folder holding data.mdb
    len(source), source[0].image, source[0].text
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, UnidentifiedImageError

from hwocr.data.readers.sample import LabelledImage, ReaderError

# One environment per database and process: LMDB refuses to open a database twice in a process,
# and an environment must not cross a fork (DataLoader workers open their own).
_ENVS: dict[tuple[int, str], Any] = {}


def _open(root: Path) -> Any:
    key = (os.getpid(), str(root.resolve()))
    if key in _ENVS:
        return _ENVS[key]
    try:
        import lmdb
    except ImportError as err:
        raise ImportError("reading LMDB line sets needs the lmdb package: pip install 'hwocr[real]'") from err
    try:
        env = lmdb.open(str(root), readonly=True, lock=False, readahead=False, meminit=False, max_readers=64)
    except lmdb.Error as err:
        raise ReaderError(f"{root}: not a readable LMDB database ({err})") from err
    _ENVS[key] = env
    return env


class LmdbLines:
    """Random access to an LMDB line set; record ``index`` (0-based) is the set's sample index + 1."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        if not self.root.exists():
            raise ReaderError(f"{self.root}: LMDB folder not found")
        self._env = None
        with self.env.begin() as txn:
            raw = txn.get(b"num-samples")
        if raw is None:
            raise ReaderError(f"{self.root}: no 'num-samples' key (not a deep-text-recognition-benchmark LMDB)")
        try:
            self.count = int(raw.decode("ascii"))
        except (UnicodeDecodeError, ValueError):
            raise ReaderError(f"{self.root}: 'num-samples' is {raw[:20]!r}, not a number") from None

    @property
    def env(self) -> Any:
        if self._env is None:
            self._env = _open(self.root)
        return self._env

    def __getstate__(self) -> dict:
        # An LMDB environment must not cross a fork: workers reopen it lazily.
        return {**self.__dict__, "_env": None}

    def __len__(self) -> int:
        return self.count

    def record(self, index: int) -> tuple[bytes, str]:
        """The encoded image and the text of sample ``index``; errors name the database and record."""
        if not 0 <= index < self.count:
            raise IndexError(f"{self.root}: record {index + 1} is outside 1..{self.count}")
        key = index + 1
        with self.env.begin() as txn:
            image, label = txn.get(b"image-%09d" % key), txn.get(b"label-%09d" % key)
        if image is None or label is None:
            missing = "image" if image is None else "label"
            raise ReaderError(f"{self.root}: record {key}: no '{missing}-{key:09d}' key")
        try:
            return image, label.decode("utf-8")
        except UnicodeDecodeError:
            raise ReaderError(f"{self.root}: record {key}: label is not UTF-8") from None

    def __getitem__(self, index: int) -> LabelledImage:
        encoded, text = self.record(index)
        try:
            with Image.open(io.BytesIO(encoded)) as im:
                image = np.asarray(im.convert("L"), dtype=np.uint8)
        except (UnidentifiedImageError, OSError, ValueError) as err:
            raise ReaderError(f"{self.root}: record {index + 1}: cannot decode image ({err})") from err
        return LabelledImage(image, text, None, f"{self.root.name}:{index + 1}")

    def __iter__(self) -> Iterator[LabelledImage]:
        return (self[i] for i in range(len(self)))


def write_lmdb_lines(root: str | Path, samples: list[tuple[bytes, str]], map_size: int = 1 << 26) -> Path:
    """Write (encoded image, text) pairs in the same layout (tests, small conversions)."""
    import lmdb

    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    env = lmdb.open(str(root), map_size=map_size)
    with env.begin(write=True) as txn:
        for i, (image, text) in enumerate(samples, start=1):
            txn.put(b"image-%09d" % i, image)
            txn.put(b"label-%09d" % i, text.encode("utf-8"))
        txn.put(b"num-samples", str(len(samples)).encode("ascii"))
    env.close()
    return root
