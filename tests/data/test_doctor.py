"""The data doctor on a manifest with one planted fault of each kind: every one is listed with
its line, and nothing stops it at the first."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from hwocr.core.charset import Charset
from hwocr.data.doctor import check_manifest, format_stats, manifests_of, text_stats


def save(path: Path, width: int, height: int, value: int = 255) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = np.full((height, width), value, np.uint8)
    image[height // 3 : height // 2, 2 : width - 2] = 0
    Image.fromarray(image).save(path)


@pytest.fixture
def faulty(tmp_path: Path) -> Path:
    save(tmp_path / "img/ok.png", 120, 32)
    save(tmp_path / "img/copy.png", 120, 32)  # same bytes as ok.png
    save(tmp_path / "img/wide.png", 3000, 20, 250)
    save(tmp_path / "img/tall.png", 20, 200, 240)
    save(tmp_path / "img/other.png", 90, 32, 230)
    save(tmp_path / "img/kanji.png", 90, 32, 220)
    data = (tmp_path / "img/other.png").read_bytes()
    (tmp_path / "img/cut.png").write_bytes(data[: len(data) // 2])  # truncated
    (tmp_path / "img/text.png").write_text("not an image")
    lines = [
        "img/ok.png\tあいう",  # 1 fine
        "img/gone.png\tあい",  # 2 missing file
        "img/cut.png\tあ",  # 3 truncated image
        "img/text.png\tい",  # 4 undecodable
        "img/other.png\t",  # 5 empty label
        "img/copy.png\tうあ",  # 6 duplicate of line 1
        "img/wide.png\tあ",  # 7 too wide
        "img/tall.png\tい",  # 8 too tall
        "# a comment",  # 9 skipped
        "no tab here",  # 10 malformed
        "img/kanji.png\tあ漢字漢",  # 11 outside the charset (漢 twice, 字 once)
    ]
    path = tmp_path / "manifest.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_every_planted_fault_is_listed_with_its_line(faulty: Path):
    report = check_manifest(faulty, Charset(list("あいう")))
    found = {(f.kind, int(f.where.rsplit(":", 1)[1])) for f in report.findings}
    assert found == {
        ("missing-file", 2), ("unreadable", 3), ("unreadable", 4), ("empty-label", 5), ("duplicate", 6),
        ("aspect", 7), ("aspect", 8), ("malformed", 10), ("out-of-charset", 11),
    }
    assert report.unknown_chars == {"漢": 2, "字": 1} and report.lines == 10 and not report.ok
    assert "manifest.tsv:1" in next(f.message for f in report.findings if f.kind == "duplicate")
    summary = report.summary()
    assert "2 unreadable" in summary and "漢×2 字×1" in summary


def test_jsonl_and_data_configs(tmp_path: Path):
    save(tmp_path / "a.png", 60, 30)
    path = tmp_path / "lines.jsonl"
    path.write_text('{"image": "a.png", "text": "あ"}\n{"image": "a.png"}\nnot json\n', encoding="utf-8")
    report = check_manifest(path)
    assert [(f.kind, f.where.rsplit(":", 1)[1]) for f in report.findings] == [
        ("empty-label", "2"), ("duplicate", "2"), ("malformed", "3"),
    ]
    config = tmp_path / "data.yaml"
    config.write_text(f"train:\n  manifest: {path}\nval:\n  manifest: {tmp_path / 'v.tsv'}\n")
    assert manifests_of(config) == [path, tmp_path / "v.tsv"]
    with pytest.raises(ValueError, match=r"a manifest is not set"):
        manifests_of("manifest")  # conf/data/manifest.yaml leaves its manifests ???


def test_stats_per_script_lengths_and_top_characters():
    stats = text_stats(["東京都", "あいう", "カナ12", "ABC", "！"])
    assert stats["scripts"] == {"kanji": 3, "hiragana": 3, "katakana": 2, "latin": 3, "digit": 2, "other": 1}
    assert stats["lengths"] == {1: 1, 3: 3, 4: 1}
    text = format_stats(stats)
    assert "kanji 3" in text and "length histogram" in text
