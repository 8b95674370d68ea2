from __future__ import annotations

import pytest

from hwocr.export.precision_report import compare_precisions, format_precision_table
from hwocr.export.quantize import quantize_model
from hwocr.runtime import Recognizer


def test_reports_cer_and_speed_against_fp32(tmp_path, onnx_model, lines):
    int8 = quantize_model(onnx_model, "int8_dynamic", tmp_path / "q.onnx")
    # References = the fp32 model's own output, so fp32 scores CER 0 by construction.
    texts = [p.text or "あ" for p in Recognizer(onnx_model).predict(lines)]
    results = compare_precisions({"fp32": onnx_model, "int8": int8}, lines, texts, batch_size=4, threads=1)
    assert [r.name for r in results] == ["fp32", "int8"]
    assert [r.precision for r in results] == ["fp32", "int8_dynamic"]
    if all(texts):
        assert results[0].cer == 0.0
    assert all(r.lines == len(lines) and r.lines_per_s > 0 and r.ms_per_line > 0 for r in results)
    assert results[1].size_bytes < results[0].size_bytes
    table = format_precision_table(results)
    assert table.count("\n") == 3 and "int8_dynamic" in table and "+0.00" in table.splitlines()[2]


def test_needs_one_text_per_image(onnx_model, lines):
    with pytest.raises(ValueError, match="texts"):
        compare_precisions({"fp32": onnx_model}, lines, ["a"])
