"""The trust boundary for model files: a config stored in a checkpoint or an ONNX file is data.

A model file may come from anywhere (a colleague, a download, a shared drive). Its stored training
config is Hydra config, and ``hydra.utils.instantiate`` calls whatever ``_target_`` names:
``shutil.copy``, ``builtins.open`` or ``torch.save`` would write files where the file's author
chose (Hydra's own blocklist stops only ``os.system``-like targets). So before anything from a
model file is instantiated, every ``_target_`` in it (nested, in ``_args_``, in ``_partial_``
nodes) must name one of hwocr's own *classes* in a fixed set of packages, or one of a few listed
factories. Functions are refused even inside those packages (``hwocr.core.charset`` also has
``write_charset_file``), and so are classes merely imported into them (``pathlib.Path`` in a
dataset module): the class's own module must be on the list too. Interpolations (``${...}``)
are refused: a stored config is resolved when saved, and resolving one here would run this
machine's resolvers on the file author's arguments.

Torch-free: the ONNX runtime path (``hwocr-eval model_path=x.onnx``) uses it as well.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from typing import Any

# Packages whose classes a stored config may build: datasets, renderers, text sources, charsets,
# recognizers and their Lightning systems, optimizers. Nothing that writes files or runs programs.
TRUSTED_CLASS_PREFIXES: tuple[str, ...] = (
    "hwocr.data.",
    "hwocr.synth.text.",
    "hwocr.synth.render.",
    "hwocr.synth.style.",
    "hwocr.synth.strokes.",
    "hwocr.core.charset.",
    "hwocr.models.",
    "hwocr.systems.",
    "torch.optim.",
)
# Callables that are not classes but build one: exact names, or a module whose every function is
# a pure factory (learning-rate schedules).
TRUSTED_FACTORIES: tuple[str, ...] = (
    "hwocr.core.charset.Charset.from_file",
    "hwocr.systems.schedules.",
)
# Never, whatever the prefix: stores and apps write files, readers' sample writers too.
REFUSED_PREFIXES: tuple[str, ...] = ("hwocr.data.readers.sample.", "hwocr.synth.store.", "hwocr.synth.app.")


class UntrustedConfigError(ValueError):
    """A config stored in a model file names code outside hwocr's allow-list."""


class CharsetMismatchError(ValueError):
    """A model file was trained with other characters than the charset it is loaded with."""


def check_stored_charset(stored: Sequence[str] | None, charset: Any, source: str) -> None:
    """CharsetMismatchError naming ``source`` when a model file's characters (``stored``, without
    the blank) differ from ``charset.chars``, even at the same count: its output classes would
    decode to the wrong characters. ``stored=None`` (a file without hwocr metadata) passes."""
    if stored is None:
        return
    stored, chars = list(stored), list(charset.chars)
    if stored == chars:
        return
    if len(stored) != len(chars):
        detail = f"{len(stored)} characters stored, {len(chars)} configured"
    else:
        k = next(i for i, (a, b) in enumerate(zip(stored, chars, strict=True)) if a != b)
        detail = f"same size ({len(stored)}), but class {k + 1} is {stored[k]!r} there and {chars[k]!r} here"
    raise CharsetMismatchError(
        f"{source}: trained with another charset than charset {getattr(charset, 'name', '?')!r} ({detail}); "
        "its output classes would decode to the wrong characters"
    )


def _starts(name: str, prefixes: Sequence[str]) -> bool:
    return any(name.startswith(p) if p.endswith(".") else name == p for p in prefixes)


def locate(target: str) -> Any:
    """The object a dotted ``_target_`` names: the longest importable module, then attributes.

    Like Hydra's own lookup, without its logging of every failed attempt. Shared by the trust
    check here and ``hwocr.cli.config_check``."""
    parts = target.split(".")
    for i in range(len(parts), 0, -1):
        module_name = ".".join(parts[:i])
        try:
            obj = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and not module_name.startswith(exc.name):  # the module exists; a dependency of it does not
                raise
            continue
        for attribute in parts[i:]:
            obj = getattr(obj, attribute)
        return obj
    raise ModuleNotFoundError(f"No module named {parts[0]!r}")


def trusted_target(name: str) -> bool:
    """Whether a stored config may instantiate ``name`` (see the module docstring)."""
    if not isinstance(name, str) or _starts(name, REFUSED_PREFIXES):
        return False
    if _starts(name, TRUSTED_FACTORIES):
        return True
    if not _starts(name, TRUSTED_CLASS_PREFIXES):
        return False
    try:
        obj = locate(name)
    except (ImportError, AttributeError):
        return False  # Hydra would fail on it anyway; no reason to let it try
    module = getattr(obj, "__module__", "") or ""
    return isinstance(obj, type) and _starts(module + ".", TRUSTED_CLASS_PREFIXES)


def _walk(node: Any, path: str):
    """(key path, value) of every leaf and ``_target_`` in nested mappings and sequences."""
    if isinstance(node, Mapping):
        for key, value in node.items():
            yield from _walk(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, Sequence) and not isinstance(node, str | bytes):
        for i, value in enumerate(node):
            yield from _walk(value, f"{path}[{i}]")
    else:
        yield path, node


def check_config_trusted(config: Any, source: str, node: str = "") -> None:
    """Raise ``UntrustedConfigError`` naming ``source`` and the key unless every ``_target_`` in
    ``config`` is allow-listed and no value is an interpolation. ``node`` prefixes key paths."""
    if hasattr(config, "_metadata") and hasattr(config, "_get_node"):  # an OmegaConf container
        from omegaconf import OmegaConf

        config = OmegaConf.to_container(config, resolve=False)
    for key, value in _walk(config, node):
        leaf = key.rsplit(".", 1)[-1]
        if leaf == "_target_" and not trusted_target(value):
            raise UntrustedConfigError(
                f"{source}: refusing to instantiate {key} = {value!r} from a model file: only hwocr's own "
                f"classes in {', '.join(TRUSTED_CLASS_PREFIXES)} (and {', '.join(TRUSTED_FACTORIES)}) may be "
                "built from a stored config (see 'Trust' in README.md)"
            )
        if isinstance(value, str) and "${" in value:
            raise UntrustedConfigError(
                f"{source}: refusing the interpolation {key} = {value!r} in a model file's stored config "
                "(stored configs are resolved when saved)"
            )
