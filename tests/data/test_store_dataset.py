import numpy as np

from hwocr.core.charset import Charset
from hwocr.data.store_dataset import SynthStoreDataset
from hwocr.synth.render.kanjivg import KanjiVGRenderer
from hwocr.synth.store.build import LineFactory, build_store
from hwocr.synth.text.charset_sampler import CharsetTextSampler


def test_dataset_yields_line_samples(tmp_path) -> None:
    charset = Charset.from_file("quickstart")
    chars = [c for c in charset.chars if c.strip()][:30]
    factory = LineFactory(KanjiVGRenderer(height=32), CharsetTextSampler(chars, 2, 5), seed=0)
    build_store(tmp_path, factory, 8, shard_size=4, progress=False)
    dataset = SynthStoreDataset(charset, tmp_path, height=32)
    assert len(dataset) == 8
    sample = dataset[5]
    assert sample["text"] == factory.line(5).text
    assert sample["image"].shape[0] == 32 and sample["vertical"] is False
    assert dataset.width_hint(5) == sample["image"].shape[1]
    assert sample["labels"] == charset.encode(sample["text"]) and sample["labels"]
    # The stored pixels are the rendered line's (at the store's height, 32: no resize).
    assert np.array_equal(sample["image"], factory.line(5).image) and sample["image"].min() < 128
