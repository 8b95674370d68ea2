"""The ``hwocr-synth`` console script: subcommand words, Hydra overrides, errors, no stray folders."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from PIL import Image

from hwocr.cli.synth import command_overrides

SCRIPT = Path(sys.executable).with_name("hwocr-synth")


def run_cli(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """The installed console script (``python -m hwocr.cli.synth`` where it is not installed)."""
    cmd = [str(SCRIPT)] if SCRIPT.is_file() else [sys.executable, "-m", "hwocr.cli.synth"]
    return subprocess.run([*cmd, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_a_first_word_is_the_command() -> None:
    assert command_overrides(["build", "out=x", "lines=3"]) == ["command=build", "out=x", "lines=3"]
    assert command_overrides(["out=x", "build"]) == ["out=x", "build"]
    assert command_overrides(["--cfg", "job"]) == ["--cfg", "job"]
    assert command_overrides([]) == []


def test_build_resumes_with_the_same_command(tmp_path: Path) -> None:
    args = ("build", "out=store", "lines=6", "shard_size=3", "height=32", "renderer=strokes",
            "charset=quickstart", "progress=false")  # fmt: skip
    proc = run_cli(tmp_path, *args)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "6 lines in 2 shards" in proc.stdout
    store = tmp_path / "store"
    for name in ("shard-00001.json", "shard-00001.bin", "manifest.json"):  # as if interrupted
        (store / name).unlink()
    proc = run_cli(tmp_path, *args, "workers=2")
    assert proc.returncode == 0, proc.stderr[-3000:]
    manifest = json.loads((store / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["num_lines"] == 6 and manifest["settings"]["renderer"]["height"] == 32
    # Hydra writes nothing of its own: no outputs/ folder, no .hydra/, no log file.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_preview_and_manifest_commands(tmp_path: Path) -> None:
    proc = run_cli(tmp_path, "preview", "out=grid.png", "lines=3", "height=32", "renderer.vertical_prob=0.3")
    assert proc.returncode == 0, proc.stderr[-3000:]
    with Image.open(tmp_path / "grid.png") as grid:  # three lines of 32 px, each under its label
        assert grid.mode == "L" and grid.size[1] > 3 * 32
    proc = run_cli(tmp_path, "command=manifest", f"out={tmp_path / 'test'}", "lines=2", "height=32",
                   "renderer=strokes", "text.form=0")  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip().endswith("manifest.tsv")
    assert len((tmp_path / "test" / "manifest.tsv").read_text(encoding="utf-8").splitlines()) == 2


def test_unknown_keys_and_missing_out_fail_by_name(tmp_path: Path) -> None:
    proc = run_cli(tmp_path, "build", "out=store", "renderer.vertical_probability=0.3")
    assert proc.returncode != 0 and "renderer.vertical_probability" in proc.stderr
    proc = run_cli(tmp_path, "preview", "lines=2")
    assert proc.returncode != 0 and "Missing mandatory value: out" in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_help_and_cfg_show_the_composed_config(tmp_path: Path) -> None:
    proc = run_cli(tmp_path, "--help")
    assert proc.returncode == 0 and "renderer: fonts, handwriting, handwriting_real, mixed, strokes" in proc.stdout
    assert "charset: file, jis0208, joyo, kana_ascii, quickstart" in proc.stdout  # the training app's group
    proc = run_cli(tmp_path, "preview", "renderer=mixed", "--cfg", "job")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "command: preview" in proc.stdout and "hwocr.synth.render.mixed.MixedRenderer" in proc.stdout
