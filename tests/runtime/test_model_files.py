"""Model files that are not what they should be fail at open, naming the file, as ValueErrors."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from hwocr.runtime import MetadataError, Recognizer
from hwocr.runtime.ar_recognizer import open_recognizer
from hwocr.runtime.onnx_metadata import OnnxFormatError


@pytest.fixture
def broken(tmp_path, onnx_model):
    data = onnx_model.read_bytes()
    files = {
        "empty": b"",
        "truncated": data[: len(data) // 2],
        "foreign": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        "text": "これはモデルではありません\n".encode() * 20,
    }
    paths = {}
    for name, content in files.items():
        paths[name] = tmp_path / f"{name}.onnx"
        paths[name].write_bytes(content)
    return paths


@pytest.mark.parametrize("name", ["empty", "truncated", "foreign", "text"])
@pytest.mark.parametrize("opener", [Recognizer, open_recognizer])
def test_bad_model_files_are_value_errors_naming_the_file(broken, name, opener):
    with pytest.raises(ValueError, match=rf"{name}\.onnx: ") as info:
        opener(broken[name])
    assert isinstance(info.value, OnnxFormatError | MetadataError)


def test_an_onnx_file_without_hwocr_metadata(tmp_path, onnx_model):
    import onnx

    model = onnx.load(str(onnx_model))
    del model.metadata_props[:]
    onnx.save(model, str(tmp_path / "plain.onnx"))
    with pytest.raises(MetadataError, match=r"plain\.onnx: no hwocr metadata"):
        Recognizer(tmp_path / "plain.onnx")


def test_a_corrupt_graph_with_good_metadata_is_a_model_file_error(tmp_path, onnx_model):
    import onnx

    from hwocr.runtime.recognizer import ModelFileError

    model = onnx.load(str(onnx_model))
    model.graph.node[0].op_type = "NoSuchOperator"
    onnx.save(model, str(tmp_path / "odd.onnx"))
    with pytest.raises(ModelFileError, match=r"odd\.onnx: onnxruntime cannot load this model"):
        Recognizer(tmp_path / "odd.onnx")


def test_the_ctc_recognizer_refuses_an_autoregressive_export(tmp_path, onnx_model):
    import onnx

    model = onnx.load(str(onnx_model))
    entry = model.metadata_props.add()
    entry.key, entry.value = "hwocr.extra.decoder", '"autoregressive"'
    onnx.save(model, str(tmp_path / "ar.onnx"))
    with pytest.raises(MetadataError, match=r"ar\.onnx: an autoregressive export cannot be read by Recognizer"):
        Recognizer(tmp_path / "ar.onnx")


def test_a_decompression_bomb_is_one_inputs_error(onnx_model, tmp_path, monkeypatch, lines):
    Image.new("L", (400, 40), 255).save(tmp_path / "huge.png")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 4000)
    predictions = Recognizer(onnx_model, threads=1).predict([lines[0], tmp_path / "huge.png"], errors="collect")
    assert predictions[0].ok and not predictions[1].ok
    assert "huge.png: image too large" in predictions[1].error
    assert isinstance(np.asarray(lines[0]), np.ndarray)
