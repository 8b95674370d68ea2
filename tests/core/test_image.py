from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from hwocr.core.image import describe_input, to_grayscale


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
