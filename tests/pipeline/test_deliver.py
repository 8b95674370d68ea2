"""Fresh lines after training come from synthetic data only; other data skip the step cleanly."""

from __future__ import annotations

import numpy as np
from PIL import Image

from hwocr.core.charset import Charset
from hwocr.core.manifest import read_manifest, write_manifest
from hwocr.data.datamodule import LineDataModule
from hwocr.data.manifest_dataset import ManifestLineDataset
from hwocr.data.synthetic_dataset import SyntheticLineDataset
from hwocr.pipeline.deliver import write_prediction_lines
from hwocr.synth.render.kanjivg import KanjiVGRenderer
from hwocr.synth.text.charset_sampler import CharsetTextSampler

CHARSET = Charset(list("あいう"))


def _datamodule(val) -> LineDataModule:
    return LineDataModule(CHARSET, val=val, height=32)


def test_synthetic_validation_data_gives_unseen_lines(tmp_path):
    def val(charset, height, **_):
        return SyntheticLineDataset(charset, KanjiVGRenderer(height=32),
                                    lambda chars: CharsetTextSampler(chars, 2, 4), size=4, seed=3, height=height)

    dm = _datamodule(val)
    manifest = write_prediction_lines(dm, tmp_path / "predict", 3)
    texts = [e.text for e in read_manifest(manifest)]
    seen = [dm.dataset("val")[i]["text"] for i in range(4)]
    assert len(texts) == 3 and texts == [dm.dataset("val")[4 + k]["text"] for k in range(3)]
    assert texts != seen[:3]


def test_manifest_validation_data_is_not_wrapped_around(tmp_path):
    (tmp_path / "img").mkdir()
    for i in range(2):
        Image.fromarray(np.full((32, 64), 255, np.uint8)).save(tmp_path / "img" / f"{i}.png")
    val_manifest = write_manifest([("img/0.png", "あ"), ("img/1.png", "い")], tmp_path / "val.tsv")
    dm = _datamodule(lambda charset, height, **_: ManifestLineDataset(val_manifest, charset, height))
    assert write_prediction_lines(dm, tmp_path / "predict", 3) is None  # was: validation lines as "fresh" ones
    assert not (tmp_path / "predict").exists()
