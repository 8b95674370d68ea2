"""Composing isolated characters into lines: one writer per line, jitter, vertical lines, the
manifest it writes and the live dataset."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hwocr.core.charset import Charset
from hwocr.core.manifest import read_manifest
from hwocr.data.compose import CharacterComposer, write_composed
from hwocr.data.composed_dataset import ComposedLineDataset
from hwocr.data.readers.sample import LabelledImage, ListSource, read_writer_map

CHARS = "あいうえおかきくけこ"


def glyph(k: int, writer: int) -> np.ndarray:
    """A 64 x 64 cell whose ink encodes the character (a bar's row) and the writer (darkness)."""
    cell = np.full((64, 64), 255, np.uint8)
    cell[10:54, 30:36] = 10 * writer
    cell[8 + 4 * k : 12 + 4 * k, 12:52] = 10 * writer
    return cell


@pytest.fixture
def source() -> ListSource:
    samples = [LabelledImage(glyph(k, w), c, f"w{w}", f"s{k}-{w}") for w in range(3) for k, c in enumerate(CHARS)]
    samples.append(LabelledImage(glyph(0, 9), "さ", "w9", "lonely"))  # a character one writer alone has
    return ListSource(samples)


def test_lines_hold_the_text_by_one_writer(source: ListSource):
    composer = CharacterComposer(source, height=48, vertical_prob=0.0, text_weights={"charset": 1.0})
    assert composer.chars == sorted(CHARS + "さ") and composer.writers == ["w0", "w1", "w2", "w9"]
    for seed in range(5):
        line = composer.compose(np.random.default_rng(seed), text="あいう")
        assert line.image.shape[0] == 48 and line.image.dtype == np.uint8 and not line.vertical
        assert line.writer in ("w0", "w1", "w2")  # さ's lone writer wrote none of あいう
        # Every character by that one writer: the darkest ink is the writer's (resampling only lightens).
        assert line.image.min() == 10 * int(line.writer[1:])
        assert line.image.shape[1] > 2 * 48 * 0.6  # three characters side by side
    same = [composer.compose(np.random.default_rng(7)) for _ in range(2)]
    assert same[0].text == same[1].text and np.array_equal(same[0].image, same[1].image)


def test_vertical_lines_are_turned_to_read_left_to_right(source: ListSource):
    composer = CharacterComposer(source, height=40, vertical_prob=1.0, text_weights={"charset": 1.0})
    line = composer.compose(np.random.default_rng(1), text="あいうえ")
    assert line.vertical and line.image.shape[0] == 40 and line.image.shape[1] > 100


def test_text_sources_are_restricted_to_the_source_and_charset(source: ListSource):
    composer = CharacterComposer(source, text_weights={"words": 1.0, "charset": 1.0}, chars=list("あいうかき"))
    texts = [composer.compose(np.random.default_rng(i)).text for i in range(20)]
    assert all(set(t) <= set("あいうかき") for t in texts) and len(set(texts)) > 10


def test_written_manifest_and_live_dataset(source: ListSource, tmp_path: Path):
    composer = CharacterComposer(source, height=32, vertical_prob=0.5, text_weights={"charset": 1.0})
    path = write_composed(composer, tmp_path / "out", lines=6, seed=3)
    entries = read_manifest(path)
    assert len(entries) == 6 and all(set(e.text) <= set(CHARS + "さ") for e in entries)
    assert len(read_writer_map(path)) == 6
    data = ComposedLineDataset(Charset(list(CHARS)), source, size=4, height=32, text_weights={"charset": 1.0})
    sample = data[2]
    assert sample["image"].shape[0] == 32 and data.charset.decode(sample["labels"]) == sample["text"]
    assert np.array_equal(data[2]["image"], sample["image"]) and "さ" not in data.composer.chars


def test_composed_data_config_instantiates(tmp_path: Path):
    from hydra.utils import instantiate
    from omegaconf import OmegaConf
    from PIL import Image

    from hwocr.utils.files import CONFIG_DIR

    for k in range(1, 4):
        folder = tmp_path / "Japanese_(katakana)" / f"character{k:02d}"
        folder.mkdir(parents=True)
        img = np.ones((105, 105), bool)
        img[20:80, 30 + 10 * k : 40 + 10 * k] = False
        Image.fromarray(img).save(folder / f"0{k}00_01.png")
    data = OmegaConf.load(CONFIG_DIR / "data" / "composed.yaml")
    root = OmegaConf.create({"seed": 0, "data": data})
    root.data.train.source.path = str(tmp_path)
    root.data.train.size = 3
    train = instantiate(root.data.train)(charset=Charset(list("アイウエ")), height=32)
    val = instantiate(root.data.val)(charset=Charset(list("アイウエ")), height=32)
    assert len(train) == 3 and len(val) == 500 and set(train[0]["text"]) <= set("アイウ")
