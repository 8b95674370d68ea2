"""A sharded on-disk store of rendered lines, fast to read back.

Format (chosen for read speed without extra dependencies): each shard is a pair
``shard-00012.bin`` (the lines' raw uint8 pixels, each zlib-compressed, concatenated) and
``shard-00012.json`` (per line: offset, byte count, height, width, vertical flag, text; plus the
shard's character counts). Reading a line is one slice of a memory map and one ``zlib.decompress``
(no image codec), which runs at tens of thousands of lines per second per core; zlib level 1 keeps
the files about as small as PNG. The ``.json`` is written last, atomically: a shard exists only
once its index does, so an interrupted build never leaves a half shard that looks complete.
"""

from __future__ import annotations

import json
import mmap
import os
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hwocr.synth.render.rendered_line import RenderedLine

MANIFEST = "manifest.json"


def shard_stem(shard: int) -> str:
    return f"shard-{shard:05d}"


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def write_shard(root: Path, shard: int, lines: Iterable[RenderedLine], first_index: int) -> dict:
    """Write one shard; returns its index record (also saved as the shard's .json)."""
    root.mkdir(parents=True, exist_ok=True)
    blobs, entries, counts = [], [], Counter()
    offset = 0
    for line in lines:
        image = np.ascontiguousarray(line.image, dtype=np.uint8)
        blob = zlib.compress(image.tobytes(), 1)
        entries.append([offset, len(blob), image.shape[0], image.shape[1], int(line.vertical), line.text])
        blobs.append(blob)
        offset += len(blob)
        counts.update(line.text)
    stem = shard_stem(shard)
    _atomic_write(root / f"{stem}.bin", b"".join(blobs))
    record = {"shard": shard, "first_index": first_index, "lines": entries, "char_counts": dict(counts)}
    _atomic_write(root / f"{stem}.json", json.dumps(record, ensure_ascii=False).encode("utf-8"))
    return record


def finished_shards(root: Path) -> set[int]:
    """Shards whose index was written, i.e. complete ones."""
    return {int(p.stem.split("-")[1]) for p in root.glob("shard-*.json")}


@dataclass(frozen=True)
class StoredLine:
    image: np.ndarray
    text: str
    vertical: bool


class ShardStore:
    """Random access to every line of a store written by ``build_store``; torch-free."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        manifest_path = self.root / MANIFEST
        if not manifest_path.is_file():
            raise FileNotFoundError(f"{manifest_path}: no manifest; is the build finished?")
        self.manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        shards = [s["shard"] for s in self.manifest["shards"]]
        self._entries: list[list] = []
        self._shard_of: list[int] = []
        for shard in shards:
            record = json.loads((self.root / f"{shard_stem(shard)}.json").read_text(encoding="utf-8"))
            self._entries.extend(record["lines"])
            self._shard_of.extend([shard] * len(record["lines"]))
        self._maps: dict[int, mmap.mmap] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def text(self, index: int) -> str:
        return self._entries[index][5]

    def size(self, index: int) -> tuple[int, int]:
        """(height, width) without decoding."""
        entry = self._entries[index]
        return entry[2], entry[3]

    def _map(self, shard: int) -> mmap.mmap:
        # Opened lazily per process, so DataLoader workers each get their own map after fork.
        if shard not in self._maps:
            with open(self.root / f"{shard_stem(shard)}.bin", "rb") as f:
                self._maps[shard] = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        return self._maps[shard]

    def __getitem__(self, index: int) -> StoredLine:
        offset, nbytes, height, width, vertical, text = self._entries[index]
        data = self._map(self._shard_of[index])[offset : offset + nbytes]
        image = np.frombuffer(zlib.decompress(data), dtype=np.uint8).reshape(height, width)
        return StoredLine(image, text, bool(vertical))

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state["_maps"] = {}  # memory maps do not pickle; reopen in the child
        return state
