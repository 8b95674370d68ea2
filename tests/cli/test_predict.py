from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from hwocr.cli.predict import main
from hwocr.core.manifest import write_manifest
from hwocr.runtime import Recognizer
from hwocr.runtime.field import field_mask
from tests.runtime.conftest import BLOCK_TORCH

CLI = BLOCK_TORCH + "\nfrom hwocr.cli.predict import main\nsys.exit(main(sys.argv[1:]))\n"


@pytest.fixture(scope="module")
def image_dir(tmp_path_factory, lines) -> Path:
    folder = tmp_path_factory.mktemp("images")
    (folder / "sub").mkdir()
    for i, line in enumerate(lines):
        Image.fromarray(line).save(folder / ("sub" if i % 2 else ".") / f"line{i}.png")
    (folder / "notes.txt").write_text("not an image")
    return folder


@pytest.fixture(scope="module")
def expected(onnx_model, image_dir) -> dict[str, str]:
    paths = sorted(image_dir.rglob("*.png"))
    return {str(p): pr.text for p, pr in zip(paths, Recognizer(onnx_model).predict(paths), strict=True)}


def test_tsv_for_a_folder_and_a_file(onnx_model, image_dir, expected, capsys):
    one = str(image_dir / "line0.png")
    assert main([str(onnx_model), str(image_dir), one, "--threads", "1"]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert [r[0] for r in rows] == sorted(expected) + [one]
    assert all(text == expected[path] for path, text in rows)


def test_jsonl_carries_confidences(onnx_model, image_dir, expected, capsys):
    assert main([str(onnx_model), str(image_dir), "--format", "jsonl", "--batch-size", "2"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["path"]: r["text"] for r in records} == expected
    assert all(len(r["char_confidences"]) == len(r["text"]) and r["error"] is None for r in records)


def test_manifest_with_cer(onnx_model, image_dir, expected, capsys):
    paths = sorted(expected)
    rows = [(Path(p).relative_to(image_dir), expected[p] or "あ") for p in paths]
    manifest = write_manifest(rows, image_dir / "lines.tsv")
    assert main([str(onnx_model), "--manifest", str(manifest), "--cer"]) == 0
    captured = capsys.readouterr()
    printed = [line.split("\t") for line in captured.out.splitlines()]
    assert [p for p, _ in printed] == [str(rel) for rel, _ in rows]
    assert "CER" in captured.err and "line accuracy" in captured.err
    if all(expected.values()):
        assert "CER 0.00%" in captured.err


def test_bad_input_is_reported_and_the_rest_printed(onnx_model, image_dir, capsys):
    missing = image_dir / "missing.png"
    assert main([str(onnx_model), str(image_dir / "line0.png"), str(missing)]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith(str(image_dir / "line0.png") + "\t")
    assert str(missing) in captured.err and "1 of 2 inputs" in captured.err


def test_missing_model_or_no_inputs(tmp_path, onnx_model, capsys):
    assert main([str(tmp_path / "none.onnx"), str(tmp_path)]) == 2
    assert main([str(onnx_model)]) == 2
    assert "no input images" in capsys.readouterr().err


def test_progress_for_many_lines_goes_to_stderr(onnx_model, image_dir, capsys):
    one = str(image_dir / "line0.png")
    assert main([str(onnx_model), *[one] * 120, "--batch-size", "64"]) == 0
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 120
    assert "120" in captured.err


def test_cli_runs_without_torch(onnx_model, image_dir, expected):
    result = subprocess.run([sys.executable, "-c", CLI, str(onnx_model), str(image_dir), "--format", "tsv"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    rows = dict(line.split("\t") for line in result.stdout.splitlines())
    assert rows == expected


def test_choices_pick_from_a_closed_list(onnx_model, image_dir, tmp_path, capsys):
    choices = tmp_path / "choices.txt"
    choices.write_text("あい\nかき\n\nさしす\n1\n", encoding="utf-8")
    paths = sorted(image_dir.rglob("*.png"))
    expected = [c.text for c in Recognizer(onnx_model).choose(paths, ["あい", "かき", "さしす", "1"])]
    assert main([str(onnx_model), *map(str, paths), "--choices", str(choices), "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["text"] for r in records] == expected
    assert all(0.0 < r["probability"] <= 1.0 and r["runner_up"] for r in records)


def test_an_empty_choices_file_is_named(onnx_model, image_dir, tmp_path, capsys):
    choices = tmp_path / "none.txt"
    choices.write_text("\n\n", encoding="utf-8")
    assert main([str(onnx_model), str(image_dir), "--choices", str(choices)]) == 2
    assert "none.txt: no candidate texts" in capsys.readouterr().err


def test_a_decompression_bomb_does_not_stop_the_run(onnx_model, image_dir, expected, tmp_path, monkeypatch, capsys):
    Image.new("L", (4000, 40), 255).save(tmp_path / "huge.png")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 50_000)  # the 4000x40 scan counts as a bomb here
    assert main([str(onnx_model), str(tmp_path / "huge.png"), str(image_dir), "--threads", "1"]) == 1
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == len(expected)  # every good line still read
    assert "huge.png: image too large" in err and "Traceback" not in err


@pytest.mark.parametrize("content", [b"", b"\x08\x07" * 10, b"not an onnx model at all"])
def test_a_broken_model_file_is_one_line(tmp_path, image_dir, content, capsys):
    model = tmp_path / "broken.onnx"
    model.write_bytes(content)
    assert main([str(model), str(image_dir)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"hwocr-predict: {model}: ") and len(err.splitlines()) == 1


def test_field_reads_only_the_fields_characters(onnx_model, image_dir, capsys):
    paths = sorted(image_dir.rglob("*.png"))
    recognizer = Recognizer(onnx_model)
    expected = [p.text for p in recognizer.predict(paths, field=field_mask(recognizer.charset, "digits", "あ"))]
    assert main([str(onnx_model), *map(str, paths), "--field", "digits", "--field-chars", "あ", "--no-progress"]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert [text for _, text in rows] == expected
    assert all(set(text) <= set("123あ") for text in expected)


def test_a_bad_field_is_named(onnx_model, image_dir, capsys):
    assert main([str(onnx_model), str(image_dir), "--field", "katakanna"]) == 2
    assert "unknown script(s) ['katakanna']" in capsys.readouterr().err


def test_one_char_reads_each_box_as_one_character(onnx_model, image_dir, capsys):
    paths = sorted(image_dir.rglob("*.png"))
    recognizer = Recognizer(onnx_model)
    expected = [c.text for c in recognizer.read_char(paths, field=field_mask(recognizer.charset, "hiragana"))]
    assert main([str(onnx_model), *map(str, paths), "--one-char", "--field", "hiragana", "--format", "jsonl",
                 "--no-progress"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["text"] for r in records] == expected and all(len(t) == 1 for t in expected)
    assert main([str(onnx_model), str(image_dir), "--one-char", "--choices", "x.txt"]) == 2
    capsys.readouterr()
    # at three widths, averaged: what Recognizer.read_char(stretches=...) reads
    widths = [c.text for c in recognizer.read_char(paths, field=field_mask(recognizer.charset, "hiragana"),
                                                   stretches=(0.7, 1.0, 1.4))]
    assert main([str(onnx_model), *map(str, paths), "--one-char", "--field", "hiragana", "--widths", "0.7,1,1.4",
                 "--format", "jsonl", "--no-progress"]) == 0
    assert [json.loads(line)["text"] for line in capsys.readouterr().out.splitlines()] == widths
    assert main([str(onnx_model), str(image_dir), "--widths", "0.7,1"]) == 2  # needs --one-char
    assert "--widths needs --one-char" in capsys.readouterr().err
    assert main([str(onnx_model), str(image_dir), "--one-char", "--widths", "0,x"]) == 2
    assert "--widths wants positive numbers" in capsys.readouterr().err
