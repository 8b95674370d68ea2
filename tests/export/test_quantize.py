from __future__ import annotations

import pytest

from hwocr.export.onnx_export import read_metadata
from hwocr.export.quantize import LineCalibrationReader, convert_fp16, fp16_available, quantize_model
from hwocr.runtime import Recognizer


@pytest.mark.parametrize("precision", ["int8_dynamic", "int8_static"])
def test_quantized_model_keeps_metadata_and_runs(tmp_path, onnx_model, lines, precision):
    out = quantize_model(onnx_model, precision, tmp_path / f"q.{precision}.onnx", calibration_images=lines)
    meta, fp32 = read_metadata(out), read_metadata(onnx_model)
    assert meta.precision == precision
    assert (meta.classes, meta.weights_sha256, meta.frames) == (fp32.classes, fp32.weights_sha256, fp32.frames)
    predictions = Recognizer(out, threads=1).predict(lines)
    assert len(predictions) == len(lines)
    assert all(p.ok and 0.0 <= p.confidence <= 1.0 for p in predictions)


def test_default_output_sits_beside_the_fp32_file(onnx_model):
    out = quantize_model(onnx_model, "int8_dynamic")
    assert out == onnx_model.with_name("model.int8_dynamic.onnx") and out.is_file()


def test_calibration_reader_batches_and_rewinds(onnx_model, lines):
    reader = LineCalibrationReader(onnx_model, lines, batch_size=2)
    first = [reader.get_next() for _ in range(len(reader.batches) + 1)]
    assert first[-1] is None and all(b["pixels"].shape[0] <= 2 for b in first[:-1])
    assert sum(b["pixels"].shape[0] for b in first[:-1]) == len(lines)
    reader.rewind()
    assert reader.get_next() is not None


def test_static_quantization_needs_calibration_lines(tmp_path, onnx_model):
    with pytest.raises(ValueError, match="calibration"):
        quantize_model(onnx_model, "int8_static", tmp_path / "q.onnx")


def test_unknown_precision(onnx_model):
    with pytest.raises(ValueError, match="precision"):
        quantize_model(onnx_model, "int4")


@pytest.mark.skipif(fp16_available(), reason="onnxconverter-common is installed")
def test_fp16_without_converter_says_what_to_install(tmp_path, onnx_model):
    with pytest.raises(RuntimeError, match="onnxconverter-common"):
        convert_fp16(onnx_model, tmp_path / "m.fp16.onnx")


@pytest.mark.skipif(not fp16_available(), reason="onnxconverter-common is not installed")
def test_fp16_matches_fp32(tmp_path, onnx_model, lines):
    out = convert_fp16(onnx_model, tmp_path / "m.fp16.onnx")
    assert read_metadata(out).precision == "fp16"
    half = Recognizer(out, threads=1, optimization="extended").predict(lines)
    full = Recognizer(onnx_model, threads=1).predict(lines)
    assert [p.text for p in half] == [p.text for p in full]


@pytest.fixture(scope="module")
def ar_export(tmp_path_factory, charset):
    """A small autoregressive encoder + decoder-step pair, as hwocr-export writes it."""
    import functools

    import torch

    from hwocr.export.ar_export import export_ar_onnx
    from hwocr.models.backbones.vgg import VGGBackbone
    from hwocr.models.encoder_decoder import EncoderDecoderRecognizer
    from hwocr.models.encoders.transformer import TransformerEncoder

    torch.manual_seed(0)
    net = EncoderDecoderRecognizer(
        VGGBackbone([[8, 1, 2, 2], [16, 1, 2, 2], [16, 1, 2, 1]]),
        functools.partial(TransformerEncoder, dim=32, depth=1, heads=2),
        num_classes=charset.num_classes,
        input_height=32,
        decoder_depth=1,
        heads=2,
        max_length=8,
    ).eval()
    return export_ar_onnx(net, charset, tmp_path_factory.mktemp("ar") / "model.onnx", input_height=32)


def test_an_autoregressive_pair_quantizes_as_a_pair(ar_export, lines):
    from hwocr.runtime.ar_recognizer import AutoregressiveRecognizer, open_recognizer

    out = quantize_model(ar_export, "int8_dynamic")
    meta = read_metadata(out)
    assert meta.precision == "int8_dynamic" and meta.extra["decoder_file"] == "model.int8_dynamic.decoder.onnx"
    assert (out.parent / meta.extra["decoder_file"]).is_file()
    assert (out.parent / "model.decoder.onnx").is_file()  # the fp32 pair is untouched
    recognizer = open_recognizer(out, threads=1)
    assert isinstance(recognizer, AutoregressiveRecognizer)
    assert all(p.ok for p in recognizer.predict(lines[:3]))


def test_autoregressive_pairs_refuse_static_int8(ar_export, tmp_path, lines):
    with pytest.raises(ValueError, match="int8_dynamic only"):
        quantize_model(ar_export, "int8_static", tmp_path / "q.onnx", calibration_images=lines)
