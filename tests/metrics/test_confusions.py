"""Character alignment and confusion counting."""

from __future__ import annotations

from hwocr.metrics.alignment import EditCounts, align, edit_count, edit_counts
from hwocr.metrics.cer import edit_distance
from hwocr.metrics.confusions import ConfusionCounter


def test_align_marks_substitutions_deletions_and_insertions():
    assert align("あいう", "あえう") == [("あ", "あ"), ("い", "え"), ("う", "う")]
    assert align("あいう", "あう") == [("あ", "あ"), ("い", None), ("う", "う")]
    assert align("あう", "あいう") == [("あ", "あ"), (None, "い"), ("う", "う")]
    assert align("", "ab") == [(None, "a"), (None, "b")]


def test_alignment_cost_is_the_edit_distance():
    for ref, hyp in [("今日は晴れ", "今日わ晴れた"), ("ABC", "CBA"), ("ソフト", "ソフ卜"), ("", ""), ("x", "")]:
        assert edit_count(align(ref, hyp)) == edit_distance(ref, hyp)
        assert "".join(r for r, _ in align(ref, hyp) if r) == ref
        assert "".join(h for _, h in align(ref, hyp) if h) == hyp


def test_confusion_counter_ranks_pairs():
    counter = ConfusionCounter()
    counter.update(["ソフト", "トマト", "あい"], ["ソフ卜", "卜マ卜", "あい"])
    counter.update(["シ"], [""])
    assert counter.most_common(2) == [("ト", "卜", 3), ("シ", "", 1)]
    assert counter.total == 4


def test_edit_counts_by_kind():
    assert edit_counts("今日は晴れ", "今日わ晴れた") == EditCounts(substitutions=1, deletions=0, insertions=1)
    assert edit_counts("𠮷野家", "野家") == EditCounts(deletions=1)
    assert edit_counts("", "") == EditCounts() and edit_counts("が", "か\u3099").distance == 2
    assert align("𠮷野", "吉野") == [("𠮷", "吉"), ("野", "野")]
