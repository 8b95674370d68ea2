from __future__ import annotations

import numpy as np
import pytest
from PIL import ExifTags, Image

from hwocr.core.image import (
    describe_input,
    image_size,
    load_grayscale,
    resize_to_height,
    stretch_width,
    to_grayscale,
)


def test_names_paths_by_path_and_objects_by_index(tmp_path):
    assert describe_input(tmp_path / "a.png", 3) == str(tmp_path / "a.png")
    assert describe_input(np.zeros((2, 2)), 3) == "images[3]"


def test_color_and_float_inputs_become_uint8_gray():
    rgb = np.zeros((4, 6, 3), np.uint8)
    rgb[..., 0] = 200
    gray = to_grayscale(rgb, "x")
    assert gray.dtype == np.uint8 and gray.shape == (4, 6)
    assert gray[0, 0] == np.asarray(Image.fromarray(rgb).convert("L"))[0, 0]
    assert to_grayscale(np.full((2, 2), 254.6), "x")[0, 0] == 255
    assert to_grayscale(np.full((2, 2), 7, np.int32), "x")[0, 0] == 7
    assert to_grayscale(Image.new("LA", (3, 2), (0, 0)), "x").min() == 255  # transparent -> paper


@pytest.mark.parametrize("bad", [np.zeros((2, 2), np.complex64), np.full((2, 2), -1, np.int16), np.zeros((2, 2, 2))])
def test_rejects_with_the_name(bad):
    with pytest.raises(ValueError, match="^line 7:"):
        to_grayscale(bad, "line 7")


# -- files as scanners and cameras write them --------------------------------------------------
def _ink_line(paper: int = 255, ink: int = 0, size: tuple[int, int] = (48, 16)) -> np.ndarray:
    """(H, W) array: paper with an ink bar in the left half."""
    w, h = size
    a = np.full((h, w), paper, dtype=np.int64)
    a[4:12, 4 : w // 2] = ink
    return a


def test_16_bit_png_is_scaled_not_clipped_to_white(tmp_path):
    path = tmp_path / "scan16.png"
    Image.fromarray(_ink_line(paper=60000, ink=5000).astype(np.uint16)).save(path)
    assert Image.open(path).mode == "I;16"
    gray = load_grayscale(path)
    assert gray.dtype == np.uint8
    assert abs(int(gray[0, -1]) - 60000 // 257) <= 1  # paper
    assert abs(int(gray[8, 8]) - 5000 // 257) <= 1  # ink stays ink (was 255: the line read as blank)


def test_32_bit_and_float_pil_images_use_their_value_range():
    wide = Image.fromarray(_ink_line(paper=65535, ink=0).astype(np.int32))
    assert wide.mode == "I"
    gray = to_grayscale(wide, "x")
    assert gray[0, -1] == 255 and gray[8, 8] == 0
    unit = Image.fromarray((_ink_line(paper=1, ink=0)).astype(np.float32))
    assert unit.mode == "F"
    gray = to_grayscale(unit, "x")
    assert gray[0, -1] == 255 and gray[8, 8] == 0


def test_cmyk_jpeg_reads_as_white_paper_and_dark_ink(tmp_path):
    path = tmp_path / "cmyk.jpg"
    cmyk = np.zeros((16, 48, 4), np.uint8)  # no ink anywhere: white
    cmyk[4:12, 4:24, 3] = 255  # full black (K) in the bar
    Image.fromarray(cmyk, "CMYK").save(path, quality=95)
    assert Image.open(path).mode == "CMYK"
    gray = load_grayscale(path)
    assert gray[0, -1] > 240 and gray[8, 8] < 40


def test_palette_and_transparent_images_read_paper_as_white(tmp_path):
    pal = Image.fromarray(_ink_line().astype(np.uint8)).convert("P")
    pal.save(tmp_path / "pal.png")
    gray = load_grayscale(tmp_path / "pal.png")
    assert gray[0, -1] == 255 and gray[8, 8] == 0
    rgba = np.zeros((16, 48, 4), np.uint8)  # transparent black everywhere...
    rgba[4:12, 4:24, 3] = 255  # ...but an opaque black bar
    Image.fromarray(rgba, "RGBA").save(tmp_path / "rgba.png")
    gray = load_grayscale(tmp_path / "rgba.png")
    assert gray[0, -1] == 255 and gray[8, 8] == 0


def test_exif_orientation_is_applied(tmp_path):
    # Stored 16 high x 48 wide with the bar on the left; EXIF 6 says "turn 90 degrees clockwise to view".
    stored = Image.fromarray(_ink_line().astype(np.uint8))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    path = tmp_path / "phone.jpg"
    stored.save(path, exif=exif, quality=95)
    gray = load_grayscale(path)
    assert gray.shape == (48, 16)  # viewed upright: taller than wide
    assert gray[8, 8] < 60 and gray[-4, 8] > 200  # the bar is now at the top
    assert image_size(path) == (16, 48)
    assert to_grayscale(Image.open(path), "x").shape == (48, 16)


def test_tall_crops_are_refused_not_squashed():
    with pytest.raises(ValueError, match="^col 3: .*taller than wide"):
        resize_to_height(np.zeros((640, 20), np.uint8), 64, where="col 3")
    assert resize_to_height(np.zeros((64, 20), np.uint8), 32).shape == (32, 10)  # a narrow character is fine


def test_decompression_bomb_is_a_value_error_naming_the_file(tmp_path, monkeypatch):
    path = tmp_path / "huge.png"
    Image.new("L", (100, 100), 255).save(path)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(ValueError, match="huge.png: image too large"):
        load_grayscale(path)
    with pytest.raises(ValueError, match="huge.png"):
        to_grayscale(path, "x")


@pytest.mark.parametrize("content", [b"", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"])
def test_empty_or_truncated_files_are_value_errors(tmp_path, content):
    path = tmp_path / "bad.png"
    path.write_bytes(content)
    with pytest.raises(ValueError, match="bad.png: cannot"):
        load_grayscale(path)


def test_stretch_width_keeps_the_height_and_scales_the_width() -> None:
    line = np.full((32, 50), 255, np.uint8)
    line[8:24, 10:40] = 0
    assert stretch_width(line, 1.0) is line
    narrow, wide = stretch_width(line, 0.7), stretch_width(line, 1.4)
    assert narrow.shape == (32, 35) and wide.shape == (32, 70) and narrow.dtype == np.uint8
    assert (narrow < 128).sum(axis=1).max() == pytest.approx(21, abs=1)  # the ink narrows with the line
    assert stretch_width(line, 0.01, min_width=8).shape == (32, 8)
    with pytest.raises(ValueError, match="width stretch must be positive"):
        stretch_width(line, 0.0)
