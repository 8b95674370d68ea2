"""Translate a Hydra sweep config (``hydra.sweeper.params``) into a W&B sweep YAML.

The W&B agent then runs the Hydra app itself, one run per suggestion, with the suggestion as
Hydra overrides (``${args_no_hyphens}`` gives ``key=value``) after the fixed overrides.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import ChoiceSweep, IntervalSweep, RangeSweep

METHODS = ("bayes", "random", "grid")


def parameter_spec(key: str, expression: str) -> dict[str, Any]:
    """One Hydra sweep expression (``choice(...)``, ``a,b,c``, ``range(...)``, ``interval(...)``,
    ``tag(log, interval(...))`` or a plain value) as a W&B parameter spec."""
    override = OverridesParser.create().parse_override(f"{key}={expression}")
    value = override.value()
    if isinstance(value, ChoiceSweep):
        return {"values": [_plain(v) for v in value.list]}
    if isinstance(value, RangeSweep):
        return {"values": [_plain(v) for v in override.sweep_iterator()]}
    if isinstance(value, IntervalSweep):
        low, high = value.start, value.end
        if "log" in value.tags:
            return {"distribution": "log_uniform_values", "min": float(low), "max": float(high)}
        if isinstance(low, int) and isinstance(high, int):
            return {"distribution": "int_uniform", "min": low, "max": high}
        return {"distribution": "uniform", "min": float(low), "max": float(high)}
    return {"value": _plain(value)}


def _plain(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)


def sweep_method(params: Mapping[str, str], requested: str | None) -> str:
    if requested:
        if requested not in METHODS:
            raise ValueError(f"unknown W&B sweep method {requested!r}; choose from {METHODS}")
        return requested
    # Only finite choices: a grid reproduces a basic-sweeper ablation exactly.
    specs = [parameter_spec(k, v) for k, v in params.items()]
    return "grid" if specs and all("distribution" not in s for s in specs) else "bayes"


def build_wandb_sweep(
    params: Mapping[str, str],
    metric: str,
    goal: str = "minimize",
    fixed_overrides: Sequence[str] = (),
    program: str = "hwocr-train",
    method: str | None = None,
    name: str | None = None,
    project: str | None = None,
    entity: str | None = None,
) -> dict[str, Any]:
    """A W&B sweep config dict: ``parameters`` from ``params`` (Hydra key -> sweep expression)."""
    if not params:
        raise ValueError("no sweep parameters: pick an hparams_search config or pass hydra.sweeper.params.KEY=...")
    if goal not in ("minimize", "maximize"):
        raise ValueError(f"goal must be minimize or maximize, got {goal!r}")
    sweep: dict[str, Any] = {}
    if name:
        sweep["name"] = name
    if project:
        sweep["project"] = project
    if entity:
        sweep["entity"] = entity
    sweep.update({
        "program": program,
        "method": sweep_method(params, method),
        "metric": {"name": metric, "goal": goal},
        "parameters": {key: parameter_spec(key, str(expr)) for key, expr in params.items()},
        # Hydra overrides, not flags: the suggestion comes after the fixed overrides so it wins.
        "command": ["${env}", "${program}", *fixed_overrides, "${args_no_hyphens}"],
    })
    return sweep
