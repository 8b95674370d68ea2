import json

import numpy as np
import pytest

from hwocr.synth.render.kanjivg import KanjiVGRenderer
from hwocr.synth.store.build import LineFactory, build_store
from hwocr.synth.store.shards import ShardStore, finished_shards
from hwocr.synth.text.charset_sampler import CharsetTextSampler
from hwocr.synth.text.coverage_schedule import CoverageSchedule, CoverageTextSource

CHARS = list("山川田中木林森あいう")


def _factory(seed: int = 0, coverage: bool = False) -> LineFactory:
    text = CharsetTextSampler(CHARS, min_len=2, max_len=4)
    if coverage:
        text = CoverageTextSource(CoverageSchedule(CHARS, k=2, block_lines=10, seed=seed), text, max_len=6)
    return LineFactory(KanjiVGRenderer(height=24), text, seed)


def test_build_then_read_back(tmp_path) -> None:
    manifest = build_store(
        tmp_path, _factory(coverage=True), 25, shard_size=10, progress=False, charset=CHARS
    )
    assert manifest["num_lines"] == 25 and [s["lines"] for s in manifest["shards"]] == [10, 10, 5]
    assert manifest["charset_coverage"]["min_count"] >= 2 and manifest["charset_coverage"]["missing"] == []
    store = ShardStore(tmp_path)
    assert len(store) == 25
    expected = _factory(coverage=True).line(13)
    line = store[13]
    assert line.text == expected.text == store.text(13)
    np.testing.assert_array_equal(line.image, expected.image)
    assert store.size(13) == line.image.shape


def test_parallel_build_matches_serial(tmp_path) -> None:
    build_store(tmp_path / "serial", _factory(), 12, shard_size=4, progress=False)
    build_store(tmp_path / "parallel", _factory(), 12, shard_size=4, workers=2, progress=False)
    for name in ("shard-00000", "shard-00002"):
        assert (tmp_path / "serial" / f"{name}.bin").read_bytes() == (
            tmp_path / "parallel" / f"{name}.bin"
        ).read_bytes()


def test_interrupted_build_resumes_without_duplicates(tmp_path) -> None:
    assert build_store(tmp_path, _factory(), 30, shard_size=10, progress=False, stop_after_shards=1) is None
    assert finished_shards(tmp_path) == {0}
    (tmp_path / ".shard-00001.bin.tmp-123").write_bytes(b"half-written leftovers")
    first = (tmp_path / "shard-00000.json").stat().st_mtime_ns
    manifest = build_store(tmp_path, _factory(), 30, shard_size=10, progress=False)
    assert manifest["num_lines"] == 30 and finished_shards(tmp_path) == {0, 1, 2}
    assert (tmp_path / "shard-00000.json").stat().st_mtime_ns == first  # not rewritten
    assert not list(tmp_path.glob(".shard-*"))  # leftovers cleaned up
    reference = tmp_path / "ref"
    build_store(reference, _factory(), 30, shard_size=10, progress=False)
    assert [ShardStore(tmp_path).text(i) for i in range(30)] == [
        ShardStore(reference).text(i) for i in range(30)
    ]


def test_resume_with_other_settings_is_refused(tmp_path) -> None:
    build_store(tmp_path, _factory(seed=1), 5, shard_size=5, progress=False)
    with pytest.raises(ValueError, match="other settings"):
        build_store(tmp_path, _factory(seed=2), 5, shard_size=5, progress=False)


def test_manifest_is_json_with_counts(tmp_path) -> None:
    build_store(tmp_path, _factory(), 6, shard_size=3, progress=False)
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert sum(manifest["char_counts"].values()) == sum(len(ShardStore(tmp_path).text(i)) for i in range(6))


class _DyingRenderer:
    """Renders blank lines, but the worker process that draws line 5 is killed (as the OOM killer would)."""

    def __init__(self, parent: int) -> None:
        self.parent = parent

    def render(self, text: str, rng: np.random.Generator) -> np.ndarray:
        import os
        import signal

        if os.getpid() != self.parent and text == "dead":
            os.kill(os.getpid(), signal.SIGKILL)
        return np.full((16, 16 * max(1, len(text))), 255, np.uint8)


class _Texts:
    def sample(self, rng: np.random.Generator) -> str:
        return "dead" if rng.random() < 0.2 else "ok"


def test_a_killed_worker_raises_instead_of_hanging(tmp_path) -> None:
    import os
    import signal

    def hung(*_):
        raise TimeoutError("the build hung after its worker died")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    try:
        factory = LineFactory(_DyingRenderer(os.getpid()), _Texts(), seed=0)
        with pytest.raises(RuntimeError, match="worker died"):
            build_store(tmp_path, factory, 40, shard_size=5, workers=2, progress=False)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert not (tmp_path / "manifest.json").exists()
    assert json.loads((tmp_path / "build.json").read_text())["num_lines"] == 40
