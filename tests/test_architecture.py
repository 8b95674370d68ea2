"""The one-way rules of ARCHITECTURE.md, checked on the source text (``ast``), never by importing.

Every ``import`` counts: module level, inside functions (lazy imports), under ``if TYPE_CHECKING``.
A lazy import hides a dependency from a reader, not from production: ``hwocr.runtime`` importing
torch inside a function still needs torch installed. Reading the source also means a broken or
torch-less environment cannot make these checks pass by accident.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "hwocr"
MAX_LINES = 360

STDLIB = frozenset(sys.stdlib_module_names)
# Subpackages that stand on nothing but the standard library, numpy, Pillow, rapidfuzz and hwocr.core.
BASE = ("core", "decoding", "metrics")
BASE_THIRD_PARTY = frozenset({"numpy", "PIL", "rapidfuzz"})
RUNTIME_THIRD_PARTY = frozenset({"numpy", "PIL", "onnxruntime"})
RUNTIME_HWOCR = frozenset({"core", "runtime", "decoding", "metrics"})
# Training-side names that must never reach production (runtime) or the base package (core).
TRAINING_ONLY = frozenset({"torch", "pytorch_lightning", "lightning", "hydra"})
TRAINING_HWOCR = frozenset({"data", "models", "systems", "export", "pipeline", "synth", "tracking", "cli"})
# (importing package, top-level hwocr subpackages it must not import): the layers may only look down.
FORBIDDEN_HWOCR = {
    "data": frozenset({"models", "systems", "export", "pipeline", "cli"}),
    "models": frozenset({"data", "systems", "export", "pipeline", "cli"}),
}

# Violations that are known, reported and owned by someone else. Each entry must still occur
# (the test fails when one is fixed, so the list only shrinks): (module, imported name) -> why.
KNOWN_VIOLATIONS: dict[tuple[str, str], str] = {
    ("hwocr.core.manifest", "cv2"): "write_image_manifest writes PNGs with OpenCV; core should use Pillow",
    ("hwocr.core.trust", "omegaconf"): "check_config_trusted converts an OmegaConf container lazily",
}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. "hwocr.runtime.recognizer"
    name: str  # the imported module, absolute, e.g. "hwocr.core.image" or "numpy"
    path: Path
    line: int

    def where(self) -> str:
        return f"{self.path.relative_to(SRC.parent)}:{self.line} ({self.module} imports {self.name})"


def module_name(path: Path, root: Path = SRC) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _subpackages() -> frozenset[str]:
    return frozenset(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())


def _imports_of(path: Path, subpackages: frozenset[str], root: Path = SRC) -> Iterator[Import]:
    module = module_name(path, root)
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, alias.name, path, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the importing module's package
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if source == "hwocr":  # ``from hwocr import data`` imports the subpackage hwocr.data
                for alias in node.names:
                    sub = alias.name in subpackages
                    yield Import(module, f"hwocr.{alias.name}" if sub else "hwocr", path, node.lineno)
            else:
                yield Import(module, source, path, node.lineno)


def _all_imports() -> list[Import]:
    subpackages = _subpackages()
    return [imp for path in sorted(PACKAGE.rglob("*.py")) for imp in _imports_of(path, subpackages)]


IMPORTS = _all_imports()


def top(name: str) -> str:
    """``numpy.linalg`` -> ``numpy``; ``hwocr.core.image`` -> ``hwocr.core``; ``hwocr`` -> ``hwocr``."""
    parts = name.split(".")
    return ".".join(parts[:2]) if parts[0] == "hwocr" else parts[0]


def layer(module: str) -> str | None:
    """The top-level hwocr subpackage a module belongs to (``None`` for ``hwocr/__init__.py``)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def _is_known(imp: Import) -> bool:
    return (imp.module, top(imp.name)) in KNOWN_VIOLATIONS


def _report(bad: list[Import], rule: str) -> str:
    return f"{rule}:\n  " + "\n  ".join(imp.where() for imp in bad)


def test_the_scanner_sees_the_package() -> None:
    # Guards against a vacuous pass: a moved src/ or a broken resolver would find no imports at all.
    names = {(imp.module, imp.name) for imp in IMPORTS}
    assert ("hwocr.runtime.recognizer", "hwocr.core.image") in names
    assert any(imp.module.startswith("hwocr.models.") and top(imp.name) == "torch" for imp in IMPORTS)
    assert layer("hwocr.data.readers.etl") == "data"
    assert top("hwocr.core.image") == "hwocr.core" and top("numpy.linalg") == "numpy"


