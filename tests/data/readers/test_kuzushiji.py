"""Kuzushiji-49 (.npz + k49_classmap.csv) and Kuzushiji-Kanji (U+XXXX folders), built here as published."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from hwocr.data.readers.kuzushiji import K49_CLASSES, Kuzushiji49, KuzushijiKanji
from hwocr.data.readers.sample import ReaderError


def write_k49(folder: Path, labels, classmap: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    images = np.zeros((len(labels), 28, 28), np.uint8)
    images[:, 10:18, 6:22] = 255  # white stroke on black, as published
    np.savez_compressed(folder / "k49-test-imgs.npz", images)
    np.savez_compressed(folder / "k49-test-labels.npz", np.array(labels, np.uint8))
    if classmap is not None:
        (folder / "k49_classmap.csv").write_text(classmap, encoding="utf-8")
    return folder


def test_k49_reads_classes_in_published_order_and_from_the_class_map(tmp_path: Path):
    assert len(K49_CLASSES) == 49 and K49_CLASSES[0] == "あ" and K49_CLASSES[-1] == "ゝ"
    k49 = Kuzushiji49(write_k49(tmp_path / "a", [0, 48, 2]))
    assert [s.text for s in k49] == ["あ", "ゝ", "う"]
    image = k49[0].image
    assert image[0, 0] == 255 and image[12, 12] == 0  # inverted: dark ink on white paper
    mapped = Kuzushiji49(write_k49(tmp_path / "b", [1, 0], "index,codepoint,char\n0,U+30A2,ア\n1,U+30A4,イ\n"))
    assert [s.text for s in mapped] == ["イ", "ア"] and mapped[1].source == "k49-test:1"


def test_k49_bad_files_name_file_and_record(tmp_path: Path):
    with pytest.raises(ReaderError, match=r"k49-test-labels.npz: record 1: label 60 is outside 0-48"):
        Kuzushiji49(write_k49(tmp_path / "a", [0, 60]))
    folder = write_k49(tmp_path / "b", [0])
    data = (folder / "k49-test-imgs.npz").read_bytes()
    (folder / "k49-test-imgs.npz").write_bytes(data[: len(data) // 2])  # truncated download
    with pytest.raises(ReaderError, match=r"k49-test-imgs.npz: not a readable .npz"):
        Kuzushiji49(folder)
    with pytest.raises(ReaderError, match=r"k49_classmap.csv:3: expected 'index,codepoint,char'"):
        Kuzushiji49(write_k49(tmp_path / "c", [0], "index,codepoint,char\n0,U+3042,あ\n1,zz,?\n"))


def test_kuzushiji_kanji_folders_by_code_point(tmp_path: Path):
    for code in ("U+4E00", "U+4E8C"):
        (tmp_path / code).mkdir()
        img = np.zeros((64, 64), np.uint8)
        img[30:34, 8:56] = 255
        Image.fromarray(img).save(tmp_path / code / "a.png")
    kanji = KuzushijiKanji(tmp_path)
    assert [s.text for s in kanji] == ["一", "二"]
    assert kanji[0].image[0, 0] == 255 and kanji[0].image[31, 30] == 0
    (tmp_path / "U+4E8C" / "b.png").write_bytes(b"\x89PNG\r\n\x1a\n broken")
    with pytest.raises(ReaderError, match=r"U\+4E8C/b.png: record 2: .*cannot decode"):
        KuzushijiKanji(tmp_path)[2]
    (tmp_path / "notes").mkdir()
    with pytest.raises(ReaderError, match="notes: folder name is not a code point"):
        KuzushijiKanji(tmp_path)
