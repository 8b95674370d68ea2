"""Labelled line images for calibration, parity and precision reports, from wherever they live.

A source is a manifest path, a split name (``train``, ``val``, ``test``) of the data config stored
in a checkpoint (synthetic lines are rendered on the fly), or lines already in memory.

Both may come from elsewhere: a stored data config is instantiated only when every ``_target_``
in it passes ``hwocr.core.trust``, and a manifest's images must lie inside its ``root`` (by
default the manifest's own folder).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hwocr.core.charset import Charset
from hwocr.core.image import ImageInput
from hwocr.core.manifest import read_manifest
from hwocr.core.trust import check_config_trusted

SPLITS = ("train", "val", "test")


@dataclass(frozen=True)
class LineSet:
    """Images (paths or uint8 arrays) and their texts; texts may be empty strings when unknown."""

    images: list[ImageInput]
    texts: list[str]
    origin: str
    # The mix source of each line (``LineSample.source``) when a data config mixes sources.
    sources: list[str] | None = None

    def __len__(self) -> int:
        return len(self.images)

    def head(self, limit: int | None) -> LineSet:
        if limit is None or limit >= len(self):
            return self
        sources = None if self.sources is None else self.sources[:limit]
        return LineSet(self.images[:limit], self.texts[:limit], self.origin, sources)


def lines_from_manifest(path: str | Path, limit: int | None = None, root: str | Path | None = None) -> LineSet:
    """The manifest's lines; its images must lie inside ``root`` (None: the manifest's folder)."""
    root = Path(path).resolve().parent if root is None else root
    entries = read_manifest(path, require_text=False, root=root)
    return LineSet([e.image for e in entries], [e.text for e in entries], str(path)).head(limit)


def lines_from_data_config(
    config: Mapping[str, Any], charset: Charset, split: str, limit: int | None = None, source: str = "stored config"
) -> LineSet:
    """The first ``limit`` lines of ``split`` from a training config's ``data`` node (Hydra).

    ``source`` names the model file the config came from; its ``data`` node is checked by
    ``hwocr.core.trust`` before anything is instantiated.
    """
    import hydra
    from omegaconf import OmegaConf

    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, got {split!r}")
    cfg = OmegaConf.create(dict(config))
    if "data" not in cfg:
        raise ValueError(f"{source}: the stored config has no 'data' node to draw lines from")
    check_config_trusted(config["data"], source, node="data")
    datamodule = hydra.utils.instantiate(cfg.data, charset=charset)
    dataset = datamodule.dataset(split)
    count = len(dataset) if limit is None else min(limit, len(dataset))
    samples = [dataset[i] for i in range(count)]
    sources = [s.get("source", "") for s in samples]
    return LineSet([s["image"] for s in samples], [s["text"] for s in samples], f"data config '{split}' split",
                   sources if any(sources) else None)


def resolve_lines(
    source: str | Path | LineSet | None,
    default_split: str,
    config: Mapping[str, Any] | None,
    charset: Charset,
    limit: int | None,
    config_source: str = "stored config",
    root: str | Path | None = None,
) -> LineSet:
    """Lines from ``source``: a LineSet as is, a split name, a manifest path, or None for ``default_split``.

    ``config_source`` names the file ``config`` came from; ``root`` contains a manifest's images.
    """
    if isinstance(source, LineSet):
        return source.head(limit)
    name = default_split if source is None else str(source)
    if name in SPLITS:
        if config is None:
            raise ValueError(f"cannot draw '{name}' lines: no training config available (give a manifest path)")
        return lines_from_data_config(config, charset, name, limit, source=config_source)
    return lines_from_manifest(name, limit, root=root)
