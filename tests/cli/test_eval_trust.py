"""``hwocr-eval`` treats a model file as data: a crafted ONNX whose stored config names
``shutil.copy`` is refused with a clear error, and nothing is written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hwocr.core.manifest import write_manifest
from hwocr.export.onnx_export import export_onnx
from tests.onnx_fixtures import HEIGHT


def _crafted_onnx(folder: Path, net, charset, secret: Path, stolen: Path) -> Path:
    # What a crafted file looks like: a harmless data module whose nested 'val' node Hydra would
    # instantiate first, calling shutil.copy(src=..., dst=...) on the reader's machine.
    config = {"data": {"_target_": "hwocr.data.datamodule.LineDataModule",
                       "val": {"_target_": "shutil.copy", "src": str(secret), "dst": str(stolen)}}}
    return export_onnx(net, charset, folder / "crafted.onnx", input_height=HEIGHT, metadata={"config": config})


def test_a_crafted_onnx_config_is_refused_and_writes_nothing(tmp_path, net, charset):
    secret, stolen = tmp_path / "secret.txt", tmp_path / "stolen.txt"
    secret.write_text("private")
    model = _crafted_onnx(tmp_path, net, charset, secret, stolen)
    proc = subprocess.run([sys.executable, "-m", "hwocr.cli.eval", f"model_path={model}", "lines=val",
                           f"output={tmp_path / 'e.json'}"], capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0
    assert "refusing to instantiate data.val._target_ = 'shutil.copy'" in proc.stderr
    assert str(model) in proc.stderr
    assert not stolen.exists() and not (tmp_path / "e.json").exists()


def test_eval_lines_from_elsewhere_stay_inside_their_folder(tmp_path, onnx_model, lines):
    from PIL import Image

    inside = tmp_path / "set"
    inside.mkdir()
    Image.fromarray(lines[0]).save(tmp_path / "outside.png")
    manifest = write_manifest([("../outside.png", "あ")], inside / "m.tsv")
    proc = subprocess.run([sys.executable, "-m", "hwocr.cli.eval", f"model_path={onnx_model}", f"lines={manifest}",
                           f"output={tmp_path / 'e.json'}"], capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0 and "m.tsv:1: image ../outside.png lies outside" in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "hwocr.cli.eval", f"model_path={onnx_model}", f"lines={manifest}",
                           f"lines_root={tmp_path}", f"output={tmp_path / 'e.json'}"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
