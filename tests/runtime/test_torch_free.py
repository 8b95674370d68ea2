"""The runtime must load and predict where torch cannot be imported."""

from __future__ import annotations

import json
import subprocess
import sys

from PIL import Image

from hwocr.runtime import Recognizer

from .conftest import BLOCK_TORCH

SCRIPT = BLOCK_TORCH + """
import json
try:
    import torch
except ImportError:
    pass
else:
    raise SystemExit("torch import was not blocked")
from hwocr.runtime import Recognizer
predictions = Recognizer(sys.argv[1], threads=1).predict(sys.argv[2:])
assert not any(m == "torch" or m.startswith("torch.") for m in sys.modules), "torch got imported"
print(json.dumps([p.to_dict() for p in predictions], ensure_ascii=False))
"""


def test_recognizer_predicts_without_torch(tmp_path, onnx_model, lines):
    paths = []
    for i, line in enumerate(lines[:3]):
        paths.append(tmp_path / f"{i}.png")
        Image.fromarray(line).save(paths[-1])
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(onnx_model), *map(str, paths)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    predictions = json.loads(result.stdout)
    expected = Recognizer(onnx_model).predict(paths)
    assert [p["text"] for p in predictions] == [p.text for p in expected]
    assert [p["source"] for p in predictions] == [str(p) for p in paths]
