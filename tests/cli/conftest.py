"""The prediction CLI tests use the runtime tests' fixtures (an exported tiny model, drawn lines)."""

from tests.onnx_fixtures import HEIGHT, charset, draw_line, lines, onnx_model, tiny_net  # noqa: F401
from tests.runtime.conftest import net  # noqa: F401
