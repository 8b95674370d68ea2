"""The KMNIST reader on files in the published format (built here), and on the real test split
when ../shared holds it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hwocr.core.manifest import read_manifest
from hwocr.data.readers.kmnist import KMNIST_CLASSES, KmnistFormatError, read_kmnist, write_kmnist_manifest

SHARED_KMNIST = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "kmnist"


def write_split(folder: Path, images: np.ndarray, labels: np.ndarray, split: str = "test") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(folder / f"kmnist-{split}-imgs.npz", images)
    np.savez_compressed(folder / f"kmnist-{split}-labels.npz", labels)
    return folder


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    images = np.zeros((3, 28, 28), np.uint8)
    images[:, 10:18, 6:22] = 255  # white stroke on black, as published
    return write_split(tmp_path / "kmnist", images, np.array([0, 9, 4], np.uint8))


def test_characters_become_dark_ink_on_white_paper(tiny: Path):
    split = read_kmnist(tiny)
    assert len(split) == 3 and [split.text(i) for i in range(3)] == ["お", "を", "な"]
    image = split.line_image(0)
    assert image.shape == (36, 36) and image.dtype == np.uint8
    assert image[0].min() == 255 and image[4 + 12, 4 + 12] == 0  # white border, dark stroke


def test_manifest_holds_every_character_with_its_text(tiny: Path, tmp_path: Path):
    path = write_kmnist_manifest(read_kmnist(tiny), tmp_path / "lines")
    entries = read_manifest(path)
    assert [e.text for e in entries] == ["お", "を", "な"]
    assert all(e.image.is_file() for e in entries)


@pytest.mark.parametrize(
    ("images", "labels", "message"),
    [
        (np.zeros((2, 28, 28), np.float32), np.array([0, 1]), "expected uint8"),
        (np.zeros((2, 32, 32), np.uint8), np.array([0, 1]), r"expected uint8 \(N, 28, 28\)"),
        (np.zeros((2, 28, 28), np.uint8), np.array([0]), "labels"),
        (np.zeros((2, 28, 28), np.uint8), np.array([0, 10]), "label 10 at index 1"),
    ],
)
def test_bad_files_are_named(tmp_path: Path, images, labels, message):
    folder = write_split(tmp_path / "bad", images, labels)
    with pytest.raises(KmnistFormatError, match=message) as err:
        read_kmnist(folder)
    assert "kmnist-test-" in str(err.value)


def test_missing_and_corrupt_files_are_named(tmp_path: Path):
    with pytest.raises(KmnistFormatError, match="kmnist-test-imgs.npz: file not found"):
        read_kmnist(tmp_path)
    (tmp_path / "kmnist-test-imgs.npz").write_bytes(b"not a zip")
    with pytest.raises(KmnistFormatError, match="not a readable .npz"):
        read_kmnist(tmp_path)


@pytest.mark.skipif(not SHARED_KMNIST.is_dir(), reason="../shared/data/kmnist is not here")
def test_the_published_test_split_reads():
    split = read_kmnist(SHARED_KMNIST, "test")
    assert len(split) == 10000
    counts = np.bincount(split.labels, minlength=len(KMNIST_CLASSES))
    assert counts.tolist() == [1000] * 10
    # Published white-on-black: after inversion the border and most of the cell are paper.
    assert np.median(split.line_image(0)) == 255
