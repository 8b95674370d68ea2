"""Omniglot's alphabet folders (built here), and the katakana set in ../shared when present."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from hwocr.data.readers.manifests import ManifestSource
from hwocr.data.readers.omniglot import OMNIGLOT_KATAKANA, OmniglotAlphabets
from hwocr.data.readers.sample import ReaderError


def draw(path: Path) -> None:
    img = np.ones((105, 105), bool)
    img[40:60, 20:80] = False  # black ink on white, 1-bit as published
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(img).save(path)


@pytest.fixture
def alphabets(tmp_path: Path) -> Path:
    for alphabet, char in (("Japanese_(katakana)", "character02"), ("Latin", "character01")):
        for drawer in ("01", "02"):
            draw(tmp_path / alphabet / char / f"0{drawer}5_{drawer}.png")
    return tmp_path


def test_labels_from_map_or_builtin_katakana_and_drawers_as_writers(alphabets: Path, tmp_path: Path):
    labels = tmp_path / "labels.tsv"
    labels.write_text("# Latin\nLatin/character01\tA\n", encoding="utf-8")
    source = OmniglotAlphabets(alphabets, labels)
    assert [s.text for s in source] == ["イ", "イ", "A", "A"]
    assert [s.writer for s in source][:2] == ["Japanese_(katakana)/01", "Japanese_(katakana)/02"]
    assert source[0].image.dtype == np.uint8 and source[0].image[0, 0] == 255 and source[0].image[50, 50] == 0
    assert len(OMNIGLOT_KATAKANA) == 47 and "ケ" not in OMNIGLOT_KATAKANA


def test_unlabelled_and_corrupt_files_are_named(alphabets: Path):
    with pytest.raises(ReaderError, match=r"character01: no label for Latin/character01"):
        OmniglotAlphabets(alphabets)
    bad = alphabets / "Japanese_(katakana)" / "character02" / "0015_01.png"
    bad.write_bytes(b"not a png")
    source = OmniglotAlphabets(alphabets / "Japanese_(katakana)")
    with pytest.raises(ReaderError, match=r"0015_01.png: record 0: .*cannot decode"):
        source[0]


def test_shared_katakana_manifest_reads_with_drawers(shared_dir: Path):
    manifest = shared_dir / "data" / "omniglot_katakana" / "manifest.tsv"
    if not manifest.is_file():
        pytest.skip("../shared/data/omniglot_katakana is not here")
    source = ManifestSource(manifest)
    assert len(source) == 940 and set(s.text for s in source.rows) == set(OMNIGLOT_KATAKANA)
    assert len({r.writer for r in source.rows}) == 20
    first = source[0]
    assert first.image.shape == (105, 105) and np.median(first.image) == 255
