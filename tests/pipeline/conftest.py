"""The pipeline tests use the exported tiny model of tests/onnx_fixtures.py."""

from tests.onnx_fixtures import charset, draw_line, net, onnx_model  # noqa: F401
