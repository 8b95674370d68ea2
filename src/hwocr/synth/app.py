"""What ``hwocr-synth`` does with its config: build a store, write a preview or a test set.

``run_synth`` takes the composed ``conf/synth.yaml`` (or any mapping of the same shape), so
tests and notebooks call it without Hydra. The renderer and the text sources are ``_target_``
nodes, the same vocabulary as the training data configs (``conf/data/synthetic*.yaml``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hydra.utils import instantiate
from omegaconf import DictConfig, OmegaConf

from hwocr.core.charset import read_charset_file, resolve_charset_path
from hwocr.synth.preview import write_preview
from hwocr.synth.store.build import LineFactory, build_store
from hwocr.synth.store.line_manifest import write_line_manifest
from hwocr.synth.strokes.kanjivg import available_chars
from hwocr.synth.text.coverage_schedule import CoverageSchedule, CoverageTextSource
from hwocr.synth.text.mixture import TextMixture
from hwocr.synth.text.vocabulary import WordTextSource

COMMANDS = ("build", "preview", "manifest")
# Keys that do not change what a build writes: a resume may change them.
RUN_ONLY_KEYS = ("command", "out", "workers", "progress")


def num_lines(cfg: DictConfig) -> int:
    """``lines``, or its default: 16 for a preview, 1000 otherwise."""
    if cfg.lines is not None:
        return int(cfg.lines)
    return 16 if cfg.command == "preview" else 1000


def charset_name(charset: Any) -> str | None:
    """A charset as the app records it: the built-in name or file path of a ``charset`` group node."""
    if charset is None or isinstance(charset, str):
        return charset
    return str(charset["path"])


def charset_chars(charset: Any, renderer: Any) -> list[str]:
    """The characters text may use: every stroke-drawable one, or a charset's that ``renderer`` draws.

    ``charset`` is None, a built-in name or file path, or a node of the ``charset`` config group.
    """
    charset = charset_name(charset)
    if charset is None:
        return sorted(available_chars())
    return [c for c in read_charset_file(resolve_charset_path(charset)) if renderer.supports(c)]


def line_factory(cfg: DictConfig) -> tuple[LineFactory, list[str]]:
    """The renderer, text mixture (and coverage schedule) of ``cfg``; also the charset's characters."""
    renderer = instantiate(cfg.renderer)
    chars = charset_chars(cfg.get("charset"), renderer)
    weights = {name: float(w) for name, w in cfg.text.items()}
    unknown = sorted(set(weights) - set(cfg.text_sources))
    if unknown:
        raise ValueError(f"text: no text_sources entry for {unknown}; known: {sorted(cfg.text_sources)}")
    sources = {name: instantiate(cfg.text_sources[name]) for name in weights}
    text = TextMixture(chars, sources, weights)
    if cfg.coverage.k > 0:
        schedule = CoverageSchedule(
            [c for c in chars if c.strip()], cfg.coverage.k, cfg.coverage.block, cfg.seed
        )
        text = CoverageTextSource(schedule, text, words=WordTextSource(chars=chars).words)
    return LineFactory(renderer, text, cfg.seed), chars


def build_settings(cfg: DictConfig) -> dict[str, Any]:
    """The resolved config minus the keys that do not change the store: what ``build.json`` records."""
    settings = OmegaConf.to_container(cfg, resolve=True)
    assert isinstance(settings, dict)
    settings["lines"] = num_lines(cfg)
    settings["charset"] = charset_name(settings.get("charset"))
    return {k: v for k, v in settings.items() if k not in RUN_ONLY_KEYS}


def run_synth(cfg: DictConfig | Mapping[str, Any]) -> Path | dict:
    """Run ``cfg.command``: the store's manifest (build), or the path written (preview, manifest)."""
    if not isinstance(cfg, DictConfig):
        cfg = OmegaConf.create(dict(cfg))
    if cfg.command not in COMMANDS:
        raise ValueError(f"command: {cfg.command!r} is not one of {COMMANDS}")
    out = cfg.out  # a missing `out` fails here, before any rendering
    factory, chars = line_factory(cfg)
    lines = num_lines(cfg)
    if cfg.command == "preview":
        return write_preview(out, [factory.line(i) for i in range(lines)])
    if cfg.command == "manifest":
        return write_line_manifest(out, factory.line, lines)
    return build_store(
        out,
        factory,
        lines,
        shard_size=cfg.shard_size,
        workers=cfg.workers,
        settings=build_settings(cfg),
        charset=chars,
        progress=cfg.progress,
    )
