"""The scoreboard reads every set through the runtime, scores closed sets by choice, skips absent sets."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from PIL import Image

from hwocr.core.charset import Charset
from hwocr.data.eval_sets import KmnistSet, ManifestSet
from hwocr.pipeline.evaluation import load_model
from hwocr.pipeline.scoreboard import format_table, run_suite, write_scoreboard
from hwocr.runtime import Recognizer
from hwocr.runtime.field import field_mask
from tests.onnx_fixtures import draw_line


def _manifest(folder: Path, texts: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for i, text in enumerate(texts):
        Image.fromarray(draw_line(40 + 8 * i, seed=i)).save(folder / f"{i}.png")
        rows.append(f"{i}.png\t{text}")
    (folder / "manifest.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder / "manifest.tsv"


def test_rows_match_the_runtime_and_absent_sets_are_skipped(tmp_path: Path, onnx_model: Path,
                                                           charset: Charset) -> None:
    texts = ["あ", "い", "う", "あ", "1", "2"]
    manifest = _manifest(tmp_path / "chars", texts)
    sets = {
        "chars": ManifestSet("chars", str(manifest), closed_set=True, field="hiragana"),
        "boxes": ManifestSet("boxes", str(manifest), field="hiragana", one_char=True, stretches=[0.7, 1, 1.4]),
        "gone": ManifestSet("gone", str(tmp_path / "nowhere.tsv")),
        "kmnist": KmnistSet("kmnist", str(tmp_path / "no-kmnist")),
    }
    rows = {row["set"]: row for row in run_suite(load_model(onnx_model), sets)}
    recognizer = Recognizer(onnx_model)
    images = [manifest.parent / f"{i}.png" for i in range(len(texts))]
    read = [p.text for p in recognizer.predict(images)]
    chosen = [c.text for c in recognizer.choose(images, sorted(set(texts)))]
    assert rows["chars"]["n"] == 6
    assert rows["chars"]["exact"] == sum(r == t for r, t in zip(read, texts, strict=True)) / 6
    assert rows["chars"]["closed_set"] == sum(c == t for c, t in zip(chosen, texts, strict=True)) / 6
    mask = field_mask(recognizer.charset, "hiragana")
    fielded = [p.text for p in recognizer.predict(images, field=mask)]
    assert rows["chars"]["field"] == sum(r == t for r, t in zip(fielded, texts, strict=True)) / 6
    assert "field: hiragana" in rows["chars"]["note"]
    boxes = [c.text for c in recognizer.read_char(images, field=mask)]
    assert rows["boxes"]["field"] == sum(r == t for r, t in zip(boxes, texts, strict=True)) / 6
    assert "field: one hiragana" in rows["boxes"]["note"]
    widths = [c.text for c in recognizer.read_char(images, field=mask, stretches=(0.7, 1.0, 1.4))]
    assert rows["boxes"]["field_widths"] == sum(r == t for r, t in zip(widths, texts, strict=True)) / 6
    assert "field_widths: x0.7/1/1.4" in rows["boxes"]["note"] and rows["chars"]["field_widths"] is None
    assert rows["gone"]["exact"] is None and rows["gone"]["note"].startswith("skipped:")
    assert "not found" in rows["kmnist"]["note"]


def test_kmnist_as_distributed_is_read_against_its_classes(tmp_path: Path, onnx_model: Path) -> None:
    folder = tmp_path / "kmnist"
    folder.mkdir()
    images = np.zeros((5, 28, 28), np.uint8)
    images[:, 8:20, 10:14] = 255  # white strokes on black, as published
    np.savez_compressed(folder / "kmnist-test-imgs.npz", images)
    np.savez_compressed(folder / "kmnist-test-labels.npz", np.array([0, 1, 2, 0, 1], np.uint8))
    data = KmnistSet("kmnist", str(folder)).load(Charset(list("おきす")))
    assert data.texts == ["お", "き", "す", "お", "き"] and len(data.classes) == 10
    assert data.images[0].shape == (28, 28) and data.images[0].max() == 255  # handed over untouched
    (row,) = run_suite(load_model(onnx_model), {"kmnist": KmnistSet("kmnist", str(folder))})
    # the tiny charset lacks most of the ten classes: the closed choice is refused, with the reason
    assert row["n"] == 5 and row["closed_set"] is None and "outside the charset" in row["note"]


def test_table_and_files(tmp_path: Path) -> None:
    rows = [{"set": "a", "n": 3, "exact": 0.5, "cer": 0.25, "cer_folded": 0.2, "closed_set": None,
             "lines_per_s": 10.0, "note": "x"}]
    assert "| a | 3 | 50.0 % | 25.0 % | 20.0 % | – | – | – | 10.0 | x |" in format_table(rows)
    path = write_scoreboard(tmp_path / "m.onnx", rows)
    assert json.loads(path.read_text())["sets"] == rows and path.with_suffix(".md").is_file()
