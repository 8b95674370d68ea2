"""Check a composed Hydra config before any training, and say where a bad value came from.

Hydra refuses unknown keys only in command-line overrides; a typo in a config file (an experiment's
``trainer.max_epoch``) or a wrong type (``data.batch_size=abc``) used to surface minutes later as a
``TypeError`` deep inside the library that received it. ``check_config`` reads every node with a
``_target_`` against its callable's signature first: the target must import, each key must be an
argument the callable takes, and a value given for an ``int``/``float``/``bool``/``str`` argument
must be one. Each problem names the key and, through ``hydra_origins``, the config file or the
command-line override that set it.
"""

from __future__ import annotations

import difflib
import functools
import inspect
import re
import types
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from omegaconf import DictConfig, OmegaConf

from hwocr.core.trust import locate

# Keys Hydra's instantiate reads itself; they are never arguments of the target.
INSTANTIATE_KEYS = frozenset({"_target_", "_partial_", "_recursive_", "_convert_", "_args_"})
_SIMPLE = (bool, int, float, str)
_PACKAGE = re.compile(r"^#\s*@package\s+(\S+)")


class ConfigError(ValueError):
    """A config that would fail once instantiated; the message has one line per problem."""


def _target_nodes(node: Any, key: str = "") -> Iterator[tuple[str, dict]]:
    """Every mapping with a ``_target_`` in a plain container, with its dotted key."""
    if isinstance(node, dict):
        if isinstance(node.get("_target_"), str):
            yield key, node
        for k, v in node.items():
            yield from _target_nodes(v, f"{key}.{k}" if key else str(k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _target_nodes(v, f"{key}[{i}]")


def _dotted(key: str) -> str:
    """``a.b[0].c`` as OmegaConf.select reads it: ``a.b.0.c``."""
    return re.sub(r"\[(\d+)\]", r".\1", key)


def _simple_type(hint: Any) -> type | None:
    """``int`` for ``int`` or ``int | None``; None for anything else (not checked)."""
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        hint = rest[0] if len(rest) == 1 else None
    return hint if hint in _SIMPLE else None


def _fits(value: Any, wanted: type) -> bool:
    if value is None:  # null means "the callable's default" often enough; not judged here
        return True
    if wanted is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if wanted is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, wanted)


def _signature(obj: Any) -> tuple[inspect.Signature, dict[str, Any]] | None:
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError):  # builtins and C extensions without one: nothing to check
        return None
    try:
        hints = typing.get_type_hints(obj.__init__ if inspect.isclass(obj) else obj)
    except Exception:  # noqa: BLE001 - unresolvable annotations only cost the type check
        hints = {}
    return signature, hints


