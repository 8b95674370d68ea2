"""The runtime tests' fixtures: tests/onnx_fixtures.py (shared with the export tests), an
untrained net whose argmax varies between lines, and a prelude that makes importing torch fail."""

import pytest

from hwocr.core.charset import Charset
from hwocr.models.ctc_recognizer import CTCRecognizer
from tests.onnx_fixtures import HEIGHT, charset, draw_line, lines, onnx_model, tiny_net  # noqa: F401


@pytest.fixture(scope="module")
def net(charset: Charset) -> CTCRecognizer:  # noqa: F811
    # Untrained, the residual shortcut makes every frame pick the same class; without it the
    # argmax varies from line to line, which these tests need to mean something.
    return tiny_net(charset.num_classes, residual=False)


# Prepended to `python -c` scripts: any import of torch fails, as on a machine without it.
BLOCK_TORCH = """
import importlib.abc
import sys


class _NoTorch(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "torch" or name.startswith("torch."):
            raise ImportError(f"torch is not installed here ({name})")
        return None


sys.meta_path.insert(0, _NoTorch())
"""
