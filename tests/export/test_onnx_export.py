from __future__ import annotations

import copy

import numpy as np
import onnx
import onnxruntime as ort
import pytest
import torch

import hwocr
from hwocr.export.onnx_export import export_onnx, read_metadata, weights_sha256
from hwocr.export.parity import ExportParityError, check_export_parity, probe_batch

from .conftest import HEIGHT, tiny_net


def test_graph_has_dynamic_batch_and_width_and_three_outputs(onnx_model):
    model = onnx.load(str(onnx_model))
    onnx.checker.check_model(model, full_check=True)
    assert max(o.version for o in model.opset_import if o.domain in ("", "ai.onnx")) >= 17
    dims = [d.dim_param or d.dim_value for d in model.graph.input[0].type.tensor_type.shape.dim]
    assert model.graph.input[0].name == "pixels"
    assert dims[1:3] == [1, HEIGHT] and isinstance(dims[0], str) and isinstance(dims[3], str)
    assert [o.name for o in model.graph.output] == ["probs", "best_class", "best_prob"]


@pytest.mark.parametrize("width", [57, 203])
@pytest.mark.parametrize("batch_size", [1, 4])
def test_onnx_matches_torch(onnx_model, net, width, batch_size):
    pixels, widths = probe_batch(width, batch_size, HEIGHT, seed=width + batch_size)
    probs, best_class, best_prob = ort.InferenceSession(str(onnx_model)).run(None, {"pixels": pixels})
    with torch.no_grad():
        reference = net(torch.from_numpy(pixels)).softmax(-1).numpy()
    assert probs.shape == reference.shape == (batch_size, (width + net.frontend.edge_margin) // 4, 19)
    np.testing.assert_allclose(probs, reference, atol=1e-4)
    assert best_class.dtype == np.int64
    np.testing.assert_array_equal(best_class, reference.argmax(-1))
    np.testing.assert_allclose(best_prob, reference.max(-1), atol=1e-4)


def test_built_in_parity_check_reports_every_width_and_batch(onnx_model, net, charset):
    report = check_export_parity(net, onnx_model, charset, HEIGHT, widths=(40, 300), batch_sizes=(1, 3))
    assert report.ok and report.batches == 4 and report.lines == 8
    assert report.max_abs_diff < 1e-4


def test_parity_check_raises_for_a_different_model(onnx_model, charset):
    other = tiny_net(charset.num_classes, seed=1)
    with pytest.raises(ExportParityError, match="differ"):
        check_export_parity(other, onnx_model, charset, HEIGHT)


def test_metadata_round_trip(onnx_model, net, charset):
    meta = read_metadata(onnx_model)
    assert meta.classes == charset.class_labels()
    assert meta.charset().chars == charset.chars
    assert meta.normalize == "NFKC" and meta.charset_name == "tiny"
    assert (meta.input_height, meta.channels, meta.pad_value) == (HEIGHT, 1, 255.0)
    assert meta.frames.stride == 4 and meta.frames.offset == 0
    widths = list(range(1, 600, 7))
    assert [meta.frames.frames(w) for w in widths] == net.output_lengths(torch.tensor(widths)).tolist()
    assert meta.model_name == "tiny-crnn" and meta.config_name == "test"
    assert meta.metrics == {"val/cer": 0.25}
    assert meta.extra == {"note": "hi"}
    assert meta.hwocr_version == hwocr.__version__
    assert meta.weights_sha256 == weights_sha256(net)
    assert meta.vertical_policy == "as_is" and meta.precision == "fp32"


def test_export_leaves_the_callers_module_alone(tmp_path, charset):
    net = tiny_net(charset.num_classes).train()
    export_onnx(net, charset, tmp_path / "m.onnx", input_height=HEIGHT, check=False)
    assert net.training


def test_rejects_old_opsets_and_mismatched_charsets(tmp_path, net, charset):
    with pytest.raises(ValueError, match="opset"):
        export_onnx(net, charset, tmp_path / "m.onnx", input_height=HEIGHT, opset=13)
    from hwocr.core.charset import Charset

    with pytest.raises(ValueError, match="classes"):
        export_onnx(net, Charset(list("あい")), tmp_path / "m.onnx", input_height=HEIGHT)


def test_same_weights_same_hash_changed_weights_new_hash():
    net = tiny_net(7)
    same = copy.deepcopy(net)
    assert weights_sha256(net) == weights_sha256(same)
    with torch.no_grad():
        same.head.bias[0] += 1e-3
    assert weights_sha256(net) != weights_sha256(same)
    assert len(weights_sha256(net)) == 64
