"""Render N lines into a ``ShardStore``: parallel, deterministic per seed, resumable.

Line ``i`` is always rendered from ``np.random.default_rng([seed, i])`` and always lands in shard
``i // shard_size``, so the store's content does not depend on the number of workers or on how
often the build was interrupted. Resuming skips shards whose index file exists; the settings of
the first run are saved in ``build.json`` and a resume with different settings is refused.
"""

from __future__ import annotations

import json
import multiprocessing as mp
from collections import Counter
from collections.abc import Mapping
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from tqdm import tqdm

from hwocr.synth.render.rendered_line import RenderedLine
from hwocr.synth.store.shards import MANIFEST, finished_shards, write_shard
from hwocr.synth.text.coverage_schedule import CoverageTextSource
from hwocr.synth.text.mixture import TextSource
from hwocr.utils.files import write_json, write_text_atomic

BUILD_SETTINGS = "build.json"


class LineRenderer(Protocol):
    def render(self, text: str, rng: np.random.Generator) -> np.ndarray: ...


@dataclass
class LineFactory:
    """Turns a line index into a rendered line. Shared with worker processes by fork."""

    renderer: LineRenderer
    text_source: TextSource | CoverageTextSource
    seed: int

    def line(self, index: int) -> RenderedLine:
        rng = np.random.default_rng([self.seed, index])
        if isinstance(self.text_source, CoverageTextSource):
            text = self.text_source.text(index, rng)
        else:
            text = self.text_source.sample(rng)
        render_line = getattr(self.renderer, "render_line", None)
        if render_line is not None:
            return render_line(text, rng)
        image = self.renderer.render(text, rng)
        return RenderedLine(image, text, bool(getattr(self.renderer, "last_vertical", False)))


_FACTORY: LineFactory | None = None  # set in the parent before forking workers


def _write_one(args: tuple[str, int, int, int]) -> tuple[int, int]:
    root, shard, start, stop = args
    assert _FACTORY is not None
    write_shard(Path(root), shard, (_FACTORY.line(i) for i in range(start, stop)), first_index=start)
    return shard, stop - start


def _run_pool(todo: list[tuple[str, int, int, int]], workers: int, bar: tqdm) -> None:
    """Write the shards in ``workers`` forked processes. A worker that dies (killed, out of memory)
    raises here instead of hanging: multiprocessing.Pool would wait for its result forever."""
    with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork")) as pool:
        pending = {pool.submit(_write_one, job) for job in todo}
        try:
            while pending:
                done, pending = wait(pending, return_when=FIRST_EXCEPTION)
                for future in done:
                    bar.update(future.result()[1])
        except BrokenProcessPool as exc:
            for future in pending:
                future.cancel()
            raise RuntimeError(
                "a store worker died (killed, or out of memory); the finished shards are kept, run the same "
                "build again to resume"
            ) from exc


def build_store(
    root: str | Path,
    factory: LineFactory,
    num_lines: int,
    shard_size: int = 2000,
    workers: int = 1,
    settings: Mapping[str, Any] | None = None,
    charset: list[str] | None = None,
    progress: bool = True,
    stop_after_shards: int | None = None,
) -> dict:
    """Build (or resume) the store; returns the manifest. ``settings`` describe the run for the record.

    ``charset`` adds coverage counts for every charset character (zeros included) to the manifest.
    ``stop_after_shards`` writes at most that many new shards and returns None (to test resuming).
    """
    global _FACTORY
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    run = {"num_lines": num_lines, "shard_size": shard_size, "seed": factory.seed, **dict(settings or {})}
    settings_path = root / BUILD_SETTINGS
    if settings_path.is_file():
        previous = json.loads(settings_path.read_text(encoding="utf-8"))
        if previous != json.loads(json.dumps(run, ensure_ascii=False, default=str)):
            raise ValueError(f"{root} holds a build with other settings ({previous}); use a new folder")
    else:
        write_text_atomic(settings_path, json.dumps(run, ensure_ascii=False, indent=1, default=str))
    for leftover in root.glob(".shard-*.tmp-*"):  # half-written files of an interrupted run
        leftover.unlink()
    n_shards = -(-num_lines // shard_size)
    done = finished_shards(root)
    todo = [
        (str(root), s, s * shard_size, min((s + 1) * shard_size, num_lines))
        for s in range(n_shards)
        if s not in done
    ]
    if stop_after_shards is not None:
        todo = todo[:stop_after_shards]
    _FACTORY = factory
    bar = tqdm(
        total=num_lines,
        initial=num_lines - sum(b - a for _, _, a, b in todo),
        disable=not progress,
        unit="line",
    )
    try:
        if workers <= 1 or len(todo) <= 1:
            for job in todo:
                bar.update(_write_one(job)[1])
        else:
            _run_pool(todo, workers, bar)
    finally:
        bar.close()
        _FACTORY = None
    if stop_after_shards is not None and len(finished_shards(root)) < n_shards:
        return None  # type: ignore[return-value]
    return write_manifest(root, n_shards, run, charset)


def write_manifest(root: Path, n_shards: int, run: Mapping[str, Any], charset: list[str] | None) -> dict:
    counts: Counter[str] = Counter()
    shards = []
    vertical = 0
    for shard in range(n_shards):
        record = json.loads((root / f"shard-{shard:05d}.json").read_text(encoding="utf-8"))
        counts.update(record["char_counts"])
        vertical += sum(entry[4] for entry in record["lines"])
        shards.append({"shard": shard, "first_index": record["first_index"], "lines": len(record["lines"])})
    manifest = {
        "format": "hwocr-synth-shards/1",
        "settings": dict(run),
        "num_lines": sum(s["lines"] for s in shards),
        "vertical_lines": vertical,
        "shards": shards,
        "char_counts": dict(counts.most_common()),
    }
    if charset is not None:
        manifest["charset_coverage"] = {
            "chars": len(charset),
            "min_count": min((counts[c] for c in charset if c.strip()), default=0),
            "missing": [c for c in charset if c.strip() and counts[c] == 0],
        }
    write_json(root / MANIFEST, manifest)  # atomic: the store is complete exactly when this file exists
    return manifest
