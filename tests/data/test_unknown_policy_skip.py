"""``unknown_policy=skip`` on rendered and stored lines: skipped texts are counted and replaced,
so every index still gives a sample and collate never sees ``labels=None``."""

from __future__ import annotations

import numpy as np

from hwocr.core.charset import Charset
from hwocr.data.bad_samples import bad_sample_metrics
from hwocr.data.collate import PadCollate
from hwocr.data.store_dataset import SynthStoreDataset
from hwocr.data.synthetic_dataset import SyntheticLineDataset
from hwocr.synth.store.build import LineFactory, build_store

TEXTS = ["あい", "あ漢", "いあ", "漢字"]  # half of them hold characters outside the charset


class BlockRenderer:
    """One dark block per character: enough pixels to tell lines apart."""

    def supports(self, char: str) -> bool:
        return True

    def render(self, text: str, rng: np.random.Generator) -> np.ndarray:
        image = np.full((32, 24 * len(text)), 255, np.uint8)
        for i in range(len(text)):
            image[8:24, 24 * i + 4 : 24 * i + 20] = int(rng.integers(0, 100))
        return image


class FixedTexts:
    """A text source that ignores the drawable characters it is given: as a mis-configured one would."""

    def __init__(self, chars=None) -> None:
        pass

    def sample(self, rng: np.random.Generator) -> str:
        return TEXTS[int(rng.integers(len(TEXTS)))]


def test_synthetic_lines_outside_the_charset_are_redrawn_and_counted():
    charset = Charset(list("あい"), unknown_policy="skip")
    dataset = SyntheticLineDataset(charset, BlockRenderer(), FixedTexts, size=16, seed=1, height=32, name="synth")
    samples = [dataset[i] for i in range(16)]
    assert all(s["labels"] and set(s["text"]) <= {"あ", "い"} for s in samples)
    batch = PadCollate()(samples)  # was: TypeError on labels=None
    assert batch["targets"].numel() == sum(len(s["text"]) for s in samples)
    skipped = dataset.bad_samples.counts()["unknown_chars"]
    assert skipped > 0
    assert bad_sample_metrics({"train": dataset}) == {"data/train/skipped": skipped,
                                                      "data/train/skipped_unknown_chars": skipped}


def test_stored_lines_outside_the_charset_are_replaced_by_the_next_good_one(tmp_path):
    factory = LineFactory(BlockRenderer(), FixedTexts(), seed=0)
    build_store(tmp_path, factory, 12, shard_size=6, progress=False)
    charset = Charset(list("あい"), unknown_policy="skip")
    dataset = SynthStoreDataset(charset, tmp_path, height=32, name="store")
    texts = [dataset.store.text(i) for i in range(12)]
    samples = [dataset[i] for i in range(12)]
    assert all(s["labels"] == charset.encode(s["text"]) for s in samples)
    bad = [i for i, t in enumerate(texts) if "漢" in t]
    assert bad and dataset.bad_samples.counts()["unknown_chars"] >= len(bad)
    first_bad = bad[0]
    assert samples[first_bad]["text"] == next(t for t in texts[first_bad:] + texts if "漢" not in t)
    PadCollate()(samples)
