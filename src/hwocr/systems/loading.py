"""Rebuild a trained system from its checkpoint file alone, treating the file as data.

Checkpoints are unpickled with ``torch.load(weights_only=True)``: tensors, containers and the few
OmegaConf / Lightning types a checkpoint holds (``SAFE_CHECKPOINT_GLOBALS``), never arbitrary
objects whose unpickling runs code. The stored config is checked by ``hwocr.core.trust`` before
anything in it is instantiated.
"""

from __future__ import annotations

import collections
import pathlib
import pickle
import re
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import hydra
import torch
from omegaconf import DictConfig, ListConfig, OmegaConf
from omegaconf.base import ContainerMetadata, Metadata
from omegaconf.nodes import AnyNode, BooleanNode, FloatNode, IntegerNode, StringNode

from hwocr.core.charset import Charset
from hwocr.core.trust import check_config_trusted, check_stored_charset
from hwocr.systems.base import RecognitionSystem

# What a checkpoint written by Lightning may hold besides tensors and plain containers: configs
# saved as OmegaConf objects (hyper-parameters), paths, and counters.
SAFE_CHECKPOINT_GLOBALS: list[Any] = [
    DictConfig, ListConfig, ContainerMetadata, Metadata, AnyNode, StringNode, IntegerNode, FloatNode,
    BooleanNode, typing.Any, collections.defaultdict, collections.OrderedDict, pathlib.PosixPath,
    pathlib.WindowsPath,
]


class CheckpointError(ValueError):
    """A checkpoint file that cannot be read, is not hwocr's, or does not fit the model."""


def _reason(exc: Exception) -> str:
    """The telling line of a torch.load error (its own messages run to a page)."""
    match = re.search(r"WeightsUnpickler error:\s*(.+)", str(exc))
    lines = [line for line in str(exc).splitlines() if line.strip()]
    return (match.group(1).strip() if match else lines[0] if lines else type(exc).__name__)[:200]


def load_checkpoint_file(path: str | Path, map_location: str = "cpu") -> dict:
    """The checkpoint dict, unpickled with ``weights_only=True``; errors name the file."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: checkpoint not found")
    try:
        with torch.serialization.safe_globals(SAFE_CHECKPOINT_GLOBALS):
            ckpt = torch.load(path, map_location=map_location, weights_only=True)
    except pickle.UnpicklingError as exc:
        found = re.search(r"Unsupported global: GLOBAL (\S+)", str(exc))
        if found is None:  # not a pickle stream of anything torch.save writes
            raise CheckpointError(f"{path}: not a readable PyTorch checkpoint ({_reason(exc)})") from exc
        raise CheckpointError(
            f"{path}: refused to load: it holds {found.group(1)}, which is not on hwocr's weights-only "
            "allow-list (unpickling it could run code; see 'Trust' in README.md)"
        ) from exc
    except (RuntimeError, EOFError, OSError, ValueError) as exc:
        raise CheckpointError(f"{path}: not a readable PyTorch checkpoint ({_reason(exc)})") from exc
    if not isinstance(ckpt, dict):
        raise CheckpointError(f"{path}: not a checkpoint (holds a {type(ckpt).__name__})")
    return ckpt


def charset_from_checkpoint(meta: dict) -> Charset:
    cs = meta["charset"]
    return Charset(
        cs["chars"], normalize=cs["normalize"], unknown_policy=cs["unknown_policy"],
        unknown_token=cs["unknown_token"], name=cs["name"],
    )


def check_charset_matches(checkpoint: Mapping[str, Any], charset: Charset, source: str) -> None:
    """CharsetMismatchError naming ``source`` when ``checkpoint`` was trained with other characters
    than ``charset`` (the same number in another order included)."""
    stored = ((checkpoint.get("hwocr") or {}).get("charset") or {}).get("chars")
    check_stored_charset(stored, charset, source)


def load_system(checkpoint: str | Path, map_location: str = "cpu") -> RecognitionSystem:
    """The Lightning system saved in ``checkpoint``, in eval mode, built from its stored config."""
    path = Path(checkpoint)
    ckpt = load_checkpoint_file(path, map_location)
    meta = ckpt.get("hwocr")
    if not meta or not meta.get("config"):
        raise CheckpointError(f"{path}: not an hwocr checkpoint (no 'hwocr' config stored in it)")
    config = meta["config"]
    if "model" not in config:
        raise CheckpointError(f"{path}: the stored config has no 'model' node")
    check_config_trusted(config["model"], str(path), node="model")
    cfg = OmegaConf.create(config)
    charset = charset_from_checkpoint(meta)
    system: RecognitionSystem = hydra.utils.instantiate(cfg.model, charset=charset)
    try:
        system.load_state_dict(ckpt["state_dict"])
    except (KeyError, RuntimeError) as exc:
        raise CheckpointError(f"{path}: weights do not fit the stored model config ({exc})") from exc
    system.hwocr_config = config
    system.checkpoint_metrics = {
        k: float(v) for k, v in ckpt.get("hwocr_metrics", {}).items()
    }
    return system.eval()
