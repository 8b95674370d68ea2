"""The runtime applies the line normalisation its model file records: polarity and re-margining."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hwocr.core.charset import Charset
from hwocr.export.onnx_export import export_onnx, read_metadata
from hwocr.models.ctc_recognizer import CTCRecognizer
from hwocr.runtime import Recognizer
from tests.onnx_fixtures import HEIGHT, draw_line

SETTINGS = {"polarity": "auto", "ink_margin": 0.15, "ink_margin_x": 0.15, "min_height_strokes": 8.0,
            "ink_mass_trim": 0.005}


@pytest.fixture(scope="module")
def normalized_model(tmp_path_factory: pytest.TempPathFactory, net: CTCRecognizer, charset: Charset) -> Path:
    path = tmp_path_factory.mktemp("norm") / "model.onnx"
    return export_onnx(net, charset, path, input_height=HEIGHT, metadata={"line_normalization": SETTINGS})


def test_metadata_records_the_settings(normalized_model: Path) -> None:
    assert read_metadata(normalized_model).line_normalization == SETTINGS


def test_white_on_black_reads_like_black_on_white(normalized_model: Path) -> None:
    rec = Recognizer(normalized_model)
    line = draw_line(120, seed=3)
    inverted = 255 - line
    assert np.array_equal(rec.prepare(line, "a")[0], rec.prepare(inverted, "b")[0])
    assert rec.predict([line])[0].text == rec.predict([inverted])[0].text


def test_any_margin_gives_the_same_input(normalized_model: Path) -> None:
    rec = Recognizer(normalized_model)
    line = draw_line(120, seed=4)
    wide = np.pad(line, ((40, 10), (70, 5)), constant_values=255)
    a, b = rec.prepare(line, "a")[0], rec.prepare(wide, "b")[0]
    assert a.shape == b.shape and np.abs(a.astype(int) - b.astype(int)).mean() < 2.0


def test_models_without_the_entry_read_lines_as_given(onnx_model: Path) -> None:
    rec = Recognizer(onnx_model)
    assert rec.normalization is None
    line = draw_line(120, seed=5)
    assert not np.array_equal(rec.prepare(line, "a")[0], rec.prepare(255 - line, "b")[0])