@pytest.mark.parametrize("package", ["runtime", "core"])
def test_production_never_imports_training_code(package: str) -> None:
    bad = [
        imp
        for imp in IMPORTS
        if layer(imp.module) == package
        and (top(imp.name) in TRAINING_ONLY or top(imp.name) in {f"hwocr.{p}" for p in TRAINING_HWOCR})
        and not _is_known(imp)
    ]
    assert not bad, _report(bad, f"hwocr.{package} imports training-side code")


def test_runtime_stands_on_numpy_onnxruntime_pillow_and_the_base_only() -> None:
    def allowed(name: str) -> bool:
        root = top(name)
        if root.startswith("hwocr"):
            return root == "hwocr" or layer(root) in RUNTIME_HWOCR
        return root in STDLIB or root in RUNTIME_THIRD_PARTY

    bad = [imp for imp in IMPORTS if layer(imp.module) == "runtime" and not allowed(imp.name)]
    assert not bad, _report(bad, "hwocr.runtime imports outside numpy/onnxruntime/PIL/stdlib/base")


@pytest.mark.parametrize("package", BASE)
def test_base_packages_import_stdlib_numpy_pillow_rapidfuzz_and_core_only(package: str) -> None:
    def allowed(name: str) -> bool:
        root = top(name)
        if root.startswith("hwocr"):
            return root in {"hwocr", "hwocr.core", f"hwocr.{package}"}
        return root in STDLIB or root in BASE_THIRD_PARTY

    bad = [
        imp for imp in IMPORTS if layer(imp.module) == package and not allowed(imp.name) and not _is_known(imp)
    ]
    assert not bad, _report(bad, f"hwocr.{package} imports outside stdlib/numpy/PIL/rapidfuzz/hwocr.core")


@pytest.mark.parametrize("package", sorted(FORBIDDEN_HWOCR))
def test_lower_layers_never_import_upper_ones(package: str) -> None:
    forbidden = {f"hwocr.{p}" for p in FORBIDDEN_HWOCR[package]}
    bad = [imp for imp in IMPORTS if layer(imp.module) == package and top(imp.name) in forbidden]
    assert not bad, _report(bad, f"hwocr.{package} imports a layer above it")


def test_only_cli_imports_cli() -> None:
    bad = [imp for imp in IMPORTS if layer(imp.module) != "cli" and top(imp.name) == "hwocr.cli"]
    assert not bad, _report(bad, "console scripts are leaves: only hwocr.cli imports hwocr.cli")


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm; returns the components with more than one node (the cycles)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_scanner_counts_lazy_relative_and_from_package_imports(tmp_path: Path) -> None:
    module = tmp_path / "hwocr" / "runtime" / "reader.py"
    module.parent.mkdir(parents=True)
    module.write_text(
        '"""doc"""\nfrom . import batching\nfrom ..core.image import load\nfrom hwocr import data\n'
        "def f():\n    import torch\n",
        encoding="utf-8",
    )
    found = {imp.name for imp in _imports_of(module, frozenset({"data", "core"}), root=tmp_path)}
    assert found == {"hwocr.runtime", "hwocr.core.image", "hwocr.data", "torch"}


def test_strongly_connected_finds_a_cycle_and_only_a_cycle() -> None:
    assert _strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _strongly_connected({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_between_subpackages() -> None:
    graph: dict[str, set[str]] = {}
    edges: dict[tuple[str, str], Import] = {}
    for imp in IMPORTS:
        src, dst = layer(imp.module), layer(top(imp.name)) if top(imp.name).startswith("hwocr.") else None
        if src and dst and src != dst:
            graph.setdefault(src, set()).add(dst)
            edges.setdefault((src, dst), imp)
    cycles = _strongly_connected(graph)
    detail = [
        edges[(a, b)].where() for cycle in cycles for a in cycle for b in cycle if (a, b) in edges
    ]
    assert not cycles, f"import cycles between subpackages {cycles}; one import per edge:\n  " + "\n  ".join(detail)


def test_known_violations_still_exist() -> None:
    # When one is fixed, delete its entry so the rule guards that module again.
    present = {(imp.module, top(imp.name)) for imp in IMPORTS}
    stale = [key for key in KNOWN_VIOLATIONS if key not in present]
    assert not stale, f"fixed, remove from KNOWN_VIOLATIONS: {stale}"


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_module_has_docstring_and_fits_on_a_few_screens(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lines = len(text.splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(SRC.parent)} has {lines} lines (> {MAX_LINES}): split it"
    if path.name == "__init__.py" and not text.strip():
        return  # an empty package marker has nothing to describe
    assert ast.get_docstring(ast.parse(text)), f"{path.relative_to(SRC.parent)} opens without a docstring"
