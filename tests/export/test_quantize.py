from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hwocr.export.onnx_export import read_metadata
from hwocr.export.quantize import LineCalibrationReader, convert_fp16, fp16_available, quantize_model
from hwocr.runtime import Recognizer
from hwocr.runtime.batching import pad_batch


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
    assert (reader.get_next()["pixels"] == first[0]["pixels"]).all()  # from the start again


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


@pytest.fixture(scope="module")
def trained_onnx(tmp_path_factory) -> tuple[Path, list[np.ndarray], list[np.ndarray]]:
    """A small CTC model trained for a few seconds on rendered handwriting of ten kana, exported:
    it reads about half its held-out lines exactly (9 of 16 when measured), so texts mean something.
    Returns the ONNX file, 8 of its training lines (calibration) and 16 held-out lines."""
    import functools

    import torch

    from hwocr.core.charset import Charset
    from hwocr.data.collate import PadCollate
    from hwocr.data.sample import LineSample
    from hwocr.export.onnx_export import export_onnx
    from hwocr.models.backbones.vgg import VGGBackbone
    from hwocr.models.ctc_recognizer import CTCRecognizer
    from hwocr.models.encoders.lstm import BiLSTMEncoder
    from hwocr.synth.render.kanjivg import KanjiVGRenderer
    from hwocr.systems.ctc import CTCSystem

    chars = "あいうえおかきくけこ"
    charset, renderer, rng = Charset(list(chars), name="kana10"), KanjiVGRenderer(height=32), np.random.default_rng(0)

    def draw(n: int) -> tuple[list[str], list[np.ndarray]]:
        texts = ["".join(rng.choice(list(chars), size=rng.integers(2, 6))) for _ in range(n)]
        return texts, [renderer.render(t, rng) for t in texts]

    (train_texts, train_images), (val_texts, val_images) = draw(32), draw(16)
    torch.manual_seed(0)
    net = functools.partial(CTCRecognizer, VGGBackbone([[16, 1, 2, 2], [32, 1, 2, 2], [32, 1, 2, 1]]),
                            functools.partial(BiLSTMEncoder, hidden_size=32, num_layers=1), input_height=32)
    system = CTCSystem(net, charset, functools.partial(torch.optim.AdamW, lr=3e-3))
    optimizer = system.optimizer_factory(params=system.parameters())
    collate = PadCollate()
    samples = [LineSample(image=image, text=text, labels=charset.encode(text), id=str(i), vertical=False)
               for i, (text, image) in enumerate(zip(train_texts, train_images, strict=True))]
    system.train()
    for step in range(150):  # about 4 s on one core
        batch = np.random.default_rng(step).choice(len(samples), 8, replace=False)
        loss = system.loss(collate([samples[i] for i in batch]))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    system.eval()
    onnx = export_onnx(system.net, charset, tmp_path_factory.mktemp("trained") / "model.onnx", input_height=32)
    reads = sum(p.text == t for p, t in zip(Recognizer(onnx, threads=1).predict(val_images), val_texts, strict=True))
    assert reads >= 6, f"the fixture model reads only {reads}/16 held-out lines: too weak to judge int8 by"
    return onnx, train_images[:8], val_images


@pytest.mark.slow
@pytest.mark.parametrize("precision", ["int8_dynamic", "int8_static"])
def test_int8_reads_what_fp32_reads_on_a_trained_model(tmp_path, trained_onnx, precision):
    onnx, calibration, held_out = trained_onnx
    int8 = quantize_model(onnx, precision, tmp_path / "q.onnx", calibration_images=calibration)
    fp32_reader, int8_reader = Recognizer(onnx, threads=1), Recognizer(int8, threads=1)
    fp32_texts = [p.text for p in fp32_reader.predict(held_out)]
    int8_texts = [p.text for p in int8_reader.predict(held_out)]
    # Measured: 16/16 identical texts for both precisions. A bound a little below, so a
    # quantization change that costs real accuracy fails here.
    assert sum(a == b for a, b in zip(fp32_texts, int8_texts, strict=True)) >= 14
    # Per frame, the best class (measured: 100 % dynamic, 99.7 % static).
    agree = total = 0
    for image in held_out:
        pixels = pad_batch([fp32_reader.prepare(image, "held-out line")[0]], fp32_reader.metadata.pad_value,
                           fp32_reader.min_width)
        fp32_best, int8_best = fp32_reader.run(pixels)[0], int8_reader.run(pixels)[0]
        agree, total = agree + int((fp32_best == int8_best).sum()), total + fp32_best.size
    assert agree / total >= 0.98
