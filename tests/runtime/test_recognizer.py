from __future__ import annotations

import numpy as np
import pytest
import torch
from PIL import Image

from hwocr.core.image import resize_to_height
from hwocr.decoding.ctc_greedy import ctc_greedy_decode
from hwocr.export.onnx_export import export_onnx
from hwocr.runtime import Recognizer
from hwocr.runtime.batching import pad_batch, plan_batches

from .conftest import HEIGHT, draw_line


@pytest.fixture(scope="module")
def recognizer(onnx_model) -> Recognizer:
    return Recognizer(onnx_model, threads=1)


def torch_read(net, charset, pixels: np.ndarray, widths: list[int]) -> list[tuple[str, float]]:
    with torch.no_grad():
        probs = net(torch.from_numpy(pixels)).softmax(-1)
    best_prob, best_class = probs.max(-1)
    lengths = net.output_lengths(torch.tensor(widths)).tolist()
    paths = [ctc_greedy_decode(best_class[i].numpy(), best_prob[i].numpy(), lengths[i]) for i in range(len(widths))]
    return [(charset.decode(p.indices), p.confidence) for p in paths]


def test_single_lines_equal_torch_decoding(recognizer, net, charset, lines):
    predictions = recognizer.predict(lines, batch_size=1)
    texts = set()
    for line, prediction in zip(lines, predictions, strict=True):
        resized = resize_to_height(line, HEIGHT)
        [(text, confidence)] = torch_read(net, charset, resized[None, None].astype(np.float32), [resized.shape[1]])
        assert prediction.text == text
        assert prediction.confidence == pytest.approx(confidence, rel=1e-3, abs=1e-6)
        texts.add(text)
    assert len(texts) > 1, "the test model should read different lines differently"


def test_batched_lines_equal_torch_on_the_same_batches(recognizer, net, charset, lines):
    predictions = recognizer.predict(lines, batch_size=4)
    resized = [resize_to_height(line, HEIGHT) for line in lines]
    widths = [r.shape[1] for r in resized]
    for batch in plan_batches(widths, 4):
        reference = torch_read(net, charset, pad_batch([resized[i] for i in batch]), [widths[i] for i in batch])
        assert [predictions[i].text for i in batch] == [text for text, _ in reference]


def test_characters_carry_confidences_and_positions(recognizer, lines):
    for line, prediction in zip(lines, recognizer.predict(lines), strict=True):
        assert len(prediction.char_confidences) == len(prediction.char_positions) == len(prediction.text)
        assert all(0.0 < c <= 1.0 for c in prediction.char_confidences)
        assert prediction.char_positions == sorted(prediction.char_positions)
        assert all(0 <= x < line.shape[1] for x in prediction.char_positions)
        assert prediction.confidence == pytest.approx(float(np.prod(prediction.char_confidences)), rel=1e-4)


def test_every_input_kind_reads_the_same(recognizer, tmp_path, lines):
    gray = lines[1]
    rgb = np.repeat(gray[:, :, None], 3, axis=2)
    Image.fromarray(rgb).save(tmp_path / "line.png")
    inputs = [gray, gray[:, :, None], rgb, gray.astype(np.float32), Image.fromarray(rgb),
              str(tmp_path / "line.png"), tmp_path / "line.png"]
    predictions = recognizer.predict(inputs)
    assert len({p.text for p in predictions}) == 1
    # Not vacuous: the reading depends on the pixels (a blank line reads differently).
    assert predictions[0].text != recognizer.predict([np.full_like(gray, 255)])[0].text
    assert predictions[5].source == str(tmp_path / "line.png") and predictions[0].source == "images[0]"
    assert recognizer.predict(gray)[0].text == predictions[0].text  # one image, not a list


