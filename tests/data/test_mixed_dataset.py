"""MixedLineDataset draws sources by weight, reproducibly, tags every line; SourceConcatDataset reads
each source's validation set whole; both through the real datamodule loaders and collator."""

from __future__ import annotations

import functools
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from hwocr.core.charset import Charset
from hwocr.core.manifest import write_manifest
from hwocr.data.datamodule import LineDataModule
from hwocr.data.manifest_dataset import ManifestLineDataset
from hwocr.data.mixed_dataset import MixedLineDataset, SourceConcatDataset
from hwocr.data.synthetic_dataset import SyntheticLineDataset
from hwocr.synth.render.kanjivg import KanjiVGRenderer
from hwocr.synth.text.charset_sampler import CharsetTextSampler

CHARSET = Charset(list("あいうえお一二三123"))
HEIGHT = 32


def strokes(name: str, size: int = 10, seed: int = 0) -> functools.partial:
    """A rendering source, as Hydra's ``_partial_`` would build it."""
    return functools.partial(
        SyntheticLineDataset, renderer=KanjiVGRenderer(height=HEIGHT), name=name, size=size, seed=seed,
        text_source=lambda chars: CharsetTextSampler(chars, min_len=2, max_len=5),
    )


@pytest.fixture
def manifest(tmp_path: Path) -> functools.partial:
    """A finite source: five real image files of different widths in a manifest."""
    (tmp_path / "img").mkdir()
    rows = []
    for i, text in enumerate(["あい", "うえお", "一二三", "12", "あ一"]):
        width = 40 + 20 * i
        arr = np.full((HEIGHT, width), 255, np.uint8)
        arr[10:20, 4 : width - 4] = 30
        Image.fromarray(arr).save(tmp_path / "img" / f"{i}.png")
        rows.append((f"img/{i}.png", text))
    return functools.partial(ManifestLineDataset, manifest=write_manifest(rows, tmp_path / "lines.tsv"))


def mix(weights: dict[str, float], size: int = 2000, seed: int = 0, **sources) -> MixedLineDataset:
    sources = sources or {"a": strokes("a"), "b": strokes("b")}
    return MixedLineDataset(CHARSET, HEIGHT, sources, weights, size=size, seed=seed)


def test_sources_are_drawn_in_proportion_to_their_weights(manifest):
    ds = mix({"a": 6, "b": 3, "real": 1}, real=manifest, a=strokes("a"), b=strokes("b"))
    counts = Counter(ds.locate(i)[0] for i in range(len(ds)))
    # Binomial standard deviation at n=2000 is <= 1.1 %; 3 % is about three of them.
    for name, share in {"a": 0.6, "b": 0.3, "real": 0.1}.items():
        assert counts[name] / 2000 == pytest.approx(share, abs=0.03), counts
    assert sum(counts.values()) == 2000


def test_a_zero_weight_leaves_a_source_out():
    ds = mix({"a": 1.0, "b": 0.0}, size=500)
    assert {ds.locate(i)[0] for i in range(500)} == {"a"}


def test_the_mix_is_reproducible_per_seed_and_changes_with_it():
    first, again, other = mix({"a": 1, "b": 1}, size=50), mix({"a": 1, "b": 1}, size=50), mix({"a": 1, "b": 1}, 50, 7)
    assert [first.locate(i) for i in range(50)] == [again.locate(i) for i in range(50)]
    assert [first.locate(i) for i in range(50)] != [other.locate(i) for i in range(50)]
    for i in (0, 17, 49):
        x, y = first[i], again[i]
        assert x["text"] == y["text"] and x["id"] == y["id"] and np.array_equal(x["image"], y["image"])


def test_every_line_is_tagged_and_comes_from_its_source_unchanged(manifest):
    ds = mix({"a": 1, "real": 1}, size=40, a=strokes("a"), real=manifest)
    for i in range(len(ds)):
        name, inner = ds.locate(i)
        sample, own = ds[i], ds.datasets[name][inner]
        assert sample["source"] == name
        assert sample["id"] == own["id"] and sample["text"] == own["text"]
        assert np.array_equal(sample["image"], own["image"])


