"""Every kind of bad sample in a small manifest: named, counted, skipped (or failing before
training), and a DataLoader worker that meets a truncated file lives on."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from torch.utils.data import DataLoader

from hwocr.core.charset import Charset, CharsetError
from hwocr.core.manifest import write_manifest
from hwocr.data.bad_samples import BadSampleError, bad_sample_metrics
from hwocr.data.collate import PadCollate
from hwocr.data.manifest_dataset import ManifestLineDataset

CHARSET = Charset(list("あいう"), unknown_policy="skip")


def _line(path: Path, width: int = 80, height: int = 40) -> None:
    rng = np.random.default_rng(width)
    arr = np.full((height, width), 255, np.uint8)
    arr[height // 3 : 2 * height // 3, 5 : width - 5] = rng.integers(0, 120, (height // 3 + (height % 3 > 1), width - 10))
    Image.fromarray(arr).save(path, **({"quality": 95} if path.suffix == ".jpg" else {}))


def make_lines(tmp_path: Path, texts: list[str]) -> Path:
    (tmp_path / "img").mkdir(exist_ok=True)
    for i in range(len(texts)):
        _line(tmp_path / "img" / f"{i}.png")
    return write_manifest([(f"img/{i}.png", t) for i, t in enumerate(texts)], tmp_path / "lines.tsv")


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    """Three good lines and one of each bad kind."""
    img = tmp_path / "img"
    img.mkdir()
    for name in ("good0", "good1", "good2", "empty_label", "unknown"):
        _line(img / f"{name}.png")
    (img / "zero.png").write_bytes(b"")
    (img / "garbage.png").write_bytes(b"this is not an image")
    _line(img / "wide.png", width=40 * 100)
    _line(img / "column.png", width=20, height=600)
    _line(img / "truncated.jpg", width=300)
    data = (img / "truncated.jpg").read_bytes()
    (img / "truncated.jpg").write_bytes(data[: len(data) // 2])  # header fine, pixels cut
    rows = [
        "img/good0.png\tあい",
        "img/missing.png\tあ",  # 2: missing_file
        "img/empty_label.png\t",  # 3: empty_label
        "img/unknown.png\t漢字",  # 4: unknown_chars
        "img/zero.png\tあ",  # 5: unreadable_image (zero-size)
        "img/garbage.png\tあ",  # 6: unreadable_image
        "img/wide.png\tあ",  # 7: bad_aspect
        "img/column.png\tあ",  # 8: bad_aspect (a column)
        "#note without a space",  # 9: malformed_line
        "img/good1.png\tいう",
        "img/truncated.jpg\tう",  # 11: read fails only when decoded
        "img/good2.png\tう",
    ]
    path = tmp_path / "lines.tsv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_each_bad_kind_is_named_counted_and_skipped(messy, caplog):
    dataset = ManifestLineDataset(messy, CHARSET, height=32)
    assert len(dataset) == 4  # three good lines and the truncated one, whose header reads
    assert dataset.bad_samples.counts() == {"malformed_line": 1, "missing_file": 1, "unreadable_image": 2,
                                            "bad_aspect": 2, "empty_label": 1, "unknown_chars": 1}
    assert "lines.tsv:2 (" in caplog.text and "missing.png" in caplog.text  # file and line named
    assert "lines.tsv:9" in caplog.text
    samples = [dataset[i] for i in range(len(dataset))]  # the truncated one gives the next line
    assert [s["text"] for s in samples] == ["あい", "いう", "う", "う"]
    assert dataset.bad_samples.counts()["unreadable_image"] == 3
    assert "truncated.jpg" in caplog.text
    metrics = bad_sample_metrics({"train": dataset})
    assert metrics["data/train/skipped"] == 9 and metrics["data/train/skipped_bad_aspect"] == 2


def test_a_dataloader_worker_survives_and_counts_reach_the_parent(messy):
    dataset = ManifestLineDataset(messy, CHARSET, height=32)
    loader = DataLoader(dataset, batch_size=2, num_workers=1, collate_fn=PadCollate())
    batches = list(loader)
    assert sum(len(b["texts"]) for b in batches) == 4
    assert dataset.bad_samples.counts()["unreadable_image"] == 3  # 2 at start-up + 1 in the worker


def test_policy_fail_stops_before_training_naming_the_line(messy, tmp_path):
    with pytest.raises(BadSampleError, match=r"lines\.tsv:9: expected 'image_path<TAB>text'"):
        ManifestLineDataset(messy, CHARSET, height=32, bad_samples="fail")
    lines = messy.read_text(encoding="utf-8").splitlines()
    messy.write_text("\n".join(lines[:8]) + "\n", encoding="utf-8")
    with pytest.raises(BadSampleError, match=r"lines\.tsv:2 \(.*missing\.png\): image file not found"):
        ManifestLineDataset(messy, CHARSET, height=32, bad_samples="fail")
    # Pixels that only fail to decode are found by the up-front decode, not mid-training.
    messy.write_text(f"{lines[0]}\n{lines[10]}\n", encoding="utf-8")
    with pytest.raises(BadSampleError, match=r"lines\.tsv:2 .*truncated\.jpg"):
        ManifestLineDataset(messy, CHARSET, height=32, bad_samples="fail")


def test_dataset_resizes_and_encodes(tmp_path: Path):
    path = make_lines(tmp_path, ["あい", "う"])
    ds = ManifestLineDataset(path, Charset(list("あいう")), height=32)
    sample = ds[0]
    assert sample["image"].shape == (32, 64) and sample["image"].dtype == np.uint8
    assert sample["labels"] == [1, 2]
    assert ds.width_hint(0) == 64


def test_unknown_policy_error_still_names_the_line(tmp_path: Path):
    path = make_lines(tmp_path, ["あい", "漢"])
    with pytest.raises(CharsetError, match=r"lines\.tsv:2"):
        ManifestLineDataset(path, Charset(list("あいう")))


def test_nothing_usable_is_an_error_with_the_counts(tmp_path: Path):
    path = make_lines(tmp_path, ["漢"])
    with pytest.raises(ValueError, match=r"lines\.tsv: no usable lines \(1 unknown_chars skipped\)"):
        ManifestLineDataset(path, CHARSET)
