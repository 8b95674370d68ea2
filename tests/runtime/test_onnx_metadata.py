from __future__ import annotations

import onnxruntime as ort
import pytest

from hwocr.runtime.onnx_metadata import OnnxFormatError, read_metadata_props


def test_reads_what_onnxruntime_reads(onnx_model):
    expected = ort.InferenceSession(str(onnx_model), providers=["CPUExecutionProvider"]).get_modelmeta()
    props = read_metadata_props(onnx_model)
    assert props == dict(expected.custom_metadata_map)
    assert any(key.startswith("hwocr.") for key in props)


def test_a_file_without_metadata_gives_an_empty_dict(tmp_path):
    path = tmp_path / "empty.onnx"
    path.write_bytes(b"")
    assert read_metadata_props(path) == {}


def test_a_truncated_file_names_itself(onnx_model, tmp_path):
    path = tmp_path / "cut.onnx"
    path.write_bytes(onnx_model.read_bytes()[:1000])
    with pytest.raises(OnnxFormatError, match="cut.onnx"):
        read_metadata_props(path)
