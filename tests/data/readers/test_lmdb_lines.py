"""LMDB line sets in the deep-text-recognition-benchmark / PARSeq layout, written here key by key."""

from __future__ import annotations

import io
import pickle
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

lmdb = pytest.importorskip("lmdb")

from hwocr.data.readers.lmdb_lines import LmdbLines, write_lmdb_lines  # noqa: E402
from hwocr.data.readers.sample import ReaderError  # noqa: E402


def png(width: int) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(np.full((32, width), 200, np.uint8)).save(buf, format="PNG")
    return buf.getvalue()


def test_samples_read_in_order_and_survive_pickling(tmp_path: Path):
    root = write_lmdb_lines(tmp_path / "train", [(png(40), "山田太郎"), (png(80), "令和5年")])
    source = LmdbLines(root)
    assert len(source) == 2 and [s.text for s in source] == ["山田太郎", "令和5年"]
    assert source[1].image.shape == (32, 80) and source[1].source == "train:2"
    clone = pickle.loads(pickle.dumps(source))  # DataLoader workers get a copy without the env
    assert clone[0].text == "山田太郎"


def test_corrupt_and_incomplete_databases_name_the_record(tmp_path: Path):
    root = write_lmdb_lines(tmp_path / "bad", [(png(40), "a"), (b"\x89PNG broken", "b")])
    with lmdb.open(str(root), map_size=1 << 26) as env, env.begin(write=True) as txn:
        txn.put(b"num-samples", b"3")
    source = LmdbLines(root)
    with pytest.raises(ReaderError, match=r"bad: record 2: cannot decode image"):
        source[1]
    with pytest.raises(ReaderError, match=r"bad: record 3: no 'image-000000003' key"):
        source[2]
    empty = tmp_path / "empty"
    with lmdb.open(str(empty), map_size=1 << 20):
        pass
    with pytest.raises(ReaderError, match="no 'num-samples' key"):
        LmdbLines(empty)
