"""``run_synth`` on the composed ``conf/synth.yaml``, in process and without the console script."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hydra import compose, initialize_config_dir
from hydra.utils import instantiate
from omegaconf import DictConfig
from PIL import Image

from hwocr.core.charset import Charset
from hwocr.core.manifest import read_manifest
from hwocr.synth.app import build_settings, run_synth
from hwocr.synth.store.shards import ShardStore, finished_shards
from hwocr.utils.files import CONFIG_DIR

TINY = ("height=32", "progress=false")


def synth_config(*overrides: str) -> DictConfig:
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        return compose("synth", overrides=[*TINY, *overrides])


def _store_args(out: Path, *extra: str) -> tuple[str, ...]:
    return ("command=build", f"out={out}", "lines=9", "shard_size=3", "renderer=strokes",
            "charset=quickstart", *extra)  # fmt: skip


def test_build_records_the_resolved_config(tmp_path: Path) -> None:
    out = tmp_path / "store"
    manifest = run_synth(synth_config(*_store_args(out, "text.form=0", "coverage.k=1", "coverage.block=100")))
    assert manifest["num_lines"] == 9 and [s["lines"] for s in manifest["shards"]] == [3, 3, 3]
    settings = manifest["settings"]
    assert settings["charset"] == "quickstart" and settings["text"]["form"] == 0 and settings["lines"] == 9
    assert settings["renderer"] == {"_target_": "hwocr.synth.render.kanjivg.KanjiVGRenderer", "height": 32}
    assert not {"command", "out", "workers", "progress"} & set(settings)
    assert json.loads((out / "build.json").read_text(encoding="utf-8")) == settings
    store = ShardStore(out)
    assert len(store) == 9
    # Coverage agrees with the stored texts: the whole charset counted, the unused characters missing.
    texts = "".join(store.text(i) for i in range(9))
    charset, used = Charset.from_file("quickstart"), set(texts)
    assert manifest["char_counts"] == dict(Counter(texts))
    coverage = manifest["charset_coverage"]
    assert coverage["chars"] == len(charset) == 275
    assert set(coverage["missing"]) == {c for c in charset.chars if c.strip() and c not in used}
    assert coverage["missing"] and coverage["min_count"] == 0  # 9 short lines cannot cover 275 characters


def test_the_same_config_resumes_and_other_settings_are_refused(tmp_path: Path) -> None:
    out = tmp_path / "store"
    run_synth(synth_config(*_store_args(out)))
    first = (out / "shard-00000.json").stat().st_mtime_ns
    for name in ("shard-00002.json", "shard-00002.bin", "manifest.json"):  # as if interrupted
        (out / name).unlink()
    # workers and progress do not change the store, so they may differ on resume.
    manifest = run_synth(synth_config(*_store_args(out, "workers=2", "progress=true")))
    assert manifest["num_lines"] == 9 and finished_shards(out) == {0, 1, 2}
    assert (out / "shard-00000.json").stat().st_mtime_ns == first  # not rewritten
    reference = tmp_path / "reference"
    run_synth(synth_config(*_store_args(reference)))
    assert [ShardStore(out).text(i) for i in range(9)] == [ShardStore(reference).text(i) for i in range(9)]
    with pytest.raises(ValueError, match="other settings"):
        run_synth(synth_config(*_store_args(out, "seed=1")))


def test_preview_writes_a_png(tmp_path: Path) -> None:
    out = run_synth(synth_config("command=preview", f"out={tmp_path / 'grid.png'}", "lines=4",
                                 "renderer.vertical_prob=0.5", "text={form:0,words:0,charset:1}"))  # fmt: skip
    with Image.open(out) as im:
        assert im.size[0] > 32 and im.size[1] > 4 * 32


def test_manifest_writes_a_test_set(tmp_path: Path) -> None:
    path = run_synth(synth_config("command=manifest", f"out={tmp_path / 'testset'}", "lines=3",
                                  "renderer=strokes", "charset=quickstart", "text={form:0,words:1,charset:0}"))  # fmt: skip
    entries = read_manifest(path)
    assert path.name == "manifest.tsv" and len(entries) == 3
    assert all(e.image.is_file() and e.text for e in entries)


def test_preview_lines_default_to_sixteen() -> None:
    assert build_settings(synth_config("command=preview", "out=x"))["lines"] == 16
    assert build_settings(synth_config("command=build", "out=x"))["lines"] == 1000


@pytest.mark.parametrize("renderer", ["strokes", "handwriting", "fonts", "mixed"])
def test_every_renderer_config_instantiates(renderer: str) -> None:
    # allow_empty: the fonts config must build on machines without Japanese fonts too.
    extra = ["+renderer.allow_empty=true", "renderer.fonts=[seto]"] if renderer == "fonts" else []
    cfg = synth_config(f"renderer={renderer}", *extra)
    drawer = instantiate(cfg.renderer)
    if renderer != "fonts":  # fonts may find none of its fonts here
        assert drawer.supports("山")
    if drawer.supports("山"):
        image = drawer.render("山", np.random.default_rng(0))
        # At the configured height, white paper with dark ink.
        assert image.dtype == np.uint8 and image.shape[0] == 32 and image.max() == 255 and image.min() < 128


def test_unknown_text_source_is_named(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="handwriting_poems"):
        run_synth(synth_config("command=preview", f"out={tmp_path / 'p.png'}", "+text.handwriting_poems=1"))


def test_unknown_command_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="render"):
        run_synth(synth_config("command=render", f"out={tmp_path}"))
