from __future__ import annotations

import json

import pytest

from hwocr.runtime.model_metadata import FrameGeometry, MetadataError, ModelMetadata


def _meta(**kw) -> ModelMetadata:
    fields = dict(classes=["<blank>", "あ", " "], normalize="NFKC", charset_name="c", input_height=64,
                  frames=FrameGeometry(4, 1), metrics={"val/cer": 0.01}, extra={"config": {"a": [1, 2]}, "s": "x"})
    fields.update(kw)
    return ModelMetadata(**fields)


def test_props_round_trip():
    meta = _meta(vertical_policy="rotate_ccw", precision="int8_dynamic")
    props = meta.to_props()
    assert all(k.startswith("hwocr.") and isinstance(v, str) for k, v in props.items())
    assert json.loads(props["hwocr.charset"])["classes"] == ["<blank>", "あ", " "]
    assert ModelMetadata.from_props(props) == meta
    assert meta.charset().chars == ["あ", " "]


def test_frame_geometry():
    g = FrameGeometry(stride=4, offset=1)
    assert [g.frames(w) for w in (0, 2, 3, 7, 8)] == [0, 0, 1, 2, 2]
    assert g.min_width == 3 and g.frame_center(0) == 1.0


def test_refuses_foreign_or_newer_files():
    with pytest.raises(MetadataError, match="no hwocr metadata"):
        ModelMetadata.from_props({"producer": "x"}, "m.onnx")
    props = _meta().to_props() | {"hwocr.format_version": "99"}
    with pytest.raises(MetadataError, match="upgrade"):
        ModelMetadata.from_props(props, "m.onnx")
    props = _meta().to_props() | {"hwocr.charset": "{"}
    with pytest.raises(MetadataError, match="malformed"):
        ModelMetadata.from_props(props, "m.onnx")


def test_class_zero_must_be_blank():
    with pytest.raises(MetadataError, match="blank"):
        _meta(classes=["あ", "い"]).charset()
