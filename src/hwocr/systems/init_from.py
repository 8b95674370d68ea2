"""Start a new run from another run's weights (``init_from=PATH``): fine-tuning, charset extension.

Only the network's weights travel; the optimizer, schedule, step count and the source run's
config stay behind, so the new run is a fresh run with a warm start. The checkpoint is read with
``hwocr.systems.loading.load_checkpoint_file`` (``torch.load(weights_only=True)``): its tensors
and its charset are data, and nothing from its stored config is instantiated.

The new charset may be larger and in another order than the source's. Every tensor indexed by
class (the CTC/CE head's rows, an autoregressive decoder's token embedding, ...) is found by
building the network twice with class counts one apart and comparing shapes, so no model has to
declare its class-indexed parameters. Such tensors are copied row by row *by character*: blank to
blank, each old character to wherever the new charset puts it, and ids past the classes (BOS,
padding) to the same place past the new classes; rows of new characters keep their fresh
initialisation. Every other tensor is copied as is. A source character the new charset lacks is
an error: its trained row would be silently dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import hydra
import torch
from omegaconf import DictConfig, OmegaConf
from torch import nn

from hwocr.core.charset import Charset
from hwocr.systems.base import RecognitionSystem
from hwocr.systems.loading import CheckpointError, load_checkpoint_file

log = logging.getLogger(__name__)

NET_PREFIX = "net."


@dataclass
class TransferReport:
    """What ``init_from_checkpoint`` carried over, for the log and for tests."""

    source: str
    source_charset: str
    carried_chars: int
    new_chars: list[str] = field(default_factory=list)
    class_indexed: dict[str, int] = field(default_factory=dict)  # parameter name -> class dimension
    copied: int = 0  # tensors copied as they are

    def summary(self) -> str:
        new = "".join(self.new_chars[:20]) + ("..." if len(self.new_chars) > 20 else "")
        return (
            f"init_from {self.source}: {self.copied} tensors copied, {len(self.class_indexed)} class-indexed "
            f"({', '.join(self.class_indexed)}) mapped by character for {self.carried_chars} characters of "
            f"charset {self.source_charset!r}; {len(self.new_chars)} new characters initialised fresh"
            + (f" ({new})" if new else "")
        )


def source_charset_chars(checkpoint: Mapping[str, Any], source: str) -> tuple[list[str], str]:
    """The characters (in class order) and name of the charset a checkpoint was trained with."""
    stored = (checkpoint.get("hwocr") or {}).get("charset") or {}
    chars = stored.get("chars")
    if not isinstance(chars, (list, tuple)) or not all(isinstance(c, str) and len(c) == 1 for c in chars):
        raise CheckpointError(f"{source}: not an hwocr checkpoint (no charset stored in it)")
    return list(chars), str(stored.get("name", "?"))


def class_index_map(source_chars: list[str], target: Charset, source: str) -> list[int]:
    """For each target class (blank first), its source class index, or -1 for a new character."""
    missing = [c for c in source_chars if c not in target]
    if missing:
        shown = "".join(missing[:40]) + ("..." if len(missing) > 40 else "")
        raise CheckpointError(
            f"{source}: the new charset {target.name!r} lacks {len(missing)} of the checkpoint's characters: "
            f"{shown!r}. Extend the charset (charset=file charset.path=...) to keep them; init_from never "
            "drops trained classes"
        )
    old = {c: i + 1 for i, c in enumerate(source_chars)}
    return [0, *(old.get(c, -1) for c in target.chars)]


def class_indexed_dims(smaller: nn.Module, larger: nn.Module, source: str) -> dict[str, int]:
    """Tensor name -> the dimension that grows by one with the class count (nets built one class apart)."""
    small, large = smaller.state_dict(), larger.state_dict()
    dims: dict[str, int] = {}
    for key, tensor in small.items():
        a, b = tuple(tensor.shape), tuple(large[key].shape)
        if a == b:
            continue
        grown = [d for d, (x, y) in enumerate(zip(a, b, strict=True)) if y == x + 1]
        if len(a) != len(b) or len(grown) != 1 or sum(x != y for x, y in zip(a, b, strict=True)) != 1:
            raise CheckpointError(f"{source}: cannot map {key} {a} -> {b} by class (not one class-indexed dimension)")
        dims[key] = grown[0]
    return dims


def _net_state(checkpoint: Mapping[str, Any], source: str) -> dict[str, torch.Tensor]:
    state = checkpoint.get("state_dict")
    if not isinstance(state, Mapping):
        raise CheckpointError(f"{source}: no state_dict in the checkpoint")
    net = {k[len(NET_PREFIX):]: v for k, v in state.items() if k.startswith(NET_PREFIX)}
    if not net:
        raise CheckpointError(f"{source}: the state_dict holds no '{NET_PREFIX}*' weights")
    return net


def init_from_checkpoint(
    system: RecognitionSystem, path: str | Path, net_factory: Callable[..., nn.Module]
) -> TransferReport:
    """Load the network weights of checkpoint ``path`` into ``system`` (whose charset may be larger).

    ``net_factory(num_classes=...)`` builds the system's network (the model config's ``net:``);
    it builds the source-sized copy that reads the checkpoint (today's layout, compat renames
    included) and a probe one class larger that tells which tensors are class-indexed.
    """
    return transfer_weights(system, load_checkpoint_file(path), str(path), net_factory)


def transfer_weights(
    system: RecognitionSystem, checkpoint: Mapping[str, Any], source: str, net_factory: Callable[..., nn.Module]
) -> TransferReport:
    """``init_from_checkpoint`` on a checkpoint already read; ``source`` names it in errors."""
    old_chars, old_name = source_charset_chars(checkpoint, source)
    rows = class_index_map(old_chars, system.charset, source)
    old_classes = len(old_chars) + 1
    # The helper nets draw from the RNG; fork it so a run with init_from is seeded like one without.
    with torch.random.fork_rng():
        shadow = net_factory(num_classes=old_classes)
        probe = net_factory(num_classes=old_classes + 1)
    try:
        shadow.load_state_dict(_net_state(checkpoint, source))
    except RuntimeError as exc:
        raise CheckpointError(f"{source}: its weights do not fit this run's model config ({exc})") from exc
    dims = class_indexed_dims(shadow, probe, source)
    loaded = shadow.state_dict()
    target = system.net.state_dict()
    new_classes = system.charset.num_classes
    state: dict[str, torch.Tensor] = {}
    for key, fresh in target.items():
        value = loaded[key]
        if key not in dims:
            if value.shape != fresh.shape:
                raise CheckpointError(f"{source}: {key} has shape {tuple(value.shape)}, this model {tuple(fresh.shape)}")
            state[key] = value
            continue
        dim = dims[key]
        # Ids past the classes (BOS, padding of an autoregressive decoder) keep their offset.
        extra = range(new_classes, fresh.shape[dim])
        mapping = rows + [old_classes + (i - new_classes) for i in extra]
        keep = torch.tensor([i for i, s in enumerate(mapping) if s >= 0])
        take = torch.tensor([s for s in mapping if s >= 0])
        merged = fresh.clone()
        merged.index_copy_(dim, keep, value.index_select(dim, take).to(merged.dtype))
        state[key] = merged
    system.net.load_state_dict(state)
    report = TransferReport(
        source=source, source_charset=old_name, carried_chars=len(old_chars),
        new_chars=[c for c, s in zip(system.charset.chars, rows[1:], strict=True) if s < 0],
        class_indexed=dims, copied=len(target) - len(dims),
    )
    log.info(report.summary())
    return report


def apply_init_from(cfg: DictConfig, system: RecognitionSystem) -> TransferReport | None:
    """The training pipeline's hook: ``init_from=PATH`` in the run config, or nothing."""
    path = cfg.get("init_from")
    if not path:
        return None
    path = Path(str(path)).expanduser()
    checkpoint = load_checkpoint_file(path)
    report = transfer_weights(system, checkpoint, str(path), hydra.utils.instantiate(cfg.model.net))
    _warn_on_input_mismatch(cfg, checkpoint, str(path))
    return report


def _warn_on_input_mismatch(cfg: DictConfig, checkpoint: Mapping[str, Any], source: str) -> None:
    """The weights fit, but were they trained on inputs prepared like this run's? Say so when not."""
    old = ((checkpoint.get("hwocr") or {}).get("config")) or {}
    new = OmegaConf.to_container(cfg, resolve=True)
    for name, before, now in (
        ("data.height", (old.get("data") or {}).get("height"), new["data"].get("height")),
        ("normalize", old.get("normalize"), new.get("normalize")),
    ):
        if old and before != now:
            log.warning("init_from %s was trained with %s=%s; this run uses %s", source, name, before, now)
