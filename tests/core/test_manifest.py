from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from hwocr.core.manifest import ManifestError, read_manifest, write_manifest


def make_lines(tmp_path: Path, texts: list[str], widths: list[int] | None = None) -> Path:
    (tmp_path / "img").mkdir()
    rows = []
    for i, text in enumerate(texts):
        w = widths[i] if widths else 40 * len(text)
        arr = np.full((40, w), 255, np.uint8)
        arr[15:25, 5 : w - 5] = 0
        Image.fromarray(arr).save(tmp_path / "img" / f"{i}.png")
        rows.append((f"img/{i}.png", text))
    return write_manifest(rows, tmp_path / "lines.tsv")


def test_reads_paths_relative_to_the_manifest(tmp_path: Path):
    path = make_lines(tmp_path, ["あい", "う"])
    entries = read_manifest(path)
    assert [e.text for e in entries] == ["あい", "う"]
    assert entries[0].image == (tmp_path / "img" / "0.png").resolve()
    assert entries[1].source.endswith("lines.tsv:2")


@pytest.mark.parametrize(
    "line, message",
    [("img/0.png", "lines.tsv:2: expected 'image_path<TAB>text'"), ("img/0.png\t", "lines.tsv:2: empty text"),
     ("img/missing.png\tあ", "lines.tsv:2: image img/missing.png not found"), ("\tあ", "lines.tsv:2: empty image path")],
)
def test_errors_name_file_and_line(tmp_path: Path, line: str, message: str):
    path = make_lines(tmp_path, ["あ"])
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    with pytest.raises(ManifestError, match=message):
        read_manifest(path)


def test_comments_and_blank_lines_are_skipped(tmp_path: Path):
    path = make_lines(tmp_path, ["あ"])
    path.write_text("# header\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert len(read_manifest(path)) == 1


def test_a_byte_order_mark_does_not_break_line_1(tmp_path: Path):
    path = make_lines(tmp_path, ["あ", "い"])
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert [e.text for e in read_manifest(path)] == ["あ", "い"]


def test_only_hash_space_opens_a_comment(tmp_path: Path):
    path = make_lines(tmp_path, ["あ"])
    Image.new("L", (40, 40), 255).save(tmp_path / "img" / "#2.png")
    path.write_text("# a comment\n#\n" + path.read_text(encoding="utf-8") + "img/#2.png\tい\n", encoding="utf-8")
    assert [e.text for e in read_manifest(path)] == ["あ", "い"]  # '#2.png' is an image, not a comment
    path.write_text("#note without a space\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="lines.tsv:1: expected 'image_path<TAB>text'"):
        read_manifest(path)
    with pytest.raises(ValueError, match="would not read back"):
        write_manifest([("# x.png", "あ")], tmp_path / "w.tsv")


@pytest.mark.parametrize("rel", ["../outside.png", "img/../../outside.png", "ABSOLUTE"])
def test_root_keeps_images_inside(tmp_path: Path, rel: str):
    inside = tmp_path / "set"
    inside.mkdir()
    make_lines(inside, ["あ"])
    Image.new("L", (40, 40), 255).save(tmp_path / "outside.png")
    rel = str(tmp_path / "outside.png") if rel == "ABSOLUTE" else rel
    path = inside / "lines.tsv"
    path.write_text(path.read_text(encoding="utf-8") + f"{rel}\tい\n", encoding="utf-8")
    assert len(read_manifest(path)) == 2  # no root: your own manifest may point anywhere
    with pytest.raises(ManifestError, match=r"lines\.tsv:2: image .*outside\.png lies outside"):
        read_manifest(path, root=inside)
    (inside / "img" / "link.png").symlink_to(tmp_path / "outside.png")
    path.write_text("img/link.png\tい\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="lies outside"):
        read_manifest(path, root=inside)
