import numpy as np
import pytest

from hwocr.synth.style.writer import WRITER_PRESETS, WriterRanges, writer_ranges


def test_sampled_values_fall_in_their_ranges() -> None:
    ranges = WriterRanges()
    rng = np.random.default_rng(0)
    for _ in range(50):
        style = ranges.sample(rng)
        assert ranges.slant[0] <= style.slant <= ranges.slant[1]
        assert min(ranges.jitter) <= style.jitter <= max(ranges.jitter)


def test_care_lowers_jitter() -> None:
    rng = np.random.default_rng(0)
    careful = WriterRanges(care=(1, 1)).sample(rng)
    careless = WriterRanges(care=(0, 0)).sample(rng)
    assert careful.jitter < careless.jitter


def test_presets_and_overrides() -> None:
    assert set(WRITER_PRESETS) >= {"default", "neat", "hurried"}
    assert writer_ranges("neat", slant=[0, 0.1]).slant == (0.0, 0.1)
    with pytest.raises(ValueError):
        writer_ranges("nope")
