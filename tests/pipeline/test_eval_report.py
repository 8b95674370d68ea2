"""The evaluation report: its files, the images it shows, and the same numbers as evaluate_model / run_suite."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
from PIL import Image

from hwocr.data.eval_lines import lines_from_manifest
from hwocr.data.eval_sets import ManifestSet
from hwocr.metrics.confusions import ConfusionCounter
from hwocr.pipeline.eval_report import evaluate_with_report, line_sources, report_paths, suite_with_report
from hwocr.pipeline.evaluation import LoadedModel, evaluate_model, load_model
from hwocr.pipeline.scoreboard import run_suite
from hwocr.runtime import Recognizer
from tests.onnx_fixtures import draw_line

KANA = "あいうえおかきくけこさしすせそ"


def _manifest(folder: Path, count: int, sources: tuple[str, ...] = ("etl", "kmnist")) -> Path:
    """``count`` drawn lines with random kana texts, alternating between the ``sources`` sub-folders."""
    rng = np.random.default_rng(7)
    rows = []
    for i in range(count):
        sub = folder / sources[i % len(sources)]
        sub.mkdir(parents=True, exist_ok=True)
        Image.fromarray(draw_line(int(rng.integers(60, 200)), seed=100 + i)).save(sub / f"{i}.png")
        rows.append(f"{sub.name}/{i}.png\t{''.join(rng.choice(list(KANA), int(rng.integers(2, 7))))}")
    (folder / "manifest.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder / "manifest.tsv"


def _model_copy(onnx_model: Path, folder: Path) -> Path:
    """The fixture model in a folder of its own: the report is written beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(onnx_model, folder / "tiny.onnx"))


def _linked_files(md: Path) -> list[Path]:
    text = md.read_text(encoding="utf-8")
    html = md.with_suffix(".html").read_text(encoding="utf-8")
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert sorted(links) == sorted(re.findall(r'<img src="([^"]+)"', html))  # both show the same images
    return [md.parent / link for link in links]


def test_report_files_images_and_numbers(tmp_path: Path, onnx_model: Path) -> None:
    model = _model_copy(onnx_model, tmp_path / "model")
    lines = lines_from_manifest(_manifest(tmp_path / "data", 12))
    result, md = evaluate_with_report(load_model(model), lines, batch_size=4, worst=4, pairs=5)
    md_path, html_path, figures = report_paths(model)
    assert md == md_path and html_path.is_file() and figures.is_dir()
    assert md.name == "tiny.report.md" and figures.name == "tiny.report"

    # the same numbers as a separate evaluate_model run on the same file and lines
    expected = evaluate_model(model, lines, batch_size=4)
    for key in ("cer", "cer_folded", "one_minus_ned", "line_accuracy", "substitutions", "deletions",
                "insertions", "num_samples", "rejection"):
        assert result[key] == expected[key], key
    text = md.read_text(encoding="utf-8")
    assert f"| CER | {100 * expected['cer']:.2f} % |" in text
    assert f"| exact lines | {100 * expected['line_accuracy']:.2f} % |" in text
    assert f"| 1 − NED | {expected['one_minus_ned']:.4f} |" in text
    assert f"| substitutions | {expected['substitutions']} |" in text and f"| insertions | {expected['insertions']} |" in text
    assert f"| ECE (line confidence) | {expected['rejection']['expected_calibration_error']:.4f} |" in text
    point = expected["rejection"]["by_rejection_rate"]["0.1"]
    assert f"| 10 % | {point['threshold']:.4f} | {point['accepted']} | {100 * point['cer']:.2f} % |" in text

    # every image referenced exists; worst lines, confusion crops and the coverage plot are among them
    files = _linked_files(md)
    assert files and all(f.is_file() and f.stat().st_size > 0 for f in files)
    names = {f.name for f in files}
    assert any("_worst_00" in n for n in names) and any("_coverage" in n for n in names)
    assert any("_pair_00_misread" in n for n in names)
    assert sorted(figures.glob("*.png")) == sorted(set(files))  # nothing stale, nothing unreferenced

    # the worst line is the one with the most edits, shown with its character confidences
    recognizer = Recognizer(model)
    predictions = recognizer.predict(lines.images)
    worst_row = next(line for line in text.splitlines() if "_worst_00.png" in line)
    cells = [c.strip() for c in worst_row.strip("|").split(" | ")]
    index = int(cells[0])
    assert cells[2] == lines.texts[index] and cells[3] == predictions[index].text
    p = predictions[index]
    if p.text:
        assert cells[6].startswith(f"{p.text[0]} {p.char_confidences[0]:.2f}")

    # the confusion sheet lists the most frequent pairs, with their counts
    counter = ConfusionCounter()
    counter.update(lines.texts, [q.text for q in predictions])
    r, h, n = next((r, h, n) for r, h, n in counter.most_common(len(counter.counts)) if r and h)
    assert f"| {r} | {h} | {n} |" in text

    # lines from two sub-folders: a per-source table
    assert "## Per source" in text and "| etl | 6 |" in text and "| kmnist | 6 |" in text


