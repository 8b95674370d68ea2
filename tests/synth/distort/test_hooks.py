import numpy as np

from hwocr.synth.distort.hooks import StrokeHooks


def _two_strokes():
    a = np.stack([np.zeros(5), np.linspace(0, 40, 5)], axis=1)
    b = np.stack([np.linspace(50, 90, 5), np.full(5, 20.0)], axis=1)
    return np.concatenate([a, b]).astype(np.float32), np.tile(np.linspace(0, 1, 5), 2), np.array([5, 5])


def test_hooks_and_ticks_add_points_at_the_stroke_ends() -> None:
    points, progress, lengths = _two_strokes()
    new, new_progress, new_lengths = StrokeHooks(hooks=1.0, entry_ticks=1.0).insert(
        points, progress, lengths, np.random.default_rng(0)
    )
    np.testing.assert_array_equal(new_lengths, [8, 8])  # a tick point before, two hook points after
    assert len(new) == len(new_progress) == 16
    np.testing.assert_array_equal(new[1:6], points[:5])  # the stroke itself is unchanged
    assert new_progress[0] == 0 and new_progress[6] == new_progress[7] == 1
    # The hook turns back: its tip lies above the stroke's end (the stroke runs down, +y).
    assert new[7, 1] < new[5, 1]


def test_off_changes_nothing_and_same_seed_same_hooks() -> None:
    points, progress, lengths = _two_strokes()
    assert StrokeHooks().insert(points, progress, lengths, np.random.default_rng(0))[0] is points
    hooks = StrokeHooks(hooks=0.5, entry_ticks=0.5)
    a = hooks.insert(points, progress, lengths, np.random.default_rng(4))[0]
    np.testing.assert_array_equal(a, hooks.insert(points, progress, lengths, np.random.default_rng(4))[0])
