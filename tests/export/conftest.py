"""The export tests' fixtures live in tests/onnx_fixtures.py (shared with the runtime tests)."""

from tests.onnx_fixtures import HEIGHT, charset, draw_line, lines, net, onnx_model, tiny_net  # noqa: F401
