"""Vertical lines: the rotate-to-horizontal policy set in config reaches the exported model."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from hwocr.core.charset import Charset
from hwocr.export.checkpoint_export import export_module
from hwocr.runtime.ar_recognizer import open_recognizer

from .zoo import HEIGHT, build_system


def test_rotate_ccw_from_config_reads_columns_as_rows(charset: Charset, tmp_path: Path):
    net = build_system("crnn_small", charset).net.eval()
    config = {"export": {"vertical_policy": "rotate_ccw"}}
    summary = export_module(net, charset, tmp_path / "model.onnx", input_height=HEIGHT, config=config)
    recognizer = open_recognizer(summary["onnx"], providers=["CPUExecutionProvider"])
    assert recognizer.metadata.vertical_policy == "rotate_ccw"
    from hwocr.synth.render.kanjivg import KanjiVGRenderer

    row = KanjiVGRenderer(height=HEIGHT).render("あいうえお", np.random.default_rng(1))
    column = np.ascontiguousarray(np.rot90(row, k=-1))  # tategaki: the row's left is the column's top
    as_row, as_column = recognizer.predict([row, column])
    assert as_column.text == as_row.text


def test_without_the_policy_columns_stay_as_they_are(charset: Charset, tmp_path: Path):
    net = build_system("crnn_small", charset).net.eval()
    summary = export_module(net, charset, tmp_path / "model.onnx", input_height=HEIGHT)
    assert open_recognizer(summary["onnx"]).metadata.vertical_policy == "as_is"
