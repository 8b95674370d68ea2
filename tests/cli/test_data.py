"""``hwocr-data`` end to end on files built here: check exits non-zero listing each fault, stats,
compose and convert write manifests."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from hwocr.cli.data import main, run
from hwocr.core.manifest import read_manifest


def omniglot(root: Path) -> Path:
    for k in range(1, 4):
        for drawer in ("01", "02"):
            img = np.ones((105, 105), bool)
            img[30 + 10 * k : 40 + 10 * k, 20:80] = False
            path = root / "Japanese_(katakana)" / f"character{k:02d}" / f"09{k}0_{drawer}.png"
            path.parent.mkdir(parents=True, exist_ok=True)
            Image.fromarray(img).save(path)
    return root


def test_check_lists_faults_and_exits_non_zero(tmp_path: Path, capsys):
    Image.fromarray(np.full((30, 90), 255, np.uint8)).save(tmp_path / "a.png")
    (tmp_path / "m.tsv").write_text("a.png\tアイ\nb.png\tア\na.png\t漢\n", encoding="utf-8")
    assert run(["check", str(tmp_path / "m.tsv"), "charset=kana_ascii"]) == 1
    out = capsys.readouterr().out
    assert "m.tsv:2: missing-file" in out and "m.tsv:3: out-of-charset" in out and "m.tsv:3: duplicate" in out
    (tmp_path / "ok.tsv").write_text("a.png\tアイ\n", encoding="utf-8")
    assert run(["check", str(tmp_path / "ok.tsv")]) == 0


def test_compose_stats_and_convert_from_an_omniglot_folder(tmp_path: Path, capsys):
    root = omniglot(tmp_path / "omniglot")
    out = tmp_path / "lines"
    assert run(["compose", str(root), f"out={out}", "lines=5", "height=32", "vertical_prob=0.2"]) == 0
    entries = read_manifest(out / "manifest.tsv")
    assert len(entries) == 5 and all(set(e.text) <= set("アイウ") for e in entries)
    assert run(["stats", str(out / "manifest.tsv")]) == 0
    assert "katakana" in capsys.readouterr().out
    assert run(["convert", str(root), f"out={tmp_path / 'chars'}"]) == 0
    assert len(read_manifest(tmp_path / "chars" / "manifest.tsv")) == 6


def test_console_script_reports_reader_errors_without_a_traceback(tmp_path: Path, monkeypatch):
    (tmp_path / "ETL9G_01").write_bytes(bytes(100))
    monkeypatch.setattr(sys, "argv", ["hwocr-data", "stats", str(tmp_path / "ETL9G_01")])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert "ETL9G_01: record 0 is truncated" in str(exit_.value.code)
