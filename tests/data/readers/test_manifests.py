"""TSV and JSONL manifests as sample sources, with writers beside them."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from hwocr.data.readers.manifests import ManifestSource, read_jsonl_manifest
from hwocr.data.readers.sample import ReaderError


@pytest.fixture
def lines(tmp_path: Path) -> Path:
    (tmp_path / "img").mkdir()
    for name in ("a", "b"):
        Image.fromarray(np.full((20, 60), 255, np.uint8)).save(tmp_path / "img" / f"{name}.png")
    return tmp_path


def test_jsonl_rows_with_writers(lines: Path):
    path = lines / "train.jsonl"
    rows = [{"image": "img/a.png", "text": "東京都", "writer": 7}, {"image": "img/b.png", "text": "あい"}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n\n", encoding="utf-8")
    source = ManifestSource(path)
    assert [(s.text, s.writer) for s in source] == [("東京都", "7"), ("あい", None)]
    assert source[1].source.endswith("train.jsonl:2") and source[0].image.shape == (20, 60)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"image": "img/a.png", "text": "a"}\n{"image": "img/a.png", "tex', r"train.jsonl:2: not JSON"),
        ('{"image": "img/a.png"}\n', r"train.jsonl:1: 'text' missing"),
        ('{"image": "img/zz.png", "text": "a"}\n', r"train.jsonl:1: image img/zz.png not found"),
        ('["img/a.png", "a"]\n', r"train.jsonl:1: expected"),
    ],
)
def test_bad_jsonl_lines_are_named(lines: Path, content: str, message: str):
    path = lines / "train.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReaderError, match=message):
        read_jsonl_manifest(path)


def test_tsv_with_writers_file(lines: Path):
    (lines / "manifest.tsv").write_text("img/a.png\tア\nimg/b.png\tイ\n", encoding="utf-8")
    (lines / "writers.tsv").write_text("path\twriter\nimg/b.png\tw2\n", encoding="utf-8")
    source = ManifestSource(lines / "manifest.tsv")
    assert [s.writer for s in source.rows] == [None, "w2"]
    (lines / "img" / "a.png").write_bytes(b"garbage")
    with pytest.raises(ReaderError, match=r"manifest.tsv:1: .*cannot decode"):
        source[0]
