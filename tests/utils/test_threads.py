import os

import pytest

from hwocr.utils.threads import available_cpus, resolve_threads


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="no CPU affinity on this OS")
def test_auto_follows_the_affinity_mask() -> None:
    before = os.sched_getaffinity(0)
    try:
        os.sched_setaffinity(0, {min(before)})  # as under `taskset -c 0`
        assert available_cpus() == 1 and resolve_threads("auto") == 1
    finally:
        os.sched_setaffinity(0, before)
    assert resolve_threads("auto") == len(before) == available_cpus()


def test_counts_and_null_pass_through() -> None:
    assert resolve_threads(None) is None
    assert resolve_threads(3) == 3 and resolve_threads("2") == 2 and resolve_threads(" AUTO ") == available_cpus()


@pytest.mark.parametrize("bad", [0, -1, "many", 1.5j])
def test_bad_values_name_the_key(bad) -> None:
    with pytest.raises(ValueError, match="threads must be a positive integer, 'auto' or null"):
        resolve_threads(bad)