def test_rendering_sources_give_fresh_lines_each_epoch_and_finite_ones_wrap(manifest):
    ds = mix({"a": 1, "real": 1}, size=40, a=strokes("a", size=10), real=manifest)
    inner = {name: [] for name in ("a", "real")}
    for i in range(3 * len(ds)):  # three epochs of the width-bucket sampler's epoch * size + i
        name, at = ds.locate(i)
        inner[name].append(at)
    assert len(set(inner["a"])) == len(inner["a"])  # never the same rendered line twice
    assert max(inner["a"]) >= 10  # past the source's own size: fresh lines
    assert set(inner["real"]) == set(range(5))  # the five manifest lines, round and round


def test_width_hint_is_the_sources_and_follows_the_image_width(manifest):
    ds = mix({"a": 1, "real": 1}, size=30, a=strokes("a"), real=manifest)
    hints, widths = [], []
    for i in range(len(ds)):
        name, inner = ds.locate(i)
        assert ds.width_hint(i) == ds.datasets[name].width_hint(inner)
        hints.append(ds.width_hint(i))
        widths.append(ds[i]["image"].shape[1])
        if name == "real":  # read from the image header: exact
            assert hints[-1] == widths[-1]
    assert np.corrcoef(hints, widths)[0, 1] > 0.8


@pytest.mark.parametrize("weights, message", [
    ({"a": 1, "b": 1, "fonts": 1}, "fonts"),
    ({"a": 1}, "'b'"),
    ({"a": 1, "b": -0.5}, "'b'"),
    ({"a": 0, "b": 0}, "all zero"),
])
def test_bad_weights_are_an_error_naming_the_key(weights, message):
    with pytest.raises(ValueError, match=message):
        mix(weights)


def test_validation_reads_every_source_whole_in_order(manifest):
    ds = SourceConcatDataset(CHARSET, HEIGHT, {"a": strokes("a-val", size=4, seed=9), "real": manifest})
    a = strokes("a-val", size=4, seed=9)(charset=CHARSET, height=HEIGHT)
    assert len(ds) == 4 + 5
    assert [ds[i]["source"] for i in range(9)] == ["a"] * 4 + ["real"] * 5
    assert [ds[i]["id"] for i in range(4)] == [a[i]["id"] for i in range(4)]
    assert [ds[i]["text"] for i in range(4, 9)] == ["あい", "うえお", "一二三", "12", "あ一"]
    assert [ds.width_hint(i) for i in range(4, 9)] == [40, 60, 80, 100, 120]
    # A manifest has no unseen lines: none to read back past the end.
    assert not ds.renders_fresh_lines
    with pytest.raises(IndexError):
        ds[9]


def test_validation_of_rendering_sources_reads_fresh_lines_past_the_end():
    ds = SourceConcatDataset(CHARSET, HEIGHT, {"a": strokes("a", size=2), "b": strokes("b", size=3)})
    assert ds.renders_fresh_lines
    assert [ds[len(ds) + k]["id"] for k in range(4)] == ["a[2]", "b[3]", "a[3]", "b[4]"]


def test_batches_of_the_datamodule_carry_each_lines_source(manifest):
    dm = LineDataModule(
        CHARSET,
        train=functools.partial(MixedLineDataset, sources={"a": strokes("a"), "real": manifest},
                                weights={"a": 1, "real": 1}, size=12, seed=3),
        val=functools.partial(SourceConcatDataset, sources={"a": strokes("a-val", size=3), "real": manifest}),
        height=HEIGHT, batch_size=4,
    )
    dm.setup("fit")
    train = [b for b in dm.train_dataloader()]
    assert sum(len(b["sources"]) for b in train) == 12
    assert {s for b in train for s in b["sources"]} == {"a", "real"}
    val = [s for b in dm.val_dataloader() for s in b["sources"]]
    assert Counter(val) == {"a": 3, "real": 5}