def test_a_rerun_replaces_the_figures(tmp_path: Path, onnx_model: Path) -> None:
    model = _model_copy(onnx_model, tmp_path / "model")
    evaluate_with_report(load_model(model), lines_from_manifest(_manifest(tmp_path / "big", 10)), worst=8)
    _, md = evaluate_with_report(load_model(model), lines_from_manifest(_manifest(tmp_path / "small", 3, ("one",))),
                                 worst=8)
    assert sorted(report_paths(model)[2].glob("*.png")) == sorted(set(_linked_files(md)))
    assert "Per source" not in md.read_text(encoding="utf-8")  # one source: no table


def test_suite_report_has_the_scoreboard_and_a_section_per_set(tmp_path: Path, onnx_model: Path) -> None:
    model = _model_copy(onnx_model, tmp_path / "model")
    sets = {
        "first": ManifestSet("first", str(_manifest(tmp_path / "first", 6, ("x",)))),
        "absent": ManifestSet("absent", str(tmp_path / "nowhere.tsv")),
        "second": ManifestSet("second", str(_manifest(tmp_path / "second", 5, ("y",))), closed_set=True),
    }
    rows, md = suite_with_report(load_model(model), sets, batch_size=4)
    expected = run_suite(load_model(model), sets, batch_size=4)
    speed = "lines_per_s"
    assert [{k: v for k, v in r.items() if k != speed} for r in rows] == [
        {k: v for k, v in r.items() if k != speed} for r in expected]
    text = md.read_text(encoding="utf-8")
    assert "## Scoreboard" in text and "| absent | 0 |" in text
    assert "## Set: first" in text and "## Set: second" in text and "## Set: absent" not in text
    for row in expected[::2]:  # first and second: the set's CER in its own metrics table
        section = text.split(f"## Set: {row['set']}")[1]
        assert f"| CER | {100 * row['cer']:.2f} % |" in section.split("## Set:")[0]
    assert "| closed-set accuracy |" in text.split("## Set: second")[1]
    assert all(f.is_file() for f in _linked_files(md))


def test_a_model_without_confidences_gets_texts_only(tmp_path: Path, onnx_model: Path) -> None:
    """A checkpoint reads texts only (no confidences, positions): no rejection, whole lines as examples."""
    recognizer = Recognizer(onnx_model)
    loaded = LoadedModel(tmp_path / "model.ckpt", lambda images, bs: [p.text for p in recognizer.predict(images)],
                         recognizer.charset, None, 0.0)
    lines = lines_from_manifest(_manifest(tmp_path / "data", 5))
    result, md = evaluate_with_report(loaded, lines)
    text = md.read_text(encoding="utf-8")
    assert "rejection" not in result and "export the model to ONNX" in text
    assert f"| CER | {100 * result['cer']:.2f} % |" in text
    assert all(f.is_file() for f in _linked_files(md))


def test_sources_from_ids_and_folders(tmp_path: Path) -> None:
    assert line_sources([], "m.tsv", ids=["handwriting[3]", "fonts[0]", "x.tsv:12"]) == ["handwriting", "fonts", "x.tsv"]
    assert line_sources([np.zeros((2, 2))], "m.tsv") is None
    # a mix's source names are taken as they are; one source alone is no breakdown
    assert line_sources([], "m.tsv", sources=["set:2", "kanjivg", ""]) == ["set:2", "kanjivg", "?"]
    assert line_sources([], "m.tsv", sources=["kanjivg", "kanjivg"]) is None
    assert line_sources([tmp_path / "a" / "1.png", tmp_path / "a" / "2.png"], str(tmp_path / "m.tsv")) is None


def test_cli_report_flag(tmp_path: Path, onnx_model: Path) -> None:
    model = _model_copy(onnx_model, tmp_path / "model")
    manifest = _manifest(tmp_path / "data", 4)
    proc = subprocess.run([sys.executable, "-m", "hwocr.cli.eval", f"model_path={model}", f"lines={manifest}",
                           "report=true"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    md, html, _ = report_paths(model)
    assert md.is_file() and html.is_file() and f"wrote {md}" in proc.stdout
    assert model.with_name("tiny.eval.json").is_file()


def test_sources_of_a_mixed_data_config_get_the_per_source_table(tmp_path: Path, onnx_model: Path) -> None:
    from hwocr.data.eval_lines import LineSet

    model = _model_copy(onnx_model, tmp_path / "model")
    images = [draw_line(60 + 10 * i, seed=300 + i) for i in range(6)]
    lines = LineSet(images, ["あい", "う", "えお", "か", "きく", "け"], "data config 'val' split",
                    ["handwriting", "kanjivg"] * 3)
    _, md = evaluate_with_report(load_model(model), lines, worst=2)
    text = md.read_text(encoding="utf-8")
    assert "## Per source" in text and "| handwriting | 3 |" in text and "| kanjivg | 3 |" in text