def test_transparent_background_is_paper(recognizer, lines):
    gray = lines[1]
    rgba = np.zeros((*gray.shape, 4), dtype=np.uint8)
    rgba[..., 3] = 255 - gray  # ink opaque, paper transparent (black in RGB)
    assert recognizer.predict([rgba])[0].text == recognizer.predict([gray])[0].text
    # ...and not what transparent-as-black would give.
    assert recognizer.predict([gray])[0].text != recognizer.predict([rgba[..., :3].copy()])[0].text


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (np.zeros((0, 20), np.uint8), "empty"),
        (np.zeros((20, 0), np.uint8), "empty"),
        (np.zeros((20, 20), bool), "dtype"),
        (np.full((20, 20), 300.0), "outside 0..255"),
        (np.full((20, 20), 0.5, np.float32), "0..1"),
        (np.full((20, 20), np.nan, np.float32), "NaN"),
        (np.zeros((2, 20, 20), np.uint8), "shape"),
        (np.zeros((10, 5000), np.uint8), "aspect"),
    ],
)
def test_bad_arrays_raise_naming_the_input(recognizer, lines, bad, message):
    with pytest.raises(ValueError, match=rf"images\[1\].*{message}|{message}.*images\[1\]"):
        recognizer.predict([lines[0], bad])


def test_unsupported_object_is_named(recognizer, lines):
    with pytest.raises(ValueError, match=r"images\[1\]: unsupported input type float"):
        recognizer.predict([lines[0], 3.5])


def test_bad_files_raise_naming_the_path(recognizer, tmp_path):
    missing = tmp_path / "missing.png"
    corrupt = tmp_path / "corrupt.png"
    corrupt.write_bytes(b"not a png")
    for path in (missing, corrupt, tmp_path):
        with pytest.raises(ValueError, match=str(path)):
            recognizer.predict([path])


def test_collect_keeps_the_good_inputs(recognizer, lines, tmp_path):
    inputs = [lines[0], tmp_path / "missing.png", lines[2], np.zeros((5, 0), np.uint8)]
    predictions = recognizer.predict(inputs, errors="collect")
    assert [p.ok for p in predictions] == [True, False, True, False]
    assert "missing.png" in predictions[1].error and "images[3]" in predictions[3].error
    assert predictions[0].text == recognizer.predict([lines[0]])[0].text
    assert predictions[1].text == "" and predictions[1].confidence == 0.0
    with pytest.raises(ValueError, match="errors"):
        recognizer.predict(inputs, errors="ignore")


def test_tiny_lines_still_run(recognizer, net, charset):
    tiny = np.full((3, 2), 255, np.uint8)
    [prediction] = recognizer.predict([tiny])
    # Padded up to the model's minimum width, it reads as PyTorch reads the same pixels.
    line = recognizer.prepare(tiny, "tiny")[0]
    pixels = pad_batch([line], recognizer.metadata.pad_value, recognizer.min_width)
    [(text, confidence)] = torch_read(net, charset, pixels, [line.shape[1]])
    assert prediction.ok and prediction.text == text
    assert prediction.confidence == pytest.approx(confidence, rel=1e-3, abs=1e-6)
    assert len(prediction.char_confidences) == len(prediction.text)


def test_vertical_policy_rotates_tall_images(tmp_path, net, charset):
    path = export_onnx(net, charset, tmp_path / "v.onnx", input_height=HEIGHT, vertical_policy="rotate_ccw",
                       check=False)
    recognizer = Recognizer(path, threads=1)
    row = draw_line(160, seed=5)
    column = np.ascontiguousarray(np.rot90(row, k=-1))  # the row's left end at the column's top
    assert recognizer.metadata.vertical_policy == "rotate_ccw"
    assert recognizer.predict([column])[0].text == recognizer.predict([row])[0].text


def test_a_line_reads_the_same_alone_and_beside_a_long_line(onnx_model, recognizer, lines):
    # Exported graphs find padding from the pixels, so batching never changes a reading.
    unbounded = Recognizer(onnx_model, threads=1, max_pad_ratio=1000.0)
    long_line = draw_line(900, seed=7)
    for line in lines:
        [alone] = recognizer.predict([line], batch_size=1)
        together = unbounded.predict([line, long_line], batch_size=2)[0]
        assert together.text == alone.text
        assert together.confidence == pytest.approx(alone.confidence, rel=1e-4, abs=1e-6)
