import numpy as np

from hwocr.core.charset import Charset
from hwocr.data.synthetic_dataset import SyntheticLineDataset
from hwocr.synth.render.kanjivg import KanjiVGRenderer
from hwocr.synth.text.charset_sampler import CharsetTextSampler


def make(seed: int = 0) -> SyntheticLineDataset:
    return SyntheticLineDataset(
        Charset(list("あいうえお一二三123")), KanjiVGRenderer(height=32),
        lambda chars: CharsetTextSampler(chars, min_len=2, max_len=5), size=10, seed=seed, height=32,
    )


def test_same_seed_same_pixels_and_labels():
    a, b = make(0)[3], make(0)[3]
    assert a["text"] == b["text"] and np.array_equal(a["image"], b["image"])
    assert a["image"].shape[0] == 32 and a["image"].dtype == np.uint8
    assert Charset(list("あいうえお一二三123")).decode(a["labels"]) == a["text"]


def test_indices_past_the_epoch_give_new_lines():
    ds = make(0)
    assert ds[3]["text"] != ds[13]["text"] or not np.array_equal(ds[3]["image"], ds[13]["image"])
    assert not np.array_equal(make(0)[3]["image"], make(1)[3]["image"])


def test_width_hint_follows_text_length():
    ds = make(0)
    assert ds.width_hint(2) == round(0.65 * len(ds[2]["text"]) * 32)
