from collections import Counter

import numpy as np

from hwocr.synth.text.charset_sampler import CharsetTextSampler
from hwocr.synth.text.coverage_schedule import CoverageSchedule, CoverageTextSource


def test_every_char_at_least_k_times_per_block() -> None:
    chars = [chr(0x4E00 + i) for i in range(300)]
    schedule = CoverageSchedule(chars, k=2, block_lines=100, seed=4)
    for block in range(2):
        counts = Counter("".join(schedule.required(i) for i in range(block * 100, (block + 1) * 100)))
        assert set(counts) == set(chars) and min(counts.values()) >= 2
    assert max(len(schedule.required(i)) for i in range(100)) <= schedule.per_line == 6


def test_schedule_depends_only_on_index_and_seed() -> None:
    a = CoverageSchedule("あいうえおかきくけこ", k=1, block_lines=4, seed=1)
    b = CoverageSchedule("あいうえおかきくけこ", k=1, block_lines=4, seed=1)
    assert [a.required(i) for i in (9, 2, 5)] == [b.required(i) for i in (9, 2, 5)]
    assert [a.required(i) for i in range(4)] != [
        CoverageSchedule("あいうえおかきくけこ", 1, 4, seed=2).required(i) for i in range(4)
    ]


def test_coverage_text_contains_required_chars_in_words() -> None:
    chars = list("山川田中木林森")
    schedule = CoverageSchedule(chars, k=3, block_lines=10)
    source = CoverageTextSource(
        schedule, CharsetTextSampler("あい"), words=["山田", "森林"], min_len=4, max_len=8
    )
    rng = np.random.default_rng(0)
    texts = [source.text(i, rng) for i in range(10)]
    counts = Counter("".join(texts))
    assert all(counts[c] >= 3 for c in chars)
    assert any("山田" in t or "森林" in t for t in texts)
    assert all(len(t) >= 4 for t in texts)