def _node_problems(key: str, node: dict, resolve: Callable[[str], Any]) -> list[str]:
    target = node["_target_"]
    where = f"{key}._target_" if key else "_target_"
    try:
        obj = locate(target)
    except Exception as exc:  # noqa: BLE001 - any import failure is this config's problem
        cause = exc.__cause__ or exc
        return [f"{where}: cannot import {target!r} ({type(cause).__name__}: {str(cause).splitlines()[0]})"]
    found = _signature(obj)
    if found is None:
        return []
    signature, hints = found
    params = {n: p for n, p in signature.parameters.items() if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)}
    takes_any = any(p.kind is p.VAR_KEYWORD for p in signature.parameters.values())
    problems = []
    for name, value in node.items():
        if name in INSTANTIATE_KEYS:
            continue
        path = f"{key}.{name}" if key else str(name)
        if name not in params:
            if not takes_any:
                close = difflib.get_close_matches(str(name), list(params), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                problems.append(f"{path}: {target} takes no argument {name!r}{hint}")
            continue
        wanted = _simple_type(hints.get(name))
        if wanted is not None and isinstance(value, str) and "${" in value:
            value = resolve(path)
        if wanted is not None and not _fits(value, wanted):
            problems.append(f"{path}: {target} wants {wanted.__name__} for {name!r}, got {value!r}")
    return problems


def check_config(cfg: DictConfig, origin: Callable[[str], str | None] = lambda key: None) -> None:
    """ConfigError listing every ``_target_`` node's problem, each with ``origin(key)`` when known."""
    def resolve(key: str) -> Any:
        # None (not judged) where an interpolation cannot resolve outside a running job.
        return OmegaConf.select(cfg, _dotted(key), throw_on_resolution_failure=False)

    problems = []
    for key, node in _target_nodes(OmegaConf.to_container(cfg, resolve=False)):
        for problem in _node_problems(key, node, resolve):
            source = origin(problem.split(":", 1)[0])
            problems.append(f"{problem} [from {source}]" if source else problem)
    if problems:
        raise ConfigError("\n".join(problems))


def _package(path: Path, group: str) -> str:
    """The dotted package a config file's keys land under (its ``# @package`` line, else its group)."""
    for line in path.read_text(encoding="utf-8").splitlines()[:5]:
        match = _PACKAGE.match(line.strip())
        if match:
            package = match.group(1)
            return "" if package == "_global_" else group.replace("/", ".") if package == "_group_" else package
    return group.replace("/", ".")


def _group_order(folders: list[Path], config_name: str) -> list[str]:
    """The groups of the primary config's defaults list, in merge order (Hydra's ``choices`` are not)."""
    for folder in folders:
        path = folder / f"{config_name}.yaml"
        if path.is_file():
            entries = OmegaConf.to_container(OmegaConf.load(path).get("defaults") or [])
            keys = [next(iter(e)) for e in entries if isinstance(e, dict)]
            return [k.removeprefix("optional ").removeprefix("override ").strip().lstrip("/") for k in keys]
    return []


def _config_files(folders: list[Path], config_name: str, choices: dict[str, str | None]) -> list[tuple[Path, str]]:
    """(file, package) of the primary config and every chosen group option, in merge order, with
    the same-group defaults an option extends (``model/crnn_small`` -> ``model/crnn``) before it."""
    files: list[tuple[Path, str]] = []

    def add(group: str, name: str) -> None:
        for folder in folders:
            path = folder / group / f"{name}.yaml"
            if path.is_file():
                defaults = OmegaConf.load(path).get("defaults") or []
                for entry in defaults:  # plain names extend an option of the same group
                    if isinstance(entry, str) and entry != "_self_":
                        add(group, entry)
                files.append((path, _package(path, group)))
                return

    add("", config_name)
    order = _group_order(folders, config_name)
    groups = sorted((g for g, c in choices.items() if c and not g.startswith("hydra")),
                    key=lambda g: order.index(g) if g in order else len(order))
    for group in groups:
        add(group, choices[group])
    return files


def _value_in(path: Path, package: str, key: str) -> Any:
    """The value ``path`` gives ``key`` (dotted, in the whole config), or ``_UNSET``."""
    key = _dotted(key)
    if package:
        if not key.startswith(f"{package}."):
            return _UNSET
        key = key[len(package) + 1 :]
    content = OmegaConf.load(path)
    return OmegaConf.select(content, key, default=_UNSET, throw_on_resolution_failure=False)


_UNSET = object()


def hydra_origins(hydra_cfg: DictConfig, cfg: DictConfig) -> Callable[[str], str | None]:
    """Where a key of the running job's config ``cfg`` was set: the last command-line override or
    config file (of the job's search path) that sets it to its final value, or None."""
    folders = [Path(s.path) for s in hydra_cfg.runtime.config_sources if s.schema == "file"]
    choices = dict(hydra_cfg.runtime.choices)

    @functools.cache
    def files() -> list[tuple[Path, str]]:  # read only when a problem needs its origin
        return _config_files(folders, hydra_cfg.job.config_name, choices)

    groups = set(hydra_cfg.runtime.choices)
    # Group choices (experiment=..., data=...) set keys through their files, searched below.
    overrides = [o for o in hydra_cfg.overrides.task if o.split("=", 1)[0].lstrip("+~") not in groups]

    def origin(key: str) -> str | None:
        for override in reversed(overrides):
            name = override.split("=", 1)[0].lstrip("+~")
            if key == name or key.startswith(f"{name}."):
                return f"the command line: {override}"
        final = OmegaConf.select(cfg, _dotted(key), throw_on_resolution_failure=False)
        setting = [(path, value) for path, package in files()
                   if (value := _value_in(path, package, key)) is not _UNSET]
        winners = [path for path, value in setting if value == final] or [path for path, _ in setting]
        return str(winners[-1]) if winners else None

    return origin
