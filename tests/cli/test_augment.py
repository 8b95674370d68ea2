"""``hwocr-augment``: preview any pipeline to a PNG; bad arguments fail by name without a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import cv2
import pytest

from hwocr.cli.augment import main, parse_preview_args

SCRIPT = Path(sys.executable).with_name("hwocr-augment")


def test_arguments_are_key_value_pairs() -> None:
    options, overrides = parse_preview_args(["augment=forms", "out=x.png", "strength=0.5", "augment.transforms.0.p=1"])
    assert options == {"augment": "forms", "out": "x.png", "strength": 0.5}
    assert overrides == ["augment.transforms.0.p=1"]
    with pytest.raises(ValueError, match="unknown key 'strenght'"):
        parse_preview_args(["augment=forms", "out=x.png", "strenght=2"])
    with pytest.raises(ValueError, match="missing out"):
        parse_preview_args(["augment=forms"])
    with pytest.raises(ValueError, match="lines: expected int"):
        parse_preview_args(["augment=forms", "out=x.png", "lines=many"])


def test_preview_writes_a_grid(tmp_path: Path, capsys) -> None:
    out = tmp_path / "medium.png"
    assert main(["preview", "augment=medium", "strength=0.5", f"out={out}", "lines=2", "draws=3", "height=32"]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    grid = cv2.imread(str(out), cv2.IMREAD_GRAYSCALE)
    assert grid is not None and grid.shape[0] > 2 * 32
    assert main(["preview", "augment=none", "strength=2", f"out={tmp_path / 'none.png'}", "lines=1"]) == 0


def test_errors_name_the_problem(tmp_path: Path, capsys) -> None:
    assert main(["preview", "augment=mediun", f"out={tmp_path / 'x.png'}"]) == 2
    assert "augment=mediun: no such config" in capsys.readouterr().err
    assert main(["preview", "augment=light", f"out={tmp_path / 'x.png'}", "+augment.transforms.5.var_limit=3"]) == 2
    assert main(["preview", "augment=light", f"out={tmp_path / 'x.png'}", "augment.transforms.5.var_limit=3"]) == 2
    assert "var_limit" in capsys.readouterr().err
    assert main(["show"]) == 2 and "usage" in capsys.readouterr().err
    assert main(["list"]) == 0 and "forms" in capsys.readouterr().out.split()


def test_the_console_script(tmp_path: Path) -> None:
    cmd = [str(SCRIPT)] if SCRIPT.is_file() else [sys.executable, "-m", "hwocr.cli.augment"]
    proc = subprocess.run([*cmd, "preview", "augment=scan", "out=scan.png", "lines=1", "draws=2"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scan.png"]  # nothing else written
